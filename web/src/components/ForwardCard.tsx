import { Button, Card, Stack, Text, Textarea, TextInput, Title } from "@mantine/core";
import { useState } from "react";
import { api, errorMessage } from "../api.ts";
import { addressList } from "./DraftEditor.tsx";

/** Pass the customer's message on — to the warehouse, say — with a note; the item stays open. */
export function ForwardCard({ itemId, onDone }: { itemId: string; onDone: () => Promise<unknown> }) {
  const [open, setOpen] = useState(false);
  const [to, setTo] = useState("");
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; message: string } | null>(null);

  const forward = async () => {
    setBusy(true);
    setResult(null);
    try {
      await api.forwardReviewItem(itemId, { to: addressList(to), note: note.trim() });
      setResult({ ok: true, message: `Forwarded to ${addressList(to).join(", ")}.` });
      setNote("");
      setOpen(false);
      await onDone();
    } catch (failure) {
      setResult({ ok: false, message: errorMessage(failure) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card withBorder>
      <Stack gap="sm">
        <Title order={4}>Forward</Title>
        {result && (
          <Text size="sm" c={result.ok ? "teal.9" : "red.8"} role={result.ok ? "status" : "alert"}>
            {result.message}
          </Text>
        )}
        {open ? (
          <>
            <TextInput
              data-testid="forward-to"
              label="To"
              placeholder="warehouse@yourshop.example"
              value={to}
              onChange={(event) => setTo(event.currentTarget.value)}
            />
            <Textarea
              data-testid="forward-note"
              label="Note"
              placeholder="What should they do? The customer's message follows it."
              value={note}
              onChange={(event) => setNote(event.currentTarget.value)}
              autosize
              minRows={2}
            />
            <Button
              data-testid="forward-send"
              size="xs"
              loading={busy}
              disabled={busy || addressList(to).length === 0 || note.trim() === ""}
              onClick={() => void forward()}
            >
              Forward the message
            </Button>
          </>
        ) : (
          <Button data-testid="forward" size="xs" variant="default" onClick={() => setOpen(true)}>
            Forward with a note…
          </Button>
        )}
      </Stack>
    </Card>
  );
}
