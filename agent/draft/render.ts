import { Liquid, type Template } from "liquidjs";
import { dateLocaleOf, replySubject } from "../../integrations/mail/compose.ts";
import type { Draft, DraftInput, OrderFacts, ShipmentFacts } from "../types.ts";
import { applyPresets, presetsOf } from "./instructions.ts";
import { type TemplateSet, templateLanguage, templateSets } from "./templates.ts";

// Plain-text replies: nothing is HTML-escaped, and customer text never reaches a template as code.
const liquid = new Liquid({ outputEscape: undefined, strictFilters: true });
const parsed = new Map<string, Template[]>();

function render(source: string, scope: object): string {
  let template = parsed.get(source);
  if (!template) {
    template = liquid.parse(source);
    parsed.set(source, template);
  }
  return liquid.renderSync(template, scope) as string;
}

/**
 * The local engine's draft: a template chosen by what the customer asked and how the order stands, with
 * a person's "Regenerate" asks applied (instructions.ts).
 */
export function renderDraft({ email, classification, facts, tone, action, instruction }: DraftInput): Draft {
  const language = templateLanguage(classification.language);
  const set = templateSets[language] as TemplateSet;
  const order = facts.orders[0];
  const shipment = order ? primaryShipment(order) : undefined;
  const scope = {
    name: facts.sender.name?.split(" ")[0] ?? null,
    tone,
    order: order ? { number: order.number } : null,
    shipment: shipment ? shipmentScope(shipment, language) : null,
    orderNumbers: [...facts.unknownOrderNumbers].join(", "),
  };
  const asksWhere = classification.intent === "order_status" || classification.intent === "delivery_problem";
  let body: string;
  if (action === "auto_send" || asksWhere) {
    if (!order) body = set.order_unknown;
    else if (!shipment || order.standing === "not_shipped") body = set.not_shipped;
    else body = set[order.standing];
  } else {
    body = set.handover;
  }
  const asked = presetsOf(instruction);
  const salutations = tone.formality === "formal" || asked.has("more_formal") ? set.formal : set;
  const greeting = scope.name ? salutations.greeting : salutations.greetingAnonymous;
  const keep = [shipment?.trackingNumber ?? "", shipment?.trackingUrl ?? ""];
  const text = [
    render(greeting, scope),
    applyPresets(render(body, scope), asked, language, { keep }),
    render(salutations.signOff, scope),
  ].join("\n\n");
  return { subject: replySubject(email.subject), body: text, language };
}

/** The shipment a customer most likely means: the least advanced one still on its way. */
function primaryShipment(order: OrderFacts): ShipmentFacts | undefined {
  return order.shipments.find((s) => s.standing === order.standing) ?? order.shipments[0];
}

function shipmentScope(shipment: ShipmentFacts, language: string) {
  const date = (iso: string | null) => (iso ? formatDate(iso, language) : null);
  const last = shipment.lastEvent;
  return {
    carrier: shipment.carrier,
    trackingNumber: shipment.trackingNumber,
    trackingUrl: shipment.trackingUrl,
    eta: date(shipment.estimatedDeliveryAt),
    deliveredOn: date(shipment.deliveredAt),
    lastEvent: last ? [last.description, last.location].filter(Boolean).join(", ") : null,
  };
}

// Building an Intl formatter costs far more than using one: one per language, made once.
const dateFormats = new Map<string, Intl.DateTimeFormat>();

export function formatDate(iso: string, language: string): string {
  const locale = dateLocaleOf(language);
  let format = dateFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { day: "numeric", month: "long", timeZone: "UTC" });
    dateFormats.set(locale, format);
  }
  return format.format(new Date(iso));
}
