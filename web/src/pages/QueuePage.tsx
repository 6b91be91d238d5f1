import {
  Anchor,
  Badge,
  Button,
  Group,
  SegmentedControl,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useDebouncedValue, useHotkeys } from "@mantine/hooks";
import { useCallback, useEffect, useRef, useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router-dom";
import type { ReviewListItem, ReviewListResponse, ReviewView } from "../../../server/api/types.ts";
import { api, errorMessage } from "../api.ts";
import { PriorityBadge, TriageBadges } from "../components/Badges.tsx";
import { ErrorAlert, PageLoader } from "../components/Feedback.tsx";
import { ShortcutsDialog } from "../components/ShortcutsDialog.tsx";
import { usePolling } from "../hooks/usePolling.ts";
import { useReviewEvents } from "../hooks/useReviewEvents.ts";
import { formatDateTime, formatDue, isOverdue } from "../time.ts";

const views: { value: ReviewView; label: string }[] = [
  { value: "all", label: "All" },
  { value: "mine", label: "Mine" },
  { value: "unassigned", label: "Unassigned" },
  { value: "overdue", label: "Overdue" },
  { value: "escalated", label: "Escalated" },
  { value: "snoozed", label: "Snoozed" },
];
const filterKeys = ["view", "q", "intent", "language", "reason", "mailbox", "assignee"] as const;
/** The item page's j/k walk the list the agent last saw. */
export const queueOrderKey = "mailroom.queueOrder";
const pageSize = 50;
/** Rows in the page's first paint — about a screenful; the rest follow a frame later. */
const firstPaintRows = 15;

/** The list API's query for the filters in the address bar (the search as typed) and a page size. */
function listQuery(params: URLSearchParams, search: string, limit: number): Record<string, string> {
  const query: Record<string, string> = {};
  for (const key of filterKeys) {
    const value = key === "q" ? search : (params.get(key) ?? "");
    if (value !== "") query[key] = value;
  }
  return { ...query, limit: String(limit) };
}

/**
 * Opened at the queue's address, the first page is asked for as soon as this code runs — while the app is
 * still checking the session — and the page takes it instead of asking again (once, while fresh). A plain
 * fetch: if the session does not allow the queue, the answer is dropped and nothing else happens.
 */
let earlyFirstPage: { key: string; at: number; page: Promise<ReviewListResponse | null> } | null = null;
if (typeof window !== "undefined" && window.location.pathname === "/") {
  const params = new URLSearchParams(window.location.search);
  const query = listQuery(params, params.get("q") ?? "", pageSize);
  earlyFirstPage = {
    key: JSON.stringify(query),
    at: Date.now(),
    page: fetch(`/api/review?${new URLSearchParams(query).toString()}`, {
      headers: { accept: "application/json" },
    }).then(
      (response) => (response.ok ? (response.json() as Promise<ReviewListResponse>) : null),
      () => null,
    ),
  };
}

function takeEarlyFirstPage(query: Record<string, string>): Promise<ReviewListResponse | null> | null {
  const early = earlyFirstPage;
  earlyFirstPage = null;
  return early && early.key === JSON.stringify(query) && Date.now() - early.at < 10_000 ? early.page : null;
}

function QueueRow({
  item,
  now,
  selected,
  onSelect,
}: {
  item: ReviewListItem;
  now: number;
  selected: boolean;
  onSelect: () => void;
}) {
  const navigate = useNavigate();
  const ref = useRef<HTMLTableRowElement>(null);
  useEffect(() => {
    if (selected) ref.current?.scrollIntoView({ block: "nearest" });
  }, [selected]);
  const open = () => navigate(`/review/${encodeURIComponent(item.id)}`);
  return (
    <Table.Tr
      ref={ref}
      data-testid="review-row"
      data-selected={selected || undefined}
      aria-selected={selected}
      onClick={open}
      onFocus={onSelect}
      onKeyDown={(event) => {
        if (event.key === "Enter") open();
      }}
      tabIndex={0}
      style={{
        cursor: "pointer",
        // A bar and an outline, not a tint: a tinted row fails text contrast on the badges.
        boxShadow: selected ? "inset 4px 0 0 var(--mantine-color-blue-8)" : undefined,
        outline: selected ? "2px solid var(--mantine-color-blue-8)" : undefined,
        outlineOffset: -2,
      }}
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
          c="blue.9"
          tabIndex={-1}
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
        <Text size="sm">{item.assigneeName ?? "—"}</Text>
      </Table.Td>
      <Table.Td>
        <Text
          size="sm"
          c={isOverdue(item.dueAt, now) ? "red.8" : undefined}
          fw={isOverdue(item.dueAt, now) ? 600 : undefined}
          title={formatDateTime(item.dueAt)}
        >
          {formatDue(item.dueAt, now)}
        </Text>
      </Table.Td>
    </Table.Tr>
  );
}

/**
 * Open review items, soonest due first then most urgent (the API's order): views with counts, filters and
 * search in the address bar, keyboard-first (j/k, Enter, a, e, r, /, ?), refreshed live by server events.
 */
export function QueuePage() {
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const [search, setSearch] = useState(params.get("q") ?? "");
  const [debouncedSearch] = useDebouncedValue(search, 250);
  const [limit, setLimit] = useState(pageSize);
  const [selected, setSelected] = useState(0);
  const [help, setHelp] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);

  const queryKey = JSON.stringify(listQuery(params, debouncedSearch, limit));
  const load = useCallback(async () => {
    const query = JSON.parse(queryKey) as Record<string, string>;
    return (await takeEarlyFirstPage(query)) ?? api.listReviewItems(query);
  }, [queryKey]);
  const { data, error, reload } = usePolling(load, null);
  useReviewEvents(() => void reload());
  const items = data?.items ?? [];
  // Fifty rows of badges take a while to render; the first screenful shows first, the rest a frame later.
  const [shown, setShown] = useState(firstPaintRows);
  useEffect(() => {
    if (shown >= items.length) return;
    const frame = requestAnimationFrame(() => setShown(Number.POSITIVE_INFINITY));
    return () => cancelAnimationFrame(frame);
  }, [shown, items.length]);
  const now = Date.now();

  useEffect(() => {
    if (data) sessionStorage.setItem(queueOrderKey, JSON.stringify(data.items.map((i) => i.id)));
  }, [data]);
  useEffect(() => {
    setSelected((s) => Math.min(s, Math.max(0, items.length - 1)));
  }, [items.length]);

  const setParam = (key: (typeof filterKeys)[number], value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
    setSelected(0);
  };
  useEffect(() => {
    if ((params.get("q") ?? "") === debouncedSearch) return;
    const next = new URLSearchParams(params);
    if (debouncedSearch) next.set("q", debouncedSearch);
    else next.delete("q");
    setParams(next, { replace: true });
  }, [debouncedSearch, params, setParams]);

  const current = items[selected];
  const open = (edit = false) => {
    if (current) navigate(`/review/${encodeURIComponent(current.id)}${edit ? "?edit=1" : ""}`);
  };
  const approve = async () => {
    if (!current) return;
    setActionError(null);
    try {
      await api.approveReviewItem(current.id, {});
      await reload();
    } catch (failure) {
      setActionError(errorMessage(failure));
    }
  };
  useHotkeys([
    ["j", () => setSelected((s) => Math.min(s + 1, items.length - 1))],
    ["k", () => setSelected((s) => Math.max(s - 1, 0))],
    ["o", () => open()],
    ["Enter", () => open()],
    ["a", () => void approve()],
    ["e", () => open(true)],
    ["r", () => current && navigate(`/review/${encodeURIComponent(current.id)}?reject=1`)],
    ["/", () => searchRef.current?.focus()],
    ["shift+?", () => setHelp(true)],
  ]);

  const counts = data?.counts;
  const view = (params.get("view") as ReviewView | null) ?? "all";
  return (
    <Stack>
      <Group gap="sm" justify="space-between">
        <Group gap="sm">
          <Title order={2}>Review queue</Title>
          {counts && (
            <Badge data-testid="queue-count" size="lg" color="blue.8" circle={counts.all < 10}>
              {counts.all}
            </Badge>
          )}
        </Group>
        <Button variant="subtle" size="xs" onClick={() => setHelp(true)}>
          Shortcuts (?)
        </Button>
      </Group>
      <Group gap="sm" wrap="wrap">
        <SegmentedControl
          aria-label="Queue view"
          value={view}
          onChange={(value) => setParam("view", value === "all" ? null : value)}
          data={views.map((v) => ({
            value: v.value,
            label: counts ? `${v.label} ${counts[v.value]}` : v.label,
          }))}
        />
        <TextInput
          ref={searchRef}
          aria-label="Search the queue"
          placeholder="Search customer, order number, subject  ( / )"
          value={search}
          onChange={(event) => setSearch(event.currentTarget.value)}
          onKeyDown={(event) => {
            if (event.key === "Escape" || event.key === "Enter") event.currentTarget.blur();
          }}
          style={{ flex: 1, minWidth: 220 }}
        />
      </Group>
      {(["intent", "language", "reason", "mailbox", "assignee"] as const).some((k) => params.get(k)) && (
        <Group gap={4}>
          {(["intent", "language", "reason", "mailbox", "assignee"] as const).map((key) => {
            const value = params.get(key);
            return value ? (
              <Button key={key} size="compact-xs" variant="light" onClick={() => setParam(key, null)}>
                {key}: {value} ✕
              </Button>
            ) : null;
          })}
        </Group>
      )}
      {error && <ErrorAlert message={error} title="Couldn't load the queue" />}
      {actionError && <ErrorAlert message={actionError} />}
      {data === null && error === null && <PageLoader />}
      {data && items.length === 0 && (
        <Text c="dimmed">Nothing waiting for review here. Mailroom is handling the inbox on its own.</Text>
      )}
      {data && items.length > 0 && (
        <Table.ScrollContainer minWidth={800} type="native">
          <Table highlightOnHover verticalSpacing="sm" aria-label="Review items">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Priority</Table.Th>
                <Table.Th>Subject</Table.Th>
                <Table.Th>Customer</Table.Th>
                <Table.Th>Intent</Table.Th>
                <Table.Th>Why it's here</Table.Th>
                <Table.Th>Assignee</Table.Th>
                <Table.Th>Due</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.slice(0, shown).map((item, index) => (
                <QueueRow
                  key={item.id}
                  item={item}
                  now={now}
                  selected={index === selected}
                  onSelect={() => setSelected(index)}
                />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {data?.hasMore && (
        <Button variant="default" onClick={() => setLimit((l) => Math.min(l + pageSize, 500))}>
          Show more
        </Button>
      )}
      <ShortcutsDialog opened={help} onClose={() => setHelp(false)} />
    </Stack>
  );
}
