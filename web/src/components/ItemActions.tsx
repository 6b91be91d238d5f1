import { Button, Card, Group, Menu, Stack, Text, Textarea, Title } from "@mantine/core";
import { useState } from "react";
import type { ReviewItemDetail, ReviewViewer } from "../../../server/api/types.ts";
import { api, errorMessage } from "../api.ts";
import { formatDateTime } from "../time.ts";

const hour = 3600_000;

function tomorrowMorning(): Date {
  const d = new Date();
  d.setDate(d.getDate() + 1);
  d.setHours(9, 0, 0, 0);
  return d;
}

/** Who else has this item open right now (from the live events). */
export function Presence({ viewers, me }: { viewers: ReviewViewer[]; me: string | undefined }) {
  const others = viewers.filter((v) => v.userId !== me);
  if (others.length === 0) return null;
  return (
    <Text size="sm" c="orange.9" data-testid="presence" role="status">
      Also viewing: {others.map((v) => v.name).join(", ")}
    </Text>
  );
}

/** Assign, snooze, escalate, close without reply, and internal notes for one open item. */
export function ItemActions({
  detail,
  me,
  onDone,
}: {
  detail: ReviewItemDetail;
  me: string | undefined;
  onDone: () => Promise<unknown>;
}) {
  const { item } = detail;
  const [note, setNote] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (action: Parameters<typeof api.reviewAction>[1], body: Record<string, unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await api.reviewAction(item.id, action, body);
      await onDone();
      return true;
    } catch (failure) {
      setError(errorMessage(failure));
      return false;
    } finally {
      setBusy(false);
    }
  };
  const open = item.status === "open";
  return (
    <Card withBorder>
      <Stack gap="sm">
        <Title order={4}>Team</Title>
        {open && (
          <Group gap="xs">
            {item.assigneeId === me ? (
              <Button
                size="xs"
                variant="default"
                disabled={busy}
                onClick={() => void run("assign", { assigneeId: null })}
              >
                Unassign me
              </Button>
            ) : (
              <Button
                size="xs"
                variant="default"
                disabled={busy}
                onClick={() => void run("assign", { assigneeId: me })}
              >
                Assign to me
              </Button>
            )}
            <Menu>
              <Menu.Target>
                <Button size="xs" variant="default" disabled={busy}>
                  Snooze
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item
                  onClick={() => void run("snooze", { until: new Date(Date.now() + hour).toISOString() })}
                >
                  1 hour
                </Menu.Item>
                <Menu.Item
                  onClick={() => void run("snooze", { until: new Date(Date.now() + 4 * hour).toISOString() })}
                >
                  4 hours
                </Menu.Item>
                <Menu.Item onClick={() => void run("snooze", { until: tomorrowMorning().toISOString() })}>
                  Tomorrow 9:00
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
            <Button
              size="xs"
              variant="light"
              color="red.9"
              disabled={busy || item.kind === "escalate"}
              onClick={() => {
                const reason = window.prompt("Why does this need escalating?");
                if (reason?.trim()) void run("escalate", { reason });
              }}
            >
              Escalate
            </Button>
            <Button
              size="xs"
              variant="light"
              color="gray"
              disabled={busy}
              onClick={() => {
                if (window.confirm("Close without sending a reply?")) void run("close", {});
              }}
            >
              Close without reply
            </Button>
          </Group>
        )}
        {item.assigneeName && <Text size="sm">Assigned to {item.assigneeName}</Text>}
        {item.snoozedUntil && new Date(item.snoozedUntil) > new Date() && (
          <Text size="sm">Snoozed until {formatDateTime(item.snoozedUntil)}</Text>
        )}
        {error && (
          <Text size="sm" c="red.8" role="alert">
            {error}
          </Text>
        )}
        {detail.notes.map((n) => (
          <Text key={n.id} size="sm" data-testid="note">
            <b>{n.authorName ?? "someone"}</b> ({formatDateTime(n.at)}): {n.body}
          </Text>
        ))}
        <Textarea
          aria-label="Internal note"
          placeholder="Internal note — the customer never sees it"
          value={note}
          onChange={(event) => setNote(event.currentTarget.value)}
          autosize
          minRows={2}
        />
        <Button
          size="xs"
          variant="default"
          disabled={busy || note.trim() === ""}
          onClick={async () => {
            if (await run("notes", { body: note })) setNote("");
          }}
        >
          Add note
        </Button>
      </Stack>
    </Card>
  );
}
