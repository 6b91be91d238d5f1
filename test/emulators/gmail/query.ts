/**
 * The subset of Gmail's search syntax (`q`) a sync needs. Terms are ANDed; a leading `-` negates one.
 * Supported: `in:` (inbox, sent, trash, spam, draft, starred, anywhere), `is:` (unread, read, starred,
 * important), `label:`, `after:`/`before:` (epoch seconds or yyyy/mm/dd, UTC), `newer_than:`/`older_than:`
 * (Nh, Nd, Nm = 30 days, Ny = 365 days), `rfc822msgid:`, and `from:`/`to:`/`subject:` substrings.
 * Anything else (free text, OR, braces, `has:`…) is refused with a 400 naming the term, so a test never
 * passes on a query the emulator silently ignored.
 */
import { type Header, headerValue } from "./mime.ts";

export interface Searchable {
  labelIds: ReadonlySet<string>;
  internalDate: number;
  headers: Header[];
  messageId: string | undefined;
}

export type Predicate = (message: Searchable) => boolean;

export type ParsedQuery =
  | { ok: true; test: Predicate; includesSpamTrash: boolean }
  | { ok: false; message: string };

const DAY_MS = 24 * 60 * 60 * 1000;
const UNIT_MS: Record<string, number> = { h: DAY_MS / 24, d: DAY_MS, m: 30 * DAY_MS, y: 365 * DAY_MS };

export function parseQuery(
  q: string,
  now: number,
  labelIdOf: (nameOrId: string) => string | undefined,
): ParsedQuery {
  const tests: Predicate[] = [];
  let includesSpamTrash = false;
  for (const term of q.match(/-?[^\s:]+:("[^"]*"|\S+)|\S+/g) ?? []) {
    const negated = term.startsWith("-");
    const match = /^-?([a-z_0-9]+):(.*)$/i.exec(term);
    const key = match?.[1]?.toLowerCase() ?? "";
    const value = (match?.[2] ?? "").replace(/^"|"$/g, "");
    const test = termTest(key, value, now, labelIdOf);
    if (typeof test === "string")
      return { ok: false, message: `emulator: unsupported query term '${term}' (${test})` };
    if (key === "in" && ["trash", "spam", "anywhere"].includes(value.toLowerCase())) includesSpamTrash = true;
    tests.push(negated ? (message) => !test(message) : test);
  }
  return { ok: true, test: (message) => tests.every((test) => test(message)), includesSpamTrash };
}

/** A predicate for one `key:value` term, or a string saying why it is not supported. */
function termTest(
  key: string,
  value: string,
  now: number,
  labelIdOf: (nameOrId: string) => string | undefined,
): Predicate | string {
  const lower = value.toLowerCase();
  switch (key) {
    case "in":
      if (lower === "anywhere") return () => true;
      if (!["inbox", "sent", "trash", "spam", "draft", "starred"].includes(lower)) return "unknown folder";
      return hasLabel(lower.toUpperCase());
    case "is": {
      const labels: Record<string, Predicate> = {
        unread: hasLabel("UNREAD"),
        read: (message) => !message.labelIds.has("UNREAD"),
        starred: hasLabel("STARRED"),
        important: hasLabel("IMPORTANT"),
      };
      return labels[lower] ?? "unknown is: value";
    }
    case "label": {
      const id = labelIdOf(value);
      return id ? hasLabel(id) : () => false;
    }
    case "after":
    case "before": {
      const at = parseDate(value);
      if (at === undefined) return "expected epoch seconds or yyyy/mm/dd";
      return key === "after"
        ? (message) => message.internalDate >= at
        : (message) => message.internalDate < at;
    }
    case "newer_than":
    case "older_than": {
      const relative = /^(\d+)([hdmy])$/i.exec(value);
      const unit = UNIT_MS[relative?.[2]?.toLowerCase() ?? ""];
      if (!relative || unit === undefined) return "expected N followed by h, d, m or y";
      const cutoff = now - Number(relative[1]) * unit;
      return key === "newer_than"
        ? (message) => message.internalDate > cutoff
        : (message) => message.internalDate <= cutoff;
    }
    case "rfc822msgid": {
      const id = value.startsWith("<") ? value : `<${value}>`;
      return (message) => message.messageId === id;
    }
    case "from":
    case "to":
    case "subject": {
      const names = key === "to" ? ["to", "cc"] : [key];
      return (message) =>
        names.some((name) => headerValue(message.headers, name)?.toLowerCase().includes(lower) ?? false);
    }
    default:
      return "not emulated";
  }
}

function hasLabel(id: string): Predicate {
  return (message) => message.labelIds.has(id);
}

function parseDate(value: string): number | undefined {
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = /^(\d{4})[/-](\d{1,2})[/-](\d{1,2})$/.exec(value);
  if (!date) return undefined;
  return Date.UTC(Number(date[1]), Number(date[2]) - 1, Number(date[3]));
}
