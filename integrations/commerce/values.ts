import { DateTime } from "luxon";
import { z } from "zod";

/**
 * Reading the loose values feeds send: dates in many shapes and zones, money as numbers or strings
 * with thousands separators. Each reader returns null for "absent" and throws a message for "wrong".
 */

/** `2026-11-08T14:00:00Z`, `2026-11-08T14:00:00.123+01:00`: a full date and time with its offset. */
const isoInstant =
  /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** The instant of an ISO 8601 date-time with offset; undefined for other shapes or impossible dates (30 Feb). */
function readIsoInstant(text: string): Date | undefined {
  const match = isoInstant.exec(text);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth) return undefined;
  const instant = new Date(text);
  return Number.isNaN(instant.getTime()) ? undefined : instant;
}

/**
 * A date from a feed. With an offset or 'Z' it is exact; without one ("2026-11-08 14:00",
 * "2026-11-08") it is read in the feed's time zone. Numbers are Unix seconds (or milliseconds when
 * too large to be seconds). A bare date means that whole day: `endOfDay` for an ETA ("by 8 Nov").
 */
export function readDate(
  value: unknown,
  options: { timeZone: string; endOfDay?: boolean },
): Date | null | { error: string } {
  if (value === null || value === undefined || value === "") return null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? { error: "not a date" } : value;
  if (typeof value === "number" || (typeof value === "string" && /^\d{9,13}$/.test(value.trim()))) {
    const n = Number(value);
    return new Date(n < 100_000_000_000 ? n * 1000 : n);
  }
  if (typeof value !== "string") return { error: `expected a date, got ${typeof value}` };
  const text = value.trim();
  // Most feeds send an ISO 8601 instant with its own offset: no zone to apply, so the built-in parser
  // reads it exactly (and a burst of tracking events is not spent in luxon).
  const instant = readIsoInstant(text);
  if (instant) return instant;
  const zone = { zone: options.timeZone, setZone: true };
  const readers = [
    (t: string) => DateTime.fromISO(t, zone),
    (t: string) => DateTime.fromSQL(t, zone),
    (t: string) => DateTime.fromRFC2822(t, zone),
    (t: string) => DateTime.fromHTTP(t, zone),
  ];
  let parsed: DateTime | undefined;
  for (const read of readers) {
    const candidate = read(text);
    if (candidate.isValid) {
      parsed = candidate;
      break;
    }
  }
  if (!parsed) return { error: `"${text}" is not a date (use ISO 8601, e.g. 2026-11-08T14:00:00+01:00)` };
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(text);
  return (dateOnly && options.endOfDay ? parsed.endOf("day") : parsed).toJSDate();
}

/**
 * Money as an exact decimal string with two places. Accepts 12.5, "12.50", "1,234.50", "1.234,50",
 * "12,50", "€ 12.50": the last '.' or ',' followed by one or two digits is the decimal separator.
 */
export function readMoney(value: unknown): string | null | { error: string } {
  if (value === null || value === undefined || value === "") return null;
  if (typeof value === "number") return Number.isFinite(value) ? value.toFixed(2) : { error: "not a number" };
  if (typeof value !== "string") return { error: `expected an amount, got ${typeof value}` };
  const cleaned = value.replace(/[^\d.,-]/g, "");
  const decimal = cleaned.match(/[.,](\d{1,2})$/);
  const whole = (decimal ? cleaned.slice(0, -decimal[0].length) : cleaned).replace(/[.,]/g, "");
  const amount = Number(`${whole}${decimal ? `.${decimal[1]}` : ""}`);
  if (!/\d/.test(cleaned) || !Number.isFinite(amount)) return { error: `"${value}" is not an amount` };
  return amount.toFixed(2);
}

/** A whole quantity from a number or a numeric string ("2", "2.0"). */
export function readQuantity(value: unknown): number | null | { error: string } {
  if (value === null || value === undefined || value === "") return null;
  const n = typeof value === "string" ? Number(value.trim()) : value;
  if (typeof n !== "number" || !Number.isInteger(n) || n < 0)
    return { error: `"${value}" is not a quantity` };
  return n;
}

/** Text from a string or number (order numbers often arrive as numbers). */
export function readText(value: unknown): string | null | { error: string } {
  if (value === null || value === undefined) return null;
  if (typeof value === "number" || typeof value === "bigint") return String(value);
  if (typeof value !== "string")
    return { error: `expected text, got ${Array.isArray(value) ? "a list" : typeof value}` };
  const trimmed = value.trim();
  return trimmed === "" ? null : trimmed;
}

export const timeZoneSchema = z
  .string()
  .refine((tz) => DateTime.local().setZone(tz).isValid, "not an IANA time zone (e.g. Europe/Bucharest)");

export function isReadError(value: unknown): value is { error: string } {
  return typeof value === "object" && value !== null && "error" in value && !(value instanceof Date);
}
