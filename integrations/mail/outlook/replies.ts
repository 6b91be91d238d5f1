import { z } from "zod";
import type { OutgoingReply } from "../types.ts";
import type { CallGraph } from "./client.ts";
import { ProviderRequestError, ProviderUnavailableError } from "./errors.ts";

const dayMs = 24 * 60 * 60 * 1000;

/**
 * Graph assigns the Message-ID itself, so our `rfcMessageId` travels in this header and `findSent` looks for
 * it there. TODO: a single-value extended property (filterable on Sent Items) once the emulator takes one.
 */
export const sendHeader = "X-Mailroom-Send";

/** Sent Items listed per page while looking for one of our sends. */
const sentPage = 50;
const maxSentPages = 10;

const Identified = z.looseObject({ id: z.string().min(1) });
const Listed = z.object({
  value: z.array(
    z.looseObject({
      id: z.string().min(1),
      internetMessageHeaders: z.array(z.object({ name: z.string(), value: z.string() })).nullish(),
    }),
  ),
  "@odata.nextLink": z.url().optional(),
});

/**
 * Replies the Exchange way (PROVIDERS.md: createReply → PATCH → send), so Outlook threads them and writes
 * In-Reply-To / References itself. A reply to a message no longer in the mailbox goes out as a new message.
 */
export class Replies {
  constructor(
    private readonly call: CallGraph,
    private readonly userPath: string,
    private readonly sentLookbackDays: number,
    private readonly clock: () => Date,
  ) {}

  async send(reply: OutgoingReply): Promise<{ providerMessageId: string }> {
    const original = reply.inReplyTo ? await this.findByInternetMessageId(reply.inReplyTo) : null;
    const created = original
      ? await this.call("createReply", (api) =>
          api.request(`${this.userPath}/messages/${encodeURIComponent(original)}/createReply`).post({}),
        )
      : await this.call("createDraft", (api) => api.request(`${this.userPath}/messages`).post({}));
    const draft = Identified.safeParse(created);
    if (!draft.success)
      throw new ProviderUnavailableError("outlook createReply: answered without a draft id");
    const draftPath = `${this.userPath}/messages/${encodeURIComponent(draft.data.id)}`;
    try {
      await this.call("draft.update", (api) => api.request(draftPath).patch(draftChange(reply)));
    } catch (error) {
      // Nothing went out: don't leave a half-written draft for people to send by hand.
      await this.call("draft.delete", (api) => api.request(draftPath).delete()).catch(() => undefined);
      throw error;
    }
    await this.call("draft.send", (api) => api.request(`${draftPath}/send`).post({}));
    // An immutable id is kept when the draft moves to Sent Items (outlook-immutable-id).
    return { providerMessageId: draft.data.id };
  }

  /**
   * Our sent message, by the header it carries. `internetMessageHeaders` can't be filtered on, so recent
   * Sent Items (by `receivedDateTime`, which Exchange sets at send) are read page by page.
   */
  async findSent(rfcMessageId: string): Promise<{ providerMessageId: string } | null> {
    const wanted = bare(rfcMessageId);
    const since = new Date(this.clock().getTime() - this.sentLookbackDays * dayMs).toISOString();
    let link: string | undefined =
      `${this.userPath}/mailFolders/sentitems/messages?$select=id,internetMessageHeaders` +
      `&$filter=receivedDateTime ge ${since}&$top=${sentPage}`;
    for (let page = 0; link && page < maxSentPages; page++) {
      const current: string = link;
      const parsed = Listed.safeParse(await this.call("sentitems.list", (api) => api.request(current).get()));
      if (!parsed.success)
        throw new ProviderUnavailableError("outlook sentitems.list: answered an unreadable page");
      const found = parsed.data.value.find((message) =>
        (message.internetMessageHeaders ?? []).some(
          (header) => header.name.toLowerCase() === sendHeader.toLowerCase() && bare(header.value) === wanted,
        ),
      );
      if (found) return { providerMessageId: found.id };
      link = parsed.data["@odata.nextLink"];
    }
    return null;
  }

  private async findByInternetMessageId(internetMessageId: string): Promise<string | null> {
    const quoted = internetMessageId.trim().replace(/'/g, "''");
    const answer = await this.call("messages.find", (api) =>
      api
        .request(`${this.userPath}/messages`)
        .filter(`internetMessageId eq '${quoted}'`)
        .select("id")
        .top(1)
        .get(),
    );
    const listed = z.object({ value: z.array(Identified) }).safeParse(answer);
    if (!listed.success)
      throw new ProviderUnavailableError("outlook messages.find: answered an unreadable list");
    return listed.data.value[0]?.id ?? null;
  }
}

/**
 * The draft's content. Graph takes only `X-` headers on a message (400 `InvalidInternetMessageHeader`), so
 * `Auto-Submitted` (RFC 3834) cannot be sent: `X-Auto-Response-Suppress: All` keeps Exchange recipients'
 * out-of-office and other auto-replies away instead; other non-`X-` headers are dropped.
 */
export function draftChange(reply: OutgoingReply): Record<string, unknown> {
  const headers = Object.entries(reply.headers)
    .filter(([name]) => /^x-/i.test(name) && name.toLowerCase() !== sendHeader.toLowerCase())
    .map(([name, value]) => ({ name, value }));
  const autoSubmitted = Object.keys(reply.headers).some((name) => name.toLowerCase() === "auto-submitted");
  if (autoSubmitted && !headers.some((header) => header.name.toLowerCase() === "x-auto-response-suppress"))
    headers.push({ name: "X-Auto-Response-Suppress", value: "All" });
  headers.push({ name: sendHeader, value: reply.rfcMessageId });
  return {
    subject: reply.subject,
    body: reply.html
      ? { contentType: "html", content: reply.html }
      : { contentType: "text", content: reply.text },
    from: { emailAddress: { address: reply.from.address, name: reply.from.name } },
    toRecipients: reply.to.map(recipient),
    ccRecipients: reply.cc.map(recipient),
    bccRecipients: reply.bcc.map(recipient),
    internetMessageHeaders: headers,
  };
}

/** `Name <address>` or a bare address. */
function recipient(value: string): { emailAddress: { address: string; name?: string } } {
  const named = /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(value);
  if (!named) return { emailAddress: { address: value.trim() } };
  const name = named[1]?.trim();
  return { emailAddress: { address: (named[2] ?? "").trim(), ...(name ? { name } : {}) } };
}

function bare(messageId: string): string {
  return messageId.trim().replace(/^<|>$/g, "");
}

export function isNotFound(error: unknown): boolean {
  return error instanceof ProviderRequestError && error.status === 404;
}
