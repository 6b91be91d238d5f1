import { Anchor, Badge, Button, Grid, Group, Stack, Text, Title } from "@mantine/core";
import { useCallback } from "react";
import { Link, useParams } from "react-router-dom";
import type { ConversationDetail } from "../../../server/api/types.ts";
import { api } from "../api.ts";
import { ActionBadge } from "../components/Badges.tsx";
import { DecisionPanel, TriagePanel } from "../components/DecisionPanel.tsx";
import { ErrorAlert, PageLoader } from "../components/Feedback.tsx";
import { Thread } from "../components/Thread.tsx";
import { usePolling } from "../hooks/usePolling.ts";
import { humanize } from "../labels.ts";

// Refresh so a just-received message can be watched while Mailroom triages and answers it.
const refreshMs = 5_000;

type DecisionWithTriage = ConversationDetail["decisions"][number];

function Decisions({ decisions }: { decisions: DecisionWithTriage[] }) {
  if (decisions.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        Mailroom hasn't decided anything in this conversation yet.
      </Text>
    );
  }
  const newestFirst = [...decisions].sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
  return (
    <Stack>
      {newestFirst.map((decision) => (
        <Stack key={`${decision.messageId}:${decision.at}`} gap="xs">
          <DecisionPanel decision={decision} />
          <TriagePanel triage={decision.triage} />
        </Stack>
      ))}
    </Stack>
  );
}

/** One conversation: the whole thread and every decision Mailroom made in it. */
export function ConversationPage() {
  const { id = "" } = useParams();
  const load = useCallback(() => api.getConversation(id), [id]);
  const { data, error } = usePolling(load, refreshMs);

  if (data === null) {
    return error ? <ErrorAlert message={error} title="Couldn't load this conversation" /> : <PageLoader />;
  }
  const { conversation } = data;
  const reviewItemId = data.reviewItemId ?? conversation.reviewItemId;

  return (
    <Stack>
      <Stack gap={4}>
        <Anchor component={Link} to="/conversations" size="sm">
          ← All mail
        </Anchor>
        <Group gap="sm">
          <Title order={2} style={{ overflowWrap: "anywhere" }}>
            {conversation.subject || "(no subject)"}
          </Title>
          <ActionBadge action={conversation.lastAction} size="lg" />
          <Badge variant="outline" color="gray">
            {humanize(conversation.status)}
          </Badge>
        </Group>
        <Text size="sm" c="dimmed">
          {conversation.customerEmail}
        </Text>
      </Stack>
      {error && <ErrorAlert message={error} title="Couldn't refresh this conversation" />}
      {reviewItemId && (
        <Group>
          <Button component={Link} to={`/review/${encodeURIComponent(reviewItemId)}`} variant="light">
            Open its review item
          </Button>
        </Group>
      )}
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack>
            <Title order={4}>Thread</Title>
            <Thread messages={data.messages} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack>
            <Title order={4}>Decisions</Title>
            <Decisions decisions={data.decisions} />
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
