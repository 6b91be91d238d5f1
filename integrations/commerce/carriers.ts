import { z } from "zod";
import {
  emptyUpdate,
  NormalisationError,
  type NormalisedShipmentEvent,
  type NormalisedUpdate,
} from "./normalised.ts";
import { carrierName, normaliseShipmentState } from "./states.ts";
import { isReadError, readDate } from "./values.ts";

/**
 * Carrier tracking in the shapes of the common aggregators (PROVIDERS.md): AfterShip-style webhooks
 * (`msg` with a `tag` and `checkpoints`) and EasyPost-style events (`result` is a Tracker with
 * `tracking_details`). Both name the shipment by tracking number; AfterShip may also carry the order.
 */

const looseDate = z.union([z.string(), z.number()]).nullish();

const afterShipSchema = z.object({
  event_id: z.string().optional(),
  event: z.string().optional(),
  msg: z.object({
    tracking_number: z.string().min(1),
    slug: z.string().nullish(),
    tag: z.string().min(1),
    subtag: z.string().nullish(),
    subtag_message: z.string().nullish(),
    expected_delivery: looseDate,
    order_id: z.string().nullish(),
    order_number: z.string().nullish(),
    courier_tracking_link: z.string().nullish(),
    updated_at: looseDate,
    checkpoints: z
      .array(
        z.object({
          checkpoint_time: z.union([z.string(), z.number()]),
          tag: z.string(),
          subtag: z.string().nullish(),
          message: z.string().nullish(),
          location: z.string().nullish(),
          city: z.string().nullish(),
          country_iso3: z.string().nullish(),
        }),
      )
      .default([]),
  }),
});

export function normaliseAfterShip(payload: unknown): NormalisedUpdate {
  const p = parse(afterShipSchema, payload).msg;
  const problems: string[] = [];
  const date = (field: string, value: unknown, endOfDay = false) => {
    const d = readDate(value, { timeZone: "UTC", endOfDay });
    if (isReadError(d)) {
      problems.push(`${field}: ${d.error}`);
      return undefined;
    }
    return d ?? undefined;
  };
  const events: NormalisedShipmentEvent[] = [];
  p.checkpoints.forEach((c, i) => {
    const state = normaliseShipmentState(c.tag);
    const occurredAt = date(`msg.checkpoints.${i}.checkpoint_time`, c.checkpoint_time);
    if (!state) problems.push(`msg.checkpoints.${i}.tag: "${c.tag}" is not an AfterShip tag`);
    if (!state || !occurredAt) return;
    events.push({
      state,
      rawStatus: c.subtag ?? c.tag,
      description: c.message ?? c.tag,
      location: c.location ?? ([c.city, c.country_iso3].filter(Boolean).join(", ") || undefined),
      occurredAt,
    });
  });
  const state = normaliseShipmentState(p.tag);
  if (!state) problems.push(`msg.tag: "${p.tag}" is not an AfterShip tag`);
  const latest = events.map((e) => e.occurredAt).sort((a, b) => b.getTime() - a.getTime())[0];
  const stateAt = latest ?? date("msg.updated_at", p.updated_at);
  const eta = date("msg.expected_delivery", p.expected_delivery, true);
  if (problems.length > 0 || !state) throw new NormalisationError(problems);
  const update = emptyUpdate();
  update.shipments.push({
    orderNumber: p.order_number ?? p.order_id ?? undefined,
    carrier: p.slug ? carrierName(p.slug) : undefined,
    trackingNumber: p.tracking_number,
    trackingUrl: p.courier_tracking_link ?? undefined,
    state,
    rawStatus: p.subtag ?? p.tag,
    stateAt,
    estimatedDeliveryAt: eta,
    deliveredAt: state === "delivered" ? stateAt : undefined,
    events,
  });
  return update;
}

const easyPostSchema = z.object({
  id: z.string().optional(),
  description: z.string(),
  result: z.object({
    tracking_code: z.string().min(1),
    status: z.string().min(1),
    status_detail: z.string().nullish(),
    carrier: z.string().nullish(),
    est_delivery_date: looseDate,
    public_url: z.string().nullish(),
    updated_at: looseDate,
    tracking_details: z
      .array(
        z.object({
          datetime: z.union([z.string(), z.number()]),
          status: z.string(),
          message: z.string().nullish(),
          description: z.string().nullish(),
          tracking_location: z
            .object({
              city: z.string().nullish(),
              state: z.string().nullish(),
              country: z.string().nullish(),
            })
            .nullish(),
        }),
      )
      .default([]),
  }),
});

export function normaliseEasyPost(payload: unknown): NormalisedUpdate {
  const p = parse(easyPostSchema, payload);
  if (!p.description.startsWith("tracker."))
    throw new NormalisationError([`description: "${p.description}" is not a tracker event`]);
  const t = p.result;
  const problems: string[] = [];
  const date = (field: string, value: unknown, endOfDay = false) => {
    const d = readDate(value, { timeZone: "UTC", endOfDay });
    if (isReadError(d)) {
      problems.push(`${field}: ${d.error}`);
      return undefined;
    }
    return d ?? undefined;
  };
  const events: NormalisedShipmentEvent[] = [];
  t.tracking_details.forEach((d, i) => {
    const state = normaliseShipmentState(d.status);
    const occurredAt = date(`result.tracking_details.${i}.datetime`, d.datetime);
    if (!state) problems.push(`result.tracking_details.${i}.status: "${d.status}" is not an EasyPost status`);
    if (!state || !occurredAt) return;
    const where = d.tracking_location;
    events.push({
      state,
      rawStatus: d.status,
      description: d.message ?? d.description ?? d.status,
      location: [where?.city, where?.state, where?.country].filter(Boolean).join(", ") || undefined,
      occurredAt,
    });
  });
  const state = normaliseShipmentState(t.status);
  if (!state) problems.push(`result.status: "${t.status}" is not an EasyPost status`);
  const latest = events.map((e) => e.occurredAt).sort((a, b) => b.getTime() - a.getTime())[0];
  const stateAt = latest ?? date("result.updated_at", t.updated_at);
  const eta = date("result.est_delivery_date", t.est_delivery_date, true);
  if (problems.length > 0 || !state) throw new NormalisationError(problems);
  const update = emptyUpdate();
  update.shipments.push({
    carrier: t.carrier ? carrierName(t.carrier) : undefined,
    trackingNumber: t.tracking_code,
    trackingUrl: t.public_url ?? undefined,
    state,
    rawStatus: t.status_detail ?? t.status,
    stateAt,
    estimatedDeliveryAt: eta,
    deliveredAt: state === "delivered" ? stateAt : undefined,
    events,
  });
  return update;
}

function parse<T extends z.ZodType>(schema: T, payload: unknown): z.output<T> {
  const parsed = schema.safeParse(payload);
  if (!parsed.success)
    throw new NormalisationError(
      parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`),
    );
  return parsed.data;
}
