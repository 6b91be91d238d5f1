import { z } from "zod";
import { orderStatuses, shipmentStates } from "../../db/schema/commerce.ts";

/**
 * The documented JSON shape for `mailroom import <orders.json>` and the demo store's seed.
 * Dates are ISO 8601 with an offset; money is a decimal string or number in the order's currency.
 */

const isoDate = z.iso.datetime({ offset: true }).describe("ISO 8601 timestamp with offset");
const money = z
  .union([z.string().regex(/^-?\d+(\.\d{1,2})?$/), z.number()])
  .transform((v) => Number(v).toFixed(2));

export const shipmentStateSchema = z.enum(shipmentStates);

export const importedShipmentEventSchema = z.object({
  state: shipmentStateSchema,
  description: z.string().default(""),
  location: z.string().optional(),
  occurredAt: isoDate,
});

export const importedShipmentSchema = z.object({
  carrier: z.string().min(1),
  trackingNumber: z.string().min(1),
  trackingUrl: z.url().optional(),
  state: shipmentStateSchema,
  rawStatus: z.string().optional(),
  shippedAt: isoDate.optional(),
  estimatedDeliveryAt: isoDate.optional(),
  deliveredAt: isoDate.optional(),
  events: z.array(importedShipmentEventSchema).default([]),
});

export const importedOrderLineSchema = z.object({
  sku: z.string().min(1),
  title: z.string().min(1),
  quantity: z.number().int().positive(),
  unitPrice: money,
});

export const importedOrderSchema = z.object({
  number: z
    .string()
    .min(1)
    .transform((n) => n.replace(/^#/, "")),
  email: z.email().transform((e) => e.toLowerCase()),
  status: z.enum(orderStatuses).default("confirmed"),
  placedAt: isoDate,
  total: money,
  currency: z.string().length(3),
  lines: z.array(importedOrderLineSchema).default([]),
  shipments: z.array(importedShipmentSchema).default([]),
});

export const importedCustomerSchema = z.object({
  email: z.email().transform((e) => e.toLowerCase()),
  name: z.string().optional(),
  phone: z.string().optional(),
  locale: z.string().optional(),
  timeZone: z.string().optional(),
  vip: z.boolean().default(false),
  tags: z.array(z.string()).default([]),
});

export const orderImportSchema = z.object({
  customers: z.array(importedCustomerSchema).default([]),
  orders: z.array(importedOrderSchema).default([]),
});

export type OrderImport = z.input<typeof orderImportSchema>;
export type ParsedOrderImport = z.output<typeof orderImportSchema>;
export type ImportedOrder = z.output<typeof importedOrderSchema>;
