import type { EmailForTriage } from "./types.ts";

export interface ScreenVerdict {
  isCustomer: boolean;
  /** Rule id and what it saw, when the email is not a customer's. */
  rule: string | null;
  detail: string | null;
  kind: "auto_reply" | "bounce" | "marketing" | "own" | "no_reply" | null;
}

const customer: ScreenVerdict = { isCustomer: true, rule: null, detail: null, kind: null };

const noReplySender =
  /^(mailer-daemon|postmaster|no-?reply|do-?not-?reply|bounces?|notifications?)([+.-].*)?@/i;
const autoReplySubject =
  /^(out of (the )?office|automatic reply|auto(matic)?[- ]?reply|autoreply|abwesenheit|absence|răspuns automat|自动回复|自動回覆|vacation)/i;

/**
 * Recognise mail that is not a customer writing to us, from headers alone, before any model runs.
 * RFC 3834 §5 (Auto-Submitted), RFC 3464 (multipart/report DSNs), RFC 2369/2919 (List-*), and the
 * de-facto Precedence and X-Auto-Response-Suppress headers. Such mail is never answered.
 */
export function screenEmail(email: EmailForTriage, ownAddresses: readonly string[]): ScreenVerdict {
  const h = email.headers;
  const verdict = (kind: ScreenVerdict["kind"], rule: string, detail: string): ScreenVerdict => ({
    isCustomer: false,
    kind,
    rule,
    detail,
  });
  if (h["x-mailroom-send"] || ownAddresses.includes(email.from.address)) {
    return verdict("own", "screen.own_message", "sent by Mailroom or from the store's own address");
  }
  if (email.contentType === "multipart/report") {
    const type = /report-type\s*=\s*"?([\w-]+)/i.exec(h["content-type"] ?? "")?.[1] ?? "report";
    return verdict("bounce", "screen.report", `multipart/report (${type}): a delivery or read report`);
  }
  const autoSubmitted = h["auto-submitted"]?.trim().toLowerCase();
  if (autoSubmitted && autoSubmitted !== "no") {
    return verdict("auto_reply", "screen.auto_submitted", `Auto-Submitted: ${autoSubmitted}`);
  }
  const suppress = h["x-auto-response-suppress"]?.toLowerCase() ?? "";
  if (/\b(all|dr|autoreply|oof)\b/.test(suppress)) {
    return verdict("auto_reply", "screen.auto_response_suppress", `X-Auto-Response-Suppress: ${suppress}`);
  }
  if (h["x-autoreply"] || h["x-autorespond"]) {
    return verdict("auto_reply", "screen.x_autoreply", "X-Autoreply / X-Autorespond header");
  }
  const precedence = h.precedence?.trim().toLowerCase();
  if (precedence && ["bulk", "junk", "list", "auto_reply"].includes(precedence)) {
    return verdict(
      precedence === "auto_reply" ? "auto_reply" : "marketing",
      "screen.precedence",
      `Precedence: ${precedence}`,
    );
  }
  if (h["list-id"] || h["list-unsubscribe"]) {
    return verdict("marketing", "screen.mailing_list", "List-Id / List-Unsubscribe: mailing-list mail");
  }
  if (/^<\s*>$/.test(h["return-path"]?.trim() ?? "")) {
    return verdict("bounce", "screen.null_return_path", "empty Return-Path <>: a machine-generated message");
  }
  if (noReplySender.test(email.from.address)) {
    return verdict("no_reply", "screen.no_reply_sender", `sender ${email.from.address} takes no replies`);
  }
  if (autoReplySubject.test(email.subject.trim())) {
    return verdict("auto_reply", "screen.auto_reply_subject", `subject "${email.subject.slice(0, 60)}"`);
  }
  return customer;
}
