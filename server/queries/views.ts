import { asc, desc, eq, inArray } from "drizzle-orm";
import { deliveryStanding } from "../../agent/lookup.ts";
import type { Executor } from "../../db/client.ts";
import { orderDetails } from "../../db/queries/orders.ts";
import { messageAttachments, messages, orders, sends } from "../../db/schema/index.ts";
import type { LatenessRules } from "../../integrations/commerce/lateness.ts";
import type { AttachmentView, MessageView, OrderView } from "../api/types.ts";
import { displayHtml } from "./message-html.ts";

/** A conversation's messages, oldest first, as the UI shows them. */
export async function conversationMessages(db: Executor, conversationId: string): Promise<MessageView[]> {
  const rows = await db
    .select({
      id: messages.id,
      direction: messages.direction,
      status: messages.status,
      from: messages.fromAddress,
      fromName: messages.fromName,
      to: messages.toAddresses,
      cc: messages.ccAddresses,
      bcc: messages.bccAddresses,
      subject: messages.subject,
      text: messages.textBody,
      htmlBody: messages.htmlBody,
      at: messages.receivedAt,
      rfcMessageId: messages.rfcMessageId,
    })
    .from(messages)
    .where(eq(messages.conversationId, conversationId))
    .orderBy(asc(messages.receivedAt));
  const outboundIds = rows.filter((r) => r.direction === "outbound").map((r) => r.rfcMessageId ?? "");
  const sendKinds =
    outboundIds.length > 0
      ? await db
          .select({ rfcMessageId: sends.rfcMessageId, kind: sends.kind })
          .from(sends)
          .where(inArray(sends.rfcMessageId, outboundIds))
      : [];
  const attachments = await messageAttachmentViews(
    db,
    rows.map((r) => r.id),
  );
  return rows.map(({ rfcMessageId, at, htmlBody, ...m }) => {
    const kind = sendKinds.find((s) => s.rfcMessageId === rfcMessageId)?.kind;
    const shown = htmlBody ? displayHtml(htmlBody) : null;
    return {
      ...m,
      html: shown?.html ?? null,
      remoteImages: shown?.remoteImages ?? 0,
      at: at.toISOString(),
      sentBy: m.direction === "inbound" ? null : kind === "auto_reply" ? "auto" : "person",
      attachments: attachments.get(m.id) ?? [],
    };
  });
}

/** Each message's attachments in MIME order (metadata only; the content is downloaded on its own). */
async function messageAttachmentViews(
  db: Executor,
  messageIds: string[],
): Promise<Map<string, AttachmentView[]>> {
  const byMessage = new Map<string, AttachmentView[]>();
  if (messageIds.length === 0) return byMessage;
  const rows = await db
    .select({
      id: messageAttachments.id,
      messageId: messageAttachments.messageId,
      filename: messageAttachments.filename,
      contentType: messageAttachments.contentType,
      size: messageAttachments.size,
      inline: messageAttachments.inline,
      omitted: messageAttachments.omitted,
    })
    .from(messageAttachments)
    .where(inArray(messageAttachments.messageId, messageIds))
    .orderBy(asc(messageAttachments.position));
  for (const { messageId, ...view } of rows)
    byMessage.set(messageId, [...(byMessage.get(messageId) ?? []), view]);
  return byMessage;
}

/** The customer's orders with lines, shipments and events — the panel beside an email. */
export async function customerOrders(
  db: Executor,
  email: string,
  now: Date,
  lateness: LatenessRules,
  limit = 10,
): Promise<OrderView[]> {
  const orderRows = await db
    .select({ id: orders.id })
    .from(orders)
    .where(eq(orders.email, email.toLowerCase()))
    .orderBy(desc(orders.placedAt))
    .limit(limit);
  return orderViews(
    db,
    orderRows.map((o) => o.id),
    now,
    lateness,
  );
}

/**
 * Orders by id with lines, shipments and events, as the order panel shows them; each parcel's standing
 * by the deployment's lateness rules, as the policy judges it.
 */
export async function orderViews(
  db: Executor,
  orderIds: string[],
  now: Date,
  lateness: LatenessRules,
): Promise<OrderView[]> {
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  const details = await orderDetails(db, orderIds, { withReturns: true });
  return details.map(({ order: o, lines, shipments: sent, returns }) => ({
    number: o.number,
    status: o.status,
    placedAt: o.placedAt.toISOString(),
    total: o.total,
    currency: o.currency,
    lines: lines.map(({ sku, title, quantity }) => ({ sku, title, quantity })),
    shipments: sent.map(({ shipment: s, events }) => ({
      carrier: s.carrier,
      trackingNumber: s.trackingNumber,
      trackingUrl: s.trackingUrl,
      state: s.state,
      ...standingOf(s, now, lateness),
      estimatedDeliveryAt: iso(s.estimatedDeliveryAt),
      deliveredAt: iso(s.deliveredAt),
      events: events.map((e) => ({
        state: e.state,
        description: e.description,
        location: e.location,
        occurredAt: e.occurredAt.toISOString(),
      })),
    })),
    returns: returns.map((r) => ({
      rmaNumber: r.rmaNumber,
      status: r.status,
      reason: r.reason,
      updatedAt: (r.sourceUpdatedAt ?? r.updatedAt).toISOString(),
    })),
  }));
}

/** The same standing the policy decides on, so the panel and the decision never disagree. */
function standingOf(shipment: Parameters<typeof deliveryStanding>[0], now: Date, lateness: LatenessRules) {
  const { standing, reason } = deliveryStanding(shipment, now, lateness);
  return { standing, standingReason: reason };
}
