import type { ConversationListItem } from "../../server/api/types.ts";
import { api } from "./api.ts";
import type { ComposeOutcome } from "./components/ComposeResult.tsx";

/** Each conversation's lastMessageAt before sending, so the one our email lands in can be told apart. */
export type ConversationSnapshot = Map<string, string>;

// Without a snapshot, fall back to timestamps; allow for the browser's clock differing from the server's.
const clockSlackMs = 2 * 60_000;

export async function snapshotConversations(): Promise<ConversationSnapshot | null> {
  try {
    const { conversations } = await api.listConversations();
    return new Map(conversations.map((conversation) => [conversation.id, conversation.lastMessageAt]));
  } catch {
    return null;
  }
}

function sameAddress(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

function changedSince(
  conversation: ConversationListItem,
  snapshot: ConversationSnapshot | null,
  sentAt: number,
): boolean {
  if (snapshot) return snapshot.get(conversation.id) !== conversation.lastMessageAt;
  return Date.parse(conversation.lastMessageAt) >= sentAt - clockSlackMs;
}

/**
 * One look for the test email: the sandbox answers with provider ids only, so find the sender's
 * conversation that changed since sending, then the decision on its latest inbound message from them.
 * Returns null while the email hasn't landed in a conversation.
 */
export async function lookForTestEmail(
  from: string,
  snapshot: ConversationSnapshot | null,
  sentAt: number,
): Promise<Omit<ComposeOutcome, "phase"> | null> {
  const { conversations } = await api.listConversations();
  const landed = conversations
    .filter((c) => sameAddress(c.customerEmail, from) && changedSince(c, snapshot, sentAt))
    .sort((a, b) => Date.parse(b.lastMessageAt) - Date.parse(a.lastMessageAt))[0];
  if (!landed) return null;

  const detail = await api.getConversation(landed.id);
  const latestInbound = detail.messages
    .filter((message) => message.direction === "inbound" && sameAddress(message.from, from))
    .sort((a, b) => Date.parse(b.at) - Date.parse(a.at))[0];
  const decision = latestInbound
    ? (detail.decisions.find((candidate) => candidate.messageId === latestInbound.id) ?? null)
    : null;
  return {
    conversationId: landed.id,
    reviewItemId: detail.reviewItemId ?? landed.reviewItemId,
    decision,
  };
}
