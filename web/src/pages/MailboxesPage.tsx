import { Alert, Badge, Button, Card, Group, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useCallback, useState } from "react";
import { useSearchParams } from "react-router-dom";
import type { MailboxView } from "../../../server/api/types.ts";
import { api, errorMessage } from "../api.ts";
import { ErrorAlert, PageLoader } from "../components/Feedback.tsx";
import { SignatureEditor } from "../components/SignatureEditor.tsx";
import { usePolling } from "../hooks/usePolling.ts";
import { can, useSession } from "../session.tsx";
import { formatAgo, formatDateTime } from "../time.ts";

const refreshMs = 5_000;

const providerNames: Record<MailboxView["provider"], string> = {
  sandbox: "Sandbox",
  gmail: "Gmail",
  outlook: "Outlook",
};

const statusColors: Record<MailboxView["status"], string> = {
  active: "green",
  paused: "gray",
  needs_reconnect: "red",
  disconnected: "gray",
};

const statusLabels: Record<MailboxView["status"], string> = {
  active: "Active",
  paused: "Paused",
  needs_reconnect: "Needs reconnect",
  disconnected: "Disconnected",
};

function PushCell({ mailbox, now }: { mailbox: MailboxView; now: number }) {
  if (mailbox.provider === "sandbox") return <Text size="sm">Instant</Text>;
  if (!mailbox.push)
    return (
      <Text size="sm" c="dimmed">
        Polled every minute
      </Text>
    );
  const { expiresAt, lastNotificationAt, lastError } = mailbox.push;
  if (lastError)
    return (
      <Text size="sm" c="red" title={lastError}>
        Push failed — polled meanwhile
      </Text>
    );
  return (
    <Stack gap={0}>
      <Text size="sm" title={formatDateTime(expiresAt)}>
        Renews before {formatDateTime(expiresAt)}
      </Text>
      <Text size="xs" c="dimmed">
        {lastNotificationAt ? `Last push ${formatAgo(lastNotificationAt, now)}` : "No push yet"}
      </Text>
    </Stack>
  );
}

function MailboxRow({
  mailbox,
  now,
  manage,
  onChanged,
}: {
  mailbox: MailboxView;
  now: number;
  /** Admins pause, resume, reconnect and disconnect; managers only read. */
  manage: boolean;
  onChanged: (error?: string) => void;
}) {
  const [busy, setBusy] = useState(false);
  const act = async (action: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await action();
      onChanged();
    } catch (error) {
      onChanged(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };
  const reconnectHref =
    mailbox.provider === "gmail"
      ? `/api/mailboxes/gmail/authorize?address=${encodeURIComponent(mailbox.address)}`
      : mailbox.provider === "outlook"
        ? `/api/mailboxes/outlook/authorize?address=${encodeURIComponent(mailbox.address)}`
        : null;
  return (
    <Table.Tr data-testid="mailbox-row" data-status={mailbox.status}>
      <Table.Td>
        <Text fw={500} size="sm">
          {mailbox.displayName}
        </Text>
        <Text size="xs" c="dimmed" style={{ overflowWrap: "anywhere" }}>
          {providerNames[mailbox.provider]} · {mailbox.address}
        </Text>
      </Table.Td>
      <Table.Td>
        <Badge color={statusColors[mailbox.status]} variant="light">
          {statusLabels[mailbox.status]}
        </Badge>
        {mailbox.throttledUntil && (
          <Text size="xs" c="orange">
            Rate limited until {formatDateTime(mailbox.throttledUntil)}
          </Text>
        )}
        {mailbox.lastError && (
          <Text size="xs" c="red" title={mailbox.lastError} lineClamp={2}>
            {mailbox.lastError}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Text size="sm">{mailbox.lastSyncAt ? formatAgo(mailbox.lastSyncAt, now) : "Never"}</Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">
          {mailbox.backlog.untriaged} to triage · {mailbox.backlog.unsent} to send
        </Text>
      </Table.Td>
      <Table.Td>
        <PushCell mailbox={mailbox} now={now} />
      </Table.Td>
      <Table.Td>
        {manage && (
          <Group gap="xs" wrap="nowrap">
            {mailbox.status === "active" && (
              <Button
                size="xs"
                variant="default"
                loading={busy}
                onClick={() => act(() => api.pauseMailbox(mailbox.id))}
              >
                Pause
              </Button>
            )}
            {mailbox.status === "paused" && (
              <Button size="xs" loading={busy} onClick={() => act(() => api.resumeMailbox(mailbox.id))}>
                Resume
              </Button>
            )}
            {mailbox.status === "needs_reconnect" && reconnectHref && (
              <Button size="xs" color="red" component="a" href={reconnectHref}>
                Reconnect
              </Button>
            )}
            {mailbox.provider !== "sandbox" && (
              <Button
                size="xs"
                variant="subtle"
                color="red"
                loading={busy}
                onClick={() => {
                  if (
                    window.confirm(`Disconnect ${mailbox.address}? Mailroom stops reading and answering it.`)
                  )
                    void act(() => api.disconnectMailbox(mailbox.id));
                }}
              >
                Disconnect
              </Button>
            )}
          </Group>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

function ConnectCard({ connectable }: { connectable: { gmail: boolean; outlook: boolean } }) {
  const [address, setAddress] = useState("");
  const hint = address.trim() ? `?address=${encodeURIComponent(address.trim())}` : "";
  return (
    <Card withBorder>
      <Stack gap="sm">
        <Title order={4}>Connect a mailbox</Title>
        <Text size="sm" c="dimmed">
          You'll sign in with the provider and allow Mailroom to read, label and answer the support inbox.
        </Text>
        <TextInput
          label="Support address (optional)"
          placeholder="support@yourstore.com"
          value={address}
          onChange={(event) => setAddress(event.currentTarget.value)}
          maw={360}
        />
        <Group>
          <Button component="a" href={`/api/mailboxes/gmail/authorize${hint}`} disabled={!connectable.gmail}>
            Connect Gmail
          </Button>
          <Button
            component="a"
            href={`/api/mailboxes/outlook/authorize${hint}`}
            disabled={!connectable.outlook}
          >
            Connect Outlook
          </Button>
        </Group>
        {(!connectable.gmail || !connectable.outlook) && (
          <Text size="xs" c="dimmed">
            {!connectable.gmail && "Gmail needs GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET. "}
            {!connectable.outlook && "Outlook needs MICROSOFT_CLIENT_ID and MICROSOFT_CLIENT_SECRET. "}
            The README's “Connect a mailbox” section shows how to set them up.
          </Text>
        )}
      </Stack>
    </Card>
  );
}

/** Admins connect, watch and pause the support inboxes here; managers and admins set their signatures. */
export function MailboxesPage() {
  const { session } = useSession();
  const manage = can(session, "manageMailboxes");
  const load = useCallback(() => api.listMailboxes(), []);
  const { data, error, reload } = usePolling(load, refreshMs);
  const [params, setParams] = useSearchParams();
  const [actionError, setActionError] = useState<string | null>(null);
  const connected = params.get("connected");
  const connectError = params.get("error");
  const now = Date.now();

  return (
    <Stack>
      <Title order={2}>Mailboxes</Title>
      {connected && (
        <Alert color="green" withCloseButton onClose={() => setParams({})} title="Mailbox connected">
          Mailroom is reading the inbox now; the first messages appear within a minute.
        </Alert>
      )}
      {connectError && (
        <Alert color="red" withCloseButton onClose={() => setParams({})} title="Couldn't connect the mailbox">
          {connectError}
        </Alert>
      )}
      {actionError && <ErrorAlert message={actionError} />}
      {error && <ErrorAlert message={error} title="Couldn't load mailboxes" />}
      {data === null && error === null && <PageLoader />}
      {data && (
        <>
          <Table.ScrollContainer minWidth={800} type="native">
            <Table verticalSpacing="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Mailbox</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Last sync</Table.Th>
                  <Table.Th>Backlog</Table.Th>
                  <Table.Th>Push</Table.Th>
                  <Table.Th>Actions</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.mailboxes.map((mailbox) => (
                  <MailboxRow
                    key={mailbox.id}
                    mailbox={mailbox}
                    now={now}
                    manage={manage}
                    onChanged={(message) => {
                      setActionError(message ?? null);
                      void reload();
                    }}
                  />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {manage && <ConnectCard connectable={data.connectable} />}
          <Title order={3}>Signatures</Title>
          {data.mailboxes.map((mailbox) => (
            <SignatureEditor key={mailbox.id} mailbox={mailbox} />
          ))}
        </>
      )}
    </Stack>
  );
}
