import { describe, expect, it } from "vitest";
import { parseEmail } from "../../integrations/mail/mime.ts";

/** A message whose subject is an RFC 2047 encoded word and whose body is base64, both in `charset`. */
function legacyMessage(charset: string, subject: Buffer, body: Buffer): Buffer {
  const head = [
    "From: Customer <customer@example.com>",
    "To: support@lumenandloom.example",
    `Subject: =?${charset}?B?${subject.toString("base64")}?=`,
    "Message-ID: <charset-test@example.com>",
    "MIME-Version: 1.0",
    `Content-Type: text/plain; charset=${charset}`,
    "Content-Transfer-Encoding: base64",
    "",
    body.toString("base64"),
    "",
  ].join("\r\n");
  return Buffer.from(head, "ascii");
}

const bytes = (hex: string) => Buffer.from(hex.replace(/\s+/g, ""), "hex");

// The bytes are written out by hand: Node can decode these charsets but not encode them.
const cases: [string, string, Buffer, string][] = [
  // 你好 / 我的订单
  ["GB2312", "你好", bytes("c4e3 bac3"), "我的订单"],
  // 您好 / 我的訂單 (Big5)
  ["Big5", "您好", bytes("b17a a66e"), "我的訂單"],
  // こんにちは
  ["Shift_JIS", "こんにちは", bytes("82b1 82f1 82c9 82bf 82cd"), "注文"],
  // Привет
  ["windows-1251", "Привет", bytes("cff0 e8e2 e5f2"), "заказ"],
];

const bodies: Record<string, Buffer> = {
  GB2312: bytes("ced2 b5c4 b6a9 b5a5"), // 我的订单
  Big5: bytes("a7da aaba ad71 b3e6"), // 我的訂單
  Shift_JIS: bytes("92 8d 95 b6"), // 注文
  "windows-1251": bytes("e7 e0 ea e0 e7"), // заказ
};

describe("legacy charsets are decoded before anyone reads the mail", () => {
  it.each(cases)("%s subject and body", async (charset, subject, subjectBytes, body) => {
    const parsed = await parseEmail(legacyMessage(charset, subjectBytes, bodies[charset] as Buffer));
    expect(parsed.subject).toBe(subject);
    expect(parsed.text.trim()).toBe(body);
  });
});
