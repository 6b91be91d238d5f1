import { Alert, Anchor, Badge, Grid, Group, Stack, Text, Title } from "@mantine/core";
import { useHotkeys } from "@mantine/hooks";
import { useCallback, useEffect, useState } from "react";
import { Link, useNavigate, useParams, useSearchParams } from "react-router-dom";
import type { MessageView, RedraftRequest, ReviewItemDetail } from "../../../server/api/types.ts";
import { api, errorMessage } from "../api.ts";
import { ItemStatusBadge, PriorityBadge } from "../components/Badges.tsx";
import { DecisionPanel, TriagePanel } from "../components/DecisionPanel.tsx";
import { type Copies, DraftEditor } from "../components/DraftEditor.tsx";
import { ErrorAlert, PageLoader } from "../components/Feedback.tsx";
import { ForwardCard } from "../components/ForwardCard.tsx";
import { ItemActions, Presence } from "../components/ItemActions.tsx";
import { OrderPanel } from "../components/OrderPanel.tsx";
import { PastConversations } from "../components/PastConversations.tsx";
import { ShortcutsDialog } from "../components/ShortcutsDialog.tsx";
import { Thread } from "../components/Thread.tsx";
import { useMountedRef, usePolling } from "../hooks/usePolling.ts";
import { useReviewEvents } from "../hooks/useReviewEvents.ts";
import { can, useSession } from "../session.tsx";
import { formatDateTime, formatDue, sleep } from "../time.ts";
import { queueOrderKey } from "./QueuePage.tsx";

// After approval the send runs in the background; poll this often, this many times, for the reply to show.
const sendPollMs = 1_000;
const sendPollAttempts = 10;

function outboundCount(messages: MessageView[]): number {
  return messages.filter((message) => message.direction === "outbound").length;
}

function ItemHeader({ detail }: { detail: ReviewItemDetail }) {
  const { item } = detail;
  return (
    <Stack gap={4}>
      <Anchor component={Link} to="/" size="sm">
        ← Review queue
      </Anchor>
      <Group gap="sm" align="center">
        <Title order={2} style={{ overflowWrap: "anywhere" }}>
          {item.subject || "(no subject)"}
        </Title>
        <ItemStatusBadge status={item.status} />
        <PriorityBadge priority={item.priority} />
        {item.kind === "escalate" && <Badge color="red">escalated</Badge>}
      </Group>
      <Text size="sm" c="dimmed">
        From {item.customerName ? `${item.customerName} <${item.customerEmail}>` : item.customerEmail} · due{" "}
        {formatDateTime(item.dueAt)} ({formatDue(item.dueAt)}) ·{" "}
        <Anchor
          component={Link}
          to={`/conversations/${encodeURIComponent(item.conversationId)}`}
          size="sm"
          underline="always"
        >
          conversation
        </Anchor>
      </Text>
    </Stack>
  );
}

// The draft editor owns its state; the shortcuts drive it through its controls.
const focusEditor = () =>
  document.querySelector<HTMLTextAreaElement>('[data-testid="draft-editor"]')?.focus();
const startReject = () => {
  document.querySelector<HTMLButtonElement>('[data-testid="reject"]')?.click();
  setTimeout(() => document.querySelector<HTMLInputElement>('[data-testid="reject-reason"]')?.focus(), 50);
};

/** One review item: read the thread and the facts, then approve (possibly edited) or reject the reply. */
export function ReviewItemPage() {
  const { id = "" } = useParams();
  const { session } = useSession();
  const load = useCallback(() => api.getReviewItem(id), [id]);
  const { data, error, reload } = usePolling(load, null);
  const mounted = useMountedRef();
  const [busy, setBusy] = useState(false);
  // Cc and Bcc outlive a regenerated draft (the editor remounts for it), never the item (j/k moves on).
  const [copiesOf, setCopiesOf] = useState({ itemId: id, cc: "", bcc: "" });
  const copiesText = copiesOf.itemId === id ? copiesOf : { cc: "", bcc: "" };
  const setCopiesText = (copies: { cc: string; bcc: string }) => setCopiesOf({ itemId: id, ...copies });
  const [actionError, setActionError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [help, setHelp] = useState(false);
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const viewers = useReviewEvents(() => void reload(), id);

  // j/k walk the list the agent last saw on the queue page.
  const step = (delta: number) => {
    const order = JSON.parse(sessionStorage.getItem(queueOrderKey) ?? "[]") as string[];
    const next = order[order.indexOf(id) + delta];
    if (next) navigate(`/review/${encodeURIComponent(next)}`);
  };
  useHotkeys([
    ["j", () => step(1)],
    ["k", () => step(-1)],
    ["u", () => navigate("/")],
    ["a", () => document.querySelector<HTMLButtonElement>('[data-testid="approve"]')?.click()],
    ["e", focusEditor],
    ["r", startReject],
    ["shift+?", () => setHelp(true)],
  ]);
  const loaded = data !== null;
  useEffect(() => {
    if (!loaded) return;
    if (params.get("edit")) focusEditor();
    if (params.get("reject")) startReject();
  }, [loaded, params]);

  const waitForReply = async (outboundBefore: number) => {
    for (let attempt = 0; attempt < sendPollAttempts && mounted.current; attempt++) {
      await sleep(sendPollMs);
      const fresh = mounted.current ? await reload() : null;
      if (fresh && outboundCount(fresh.messages) > outboundBefore) {
        setNotice("Approved — the reply is in the thread.");
        return;
      }
    }
    if (mounted.current)
      setNotice("Approved. The reply is still on its way; it will show in the thread once sent.");
  };

  const approve = async (body: string | undefined, copies: Copies) => {
    if (!data) return;
    const outboundBefore = outboundCount(data.messages);
    setBusy(true);
    setActionError(null);
    try {
      const result = await api.approveReviewItem(id, {
        ...(body === undefined ? {} : { body }),
        ...(copies.cc.length > 0 ? { cc: copies.cc } : {}),
        ...(copies.bcc.length > 0 ? { bcc: copies.bcc } : {}),
      });
      if (result.send.status === "failed") {
        setActionError("Approved, but sending the reply failed. Check the conversation before retrying.");
        await reload();
        return;
      }
      setNotice("Approved — sending the reply…");
      await reload();
      await waitForReply(outboundBefore);
    } catch (failure) {
      setActionError(errorMessage(failure));
    } finally {
      if (mounted.current) setBusy(false);
    }
  };

  const redraft = async (request: RedraftRequest) => {
    setBusy(true);
    setActionError(null);
    try {
      const { draft } = await api.redraftReviewItem(id, request);
      setNotice(
        draft.body === data?.draft?.body
          ? "The reply came back unchanged: the offline engine follows Shorter, More formal, Apologise and Offer a replacement. Edit it yourself for anything else."
          : "Regenerated — the new version is in the reply box.",
      );
      await reload();
    } catch (failure) {
      setActionError(errorMessage(failure));
    } finally {
      if (mounted.current) setBusy(false);
    }
  };

  const reject = async (reason: string) => {
    setBusy(true);
    setActionError(null);
    try {
      await api.rejectReviewItem(id, { reason });
      await reload();
    } catch (failure) {
      setActionError(errorMessage(failure));
    } finally {
      if (mounted.current) setBusy(false);
    }
  };

  if (data === null) {
    return error ? <ErrorAlert message={error} title="Couldn't load this item" /> : <PageLoader />;
  }

  return (
    <Stack>
      <ItemHeader detail={data} />
      <Presence viewers={viewers} me={session?.user.id} />
      {error && <ErrorAlert message={error} title="Couldn't refresh this item" />}
      {actionError && <ErrorAlert message={actionError} />}
      {notice && (
        <Alert color="blue" variant="light">
          {notice}
        </Alert>
      )}
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack>
            <Title order={4}>Thread</Title>
            <Thread messages={data.messages} />
            <DraftEditor
              // A regenerated draft keeps its id; its new text arrives with a new updatedAt.
              key={data.draft ? `${data.draft.id}@${data.draft.updatedAt}` : "no-draft"}
              draft={data.draft}
              editable={data.item.status === "open" && can(session, "review")}
              busy={busy}
              onApprove={(body, copies) => void approve(body, copies)}
              onReject={(reason) => void reject(reason)}
              onRedraft={(request) => void redraft(request)}
              copiesText={copiesText}
              onCopiesText={setCopiesText}
            />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack>
            <ItemActions detail={data} me={session?.user.id} onDone={reload} />
            {can(session, "review") && <ForwardCard itemId={id} onDone={reload} />}
            <DecisionPanel decision={data.decision} />
            <TriagePanel triage={data.triage} />
            <OrderPanel orders={data.orders} />
            <PastConversations conversations={data.pastConversations} />
          </Stack>
        </Grid.Col>
      </Grid>
      <ShortcutsDialog opened={help} onClose={() => setHelp(false)} />
    </Stack>
  );
}
