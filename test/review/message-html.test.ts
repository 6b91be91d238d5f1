import { describe, expect, it } from "vitest";
import { displayHtml } from "../../server/queries/message-html.ts";

describe("displayHtml", () => {
  it("removes scripts, styles, forms, frames and handlers, keeping the text", () => {
    const { html } = displayHtml(
      `<p onclick="steal()">Hello <b>there</b></p><script>alert(1)</script><style>p{}</style>` +
        `<form action="https://evil.example"><input name="card"></form><iframe src="https://evil.example"></iframe>` +
        `<div style="background:url(https://t.example/a)">styled</div>`,
    );
    expect(html).toBe("<p>Hello <b>there</b></p><div>styled</div>");
  });

  it("keeps http(s) and mailto links, opening in a new tab without a handle on ours; drops javascript:", () => {
    const { html } = displayHtml(
      `<a href="javascript:alert(1)">bad</a><a href="https://shop.example/help" target="_self" rel="opener">help</a><a href="mailto:a@b.example">mail</a>`,
    );
    expect(html).toBe(
      '<a target="_blank" rel="noopener noreferrer">bad</a>' +
        '<a href="https://shop.example/help" target="_blank" rel="noopener noreferrer">help</a>' +
        '<a href="mailto:a@b.example" target="_blank" rel="noopener noreferrer">mail</a>',
    );
  });

  it("holds remote images back, keeps data: images and drops the rest", () => {
    const { html, remoteImages } = displayHtml(
      `<img src="https://t.example/p.gif" onerror="x()"><img src="//cdn.example/a.png"><img src="cid:part1">` +
        `<img src="/api/me"><img src="data:image/png;base64,AAAA"><img src="x.png" data-remote-src="javascript:1">`,
    );
    expect(remoteImages).toBe(2);
    expect(html).toBe(
      '<img data-remote-src="https://t.example/p.gif" /><img data-remote-src="https://cdn.example/a.png" />' +
        '<img src="data:image/png;base64,AAAA" />',
    );
  });
});
