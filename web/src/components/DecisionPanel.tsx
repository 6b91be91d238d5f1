import { Badge, Card, Code, Group, List, Stack, Table, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";
import type { DecisionView, TriageView } from "../../../server/api/types.ts";
import { humanize } from "../labels.ts";
import { formatDateTime } from "../time.ts";
import { ActionBadge } from "./Badges.tsx";

function factValue(value: unknown): string {
  if (typeof value === "string") return value;
  return JSON.stringify(value) ?? String(value);
}

function Facts({ facts }: { facts: Record<string, unknown> }) {
  const entries = Object.entries(facts);
  if (entries.length === 0) return null;
  return (
    <details>
      <summary>
        <Text component="span" size="sm" c="dimmed">
          Facts the decision used ({entries.length})
        </Text>
      </summary>
      <Table fz="xs" verticalSpacing={4} mt="xs">
        <Table.Tbody>
          {entries.map(([key, value]) => (
            <Table.Tr key={key}>
              <Table.Td fw={500}>{key}</Table.Td>
              <Table.Td style={{ overflowWrap: "anywhere" }}>{factValue(value)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </details>
  );
}

/** What Mailroom decided and the rules that led there. */
export function DecisionPanel({ decision }: { decision: DecisionView | null }) {
  return (
    <Card withBorder>
      <Group justify="space-between" mb="sm">
        <Title order={4}>Decision</Title>
        {decision && <ActionBadge action={decision.action} />}
      </Group>
      {decision === null ? (
        <Text size="sm" c="dimmed">
          No decision recorded yet.
        </Text>
      ) : (
        <Stack gap="sm">
          <Text size="xs" c="dimmed">
            {formatDateTime(decision.at)}
          </Text>
          {decision.reasons.length === 0 ? (
            <Text size="sm" c="dimmed">
              No reasons given.
            </Text>
          ) : (
            <List spacing="xs" size="sm">
              {decision.reasons.map((reason) => (
                <List.Item key={`${reason.rule}:${reason.detail}`} data-testid="reason">
                  <Code>{reason.rule}</Code> {reason.detail}
                </List.Item>
              ))}
            </List>
          )}
          <Facts facts={decision.facts} />
        </Stack>
      )}
    </Card>
  );
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Group justify="space-between" gap="xs" wrap="nowrap">
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text size="sm" ta="right" component="div">
        {children}
      </Text>
    </Group>
  );
}

/** How the message was understood: intent, confidence, language, mood and the orders it mentions. */
export function TriagePanel({ triage }: { triage: TriageView | null }) {
  return (
    <Card withBorder>
      <Title order={4} mb="sm">
        Triage
      </Title>
      {triage === null ? (
        <Text size="sm" c="dimmed">
          Not triaged yet.
        </Text>
      ) : (
        <Stack gap={6}>
          <Field label="Intent">
            <Badge variant="light" color="indigo">
              {humanize(triage.intent)}
            </Badge>
          </Field>
          <Field label="Confidence">{Math.round(triage.confidence * 100)}%</Field>
          <Field label="Language">{triage.language}</Field>
          <Field label="Sentiment">{humanize(triage.sentiment)}</Field>
          <Field label="Orders mentioned">
            {triage.orderNumbers.length > 0 ? triage.orderNumbers.join(", ") : "none"}
          </Field>
          <Field label="Engine">{triage.engine}</Field>
        </Stack>
      )}
    </Card>
  );
}
