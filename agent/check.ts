import type { CheckResult, Draft, Facts } from "./types.ts";

/**
 * Guardrails on a draft before anything is sent. Every order number, tracking number, URL and email
 * address in it must come from the facts or the customer's own email; no promise the policy did not
 * grant. A failed check never sends: the policy downgrades the decision to review with the reason.
 */
export function checkDraft(draft: Draft, facts: Facts, customerText: string): CheckResult[] {
  const known = knownValues(facts);
  const customer = customerText.toLowerCase();
  const grounded = (value: string) =>
    known.has(value.toLowerCase()) || customer.includes(value.toLowerCase());

  const urls = draft.body.match(/https?:\/\/[^\s)>\]]+/g) ?? [];
  const emails = draft.body.match(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g) ?? [];
  const numbers = draft.body.match(/\b[A-Z]{0,4}-?\d{5,}[A-Z]{0,2}\b/g) ?? [];
  const results: CheckResult[] = [
    groundedCheck("urls_grounded", urls, grounded),
    groundedCheck("emails_grounded", emails, grounded),
    groundedCheck("numbers_grounded", numbers, grounded),
  ];
  const foreign = facts.foreignOrderNumbers.filter((n) => draft.body.includes(n));
  results.push({
    check: "no_foreign_orders",
    passed: foreign.length === 0,
    detail: foreign.length === 0 ? "mentions no other customer's order" : `mentions ${foreign.join(", ")}`,
  });
  const promise = promiseWords.exec(draft.body);
  results.push({
    check: "no_unapproved_promise",
    passed: !promise,
    detail: promise
      ? `promises "${promise[0]}", which the policy did not grant`
      : "makes no refund or discount promise",
  });
  return results;
}

const promiseWords =
  /\b(refund(ed)?|reimburs\w*|discount|voucher|coupon|compensat\w*|free of charge|rambursa\w*|reducere|despăgubi\w*|reembols\w*|descuento|cupón|compensación|indemniz\w*|erstatt\w*|rabatt|gutschein|gutschrift|entschädig\w*|rembours\w*|réduction|bon d'achat|dédommag\w*|geste commercial)\b|退款|折扣|优惠券|優惠券|补偿|補償/iu;

function groundedCheck(check: string, values: string[], grounded: (v: string) => boolean): CheckResult {
  const ungrounded = [...new Set(values.filter((v) => !grounded(v)))];
  return {
    check,
    passed: ungrounded.length === 0,
    detail:
      ungrounded.length === 0
        ? `${values.length} value(s), all from the facts`
        : `not in the facts: ${ungrounded.join(", ")}`,
  };
}

function knownValues(facts: Facts): Set<string> {
  const values = new Set<string>([facts.sender.email]);
  for (const order of facts.orders) {
    values.add(order.number);
    for (const s of order.shipments) {
      values.add(s.trackingNumber);
      if (s.trackingUrl) values.add(s.trackingUrl);
    }
  }
  for (const n of facts.unknownOrderNumbers) values.add(n);
  return new Set([...values].map((v) => v.toLowerCase()));
}
