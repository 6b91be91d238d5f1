import { Button, Card, Group, Stack, Text, Textarea, Title } from "@mantine/core";
import { useState } from "react";
import type { MailboxView } from "../../../server/api/types.ts";
import { api, errorMessage } from "../api.ts";

/** The signature replies from one mailbox end with, as plain text and as HTML. */
export function SignatureEditor({ mailbox }: { mailbox: MailboxView }) {
  const [text, setText] = useState(mailbox.signature.text ?? "");
  const [html, setHtml] = useState(mailbox.signature.html ?? "");
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; message: string } | null>(null);

  const save = async () => {
    setBusy(true);
    setResult(null);
    try {
      const { signature } = await api.updateMailboxSignature(mailbox.id, { text, html });
      // The server keeps only safe HTML: show what it kept.
      setHtml(signature.html ?? "");
      setResult({ ok: true, message: "Saved. Replies from now on end with it." });
    } catch (failure) {
      setResult({ ok: false, message: errorMessage(failure) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card withBorder data-testid="signature-editor" data-mailbox={mailbox.address}>
      <Stack gap="sm">
        <Title order={5} style={{ overflowWrap: "anywhere" }}>
          Signature for {mailbox.address}
        </Title>
        <Textarea
          data-testid="signature-text"
          label="Plain text"
          placeholder={"The Lumen & Loom team\nlumenandloom.example"}
          value={text}
          onChange={(event) => setText(event.currentTarget.value)}
          autosize
          minRows={2}
        />
        <Textarea
          data-testid="signature-html"
          label="HTML (optional; links and https images are kept, scripts and styles are removed)"
          placeholder="<p><b>The Lumen &amp; Loom team</b></p>"
          value={html}
          onChange={(event) => setHtml(event.currentTarget.value)}
          autosize
          minRows={2}
          styles={{ input: { fontFamily: "monospace" } }}
        />
        <Group gap="sm">
          <Button data-testid="signature-save" size="xs" loading={busy} onClick={() => void save()}>
            Save signature
          </Button>
          {result && (
            <Text size="sm" c={result.ok ? "teal.9" : "red.8"} role={result.ok ? "status" : "alert"}>
              {result.message}
            </Text>
          )}
        </Group>
      </Stack>
    </Card>
  );
}
