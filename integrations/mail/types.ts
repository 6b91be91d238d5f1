/**
 * The port every mailbox adapter implements (DESIGN.md: `MailProvider`). Gmail, Outlook and the sandbox
 * stand behind it; the sync and send jobs know nothing else about a provider.
 */

export interface ChangedMessage {
  providerMessageId: string;
  threadId: string;
}

export interface ChangePage {
  messages: ChangedMessage[];
  /** Where the next call starts; store it only after the page's messages are stored. */
  nextCursor: string;
  hasMore: boolean;
}

export interface ProviderMessage {
  providerMessageId: string;
  threadId: string;
  /** The full RFC 5322 message as bytes (Gmail format=raw, Graph $value). */
  raw: Buffer;
}

export interface OutgoingReply {
  threadId: string | null;
  from: { address: string; name: string };
  to: string[];
  cc: string[];
  /** Blind copies: delivered, never shown to the other recipients. */
  bcc: string[];
  subject: string;
  text: string;
  /** The same message as HTML (signature and quoted history included), sent as multipart/alternative. */
  html: string | null;
  /** The Message-ID we assign, so an ambiguous failure can be checked with `findSent`. */
  rfcMessageId: string;
  inReplyTo: string | null;
  references: string[];
  /** Extra headers, e.g. `Auto-Submitted: auto-replied` (RFC 3834). */
  headers: Record<string, string>;
}

export type HandledState = "auto_replied" | "needs_review" | "ignored";

export interface MailProvider {
  readonly kind: "sandbox" | "gmail" | "outlook";
  /** Messages that arrived in the inbox since `cursor` (null: from the start). */
  listChanges(cursor: string | null, limit: number): Promise<ChangePage>;
  /** The messages' full MIME, in the order asked; a message deleted since it was listed is left out. */
  getMessages(providerMessageIds: string[]): Promise<ProviderMessage[]>;
  sendReply(reply: OutgoingReply): Promise<{ providerMessageId: string }>;
  /** A message we sent earlier, found by the Message-ID we gave it; null when it never went out. */
  findSent(rfcMessageId: string): Promise<{ providerMessageId: string } | null>;
  /** Show Mailroom's verdict to people who still open the mailbox (labels / categories). */
  markHandled(providerMessageIds: string[], state: HandledState): Promise<void>;
}
