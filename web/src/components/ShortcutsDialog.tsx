import { Kbd, Modal, Table } from "@mantine/core";

const shortcuts: [string, string][] = [
  ["j / k", "Next / previous item"],
  ["Enter / o", "Open the selected item"],
  ["a", "Approve and send the draft"],
  ["e", "Edit the draft"],
  ["r", "Reject the draft (asks why)"],
  ["/", "Search"],
  ["u", "Back to the queue (item page)"],
  ["?", "Show these shortcuts"],
];

/** The keyboard shortcuts of the queue and item pages. */
export function ShortcutsDialog({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title="Keyboard shortcuts" data-testid="shortcuts-dialog">
      <Table>
        <Table.Tbody>
          {shortcuts.map(([keys, what]) => (
            <Table.Tr key={keys}>
              <Table.Td>
                <Kbd>{keys}</Kbd>
              </Table.Td>
              <Table.Td>{what}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Modal>
  );
}
