import {
  Badge,
  Button,
  Card,
  Code,
  Group,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { Fragment, useCallback, useEffect, useState } from "react";
import { useParams } from "react-router-dom";
import type {
  FeedDeliveryView,
  FeedSecretResponse,
  FeedView,
  MappingPreviewResponse,
} from "../../../server/api/types.ts";
import { api, errorMessage } from "../api.ts";
import { ErrorAlert, PageLoader } from "../components/Feedback.tsx";
import { usePolling } from "../hooks/usePolling.ts";
import { formatAgo, formatDateTime } from "../time.ts";
import { feedKindLabels, HealthBadge, SecretBox } from "./ConnectorsPage.tsx";

/** The fields a logistics user can point at, in the order a payload usually has them. */
const fieldLabels: [string, string][] = [
  ["orderNumber", "Order number"],
  ["email", "Customer email"],
  ["customerName", "Customer name"],
  ["orderStatus", "Order status"],
  ["placedAt", "Placed at"],
  ["total", "Total"],
  ["currency", "Currency"],
  ["updatedAt", "Updated at"],
  ["carrier", "Carrier"],
  ["trackingNumber", "Tracking number"],
  ["trackingUrl", "Tracking URL"],
  ["shipmentStatus", "Shipment status"],
  ["statusAt", "Status time"],
  ["eta", "ETA"],
  ["lines", "Lines (list)"],
  ["lineSku", "Line: SKU"],
  ["lineTitle", "Line: title"],
  ["lineQuantity", "Line: quantity"],
  ["lineUnitPrice", "Line: unit price"],
  ["rmaNumber", "Return: RMA number"],
  ["returnStatus", "Return: status"],
  ["returnReason", "Return: reason"],
];

interface MappingDraft {
  timeZone: string;
  records?: string;
  fields: Record<string, string>;
}

function mappingOf(feed: FeedView): MappingDraft {
  const m = (feed.mapping ?? {}) as Partial<MappingDraft>;
  return { timeZone: m.timeZone ?? "UTC", records: m.records, fields: { ...(m.fields ?? {}) } };
}

function cleanMapping(draft: MappingDraft) {
  const fields = Object.fromEntries(Object.entries(draft.fields).filter(([, v]) => v.trim() !== ""));
  return { timeZone: draft.timeZone, ...(draft.records?.trim() ? { records: draft.records } : {}), fields };
}

function Picked({ value }: { value: unknown }) {
  if (value === undefined)
    return (
      <Text size="xs" c="dimmed">
        —
      </Text>
    );
  return <Code>{JSON.stringify(value)}</Code>;
}

function MappingEditor({ feed, onSaved }: { feed: FeedView; onSaved: () => void }) {
  const [draft, setDraft] = useState<MappingDraft>(() => mappingOf(feed));
  const [sample, setSample] = useState("");
  const [topic, setTopic] = useState("orders/create");
  const [preview, setPreview] = useState<MappingPreviewResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const mapped = feed.kind === "generic_json" || feed.kind === "rest_poll";

  // Live preview: every edit of the sample or the mapping, debounced.
  useEffect(() => {
    if (!sample.trim()) {
      setPreview(null);
      return;
    }
    let payload: unknown;
    try {
      payload = JSON.parse(sample);
    } catch {
      setError("The sample is not valid JSON yet.");
      return;
    }
    setError(null);
    const timer = setTimeout(() => {
      api
        .previewFeed({
          kind: feed.kind,
          payload,
          mapping: mapped ? cleanMapping(draft) : undefined,
          headers: feed.kind === "shopify" ? { "x-shopify-topic": topic } : {},
        })
        .then(setPreview, (e) => setError(errorMessage(e)));
    }, 250);
    return () => clearTimeout(timer);
  }, [sample, draft, topic, feed.kind, mapped]);

  const save = async () => {
    setError(null);
    try {
      await api.saveFeedMapping(feed.id, cleanMapping(draft));
      setSaved(true);
      onSaved();
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  return (
    <Card withBorder>
      <Stack>
        <Title order={4}>{mapped ? "Map fields" : "Preview a payload"}</Title>
        <Textarea
          label="Sample payload (paste one the sender posts)"
          autosize
          minRows={6}
          maxRows={18}
          value={sample}
          onChange={(e) => setSample(e.currentTarget.value)}
          data-testid="sample-payload"
          styles={{ input: { fontFamily: "monospace" } }}
        />
        {feed.kind === "shopify" && (
          <TextInput
            label="X-Shopify-Topic"
            value={topic}
            onChange={(e) => setTopic(e.currentTarget.value)}
          />
        )}
        {mapped && (
          <>
            <Group grow>
              <TextInput
                label="Records (optional JSONPath to a list)"
                placeholder="$.orders[*]"
                value={draft.records ?? ""}
                onChange={(e) => setDraft({ ...draft, records: e.currentTarget.value })}
              />
              <TextInput
                label="Time zone of dates without an offset"
                value={draft.timeZone}
                onChange={(e) => setDraft({ ...draft, timeZone: e.currentTarget.value })}
              />
            </Group>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Field</Table.Th>
                  <Table.Th>JSONPath</Table.Th>
                  <Table.Th>Picked from the sample</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {fieldLabels.map(([field, label]) => (
                  <Table.Tr key={field}>
                    <Table.Td>
                      <Text size="sm">{label}</Text>
                    </Table.Td>
                    <Table.Td>
                      <TextInput
                        size="xs"
                        placeholder="$.order.id"
                        aria-label={`${label} path`}
                        data-field={field}
                        value={draft.fields[field] ?? ""}
                        onChange={(e) =>
                          setDraft({ ...draft, fields: { ...draft.fields, [field]: e.currentTarget.value } })
                        }
                      />
                    </Table.Td>
                    <Table.Td>
                      <Picked value={preview?.picked[field]} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </>
        )}
        {error && <ErrorAlert message={error} title="Preview" />}
        {preview && (
          <Stack gap="xs" data-testid="mapping-preview">
            {preview.problems.length > 0 ? (
              preview.problems.map((p) => (
                <Text key={p} size="sm" c="red">
                  {p}
                </Text>
              ))
            ) : (
              <Text size="sm" c="green">
                The sample reads cleanly.
              </Text>
            )}
            <Text size="sm" fw={500}>
              Normalised
            </Text>
            <Code block>{JSON.stringify(preview.update, null, 2)}</Code>
          </Stack>
        )}
        {mapped && (
          <Group>
            <Button onClick={save} data-testid="save-mapping">
              Save mapping
            </Button>
            {saved && <Text size="sm">Saved. Replay the waiting payloads below to apply them.</Text>}
          </Group>
        )}
      </Stack>
    </Card>
  );
}

function Deliveries({ feed, onChange }: { feed: FeedView; onChange: () => void }) {
  const [show, setShow] = useState<"all" | "errors">("errors");
  const load = useCallback(() => api.getFeed(feed.id, show), [feed.id, show]);
  const { data, error, reload } = usePolling(load, 10_000);
  const [open, setOpen] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const replay = async (d: FeedDeliveryView) => {
    try {
      const r = await api.replayDelivery(feed.id, d.id);
      setMessage(r.verdict === "applied" ? "Applied." : `Still not applied: ${r.error}`);
    } catch (e) {
      setMessage(errorMessage(e));
    }
    await reload();
    onChange();
  };
  const replayAll = async () => {
    try {
      const r = await api.replayFeed(feed.id);
      setMessage(`${r.applied} of ${r.replayed} waiting payloads applied.`);
    } catch (e) {
      setMessage(errorMessage(e));
    }
    await reload();
    onChange();
  };
  const colors = {
    applied: "green",
    rejected: "red",
    invalid: "orange",
    failed: "orange",
    duplicate: "gray",
  };
  return (
    <Card withBorder>
      <Stack>
        <Group justify="space-between">
          <Title order={4}>Received payloads</Title>
          <Group>
            <SegmentedControl
              size="xs"
              value={show}
              onChange={(v) => setShow(v as "all" | "errors")}
              data={[
                { value: "errors", label: "Errors" },
                { value: "all", label: "All" },
              ]}
            />
            <Button size="xs" variant="light" onClick={replayAll} disabled={feed.health.waiting === 0}>
              Replay all waiting ({feed.health.waiting})
            </Button>
          </Group>
        </Group>
        {message && <Text size="sm">{message}</Text>}
        {error && <ErrorAlert message={error} />}
        <Table data-testid="deliveries">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Received</Table.Th>
              <Table.Th>Verdict</Table.Th>
              <Table.Th>Error</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(data?.deliveries ?? []).map((d) => (
              <Fragment key={d.id}>
                <Table.Tr>
                  <Table.Td title={formatDateTime(d.receivedAt)}>{formatAgo(d.receivedAt)}</Table.Td>
                  <Table.Td>
                    <Badge color={colors[d.verdict]}>{d.verdict}</Badge>
                    {d.replays > 0 && (
                      <Text size="xs" c="dimmed">
                        replayed {d.replays}×
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" style={{ overflowWrap: "anywhere" }}>
                      {d.error ?? ""}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Button
                        size="compact-xs"
                        variant="subtle"
                        onClick={() => setOpen(open === d.id ? null : d.id)}
                      >
                        Payload
                      </Button>
                      {(d.verdict === "invalid" || d.verdict === "failed") && (
                        <Button size="compact-xs" onClick={() => replay(d)}>
                          Replay
                        </Button>
                      )}
                    </Group>
                  </Table.Td>
                </Table.Tr>
                {open === d.id && (
                  <Table.Tr>
                    <Table.Td colSpan={4}>
                      <Code block>{d.body}</Code>
                    </Table.Td>
                  </Table.Tr>
                )}
              </Fragment>
            ))}
          </Table.Tbody>
        </Table>
        {data && data.deliveries.length === 0 && (
          <Text size="sm" c="dimmed">
            Nothing here.
          </Text>
        )}
      </Stack>
    </Card>
  );
}

/** Where a polled feed reads, how often, and when it last did (it waits for a mapping before its first poll). */
function PollSummary({ feed }: { feed: FeedView }) {
  const poll = (feed.poll ?? {}) as { url?: string; everySeconds?: number; cursorParam?: string };
  const every = poll.everySeconds ?? 300;
  return (
    <Card withBorder data-testid="poll-summary">
      <Text size="sm">
        Polls <Code>{poll.url}</Code> every {every >= 60 ? `${Math.round(every / 60)} min` : `${every} s`}
        {poll.cursorParam ? (
          <>
            {" "}
            (cursor in <Code>{poll.cursorParam}</Code>)
          </>
        ) : null}
        .{" "}
        {feed.lastPolledAt
          ? `Last polled ${formatAgo(feed.lastPolledAt)}.`
          : feed.mapping
            ? "First poll within a minute."
            : "Polling starts once the fields below are mapped and saved."}
      </Text>
    </Card>
  );
}

/** One feed: its URL and secret, the field mapping with a live preview, health, errors and replay. */
export function ConnectorPage() {
  const { id = "" } = useParams();
  const load = useCallback(() => api.getFeed(id, "errors"), [id]);
  const { data, error, reload } = usePolling(load, 10_000);
  const [secret, setSecret] = useState<FeedSecretResponse | null>(null);
  const [secretError, setSecretError] = useState<string | null>(null);
  if (error && !data) return <ErrorAlert message={error} />;
  if (!data) return <PageLoader />;
  const { feed } = data;
  const reveal = (get: () => Promise<FeedSecretResponse>) => async () => {
    try {
      setSecret(await get());
      setSecretError(null);
    } catch (e) {
      setSecretError(errorMessage(e));
    }
  };
  return (
    <Stack>
      <Group justify="space-between">
        <Stack gap={0}>
          <Title order={2}>{feed.name}</Title>
          <Text c="dimmed">{feedKindLabels[feed.kind]}</Text>
        </Stack>
        <HealthBadge feed={feed} />
      </Group>
      <SimpleGrid cols={{ base: 2, md: 4 }}>
        <Card withBorder>
          <Text size="xs" c="dimmed">
            Last event
          </Text>
          <Text>{feed.health.lastDeliveryAt ? formatAgo(feed.health.lastDeliveryAt) : "—"}</Text>
        </Card>
        <Card withBorder>
          <Text size="xs" c="dimmed">
            Events in the last hour
          </Text>
          <Text>{feed.health.eventsLastHour}</Text>
        </Card>
        <Card withBorder>
          <Text size="xs" c="dimmed">
            Error rate (24 h)
          </Text>
          <Text>{feed.health.errorRate === null ? "—" : `${Math.round(feed.health.errorRate * 100)}%`}</Text>
        </Card>
        <Card withBorder>
          <Text size="xs" c="dimmed">
            Waiting for a fix
          </Text>
          <Text>{feed.health.waiting}</Text>
        </Card>
      </SimpleGrid>
      {feed.kind === "rest_poll" && <PollSummary feed={feed} />}
      {feed.kind !== "rest_poll" && (
        <Group>
          <Button variant="light" onClick={reveal(() => api.getFeedSecret(feed.id))}>
            Show URL and secret
          </Button>
          <Button variant="light" color="orange" onClick={reveal(() => api.rotateFeedSecret(feed.id))}>
            Rotate secret
          </Button>
        </Group>
      )}
      {secretError && <ErrorAlert message={secretError} />}
      {secret && <SecretBox feed={feed} secret={secret} />}
      <MappingEditor feed={feed} onSaved={() => void reload()} />
      <Deliveries feed={feed} onChange={() => void reload()} />
    </Stack>
  );
}
