import { Button, Code, Group, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { type FormEvent, useCallback, useEffect, useState } from "react";
import type { AuditEventView } from "../../../server/api/types.ts";
import { api, errorMessage } from "../api.ts";
import { ErrorAlert, PageLoader } from "../components/Feedback.tsx";
import { formatDateTime } from "../time.ts";

const fields = [
  { key: "actor", label: "Actor", placeholder: "user id or triage, send-worker…" },
  { key: "action", label: "Action", placeholder: "review.approved or auth." },
  { key: "subjectType", label: "Subject type", placeholder: "review_item, user, login…" },
  { key: "subjectId", label: "Subject id", placeholder: "" },
] as const;
type FilterKey = (typeof fields)[number]["key"] | "from" | "to";
type Filters = Record<FilterKey, string>;
const empty: Filters = { actor: "", action: "", subjectType: "", subjectId: "", from: "", to: "" };

function toQuery(filters: Filters, before: string | null): Record<string, string> {
  const query: Record<string, string> = { limit: "50" };
  for (const [key, value] of Object.entries(filters)) {
    if (!value.trim()) continue;
    // datetime-local inputs have no zone: they mean the browser's.
    query[key] = key === "from" || key === "to" ? new Date(value).toISOString() : value.trim();
  }
  if (before) query.before = before;
  return query;
}

function Actor({ event }: { event: AuditEventView }) {
  if (event.actorType === "system") return <Text size="sm">{event.actor}</Text>;
  return (
    <Text size="sm" title={event.actor}>
      {event.actorName ?? "unknown person"}{" "}
      <Text span size="xs" c="dimmed">
        {event.actorEmail}
      </Text>
    </Text>
  );
}

/** Managers and admins: every automatic and human action, who or what, when, why (invariant 5). */
export function AuditPage() {
  const [draft, setDraft] = useState<Filters>(empty);
  const [filters, setFilters] = useState<Filters>(empty);
  const [events, setEvents] = useState<AuditEventView[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async (active: Filters, before: string | null) => {
    setBusy(true);
    setError(null);
    try {
      const page = await api.listAudit(toQuery(active, before));
      setEvents((previous) => (before && previous ? [...previous, ...page.events] : page.events));
      setCursor(page.nextCursor);
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  }, []);

  useEffect(() => {
    void load(filters, null);
  }, [filters, load]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFilters(draft);
  };

  return (
    <Stack>
      <Title order={2}>Audit log</Title>
      <form onSubmit={submit}>
        <Group align="end" gap="xs">
          {fields.map((f) => (
            <TextInput
              key={f.key}
              data-testid={`audit-filter-${f.key}`}
              label={f.label}
              placeholder={f.placeholder}
              value={draft[f.key]}
              onChange={(e) => setDraft({ ...draft, [f.key]: e.currentTarget.value })}
            />
          ))}
          <TextInput
            label="From"
            type="datetime-local"
            value={draft.from}
            onChange={(e) => setDraft({ ...draft, from: e.currentTarget.value })}
          />
          <TextInput
            label="To"
            type="datetime-local"
            value={draft.to}
            onChange={(e) => setDraft({ ...draft, to: e.currentTarget.value })}
          />
          <Button type="submit" data-testid="audit-apply">
            Filter
          </Button>
          <Button
            variant="subtle"
            onClick={() => {
              setDraft(empty);
              setFilters(empty);
            }}
          >
            Clear
          </Button>
        </Group>
      </form>
      {error && <ErrorAlert message={error} title="Couldn't load the audit log" />}
      {events === null && !error && <PageLoader />}
      {events && (
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>When</Table.Th>
              <Table.Th>Who</Table.Th>
              <Table.Th>Action</Table.Th>
              <Table.Th>Subject</Table.Th>
              <Table.Th>Why / details</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {events.map((event) => (
              <Table.Tr key={event.id} data-testid="audit-row" data-action={event.action}>
                <Table.Td>
                  <Text size="sm">{formatDateTime(event.at)}</Text>
                </Table.Td>
                <Table.Td>
                  <Actor event={event} />
                </Table.Td>
                <Table.Td>
                  <Code>{event.action}</Code>
                </Table.Td>
                <Table.Td>
                  <Text size="xs">
                    {event.subjectType}: {event.subjectId}
                  </Text>
                </Table.Td>
                <Table.Td>
                  {event.reason && <Text size="sm">{event.reason}</Text>}
                  {Object.keys(event.data).length > 0 && (
                    <Text size="xs" c="dimmed" style={{ wordBreak: "break-word" }}>
                      {JSON.stringify(event.data).slice(0, 300)}
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {events?.length === 0 && <Text c="dimmed">Nothing matches these filters.</Text>}
      {cursor && (
        <Button
          variant="light"
          loading={busy}
          onClick={() => void load(filters, cursor)}
          style={{ alignSelf: "center" }}
        >
          Older events
        </Button>
      )}
    </Stack>
  );
}
