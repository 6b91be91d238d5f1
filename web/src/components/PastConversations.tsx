import { Anchor, Badge, Card, Group, Stack, Text, Title } from "@mantine/core";
import { Link } from "react-router-dom";
import type { PastConversationView } from "../../../server/api/types.ts";
import { formatAgo } from "../time.ts";

/** The customer's earlier conversations with the store, so the reviewer sees what was already said. */
export function PastConversations({ conversations }: { conversations: PastConversationView[] }) {
  return (
    <Card withBorder data-testid="past-conversations">
      <Title order={4} mb="sm">
        Past conversations
      </Title>
      {conversations.length === 0 ? (
        <Text size="sm" c="dimmed">
          This is the customer's first conversation.
        </Text>
      ) : (
        <Stack gap="xs">
          {conversations.map((c) => (
            <Group key={c.id} justify="space-between" wrap="nowrap" gap="xs">
              <Anchor component={Link} to={`/conversations/${c.id}`} size="sm" lineClamp={1}>
                {c.subject || "(no subject)"}
              </Anchor>
              <Group gap={6} wrap="nowrap">
                <Badge variant="light" color="gray" size="sm">
                  {c.status}
                </Badge>
                <Text size="xs" c="dimmed" style={{ whiteSpace: "nowrap" }}>
                  {c.messages} msg · {formatAgo(c.lastMessageAt)}
                </Text>
              </Group>
            </Group>
          ))}
        </Stack>
      )}
    </Card>
  );
}
