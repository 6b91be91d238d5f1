import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Code,
  CopyButton,
  FileInput,
  Group,
  NumberInput,
  PasswordInput,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useCallback, useState } from "react";
import { Link } from "react-router-dom";
import type {
  CsvImportResponse,
  FeedKindView,
  FeedSecretResponse,
  FeedView,
} from "../../../server/api/types.ts";
import { api, errorMessage } from "../api.ts";
import { ErrorAlert, PageLoader } from "../components/Feedback.tsx";
import { usePolling } from "../hooks/usePolling.ts";
import { formatAgo } from "../time.ts";

export const feedKindLabels: Record<FeedKindView, string> = {
  generic_json: "ERP / WMS (JSON, mapped fields)",
  shopify: "Shopify orders & fulfilments",
  aftership: "Carrier tracking (AfterShip)",
  easypost: "Carrier tracking (EasyPost)",
  rest_poll: "REST endpoint (polled)",
};

export function HealthBadge({ feed }: { feed: FeedView }) {
  const { errorRate, lastDeliveryAt } = feed.health;
  if (!lastDeliveryAt) return <Badge color="gray">No data yet</Badge>;
  if (errorRate !== null && errorRate > 0.2) return <Badge color="red">Errors</Badge>;
  if (errorRate !== null && errorRate > 0) return <Badge color="yellow">Some errors</Badge>;
  return <Badge color="green">Healthy</Badge>;
}

/** Shown once after creating a feed: where to send and what to sign with. */
export function SecretBox({ feed, secret }: { feed: FeedView; secret: FeedSecretResponse }) {
  const url = `${window.location.origin}${feed.webhookPath}`;
  return (
    <Alert color="blue" title={`Connect “${feed.name}”`}>
      <Stack gap="xs">
        <Group gap="xs">
          <Text size="sm">Webhook URL:</Text>
          <Code data-testid="feed-url">{url}</Code>
          <CopyButton value={url}>
            {({ copied, copy }) => (
              <Button size="compact-xs" variant="light" onClick={copy}>
                {copied ? "Copied" : "Copy"}
              </Button>
            )}
          </CopyButton>
        </Group>
        <Group gap="xs">
          <Text size="sm">Signing secret:</Text>
          <Code data-testid="feed-secret">{secret.secret}</Code>
          <CopyButton value={secret.secret}>
            {({ copied, copy }) => (
              <Button size="compact-xs" variant="light" onClick={copy}>
                {copied ? "Copied" : "Copy"}
              </Button>
            )}
          </CopyButton>
        </Group>
        {feed.kind === "generic_json" && (
          <Text size="xs" c="dimmed">
            Sign each request: header X-Mailroom-Timestamp (unix seconds) and X-Mailroom-Signature: sha256=hex
            HMAC-SHA256 of "timestamp.body" with this secret. Deliveries older than 5 minutes are refused.
          </Text>
        )}
        {secret.previousValidUntil && (
          <Text size="xs" c="dimmed">
            The previous secret keeps working until {new Date(secret.previousValidUntil).toLocaleString()}.
          </Text>
        )}
      </Stack>
    </Alert>
  );
}

/** What a polled feed needs besides its name: the endpoint, its credentials and where the items are. */
interface PollDraft {
  url: string;
  authHeader: string;
  authValue: string;
  cursorParam: string;
  itemsPath: string;
  nextCursorPath: string;
  everyMinutes: number;
}

const emptyPoll: PollDraft = {
  url: "",
  authHeader: "Authorization",
  authValue: "",
  cursorParam: "since",
  itemsPath: "$.items[*]",
  nextCursorPath: "$.next_cursor",
  everyMinutes: 5,
};

function AddFeed({ onAdded }: { onAdded: () => void }) {
  const [name, setName] = useState("");
  const [kind, setKind] = useState<FeedKindView>("generic_json");
  const [poll, setPoll] = useState<PollDraft>(emptyPoll);
  const [created, setCreated] = useState<{ feed: FeedView; secret: FeedSecretResponse } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const polled = kind === "rest_poll";
  const add = async () => {
    setBusy(true);
    setError(null);
    try {
      const result = await api.createFeed({
        name,
        kind,
        ...(polled
          ? {
              poll: {
                url: poll.url.trim(),
                authHeader: poll.authHeader.trim(),
                cursorParam: poll.cursorParam.trim(),
                itemsPath: poll.itemsPath.trim(),
                nextCursorPath: poll.nextCursorPath.trim(),
                everySeconds: Math.round(poll.everyMinutes * 60),
              },
              ...(poll.authValue ? { pollAuth: poll.authValue } : {}),
            }
          : {}),
      });
      setCreated({ feed: result.feed, secret: result });
      setName("");
      setPoll(emptyPoll);
      onAdded();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const field = (key: keyof PollDraft) => (e: React.ChangeEvent<HTMLInputElement>) => {
    const value = e.currentTarget.value;
    setPoll((p) => ({ ...p, [key]: value }));
  };
  return (
    <Card withBorder>
      <Stack>
        <Title order={4}>Add a feed</Title>
        <Group align="end">
          <TextInput
            label="Name"
            placeholder="Warehouse ERP"
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
          />
          <Select
            label="Kind"
            data={Object.entries(feedKindLabels).map(([value, label]) => ({ value, label }))}
            value={kind}
            onChange={(v) => v && setKind(v as FeedKindView)}
            allowDeselect={false}
            w={300}
          />
          <Button
            onClick={add}
            loading={busy}
            disabled={!name.trim() || (polled && !poll.url.trim())}
            data-testid="add-feed"
          >
            Add feed
          </Button>
        </Group>
        {polled && (
          <Stack gap="xs" data-testid="poll-settings">
            <Text size="sm" c="dimmed">
              Mailroom asks this endpoint for changes on a schedule, passing the last cursor it saw. Polling
              starts once the feed's fields are mapped.
            </Text>
            <Group align="end">
              <TextInput
                label="Endpoint URL"
                placeholder="https://erp.example.com/api/orders"
                value={poll.url}
                onChange={field("url")}
                w={380}
              />
              <NumberInput
                label="Every (minutes)"
                min={0.5}
                max={1440}
                step={1}
                value={poll.everyMinutes}
                onChange={(v) => setPoll((p) => ({ ...p, everyMinutes: Number(v) || 5 }))}
                w={140}
              />
            </Group>
            <Group align="end">
              <TextInput label="Auth header" value={poll.authHeader} onChange={field("authHeader")} w={180} />
              <PasswordInput
                label="Its value (stored encrypted)"
                placeholder="Bearer …"
                value={poll.authValue}
                onChange={field("authValue")}
                w={300}
              />
            </Group>
            <Group align="end">
              <TextInput
                label="Cursor parameter"
                description="e.g. since, updated_after"
                value={poll.cursorParam}
                onChange={field("cursorParam")}
              />
              <TextInput
                label="Items in the answer (JSONPath)"
                value={poll.itemsPath}
                onChange={field("itemsPath")}
              />
              <TextInput
                label="Next cursor (JSONPath)"
                value={poll.nextCursorPath}
                onChange={field("nextCursorPath")}
              />
            </Group>
          </Stack>
        )}
        {error && <ErrorAlert message={error} />}
        {created && (
          <Stack gap="xs">
            {created.feed.kind !== "rest_poll" && <SecretBox feed={created.feed} secret={created.secret} />}
            <Anchor component={Link} to={`/connectors/${created.feed.id}`}>
              {created.feed.kind === "generic_json" || created.feed.kind === "rest_poll"
                ? "Map its fields →"
                : "Open the feed →"}
            </Anchor>
          </Stack>
        )}
      </Stack>
    </Card>
  );
}

function CsvUpload() {
  const [kind, setKind] = useState<"orders" | "shipments">("orders");
  const [file, setFile] = useState<File | null>(null);
  const [timeZone, setTimeZone] = useState("UTC");
  const [report, setReport] = useState<CsvImportResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const upload = async () => {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      setReport(await api.importCsv(kind, file, timeZone));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card withBorder>
      <Stack>
        <Title order={4}>Import a CSV</Title>
        <Group align="end">
          <Select
            label="Rows are"
            data={[
              { value: "orders", label: "Orders (one row per order line)" },
              { value: "shipments", label: "Shipments" },
            ]}
            value={kind}
            onChange={(v) => v && setKind(v as "orders" | "shipments")}
            allowDeselect={false}
          />
          <TextInput
            label="Time zone of dates without one"
            value={timeZone}
            onChange={(e) => setTimeZone(e.currentTarget.value)}
          />
          <FileInput
            label="File"
            placeholder="orders.csv"
            value={file}
            onChange={setFile}
            accept=".csv,text/csv"
            w={220}
          />
          <Button onClick={upload} loading={busy} disabled={!file}>
            Import
          </Button>
        </Group>
        {error && <ErrorAlert message={error} />}
        {report && (
          <Stack gap="xs" data-testid="csv-report">
            <Text size="sm">
              {report.applied} of {report.rows} rows imported ({report.encoding}).
            </Text>
            {report.errors.length > 0 && (
              <Table withTableBorder>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Line</Table.Th>
                    <Table.Th>Problem</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {report.errors.map((e) => (
                    <Table.Tr key={e.line}>
                      <Table.Td>{e.line}</Table.Td>
                      <Table.Td>{e.problems.join("; ")}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </Stack>
        )}
      </Stack>
    </Card>
  );
}

/** Feeds that bring orders, fulfilments and tracking in, with their health at a glance. */
export function ConnectorsPage() {
  const load = useCallback(() => api.listFeeds(), []);
  const { data, error, reload } = usePolling(load, 10_000);
  const now = Date.now();
  return (
    <Stack>
      <Title order={2}>Connectors</Title>
      {error && <ErrorAlert message={error} />}
      {!data && !error && <PageLoader />}
      {data && (
        <Table highlightOnHover data-testid="feeds">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Feed</Table.Th>
              <Table.Th>Kind</Table.Th>
              <Table.Th>Health</Table.Th>
              <Table.Th>Last event</Table.Th>
              <Table.Th>Events / hour</Table.Th>
              <Table.Th>Error rate (24 h)</Table.Th>
              <Table.Th>Waiting for a fix</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data.feeds.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={7}>
                  <Text size="sm" c="dimmed">
                    No feeds yet. Add one below.
                  </Text>
                </Table.Td>
              </Table.Tr>
            )}
            {data.feeds.map((feed) => (
              <Table.Tr key={feed.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/connectors/${feed.id}`}>
                    {feed.name}
                  </Anchor>
                </Table.Td>
                <Table.Td>{feedKindLabels[feed.kind]}</Table.Td>
                <Table.Td>
                  <HealthBadge feed={feed} />
                </Table.Td>
                <Table.Td>
                  {feed.health.lastDeliveryAt ? formatAgo(feed.health.lastDeliveryAt, now) : "—"}
                </Table.Td>
                <Table.Td>{feed.health.eventsLastHour}</Table.Td>
                <Table.Td>
                  {feed.health.errorRate === null ? "—" : `${Math.round(feed.health.errorRate * 100)}%`}
                </Table.Td>
                <Table.Td>{feed.health.waiting}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <AddFeed onAdded={() => void reload()} />
      <CsvUpload />
    </Stack>
  );
}
