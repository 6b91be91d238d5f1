import chardet from "chardet";
import { parse } from "csv-parse/sync";
import iconv from "iconv-lite";
import { type FieldMapping, fieldMappingSchema, type MappableField, previewMapping } from "./mapping.ts";
import type { NormalisedUpdate } from "./normalised.ts";

/**
 * CSV files of orders (one row per order line) and of shipments, as ERPs and WMSs export them: any
 * common encoding, ',' ';' or tab separated, header names in a few spellings. Each row is read on its
 * own through the same field mapping a JSON feed uses, so a broken row is reported with its line and
 * never stops the good ones.
 */
export type CsvKind = "orders" | "shipments";

export interface CsvRow {
  /** 1-based line in the file where the row starts (the header is line 1). */
  line: number;
  update: NormalisedUpdate | null;
  problems: string[];
}

export interface ParsedCsv {
  encoding: string;
  rows: CsvRow[];
}

/** Header spellings → the field they fill. Headers are compared lower-cased with spaces, '-' and '.' as '_'. */
const headerAliases: Record<MappableField, string[]> = {
  orderNumber: ["order_number", "order", "order_no", "order_id", "number", "order_ref", "reference"],
  email: ["email", "customer_email", "e_mail", "mail"],
  customerName: ["customer_name", "name", "customer"],
  phone: ["phone", "customer_phone", "telephone"],
  customerTags: ["tags", "customer_tags"],
  orderStatus: ["order_status", "status"],
  placedAt: ["placed_at", "order_date", "created_at", "date"],
  total: ["total", "order_total", "amount", "total_price"],
  currency: ["currency", "currency_code"],
  updatedAt: ["updated_at", "modified_at", "last_modified"],
  carrier: ["carrier", "courier", "shipping_carrier"],
  trackingNumber: ["tracking_number", "tracking", "tracking_no", "awb", "tracking_code"],
  trackingUrl: ["tracking_url", "tracking_link"],
  shipmentStatus: ["shipment_status", "status", "tracking_status"],
  statusAt: ["status_at", "status_date", "event_time", "scanned_at"],
  shippedAt: ["shipped_at", "ship_date", "dispatched_at"],
  eta: ["eta", "estimated_delivery", "expected_delivery", "estimated_delivery_at"],
  deliveredAt: ["delivered_at", "delivery_date"],
  eventDescription: ["event_description", "description", "message"],
  eventLocation: ["location", "event_location"],
  lines: [],
  lineSku: ["sku", "item_sku", "product_sku"],
  lineTitle: ["title", "item_title", "product", "product_name", "item"],
  lineQuantity: ["quantity", "qty", "item_quantity"],
  lineUnitPrice: ["unit_price", "price", "item_price"],
  rmaNumber: ["rma", "rma_number", "return_number"],
  returnStatus: ["return_status"],
  returnReason: ["return_reason"],
};

const fieldsFor: Record<CsvKind, MappableField[]> = {
  orders: [
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
    "lineSku",
    "lineTitle",
    "lineQuantity",
    "lineUnitPrice",
  ],
  shipments: [
    "orderNumber",
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
  ],
};

/**
 * The file's text. A byte-order mark decides; else valid UTF-8 is UTF-8; else chardet's best guess
 * (Windows-1252 and ISO-8859-x exports from older ERPs). `encoding` overrides the guess.
 */
export function decodeCsv(bytes: Buffer, encoding?: string): { text: string; encoding: string } {
  if (encoding) {
    if (!iconv.encodingExists(encoding)) throw new Error(`unknown encoding "${encoding}"`);
    return { text: iconv.decode(bytes, encoding), encoding };
  }
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return { text: bytes.subarray(3).toString("utf8"), encoding: "UTF-8" };
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return { text: iconv.decode(bytes, "utf16le"), encoding: "UTF-16LE" };
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return { text: iconv.decode(bytes, "utf16be"), encoding: "UTF-16BE" };
  const utf8 = new TextDecoder("utf-8", { fatal: true });
  try {
    return { text: utf8.decode(bytes), encoding: "UTF-8" };
  } catch {
    const guess = chardet.detect(bytes) ?? "windows-1252";
    // ISO-8859-1 guesses are nearly always Windows-1252 in practice (it adds €, curly quotes, Š…).
    const name = guess === "ISO-8859-1" ? "windows-1252" : guess;
    return { text: iconv.decode(bytes, iconv.encodingExists(name) ? name : "windows-1252"), encoding: name };
  }
}

const headerKey = (h: string) =>
  h
    .trim()
    .toLowerCase()
    .replace(/[\s.-]+/g, "_");

export function parseCommerceCsv(
  bytes: Buffer,
  kind: CsvKind,
  options: { timeZone?: string; encoding?: string } = {},
): ParsedCsv {
  const { text, encoding } = decodeCsv(bytes, options.encoding);
  const firstLine = text.split(/\r?\n/, 1)[0] ?? "";
  const delimiter = [",", ";", "\t"].reduce((best, d) =>
    firstLine.split(d).length > firstLine.split(best).length ? d : best,
  );
  const skipped: CsvRow[] = [];
  const records = parse(text, {
    delimiter,
    columns: (header: string[]) => header.map(headerKey),
    skip_empty_lines: true,
    trim: true,
    relax_column_count: true,
    bom: true,
    info: true,
    skip_records_with_error: true,
    on_skip: (error: { message: string; lines?: number } | undefined) => {
      // csv-parse may report one broken record more than once; its line is its identity.
      const line = error?.lines ?? 0;
      if (error && !skipped.some((r) => r.line === line))
        skipped.push({ line, update: null, problems: [error.message] });
    },
  }) as { record: Record<string, string>; info: { lines: number } }[];

  const headers = records[0] ? Object.keys(records[0].record) : [];
  const mapping = mappingFor(kind, headers, options.timeZone ?? "UTC");
  const missing = kind === "orders" ? ["orderNumber"] : ["trackingNumber"];
  const absent = missing.filter((f) => !mapping.fields[f as MappableField]);
  if (records.length > 0 && absent.length > 0)
    throw new Error(
      `no column for ${absent.join(", ")}; expected one of: ${absent.flatMap((f) => headerAliases[f as MappableField]).join(", ")}`,
    );

  const skuHeader = mapping.fields.lineSku?.slice(3, -2);
  const rows: CsvRow[] = records.map(({ record, info }) => {
    const line = info.lines;
    // An order row carries one line (the line is the row itself).
    const payload =
      kind === "orders" ? { ...record, _lines: skuHeader && record[skuHeader] ? [record] : [] } : record;
    const { update, problems } = previewMapping(payload, mapping);
    if (kind === "shipments") update.orders = [];
    const empty = kind === "orders" ? update.orders.length === 0 : update.shipments.length === 0;
    if (problems.length === 0 && empty)
      problems.push(`the row has no ${kind === "orders" ? "order" : "shipment"} data`);
    return { line, update: problems.length === 0 ? update : null, problems };
  });
  return { encoding, rows: [...rows, ...skipped].sort((a, b) => a.line - b.line) };
}

function mappingFor(kind: CsvKind, headers: string[], timeZone: string): FieldMapping {
  const fields: Partial<Record<MappableField, string>> = {};
  for (const field of fieldsFor[kind]) {
    const header = headerAliases[field].find((alias) => headers.includes(alias));
    if (header) fields[field] = `$['${header}']`;
  }
  if (kind === "orders" && fields.lineSku) fields.lines = "$._lines[*]";
  if (kind === "shipments") {
    // A shipments file names the order only to place a new parcel; it does not update orders.
    for (const f of Object.keys(fields) as MappableField[])
      if (!fieldsFor.shipments.includes(f)) delete fields[f];
  }
  return fieldMappingSchema.parse({ timeZone, fields });
}
