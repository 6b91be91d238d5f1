import {
  Alert,
  Badge,
  Button,
  Card,
  Code,
  CopyButton,
  Group,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { type FormEvent, useCallback, useState } from "react";
import type { InvitationIssued, UserListItem, UserRole } from "../../../server/api/types.ts";
import { api, errorMessage } from "../api.ts";
import { ErrorAlert, PageLoader } from "../components/Feedback.tsx";
import { usePolling } from "../hooks/usePolling.ts";
import { useSession } from "../session.tsx";
import { formatDateTime } from "../time.ts";

const roleOptions: { value: UserRole; label: string }[] = [
  { value: "agent", label: "agent — works the review queue" },
  { value: "manager", label: "manager — rules, tone, audit" },
  { value: "logistics", label: "logistics — feeds and flows" },
  { value: "admin", label: "admin — mailboxes, users, keys" },
];

function UserRow({
  user,
  self,
  onChange,
}: {
  user: UserListItem;
  self: boolean;
  onChange: (error: string | null) => void;
}) {
  const [busy, setBusy] = useState(false);
  const update = async (body: { role?: UserRole; active?: boolean }) => {
    setBusy(true);
    try {
      await api.updateUser(user.id, body);
      onChange(null);
    } catch (failure) {
      onChange(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Table.Tr data-testid="user-row" data-email={user.email} data-active={user.active}>
      <Table.Td>
        <Text size="sm" fw={500}>
          {user.name} {self && <Badge variant="light">you</Badge>}
        </Text>
        <Text size="xs" c="dimmed">
          {user.email}
        </Text>
      </Table.Td>
      <Table.Td>
        <Select
          data-testid="user-role"
          aria-label={`Role of ${user.email}`}
          data={roleOptions.map((o) => ({ value: o.value, label: o.value }))}
          value={user.role}
          allowDeselect={false}
          disabled={busy}
          onChange={(role) => role && role !== user.role && void update({ role: role as UserRole })}
        />
      </Table.Td>
      <Table.Td>
        {user.active ? <Badge color="green">active</Badge> : <Badge color="gray">deactivated</Badge>}
      </Table.Td>
      <Table.Td>
        <Text size="xs">{user.lastSeenAt ? formatDateTime(user.lastSeenAt) : "never"}</Text>
      </Table.Td>
      <Table.Td>
        <Button
          size="xs"
          variant="light"
          color={user.active ? "red" : "green"}
          loading={busy}
          data-testid="user-toggle-active"
          onClick={() => void update({ active: !user.active })}
        >
          {user.active ? "Deactivate" : "Reactivate"}
        </Button>
      </Table.Td>
    </Table.Tr>
  );
}

function InviteForm({ onInvited }: { onInvited: () => void }) {
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<UserRole>("agent");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [issued, setIssued] = useState<InvitationIssued | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setIssued(await api.inviteUser({ email, role }));
      setEmail("");
      onInvited();
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };
  const link = issued ? `${window.location.origin}${issued.path}` : "";
  return (
    <Card withBorder component="form" onSubmit={submit}>
      <Stack>
        <Title order={4}>Invite someone</Title>
        <Group align="end">
          <TextInput
            data-testid="invite-email"
            label="Email"
            type="email"
            required
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
          />
          <Select
            data-testid="invite-role-select"
            label="Role"
            data={roleOptions}
            value={role}
            allowDeselect={false}
            onChange={(value) => value && setRole(value as UserRole)}
            w={300}
          />
          <Button data-testid="invite-send" type="submit" loading={busy}>
            Create invitation link
          </Button>
        </Group>
        {error && <ErrorAlert message={error} />}
        {issued && (
          <Alert color="blue" variant="light" title={`Link for ${issued.email} (${issued.role})`}>
            <Stack gap="xs">
              <Text size="sm">
                Send this link to them yourself; it works once, until {formatDateTime(issued.expiresAt)}. It
                is shown only now.
              </Text>
              <Group gap="xs">
                <Code data-testid="invite-link">{link}</Code>
                <CopyButton value={link}>
                  {({ copied, copy }) => (
                    <Button size="xs" variant="light" onClick={copy}>
                      {copied ? "Copied" : "Copy"}
                    </Button>
                  )}
                </CopyButton>
              </Group>
            </Stack>
          </Alert>
        )}
      </Stack>
    </Card>
  );
}

/** Admins: who can sign in, with which role; invitations by link. */
export function UsersPage() {
  const { session } = useSession();
  const load = useCallback(() => api.listUsers(), []);
  const { data, error, reload } = usePolling(load, null);
  const [actionError, setActionError] = useState<string | null>(null);
  const refresh = (failure: string | null) => {
    setActionError(failure);
    void reload();
  };
  return (
    <Stack>
      <Title order={2}>Users</Title>
      <InviteForm onInvited={() => void reload()} />
      {actionError && <ErrorAlert message={actionError} title="Couldn't change that user" />}
      {error && <ErrorAlert message={error} title="Couldn't load the users" />}
      {!data && !error && <PageLoader />}
      {data && (
        <>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Person</Table.Th>
                <Table.Th>Role</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Last seen</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.users.map((user) => (
                <UserRow key={user.id} user={user} self={user.id === session?.user.id} onChange={refresh} />
              ))}
            </Table.Tbody>
          </Table>
          {data.invitations.length > 0 && (
            <Stack gap="xs">
              <Title order={4}>Waiting for an answer</Title>
              {data.invitations.map((invitation) => (
                <Text key={invitation.id} size="sm" data-testid="pending-invitation">
                  {invitation.email} as {invitation.role} — invited {formatDateTime(invitation.createdAt)},
                  link valid until {formatDateTime(invitation.expiresAt)}
                </Text>
              ))}
            </Stack>
          )}
        </>
      )}
    </Stack>
  );
}
