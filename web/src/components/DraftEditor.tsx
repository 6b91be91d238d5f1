import { Badge, Button, Card, Group, List, Stack, Text, Textarea, TextInput, Title } from "@mantine/core";
import { useState } from "react";
import type { CheckView, DraftView, RedraftRequest } from "../../../server/api/types.ts";
import { RedraftPanel } from "./RedraftPanel.tsx";

function Checks({ checks }: { checks: CheckView[] }) {
  if (checks.length === 0) return null;
  return (
    <Stack gap={4}>
      <Text size="sm" fw={500}>
        Checks
      </Text>
      <List spacing={4} size="sm" listStyleType="none">
        {checks.map((check) => (
          <List.Item key={check.check} data-passed={check.passed}>
            <Group gap="xs" wrap="nowrap" align="flex-start">
              <Badge color={check.passed ? "green" : "red"} variant="light" style={{ flexShrink: 0 }}>
                {check.passed ? "pass" : "fail"}
              </Badge>
              <Text size="sm">
                {check.check}
                {check.detail && (
                  <Text component="span" size="xs" c="dimmed">
                    {" "}
                    — {check.detail}
                  </Text>
                )}
              </Text>
            </Group>
          </List.Item>
        ))}
      </List>
    </Stack>
  );
}

export interface Copies {
  cc: string[];
  bcc: string[];
}

/** "a@x.example, b@y.example" → the addresses, without blanks. */
export function addressList(value: string): string[] {
  return value
    .split(/[,;\s]+/)
    .map((address) => address.trim())
    .filter(Boolean);
}

interface DraftEditorProps {
  draft: DraftView | null;
  /** Only open items can be approved or rejected; otherwise the draft is shown read-only. */
  editable: boolean;
  busy: boolean;
  /** Receives the edited body (undefined when the reviewer left the draft unchanged) and any copies. */
  onApprove: (body: string | undefined, copies: Copies) => void;
  onReject: (reason: string) => void;
  /** Ask the model for another version of the draft. */
  onRedraft: (request: RedraftRequest) => void;
  /** Cc and Bcc as typed; kept by the page, so a regenerated draft (a remount) does not drop them. */
  copiesText: { cc: string; bcc: string };
  onCopiesText: (copies: { cc: string; bcc: string }) => void;
}

/**
 * The reply Mailroom drafted. The parent remounts it (key) when a different draft arrives, so a background
 * reload never throws away the reviewer's edits.
 */
export function DraftEditor({
  draft,
  editable,
  busy,
  onApprove,
  onReject,
  onRedraft,
  copiesText,
  onCopiesText,
}: DraftEditorProps) {
  const original = draft?.body ?? "";
  const [body, setBody] = useState(original);
  const [rejecting, setRejecting] = useState(false);
  const [redrafting, setRedrafting] = useState(false);
  const { cc, bcc } = copiesText;
  const [copying, setCopying] = useState(Boolean(cc || bcc));
  const setCc = (value: string) => onCopiesText({ cc: value, bcc });
  const setBcc = (value: string) => onCopiesText({ cc, bcc: value });
  const [reason, setReason] = useState("");
  const edited = body !== original;

  return (
    <Card withBorder>
      <Group justify="space-between" mb="xs">
        <Title order={4}>Reply</Title>
        {draft && <Badge variant="outline">{draft.language}</Badge>}
      </Group>
      <Stack gap="sm">
        {draft ? (
          <Text size="sm" c="dimmed">
            Subject: {draft.subject}
          </Text>
        ) : (
          <Text size="sm" c="dimmed">
            Mailroom didn't draft a reply for this one. Write it below.
          </Text>
        )}
        {editable && copying && (
          <Group gap="sm" grow wrap="wrap">
            <TextInput
              data-testid="reply-cc"
              label="Cc"
              placeholder="name@example.com, …"
              value={cc}
              onChange={(event) => setCc(event.currentTarget.value)}
              style={{ minWidth: 180 }}
            />
            <TextInput
              data-testid="reply-bcc"
              label="Bcc"
              placeholder="name@example.com, …"
              value={bcc}
              onChange={(event) => setBcc(event.currentTarget.value)}
              style={{ minWidth: 180 }}
            />
          </Group>
        )}
        <Textarea
          data-testid="draft-editor"
          aria-label="Reply body"
          value={body}
          onChange={(event) => setBody(event.currentTarget.value)}
          readOnly={!editable}
          autosize
          minRows={8}
          maxRows={24}
        />
        {draft && <Checks checks={draft.checks} />}
        {editable && (
          <Group gap="sm">
            <Button
              data-testid="approve"
              color="teal.9"
              loading={busy && !rejecting}
              disabled={busy || body.trim() === ""}
              onClick={() =>
                onApprove(edited ? body : undefined, { cc: addressList(cc), bcc: addressList(bcc) })
              }
            >
              {edited ? "Approve edited reply & send" : "Approve & send"}
            </Button>
            <Button
              data-testid="reject"
              color="red"
              variant="light"
              disabled={busy}
              onClick={() => setRejecting((open) => !open)}
            >
              Reject
            </Button>
            {!copying && (
              <Button
                data-testid="show-copies"
                variant="subtle"
                disabled={busy}
                onClick={() => setCopying(true)}
              >
                Cc/Bcc
              </Button>
            )}
            {draft && (
              <Button
                data-testid="redraft"
                variant="default"
                disabled={busy}
                onClick={() => setRedrafting((open) => !open)}
              >
                Regenerate…
              </Button>
            )}
          </Group>
        )}
        {editable && draft && redrafting && <RedraftPanel busy={busy} onRedraft={onRedraft} />}
        {editable && rejecting && (
          <Group gap="sm" align="flex-end">
            <TextInput
              data-testid="reject-reason"
              label="Why reject it?"
              placeholder="e.g. the customer needs a call, not an email"
              value={reason}
              onChange={(event) => setReason(event.currentTarget.value)}
              style={{ flex: 1, minWidth: 200 }}
            />
            <Button
              data-testid="reject-confirm"
              color="red"
              loading={busy}
              disabled={reason.trim() === ""}
              onClick={() => onReject(reason.trim())}
            >
              Reject item
            </Button>
          </Group>
        )}
      </Stack>
    </Card>
  );
}
