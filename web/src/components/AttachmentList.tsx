import { Anchor, Group, List, Text } from "@mantine/core";
import type { AttachmentView } from "../../../server/api/types.ts";

export function formatBytes(size: number): string {
  if (size < 1024) return `${size} B`;
  if (size < 1024 * 1024) return `${(size / 1024).toFixed(1)} KB`;
  return `${(size / (1024 * 1024)).toFixed(1)} MB`;
}

/** A message's files: name, size and a download link (the server always sends them as downloads). */
export function AttachmentList({
  messageId,
  attachments,
}: {
  messageId: string;
  attachments: AttachmentView[];
}) {
  if (attachments.length === 0) return null;
  return (
    <List size="sm" mt="sm" spacing={2} listStyleType="none" data-testid="attachments">
      {attachments.map((attachment) => {
        const name = attachment.filename ?? "(unnamed attachment)";
        return (
          <List.Item key={attachment.id} data-testid="attachment">
            <Group gap="xs" wrap="nowrap">
              {attachment.omitted ? (
                <Text size="sm" style={{ overflowWrap: "anywhere" }}>
                  {name}
                </Text>
              ) : (
                <Anchor
                  size="sm"
                  href={`/api/messages/${messageId}/attachments/${attachment.id}`}
                  download={attachment.filename ?? true}
                  style={{ overflowWrap: "anywhere" }}
                >
                  {name}
                </Anchor>
              )}
              <Text size="xs" c="dimmed">
                {formatBytes(attachment.size)}
                {attachment.omitted === "too_large" && " · too large to keep; see the original mail"}
              </Text>
            </Group>
          </List.Item>
        );
      })}
    </List>
  );
}
