import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { checkDraft } from "../../../agent/check.ts";
import {
  type Classification,
  type Intent,
  ModelUnavailableError,
  redraftPresets,
  type Sentiment,
} from "../../../agent/types.ts";
import { cleanBody } from "../../../agent/understand/clean.ts";
import { decisions, drafts, messages, reviewItems, triageResults } from "../../../db/schema/index.ts";
import { type AppContext, withTransaction } from "../../context.ts";
import { type Actor, recordAudit } from "../audit.ts";
import { ConflictError, InvalidInputError, NotFoundError, UnavailableError } from "../errors.ts";
import { emailColumns, emailForTriage } from "../triage/email-for-triage.ts";
import { lockOpenReviewItem } from "./open-item.ts";

/** How the reply should change: quick asks, the person's own words, or both (the route's body). */
export const redraftRequest = z
  .object({
    presets: z.array(z.enum(redraftPresets)).max(redraftPresets.length).default([]),
    /** The person's own words: "more formal", "mention the warehouse closes at 5". */
    instruction: z.string().trim().max(1000).optional(),
  })
  .refine((input) => input.presets.length > 0 || Boolean(input.instruction), {
    message: "say how the reply should change",
  });

export const redraftReviewItemInput = z.intersection(z.object({ itemId: z.uuid() }), redraftRequest);
export type RedraftReviewItemInput = z.input<typeof redraftReviewItemInput>;

/**
 * A person asks for another version of an open item's reply: the configured engine rewrites it from the
 * same email, facts and decision, following their instruction, and the draft's checks run again. The
 * generated draft stays in `originalBody` and the version replaced is in the audit entry, so the
 * before/after record of the approval still shows what the model first wrote.
 */
export async function redraftReviewItem(
  { ctx, actor }: { ctx: AppContext; actor: Actor },
  input: RedraftReviewItemInput,
): Promise<{ draftId: string }> {
  const { itemId, presets, instruction } = redraftReviewItemInput.parse(input);
  // Read without a lock: the model call can take seconds, and the item is checked again before writing.
  const source = await redraftSource(ctx, itemId);
  const { draft, email, classification, action } = source;
  const facts = await ctx.agent.facts({
    senderEmail: email.from.address,
    orderNumbers: source.orderNumbers,
  });
  let written: Awaited<ReturnType<typeof ctx.agent.model.draft>>;
  try {
    written = await ctx.agent.model.draft({
      email,
      classification,
      facts,
      tone: ctx.agent.tone,
      action,
      instruction: { presets, text: instruction ?? null, previous: draft.body },
    });
  } catch (error) {
    if (error instanceof ModelUnavailableError)
      throw new UnavailableError(`the model could not write a new version now (${error.message})`);
    throw error;
  }
  const checks = checkDraft(written, facts, `${email.subject}\n${email.text}`);

  await withTransaction(ctx.db, async (tx) => {
    const item = await lockOpenReviewItem(tx, itemId);
    if (item.draftId !== draft.id) throw new ConflictError("the item's draft changed meanwhile; reload it");
    await tx
      .update(drafts)
      .set({ body: written.body, language: written.language, checks, updatedAt: ctx.clock() })
      .where(eq(drafts.id, draft.id));
    // Touch the item so live viewers see the new version arrive.
    await tx.update(reviewItems).set({ updatedAt: sql`now()` }).where(eq(reviewItems.id, itemId));
    await recordAudit(tx, {
      actor,
      action: "review.redrafted",
      subjectType: "review_item",
      subjectId: itemId,
      data: {
        presets,
        instruction: instruction ?? null,
        engine: ctx.agent.model.name,
        before: draft.body,
        after: written.body,
        failedChecks: checks.filter((c) => !c.passed).map((c) => c.check),
      },
    });
  });
  return { draftId: draft.id };
}

/** What the draft was written from: the email as the agent read it, its classification and the decision. */
async function redraftSource(ctx: AppContext, itemId: string) {
  const [row] = await ctx.db
    .select({
      status: reviewItems.status,
      draft: { id: drafts.id, body: drafts.body },
      message: emailColumns,
      triage: {
        engine: triageResults.engine,
        intent: triageResults.intent,
        confidence: triageResults.confidence,
        language: triageResults.language,
        sentiment: triageResults.sentiment,
        orderNumbers: triageResults.orderNumbers,
      },
      action: decisions.action,
    })
    .from(reviewItems)
    .innerJoin(messages, eq(messages.id, reviewItems.messageId))
    .innerJoin(decisions, eq(decisions.id, reviewItems.decisionId))
    .leftJoin(drafts, eq(drafts.id, reviewItems.draftId))
    .leftJoin(triageResults, eq(triageResults.messageId, reviewItems.messageId))
    .where(eq(reviewItems.id, itemId));
  if (!row) throw new NotFoundError(`review item ${itemId} not found`);
  if (row.status !== "open") throw new ConflictError(`review item is already ${row.status}`);
  if (!row.draft)
    throw new InvalidInputError("this item has no draft to regenerate; write the reply instead");
  if (!row.triage)
    throw new InvalidInputError("this email was never understood by the model; write the reply");
  const { message, triage } = row;
  // The agent drafted from what the customer wrote this time and could see (as in the pipeline).
  const body = cleanBody(message.textBody, message.htmlBody);
  const classification: Classification = {
    intent: triage.intent as Intent,
    confidence: triage.confidence,
    language: triage.language,
    sentiment: triage.sentiment as Sentiment,
    engine: triage.engine,
  };
  return {
    draft: row.draft,
    action: row.action,
    classification,
    orderNumbers: triage.orderNumbers,
    email: { ...emailForTriage(message), text: body.text },
  };
}
