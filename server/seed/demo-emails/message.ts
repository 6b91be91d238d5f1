import { DEMO_SHOP_ADDRESS, DEMO_SHOP_NAME } from "../demo-store.ts";

/** One raw RFC 5322 message for the demo inbox, with a short English description of what it tests. */
export interface DemoEmail {
  label: string;
  raw: string;
}

export interface Sender {
  name: string;
  address: string;
  /** The offset their mail client writes into the Date header. */
  utcOffsetMinutes: number;
}

export type Lang = "en-US" | "en-GB" | "zh-CN" | "zh-TW" | "ro";

/** A message before rendering; Message-IDs are handed out in arrival order by `renderEmails`. */
export interface DemoMessage {
  /** Names the message so a later one in the same thread can refer to it. */
  key?: string;
  label: string;
  from: Sender;
  /** Overrides the rendered From header, for senders written in the `addr (Comment)` form. */
  fromHeader?: string;
  subject: string;
  sentAt: Date;
  body: string;
  contentType?: string;
  transferEncoding?: "7bit" | "8bit" | "quoted-printable" | "base64";
  headers?: [name: string, value: string][];
  /** The customer answers one of the shop's replies to their message `key`. */
  replyTo?: { key: string; shopMessageId: string };
}

export const SHOP = `${DEMO_SHOP_NAME} <${DEMO_SHOP_ADDRESS}>`;

const MINUTE_MS = 60_000;

/** A moment `days` before now, on a whole minute plus a few seconds, so Date headers look lived-in. */
export function daysAgo(now: Date, days: number): Date {
  const minute = Math.floor(now.getTime() / MINUTE_MS) * MINUTE_MS;
  const seconds = Math.round(days * 997) % 60;
  return new Date(minute - Math.round(days * 1440) * MINUTE_MS + seconds * 1000);
}

/** Template tag that drops the source indentation, so bodies can sit indented in the code. */
export function text(strings: TemplateStringsArray, ...values: unknown[]): string {
  const indents = strings
    .join("\u0000")
    .split("\n")
    .slice(1)
    .filter((line) => line.trim() !== "")
    .map((line) => line.length - line.trimStart().length);
  const cut = indents.length > 0 ? Math.min(...indents) : 0;
  const dedent = (s: string) => s.replace(new RegExp(`\\n {0,${cut}}`, "g"), "\n");
  let out = dedent(strings[0] ?? "");
  values.forEach((value, i) => {
    out += String(value) + dedent(strings[i + 1] ?? "");
  });
  return out.replace(/^\n/, "").replace(/\n *$/, "\n");
}

export function quote(body: string): string {
  return body
    .trimEnd()
    .split("\n")
    .map((line) => (line === "" ? ">" : `> ${line}`))
    .join("\n");
}

const EN_DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const EN_MONTHS =
  "January February March April May June July August September October November December".split(" ");
const RO_MONTHS = [
  "ianuarie",
  "februarie",
  "martie",
  "aprilie",
  "mai",
  "iunie",
  "iulie",
  "august",
  "septembrie",
  "octombrie",
  "noiembrie",
  "decembrie",
];
const RO_DAYS_SHORT = "dum. lun. mar. mie. joi vin. sâm.".split(" ");
const RO_MONTHS_SHORT = "ian. feb. mar. apr. mai iun. iul. aug. sept. oct. nov. dec.".split(" ");
const ZH_DAYS = [..."日一二三四五六"];

/** The sender's wall clock, read through the UTC getters. */
function wallClock(date: Date, offsetMinutes: number) {
  const d = new Date(date.getTime() + offsetMinutes * MINUTE_MS);
  const hh = d.getUTCHours();
  const mm = String(d.getUTCMinutes()).padStart(2, "0");
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth(),
    day: d.getUTCDate(),
    weekday: d.getUTCDay(),
    hh,
    mm,
  };
}

/** A date the way a customer writes it in a sentence: "Tuesday, June 4", "6月4日", "4 iunie". */
export function spokenDate(lang: Lang, date: Date, offsetMinutes: number): string {
  const t = wallClock(date, offsetMinutes);
  switch (lang) {
    case "en-US":
      return `${EN_DAYS[t.weekday]}, ${EN_MONTHS[t.month]} ${t.day}`;
    case "en-GB":
      return `${EN_DAYS[t.weekday]} ${t.day} ${EN_MONTHS[t.month]}`;
    case "zh-CN":
    case "zh-TW":
      return `${t.month + 1}月${t.day}日`;
    case "ro":
      return `${t.day} ${RO_MONTHS[t.month]}`;
  }
}

/** The line Gmail puts above a quoted message, in the customer's language. */
export function attribution(lang: Lang, date: Date, offsetMinutes: number, who = SHOP): string {
  const t = wallClock(date, offsetMinutes);
  const ymd = `${t.year}年${t.month + 1}月${t.day}日`;
  const h12 = t.hh % 12 === 0 ? 12 : t.hh % 12;
  const ampm = t.hh < 12 ? "AM" : "PM";
  const day = EN_DAYS[t.weekday]?.slice(0, 3);
  const month = EN_MONTHS[t.month]?.slice(0, 3);
  switch (lang) {
    case "en-US":
      return `On ${day}, ${month} ${t.day}, ${t.year} at ${h12}:${t.mm} ${ampm} ${who} wrote:`;
    case "en-GB":
      return `On ${day}, ${t.day} ${month} ${t.year} at ${t.hh}:${t.mm}, ${who} wrote:`;
    case "zh-CN":
      return `${who} 于${ymd}周${ZH_DAYS[t.weekday]} ${t.hh}:${t.mm}写道：`;
    case "zh-TW":
      return `${who} 於 ${ymd} 週${ZH_DAYS[t.weekday]} ${t.hh < 12 ? "上午" : "下午"}${h12}:${t.mm}寫道：`;
    case "ro": {
      const when = `${RO_DAYS_SHORT[t.weekday]}, ${t.day} ${RO_MONTHS_SHORT[t.month]} ${t.year}`;
      return `În ${when} la ${t.hh}:${t.mm}, ${who} a scris:`;
    }
  }
}

/** RFC 5322 §3.3 date-time with the sender's numeric zone, e.g. "Tue, 04 Jun 2024 10:12:07 +0800". */
export function rfc5322Date(date: Date, offsetMinutes: number): string {
  const d = new Date(date.getTime() + offsetMinutes * MINUTE_MS);
  const pad = (n: number) => String(n).padStart(2, "0");
  const sign = offsetMinutes < 0 ? "-" : "+";
  const abs = Math.abs(offsetMinutes);
  const zone = `${sign}${pad(Math.floor(abs / 60))}${pad(abs % 60)}`;
  const day = EN_DAYS[d.getUTCDay()]?.slice(0, 3);
  const month = EN_MONTHS[d.getUTCMonth()]?.slice(0, 3);
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  return `${day}, ${pad(d.getUTCDate())} ${month} ${d.getUTCFullYear()} ${time} ${zone}`;
}

const hexByte = (b: number) => `=${b.toString(16).toUpperCase().padStart(2, "0")}`;

/**
 * RFC 2047 encoded-words for a header value; ASCII passes through. Latin text gets the readable Q form,
 * anything else B. Words stay under 75 characters and never split a character, as §5 requires.
 */
export function encodeWords(value: string): string {
  if (/^[ -~]*$/.test(value)) return value;
  const latin = [...value].every((ch) => (ch.codePointAt(0) ?? 0) < 0x250);
  const words: string[] = [];
  let chunk = "";
  const flush = () => {
    if (chunk === "") return;
    const payload = latin ? chunk : Buffer.from(chunk, "utf8").toString("base64");
    words.push(`=?UTF-8?${latin ? "Q" : "B"}?${payload}?=`);
    chunk = "";
  };
  for (const ch of value) {
    if (latin) {
      const token = /[A-Za-z0-9!*+\-/]/.test(ch)
        ? ch
        : ch === " "
          ? "_"
          : [...Buffer.from(ch)].map(hexByte).join("");
      if (chunk.length + token.length > 63) flush();
      chunk += token;
    } else {
      if (Buffer.byteLength(chunk + ch, "utf8") > 45) flush();
      chunk += ch;
    }
  }
  flush();
  return words.join("\r\n ");
}

export function formatAddress(name: string, address: string): string {
  if (!/^[ -~]*$/.test(name)) return `${encodeWords(name)} <${address}>`;
  if (/[()<>[\]:;@\\,."]/.test(name)) return `"${name.replace(/["\\]/g, "\\$&")}" <${address}>`;
  return `${name} <${address}>`;
}

/** RFC 2045 §6.7 quoted-printable: lines of at most 76 characters, soft breaks never split an =XX. */
export function encodeQuotedPrintable(body: string): string {
  const out: string[] = [];
  for (const line of body.split("\n")) {
    const bytes = [...Buffer.from(line, "utf8")];
    let current = "";
    bytes.forEach((b, i) => {
      const trailingSpace = (b === 0x20 || b === 0x09) && i === bytes.length - 1;
      const literal = b === 0x09 || (b >= 0x20 && b <= 0x7e && b !== 0x3d);
      const token = literal && !trailingSpace ? String.fromCharCode(b) : hexByte(b);
      if (current.length + token.length > 75) {
        out.push(`${current}=`);
        current = "";
      }
      current += token;
    });
    out.push(current);
  }
  return out.join("\r\n");
}

function encodeBody(body: string, encoding: NonNullable<DemoMessage["transferEncoding"]>): string {
  const lf = body.replace(/\r\n/g, "\n").replace(/\n*$/, "\n");
  if (encoding === "quoted-printable") return encodeQuotedPrintable(lf);
  if (encoding === "base64") {
    const b64 = Buffer.from(lf.replace(/\n/g, "\r\n"), "utf8").toString("base64");
    return `${b64.replace(/.{76}/g, "$&\r\n").replace(/\r\n$/, "")}\r\n`;
  }
  return lf.replace(/\n/g, "\r\n");
}

const messageId = (seq: number) => `<demo-${String(seq).padStart(2, "0")}@mail.example.com>`;

/** Orders the messages by arrival, numbers them demo-01…, and threads replies onto their first message. */
export function renderEmails(messages: DemoMessage[]): DemoEmail[] {
  const ordered = [...messages].sort((a, b) => a.sentAt.getTime() - b.sentAt.getTime());
  const idByKey = new Map<string, string>();
  ordered.forEach((m, i) => {
    if (m.key) idByKey.set(m.key, messageId(i + 1));
  });
  return ordered.map((m, i) => {
    const encoding = m.transferEncoding ?? "8bit";
    const headers: [string, string][] = [
      ["From", m.fromHeader ?? formatAddress(m.from.name, m.from.address)],
      ["To", DEMO_SHOP_ADDRESS],
      ["Subject", encodeWords(m.subject)],
      ["Date", rfc5322Date(m.sentAt, m.from.utcOffsetMinutes)],
      ["Message-ID", messageId(i + 1)],
    ];
    if (m.replyTo) {
      const first = idByKey.get(m.replyTo.key);
      if (!first) throw new Error(`demo email "${m.label}" replies to unknown key ${m.replyTo.key}`);
      headers.push(
        ["In-Reply-To", m.replyTo.shopMessageId],
        ["References", `${first} ${m.replyTo.shopMessageId}`],
      );
    }
    headers.push(...(m.headers ?? []), ["MIME-Version", "1.0"]);
    headers.push(["Content-Type", m.contentType ?? "text/plain; charset=utf-8"]);
    headers.push(["Content-Transfer-Encoding", encoding]);
    const head = headers.map(([name, value]) => `${name}: ${value}`).join("\r\n");
    return { label: m.label, raw: `${head}\r\n\r\n${encodeBody(m.body, encoding)}` };
  });
}
