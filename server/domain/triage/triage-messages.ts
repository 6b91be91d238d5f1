import { randomUUID } from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import { type TriageOutcome, triageEmail } from "../../../agent/pipeline.ts";
import type { Decision } from "../../../agent/types.ts";
import type { Executor } from "../../../db/client.ts";
import {
  conversations,
  decisions,
  drafts,
  messages,
  reviewItems,
  sends,
  triageResults,
} from "../../../db/schema/index.ts";
import type { HandledState } from "../../../integrations/mail/types.ts";
import { type AppContext, withTransaction } from "../../context.ts";
import { enqueueSend } from "../../jobs/enqueue.ts";
import { recordAudit } from "../audit.ts";
import { NotFoundError } from "../errors.ts";
import { newMessageId } from "../mail/message-id.ts";
import { mailProviderFor } from "../mail/providers.ts";
import { emailColumns, emailForTriage } from "./email-for-triage.ts";

/** How long a person has to answer, by how the item came to them. */
const slaHours = { escalate: 2, review: 8 } as const;

/**
 * Emails of one batch the agent works on at once: the whole batch, so their look-ups gather into one
 * (agent/lookup.ts, batchedFactsSource) and their model calls overlap.
 */
const agentConcurrency = 25;

type Action = TriageOutcome["decision"]["action"];

export interface TriageMessageResult {
  messageId: string;
  action: Action | "already_triaged";
  sendId: string | null;
  reviewItemId: string | null;
}

/**
 * Run stored inbound messages through the agent and record everything it concluded: for each, the
 * triage result, the decision with its reasons and facts, the draft, and either a review item or an
 * outbox row. A batch (one sync page's new mail) is recorded in one transaction of a few statements.
 *
 * Idempotent: a message already triaged is left as it is, so a retried job ends in the same state.
 * An email the agent fails on stays `received` and the error is rethrown after the others are
 * recorded, so the retry redoes only that one.
 */
export async function triageMessages(ctx: AppContext, messageIds: string[]): Promise<TriageMessageResult[]> {
  const loaded = await loadMessages(ctx.db, messageIds);
  if (messageIds.length === 1 && loaded.length === 0)
    throw new NotFoundError(`message ${messageIds[0]} not found`);
  const waiting = loaded.filter((m) => m.status === "received");
  const settled = await mapConcurrently(waiting, agentConcurrency, (m) =>
    triageEmail(ctx.agent, emailForTriage(m)),
  );
  const failures = settled.flatMap((s) => (s.ok ? [] : [s.error]));
  const triaged = waiting.flatMap((message, i) => {
    const s = settled[i];
    return s?.ok ? [{ message, outcome: s.value }] : [];
  });

  const recorded = triaged.length > 0 ? await record(ctx, triaged) : [];
  const byId = new Map(recorded.map((r) => [r.messageId, r]));
  await enqueueSend(
    ctx,
    recorded.flatMap((r) => (r.sendId ? [r.sendId] : [])),
  );
  await labelInMailboxes(ctx, triaged, byId);

  if (failures.length > 0) throw failures[0];
  return messageIds.map(
    (id) => byId.get(id) ?? { messageId: id, action: "already_triaged", sendId: null, reviewItemId: null },
  );
}

/** One message; the same path as a batch of one. */
export async function triageMessage(ctx: AppContext, messageId: string): Promise<TriageMessageResult> {
  const [result] = await triageMessages(ctx, [messageId]);
  if (!result) throw new Error("triage returned nothing");
  return result;
}

type LoadedMessage = Awaited<ReturnType<typeof loadMessages>>[number];

async function loadMessages(db: Executor, ids: string[]) {
  const rows = await db
    .select({
      id: messages.id,
      status: messages.status,
      mailboxId: messages.mailboxId,
      conversationId: messages.conversationId,
      providerMessageId: messages.providerMessageId,
      ...emailColumns,
    })
    .from(messages)
    .where(inArray(messages.id, ids));
  // Oldest first (ties in the order asked, which is the mailbox's): a conversation's later message is
  // decided knowing what happened to the earlier one.
  const asked = new Map(ids.map((id, i) => [id, i]));
  return rows.sort(
    (a, b) =>
      a.receivedAt.getTime() - b.receivedAt.getTime() || (asked.get(a.id) ?? 0) - (asked.get(b.id) ?? 0),
  );
}

interface Triaged {
  message: LoadedMessage;
  outcome: TriageOutcome;
}

async function record(ctx: AppContext, triaged: Triaged[]): Promise<TriageMessageResult[]> {
  const now = ctx.clock();
  // Read before the transaction: PGlite has one connection, which the transaction holds.
  const addressOf = new Map<string, string>();
  for (const mailboxId of new Set(triaged.map((t) => t.message.mailboxId)))
    addressOf.set(mailboxId, (await mailProviderFor(ctx, mailboxId)).mailbox.address);
  return withTransaction(ctx.db, async (tx) => {
    // Claim the messages: only one triage of each ever records a decision.
    const claimed = new Set(
      (
        await tx
          .update(messages)
          .set({ status: "triaged" })
          .where(
            and(
              inArray(
                messages.id,
                triaged.map((t) => t.message.id),
              ),
              eq(messages.status, "received"),
            ),
          )
          .returning({ id: messages.id })
      ).map((r) => r.id),
    );
    const mine = triaged.filter((t) => claimed.has(t.message.id));
    if (mine.length === 0) return [];

    const plans = await plan(tx, mine);

    const classified = plans.filter((p) => p.outcome.classification);
    if (classified.length > 0)
      await tx.insert(triageResults).values(
        classified.map(({ message, outcome }) => {
          const c = outcome.classification as NonNullable<TriageOutcome["classification"]>;
          return {
            messageId: message.id,
            engine: c.engine,
            intent: c.intent,
            confidence: c.confidence,
            language: c.language,
            sentiment: c.sentiment,
            orderNumbers: outcome.entities.orderNumbers,
            trackingNumbers: outcome.entities.trackingNumbers,
            usage: billOf(outcome),
          };
        }),
      );
    await tx.insert(decisions).values(
      plans.map(({ message, outcome, decision, decisionId }) => ({
        id: decisionId,
        messageId: message.id,
        action: decision.action,
        reasons: decision.reasons,
        facts: {
          screen: outcome.screen,
          entities: outcome.entities,
          classification: outcome.classification,
          facts: outcome.facts,
          checks: outcome.checks,
        },
      })),
    );
    const drafted = plans.filter((p) => p.draftId);
    if (drafted.length > 0)
      await tx.insert(drafts).values(
        drafted.map(({ message, outcome, decision, draftId }) => {
          const draft = outcome.draft as NonNullable<TriageOutcome["draft"]>;
          return {
            id: draftId as string,
            conversationId: message.conversationId,
            replyToMessageId: message.id,
            subject: draft.subject,
            body: draft.body,
            originalBody: draft.body,
            language: draft.language,
            checks: outcome.checks,
            status: decision.action === "auto_send" ? ("approved" as const) : ("proposed" as const),
          };
        }),
      );
    const sending = plans.filter((p) => p.sendId);
    if (sending.length > 0)
      await tx.insert(sends).values(
        sending.map(({ message, draftId, sendId }) => ({
          id: sendId as string,
          idempotencyKey: `reply-${draftId}`,
          mailboxId: message.mailboxId,
          conversationId: message.conversationId,
          draftId,
          kind: "auto_reply" as const,
          rfcMessageId: newMessageId(addressOf.get(message.mailboxId) ?? ""),
        })),
      );
    const reviewing = plans.filter((p) => p.reviewItemId);
    if (reviewing.length > 0) {
      // The newest message carries the conversation: an older open item for it is folded into the new one.
      await tx
        .update(reviewItems)
        .set({ status: "closed", resolvedAt: now, resolution: "superseded by a newer message" })
        .where(
          and(
            inArray(reviewItems.conversationId, [...new Set(reviewing.map((p) => p.message.conversationId))]),
            eq(reviewItems.status, "open"),
          ),
        );
      await tx.insert(reviewItems).values(
        reviewing.map(({ message, decision, decisionId, draftId, reviewItemId, superseded }) => {
          const kind = decision.action as "review" | "escalate";
          return {
            id: reviewItemId as string,
            conversationId: message.conversationId,
            messageId: message.id,
            decisionId,
            draftId,
            kind,
            summary: decision.reasons[0]?.detail ?? "needs a person",
            priority: kind === "escalate" ? ("urgent" as const) : ("normal" as const),
            dueAt: new Date(now.getTime() + slaHours[kind] * 3_600_000),
            ...(superseded
              ? { status: "closed" as const, resolvedAt: now, resolution: "superseded by a newer message" }
              : {}),
          };
        }),
      );
    }
    // A conversation's status follows its newest message's decision.
    const statusOf = new Map(
      plans.map((p) => [p.message.conversationId, conversationStatus(p.decision.action)]),
    );
    const cases = [...statusOf].map(([id, status]) => sql`when ${id}::uuid then ${status}`);
    await tx
      .update(conversations)
      .set({ status: sql`(case ${conversations.id} ${sql.join(cases, sql` `)} end)` })
      .where(inArray(conversations.id, [...statusOf.keys()]));
    await recordAudit(
      tx,
      plans.map(({ message, outcome, decision }) => ({
        actor: { type: "system" as const, name: `triage:${outcome.classification?.engine ?? "screen"}` },
        action: `decision.${decision.action}`,
        subjectType: "message",
        subjectId: message.id,
        reason: decision.reasons.map((r) => r.rule).join(", "),
        data: { reasons: decision.reasons },
      })),
    );
    return plans.map((p) => ({
      messageId: p.message.id,
      action: p.decision.action,
      sendId: p.sendId,
      reviewItemId: p.reviewItemId,
    }));
  });
}

interface Plan extends Triaged {
  decision: Decision;
  decisionId: string;
  draftId: string | null;
  sendId: string | null;
  reviewItemId: string | null;
  /** A later message of the same conversation in this batch took over its review item. */
  superseded: boolean;
}

/**
 * The rows each message will produce, with their ids, deciding in receive order so that a
 * conversation's later message sees its earlier one's review item (DESIGN.md: a person already
 * handling a conversation gets its follow-ups too).
 */
async function plan(tx: Executor, triaged: Triaged[]): Promise<Plan[]> {
  const conversationIds = [...new Set(triaged.map((t) => t.message.conversationId))];
  const [openItems, autoAnswered] = await Promise.all([
    tx
      .select({ conversationId: reviewItems.conversationId })
      .from(reviewItems)
      .where(and(inArray(reviewItems.conversationId, conversationIds), eq(reviewItems.status, "open"))),
    tx
      .select({ conversationId: sends.conversationId })
      .from(sends)
      .where(and(inArray(sends.conversationId, conversationIds), eq(sends.kind, "auto_reply"))),
  ]);
  const inReview = new Set(openItems.map((r) => r.conversationId));
  const answered = new Set(autoAnswered.map((r) => r.conversationId));
  const latestItem = new Map<string, Plan>();
  return triaged.map((t) => {
    const conversation = t.message.conversationId;
    const decision = handOverFollowUps(t.outcome.decision, {
      inReview: inReview.has(conversation),
      autoAnswered: answered.has(conversation),
    });
    const action = decision.action;
    const draftId = t.outcome.draft && action !== "ignore" ? randomUUID() : null;
    const toPerson = action === "review" || action === "escalate";
    const p: Plan = {
      ...t,
      decision,
      decisionId: randomUUID(),
      draftId,
      sendId: action === "auto_send" && draftId ? randomUUID() : null,
      reviewItemId: toPerson ? randomUUID() : null,
      superseded: false,
    };
    if (p.sendId) answered.add(conversation);
    if (toPerson) {
      const earlier = latestItem.get(conversation);
      if (earlier) earlier.superseded = true;
      latestItem.set(conversation, p);
      inReview.add(conversation);
    }
    return p;
  });
}

/**
 * Follow-ups go to a person, never answered automatically: when a person already has the conversation
 * in the queue, and when the customer writes again after an automatic answer (the answer did not settle
 * it — a repeat contact).
 */
function handOverFollowUps(
  decision: Decision,
  conversation: { inReview: boolean; autoAnswered: boolean },
): Decision {
  if (decision.action !== "auto_send") return decision;
  const reason = conversation.inReview
    ? { rule: "conversation.open_review", detail: "a person is already handling this conversation" }
    : conversation.autoAnswered
      ? {
          rule: "conversation.repeat_contact",
          detail: "the customer wrote again after an automatic answer",
        }
      : null;
  return reason ? { action: "review", reasons: [reason, ...decision.reasons] } : decision;
}

/** What the hosted model's calls for this email used and cost, summed; null for the local engine. */
function billOf(outcome: TriageOutcome): Record<string, number> | null {
  const parts = [outcome.classification?.usage, outcome.draft?.usage].filter((u) => u !== undefined);
  if (parts.length === 0) return null;
  const sum = (key: "inputTokens" | "cacheReadTokens" | "cacheWriteTokens" | "outputTokens" | "costUsd") =>
    parts.reduce((total, u) => total + u[key], 0);
  return {
    inputTokens: sum("inputTokens"),
    cacheReadTokens: sum("cacheReadTokens"),
    cacheWriteTokens: sum("cacheWriteTokens"),
    outputTokens: sum("outputTokens"),
    costUsd: sum("costUsd"),
  };
}

function conversationStatus(action: Action) {
  if (action === "ignore") return "ignored" as const;
  if (action === "auto_send") return "open" as const;
  return "waiting_review" as const;
}

/** Best effort: labels are for people who still open the mailbox; Mailroom's state is in Postgres. */
async function labelInMailboxes(
  ctx: AppContext,
  triaged: Triaged[],
  results: Map<string, TriageMessageResult>,
): Promise<void> {
  const groups = new Map<string, { mailboxId: string; state: HandledState; ids: string[] }>();
  for (const { message } of triaged) {
    const result = results.get(message.id);
    if (!result || result.action === "already_triaged") continue;
    const state: HandledState =
      result.action === "ignore"
        ? "ignored"
        : result.action === "auto_send"
          ? "auto_replied"
          : "needs_review";
    const key = `${message.mailboxId}/${state}`;
    const group = groups.get(key) ?? { mailboxId: message.mailboxId, state, ids: [] };
    group.ids.push(message.providerMessageId);
    groups.set(key, group);
  }
  for (const { mailboxId, state, ids } of groups.values()) {
    try {
      const { provider } = await mailProviderFor(ctx, mailboxId);
      await provider.markHandled(ids, state);
    } catch (error) {
      ctx.logger.warn({ err: error, mailboxId }, "could not label messages in their mailbox");
    }
  }
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

async function mapConcurrently<T, R>(
  items: T[],
  concurrency: number,
  fn: (item: T) => Promise<R>,
): Promise<Settled<R>[]> {
  const out: Settled<R>[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      try {
        out[i] = { ok: true, value: await fn(items[i] as T) };
      } catch (error) {
        out[i] = { ok: false, error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
  return out;
}
