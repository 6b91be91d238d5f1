import { Anchor, Badge, Group, Stack, Table, Text, Title } from "@mantine/core";
import { useCallback } from "react";
import { Link, useNavigate } from "react-router-dom";
import type { ReviewListItem } from "../../../server/api/types.ts";
import { api } from "../api.ts";
import { PriorityBadge, TriageBadges } from "../components/Badges.tsx";
import { ErrorAlert, PageLoader } from "../components/Feedback.tsx";
import { usePolling } from "../hooks/usePolling.ts";
import { formatDateTime, formatDue, isOverdue } from "../time.ts";

// Until live updates land, the queue refreshes itself on this interval.
const refreshMs = 5_000;

function QueueRow({ item, now }: { item: ReviewListItem; now: number }) {
  const navigate = useNavigate();
  const open = () => navigate(`/review/${encodeURIComponent(item.id)}`);
  return (
    <Table.Tr
      data-testid="review-row"
      onClick={open}
      onKeyDown={(event) => {
        if (event.key === "Enter") open();
      }}
      tabIndex={0}
      style={{ cursor: "pointer" }}
    >
      <Table.Td>
        <Group gap={4}>
          <PriorityBadge priority={item.priority} />
          {item.kind === "escalate" && (
            <Badge color="red" variant="outline">
              escalated
            </Badge>
          )}
        </Group>
      </Table.Td>
      <Table.Td>
        <Anchor
          component={Link}
          to={`/review/${encodeURIComponent(item.id)}`}
          fw={500}
          size="sm"
          // The row navigates too; without this one click would push the page twice.
          onClick={(event) => event.stopPropagation()}
        >
          {item.subject || "(no subject)"}
        </Anchor>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{item.customerName ?? item.customerEmail}</Text>
        {item.customerName && (
          <Text size="xs" c="dimmed">
            {item.customerEmail}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Group gap={4}>
          <TriageBadges intent={item.intent} language={item.language} />
        </Group>
      </Table.Td>
      <Table.Td>
        <Text size="sm" lineClamp={2}>
          {item.summary}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text
          size="sm"
          c={isOverdue(item.dueAt, now) ? "red" : undefined}
          fw={isOverdue(item.dueAt, now) ? 600 : undefined}
          title={formatDateTime(item.dueAt)}
        >
          {formatDue(item.dueAt, now)}
        </Text>
      </Table.Td>
    </Table.Tr>
  );
}

/** Open review items, soonest due first (the API's order), for the person on inbox duty. */
export function QueuePage() {
  const load = useCallback(() => api.listOpenReviewItems(), []);
  const { data, error } = usePolling(load, refreshMs);
  const now = Date.now();

  return (
    <Stack>
      <Group gap="sm">
        <Title order={2}>Review queue</Title>
        {data && (
          <Badge data-testid="queue-count" size="lg" circle={data.counts.open < 10}>
            {data.counts.open}
          </Badge>
        )}
      </Group>
      {error && <ErrorAlert message={error} title="Couldn't load the queue" />}
      {data === null && error === null && <PageLoader />}
      {data && data.items.length === 0 && (
        <Text c="dimmed">Nothing waiting for review. Mailroom is handling the inbox on its own.</Text>
      )}
      {data && data.items.length > 0 && (
        <Table.ScrollContainer minWidth={800} type="native">
          <Table highlightOnHover verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Priority</Table.Th>
                <Table.Th>Subject</Table.Th>
                <Table.Th>Customer</Table.Th>
                <Table.Th>Intent</Table.Th>
                <Table.Th>Why it's here</Table.Th>
                <Table.Th>Due</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.items.map((item) => (
                <QueueRow key={item.id} item={item} now={now} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
