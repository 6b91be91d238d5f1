import { JSONPath } from "jsonpath-plus";
import { z } from "zod";
import { orderStatuses, returnStatuses, shipmentStates } from "../../db/schema/commerce.ts";
import {
  emptyUpdate,
  NormalisationError,
  type NormalisedOrder,
  type NormalisedOrderLine,
  type NormalisedReturn,
  type NormalisedShipment,
  type NormalisedUpdate,
  orderNumberOf,
} from "./normalised.ts";
import { carrierName, normaliseShipmentState } from "./states.ts";
import { isReadError, readDate, readMoney, readQuantity, readText, timeZoneSchema } from "./values.ts";

/**
 * The field mapping a logistics user sets in the UI for a generic JSON feed: for each field of the
 * normalised model, a JSONPath into the payload ("$.order.id", or "order.id"). Script filters are
 * switched off: paths come from users, so they select, they never run code.
 */
const jsonPath = z.string().trim().min(1).max(300);

export const mappableFields = [
  "orderNumber",
  "email",
  "customerName",
  "phone",
  "customerTags",
  "orderStatus",
  "placedAt",
  "total",
  "currency",
  "updatedAt",
  "carrier",
  "trackingNumber",
  "trackingUrl",
  "shipmentStatus",
  "statusAt",
  "shippedAt",
  "eta",
  "deliveredAt",
  "eventDescription",
  "eventLocation",
  "lines",
  "lineSku",
  "lineTitle",
  "lineQuantity",
  "lineUnitPrice",
  "rmaNumber",
  "returnStatus",
  "returnReason",
] as const;
export type MappableField = (typeof mappableFields)[number];

export const fieldMappingSchema = z.object({
  /** A path to a list of records when one payload carries many (e.g. "$.orders[*]"); else the payload is one record. */
  records: jsonPath.optional(),
  /** Dates without an offset are read in this zone. */
  timeZone: timeZoneSchema.default("UTC"),
  fields: z.partialRecord(z.enum(mappableFields), jsonPath).default({}),
  /** The source's own status words → our vocabulary, where the built-in table does not know them. */
  shipmentStatusMap: z.record(z.string(), z.enum(shipmentStates)).default({}),
  orderStatusMap: z.record(z.string(), z.enum(orderStatuses)).default({}),
});
export type FieldMapping = z.output<typeof fieldMappingSchema>;
export type FieldMappingInput = z.input<typeof fieldMappingSchema>;

function select(json: unknown, path: string): unknown[] {
  const full = path.startsWith("$") ? path : `$.${path}`;
  return JSONPath({ path: full, json: json as object, eval: false, wrap: true }) as unknown[];
}

export interface MappingPreview {
  update: NormalisedUpdate;
  problems: string[];
  /** What each mapped path picked from the first record, for the UI's live preview. */
  picked: Partial<Record<MappableField, unknown>>;
}

/** Read a payload through a mapping; never throws — problems are listed, readable records still map. */
export function previewMapping(payload: unknown, mapping: FieldMapping): MappingPreview {
  const update = emptyUpdate();
  const problems: string[] = [];
  let records: unknown[] = [payload];
  if (mapping.records) {
    records = select(payload, mapping.records);
    if (records.length === 0) problems.push(`records: "${mapping.records}" selects nothing`);
  }
  const picked: MappingPreview["picked"] = {};
  records.forEach((record, index) => {
    const prefix = records.length > 1 ? `record ${index + 1}: ` : "";
    const found = mapRecord(record, mapping, (p) => problems.push(`${prefix}${p}`));
    if (index === 0) Object.assign(picked, found.picked);
    if (found.order) update.orders.push(found.order);
    if (found.shipment) update.shipments.push(found.shipment);
    if (found.returned) update.returns.push(found.returned);
  });
  return { update, problems, picked };
}

/** Read a payload through a mapping; any problem rejects the whole payload (it is kept for replay). */
export function applyMapping(payload: unknown, mapping: FieldMapping): NormalisedUpdate {
  const { update, problems } = previewMapping(payload, mapping);
  if (problems.length > 0) throw new NormalisationError(problems);
  return update;
}

function mapRecord(
  record: unknown,
  mapping: FieldMapping,
  problem: (p: string) => void,
): {
  order?: NormalisedOrder;
  shipment?: NormalisedShipment;
  returned?: NormalisedReturn;
  picked: MappingPreview["picked"];
} {
  const picked: MappingPreview["picked"] = {};
  const raw = (field: MappableField, from: unknown = record): unknown => {
    const path = mapping.fields[field];
    if (!path) return undefined;
    const values = select(from, path);
    const value = field === "customerTags" && values.length > 1 ? values : values[0];
    if (from === record) picked[field] = value;
    return value;
  };
  const read = <T>(field: string, value: T | null | { error: string }): T | undefined => {
    if (isReadError(value)) {
      problem(`${field}: ${value.error}`);
      return undefined;
    }
    return value ?? undefined;
  };
  const text = (field: MappableField) => read(field, readText(raw(field)));
  const date = (field: MappableField, endOfDay = false) =>
    read(field, readDate(raw(field), { timeZone: mapping.timeZone, endOfDay }));

  const orderNumber = text("orderNumber");
  const trackingNumber = text("trackingNumber");
  if (!orderNumber && !trackingNumber) {
    problem(
      mapping.fields.orderNumber || mapping.fields.trackingNumber
        ? "neither an order number nor a tracking number was found"
        : "map at least the order number or the tracking number",
    );
    return { picked };
  }

  let order: NormalisedOrder | undefined;
  if (orderNumber) {
    const email = text("email");
    if (email && !z.email().safeParse(email).success) problem(`email: "${email}" is not an email address`);
    const rawStatus = text("orderStatus");
    let status: NormalisedOrder["status"];
    if (rawStatus) {
      status = mapping.orderStatusMap[rawStatus] ?? orderStatuses.find((s) => s === rawStatus.toLowerCase());
      if (!status) problem(`orderStatus: "${rawStatus}" is not one of ${orderStatuses.join(", ")} (map it)`);
    }
    const tags = raw("customerTags");
    order = {
      number: orderNumberOf(orderNumber),
      email: email?.toLowerCase(),
      customerName: text("customerName"),
      phone: text("phone"),
      customerTags: Array.isArray(tags)
        ? tags.map(String)
        : typeof tags === "string"
          ? tags
              .split(",")
              .map((t) => t.trim())
              .filter(Boolean)
          : undefined,
      status,
      placedAt: date("placedAt"),
      total: read("total", readMoney(raw("total"))),
      currency: text("currency")?.toUpperCase(),
      lines: mapLines(record, mapping, problem),
      updatedAt: date("updatedAt"),
    };
    if (order.currency && !/^[A-Z]{3}$/.test(order.currency))
      problem(`currency: "${order.currency}" is not a 3-letter ISO code`);
    // A number alone only names the order a parcel or return belongs to; it is not an order update.
    const { number: _, updatedAt: __, ...fields } = order;
    if (Object.values(fields).every((v) => v === undefined || (Array.isArray(v) && v.length === 0)))
      order = undefined;
  }

  let shipment: NormalisedShipment | undefined;
  if (trackingNumber) {
    const rawStatus = text("shipmentStatus");
    const state = rawStatus
      ? (mapping.shipmentStatusMap[rawStatus] ?? normaliseShipmentState(rawStatus) ?? undefined)
      : undefined;
    if (rawStatus && !state) problem(`shipmentStatus: "${rawStatus}" is not a known status (map it)`);
    const statusAt = date("statusAt");
    const carrier = text("carrier");
    shipment = {
      orderNumber: orderNumber ? orderNumberOf(orderNumber) : undefined,
      carrier: carrier ? carrierName(carrier) : undefined,
      trackingNumber,
      trackingUrl: text("trackingUrl"),
      state,
      rawStatus,
      stateAt: statusAt,
      shippedAt: date("shippedAt"),
      estimatedDeliveryAt: date("eta", true),
      deliveredAt: date("deliveredAt"),
      events:
        state && statusAt
          ? [
              {
                state,
                rawStatus,
                description: text("eventDescription") ?? rawStatus ?? state,
                location: text("eventLocation"),
                occurredAt: statusAt,
              },
            ]
          : [],
    };
  }
  let returned: NormalisedReturn | undefined;
  const rmaNumber = text("rmaNumber");
  if (rmaNumber) {
    const rawStatus = text("returnStatus");
    const status = rawStatus ? returnStatuses.find((s) => s === rawStatus.toLowerCase()) : "requested";
    if (!status) problem(`returnStatus: "${rawStatus}" is not one of ${returnStatuses.join(", ")}`);
    if (!orderNumber) problem("rmaNumber: a return needs the order number it belongs to");
    else if (status)
      returned = {
        orderNumber: orderNumberOf(orderNumber),
        rmaNumber,
        status,
        reason: text("returnReason"),
        updatedAt: date("updatedAt"),
      };
  }
  return { order, shipment, returned, picked };
}

function mapLines(
  record: unknown,
  mapping: FieldMapping,
  problem: (p: string) => void,
): NormalisedOrderLine[] | undefined {
  const path = mapping.fields.lines;
  if (!path) return undefined;
  const lines: NormalisedOrderLine[] = [];
  select(record, path).forEach((line, i) => {
    const at = (field: MappableField) => {
      const p = mapping.fields[field];
      return p ? select(line, p)[0] : undefined;
    };
    const sku = readText(at("lineSku"));
    const title = readText(at("lineTitle"));
    const quantity = readQuantity(at("lineQuantity") ?? 1);
    const unitPrice = readMoney(at("lineUnitPrice") ?? 0);
    const errors = [
      isReadError(sku) ? `sku: ${sku.error}` : sku ? null : "sku: missing",
      isReadError(title) ? `title: ${title.error}` : null,
      isReadError(quantity) ? `quantity: ${quantity.error}` : null,
      isReadError(unitPrice) ? `unitPrice: ${unitPrice.error}` : null,
    ].filter((e): e is string => e !== null);
    if (errors.length > 0) {
      for (const e of errors) problem(`lines[${i}].${e}`);
      return;
    }
    lines.push({
      sku: sku as string,
      title: (title as string | null) ?? (sku as string),
      quantity: (quantity as number | null) ?? 1,
      unitPrice: (unitPrice as string | null) ?? "0.00",
    });
  });
  return lines;
}
