import { describe, expect, it } from "vitest";
import { forwardBodies, replyBodies } from "../../integrations/mail/reply-body.ts";

const quoted = {
  at: new Date("2026-11-20T09:30:00Z"),
  from: { address: "ana@example.ro", name: "Ana Pop" },
  text: "Unde este comanda <LL-1>?\nMulțumesc",
};

describe("reply bodies", () => {
  it("quote the customer below the reply, in the reply's language", () => {
    const ro = replyBodies({ body: "Bună ziua,\n\nEste pe drum.", signature: null, quoted, language: "ro" });
    expect(ro.text).toBe(
      "Bună ziua,\n\nEste pe drum.\n\nPe 20 nov. 2026, 09:30 UTC, Ana Pop <ana@example.ro> a scris:\n> Unde este comanda <LL-1>?\n> Mulțumesc",
    );
    expect(ro.written).toBe("Bună ziua,\n\nEste pe drum.");
    const zh = replyBodies({ body: "您好", signature: null, quoted, language: "zh-Hans" });
    expect(zh.text).toMatch(/2026年11月20日 09:30 UTC，Ana Pop <ana@example\.ro> 写道：\n> Unde/);
  });

  it("escape the text in the HTML and quote it in a blockquote", () => {
    const { html } = replyBodies({
      body: "Hi <Ana>,\n\nSoon & safe.",
      signature: null,
      quoted,
      language: "en",
    });
    expect(html).toContain("<p>Hi &lt;Ana&gt;,</p>\n<p>Soon &amp; safe.</p>");
    expect(html).toContain("<p>On 20 Nov 2026, 09:30 UTC, Ana Pop &lt;ana@example.ro&gt; wrote:</p>");
    expect(html).toMatch(
      /<blockquote type="cite"[^>]*><p>Unde este comanda &lt;LL-1&gt;\?<br>Mulțumesc<\/p><\/blockquote>/,
    );
  });

  it("sign with the text signature after '-- ', and with the HTML one (or the text one as HTML)", () => {
    const both = replyBodies({
      body: "Thanks",
      signature: { text: "The team", html: "<p><b>The team</b></p>" },
      quoted: null,
      language: "en",
    });
    expect(both.text).toBe("Thanks\n\n-- \nThe team");
    expect(both.html).toContain('<div class="signature"><p><b>The team</b></p></div>');
    const textOnly = replyBodies({
      body: "Thanks",
      signature: { text: "A & B", html: null },
      quoted: null,
      language: "en",
    });
    expect(textOnly.html).toContain('<div class="signature"><p>A &amp; B</p></div>');
  });

  it("forward the message under the note, with its headers", () => {
    const { text, html, written } = forwardBodies({
      note: "Please check the parcel.",
      forwarded: { ...quoted, to: ["support@shop.example"], subject: "Comanda" },
      signature: { text: "Support", html: null },
    });
    expect(written).toBe("Please check the parcel.\n\n-- \nSupport");
    expect(text).toContain("---------- Forwarded message ---------\nFrom: Ana Pop <ana@example.ro>\n");
    expect(text).toContain("Subject: Comanda\nTo: support@shop.example\n\nUnde este comanda <LL-1>?");
    expect(html).toContain("Unde este comanda &lt;LL-1&gt;?");
  });
});
