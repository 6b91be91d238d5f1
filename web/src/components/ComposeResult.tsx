import { Alert, Anchor, Group, Loader, Stack, Text } from "@mantine/core";
import { Link } from "react-router-dom";
import type { DecisionAction, DecisionView } from "../../../server/api/types.ts";
import { ActionBadge } from "./Badges.tsx";

/** Where a test email got to, as far as the compose page has watched it. */
export interface ComposeOutcome {
  phase: "triaging" | "decided" | "timed_out";
  conversationId: string | null;
  reviewItemId: string | null;
  decision: DecisionView | null;
}

const outcomeText: Record<DecisionAction, string> = {
  auto_send: "Mailroom answered it on its own.",
  review: "Mailroom drafted a reply and put it in the review queue.",
  escalate: "Mailroom escalated it to a person.",
  ignore: "Mailroom ignored it: it doesn't look like a customer request.",
};

export function ComposeResult({ outcome }: { outcome: ComposeOutcome }) {
  const { decision, conversationId, reviewItemId } = outcome;
  const firstReason = decision?.reasons[0];
  return (
    <Alert
      data-testid="compose-result"
      data-action={decision?.action ?? ""}
      color={decision ? "green" : "blue"}
      variant="light"
      title="Sent — Mailroom is triaging it"
    >
      <Stack gap="xs">
        {outcome.phase === "triaging" && (
          <Group gap="xs">
            <Loader size="xs" />
            <Text size="sm">Waiting for the decision…</Text>
          </Group>
        )}
        {decision && (
          <Group gap="xs">
            <ActionBadge action={decision.action} />
            <Text size="sm">{outcomeText[decision.action]}</Text>
          </Group>
        )}
        {firstReason && (
          <Text size="sm" c="dimmed">
            Why: {firstReason.detail}
          </Text>
        )}
        {outcome.phase === "timed_out" && (
          <Text size="sm">
            No decision yet — it may still be in the pipeline. Check{" "}
            <Anchor component={Link} to="/conversations">
              all mail
            </Anchor>{" "}
            in a moment.
          </Text>
        )}
        <Group gap="md">
          {conversationId && (
            <Anchor component={Link} to={`/conversations/${encodeURIComponent(conversationId)}`} size="sm">
              Open the conversation
            </Anchor>
          )}
          {reviewItemId && (
            <Anchor component={Link} to={`/review/${encodeURIComponent(reviewItemId)}`} size="sm">
              Open the review item
            </Anchor>
          )}
        </Group>
      </Stack>
    </Alert>
  );
}
