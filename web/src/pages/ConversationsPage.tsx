import { Anchor, Group, Stack, Table, Text, Title } from "@mantine/core";
import { useCallback } from "react";
import { Link, useNavigate } from "react-router-dom";
import type { ConversationListItem } from "../../../server/api/types.ts";
import { api } from "../api.ts";
import { ActionBadge, TriageBadges } from "../components/Badges.tsx";
import { ErrorAlert, PageLoader } from "../components/Feedback.tsx";
import { usePolling } from "../hooks/usePolling.ts";
import { formatAgo, formatDateTime } from "../time.ts";

const refreshMs = 5_000;

function ConversationRow({ conversation, now }: { conversation: ConversationListItem; now: number }) {
  const navigate = useNavigate();
  const path = `/conversations/${encodeURIComponent(conversation.id)}`;
  return (
    <Table.Tr
      data-testid="conversation-row"
      data-action={conversation.lastAction ?? ""}
      onClick={() => navigate(path)}
      onKeyDown={(event) => {
        if (event.key === "Enter") navigate(path);
      }}
      tabIndex={0}
      style={{ cursor: "pointer" }}
    >
      <Table.Td>
        <Anchor
          component={Link}
          to={path}
          fw={500}
          size="sm"
          // The row navigates too; without this one click would push the page twice.
          onClick={(event) => event.stopPropagation()}
        >
          {conversation.subject || "(no subject)"}
        </Anchor>
      </Table.Td>
      <Table.Td>
        <Text size="sm" style={{ overflowWrap: "anywhere" }}>
          {conversation.customerEmail}
        </Text>
      </Table.Td>
      <Table.Td>
        <ActionBadge action={conversation.lastAction} />
      </Table.Td>
      <Table.Td>
        <Group gap={4}>
          <TriageBadges intent={conversation.intent} language={conversation.language} />
        </Group>
      </Table.Td>
      <Table.Td>
        <Text size="sm" title={formatDateTime(conversation.lastMessageAt)}>
          {formatAgo(conversation.lastMessageAt, now)}
        </Text>
      </Table.Td>
    </Table.Tr>
  );
}

/** Every recent conversation, including the ones Mailroom answered or ignored on its own. */
export function ConversationsPage() {
  const load = useCallback(() => api.listConversations(), []);
  const { data, error } = usePolling(load, refreshMs);
  const now = Date.now();

  return (
    <Stack>
      <Title order={2}>All mail</Title>
      {error && <ErrorAlert message={error} title="Couldn't load conversations" />}
      {data === null && error === null && <PageLoader />}
      {data && data.conversations.length === 0 && <Text c="dimmed">No mail yet.</Text>}
      {data && data.conversations.length > 0 && (
        <Table.ScrollContainer minWidth={700} type="native">
          <Table highlightOnHover verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Subject</Table.Th>
                <Table.Th>Customer</Table.Th>
                <Table.Th>Outcome</Table.Th>
                <Table.Th>Intent</Table.Th>
                <Table.Th>Last message</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.conversations.map((conversation) => (
                <ConversationRow key={conversation.id} conversation={conversation} now={now} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
