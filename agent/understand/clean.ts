import { render } from "dom-serializer";
import type { Element } from "domhandler";
import { findAll, removeElement } from "domutils";
import EmailReplyParser from "email-reply-parser";
import { convert } from "html-to-text";
import { parseDocument } from "htmlparser2";

/**
 * What the customer wrote this time, as plain text: HTML converted with hidden elements dropped
 * (display:none, zero size, white-on-white are a prompt-injection channel), quoted history and the
 * reply chain removed. The stored message keeps everything; only the agent reads the cleaned text.
 */
export interface CleanBody {
  text: string;
  /** True when the HTML carried text a reader would not see. */
  hadHiddenText: boolean;
}

const hiddenStyle =
  /(display\s*:\s*none|visibility\s*:\s*hidden|opacity\s*:\s*0(\.0+)?\s*(;|$)|font-size\s*:\s*0(px|pt|em|rem|%)?\s*(;|$)|(^|;)\s*(width|height|max-height|max-width)\s*:\s*0(px)?\s*(;|$)|color\s*:\s*(#fff(fff)?|white|rgba?\(\s*255\s*,\s*255\s*,\s*255)\b)/i;

export function cleanBody(text: string, html: string | null): CleanBody {
  let plain = text;
  let hadHiddenText = false;
  if (html && (!text.trim() || looksHiddenBearing(html))) {
    const visible = visibleHtml(html);
    hadHiddenText = visible.hidden;
    plain = convert(visible.html, {
      wordwrap: false,
      selectors: [
        { selector: "a", options: { ignoreHref: true } },
        { selector: "img", format: "skip" },
      ],
    });
  }
  return { text: new EmailReplyParser().parseReply(plain).trim() || plain.trim(), hadHiddenText };
}

/** Cheap test before parsing: does the HTML style or hide anything at all? */
function looksHiddenBearing(html: string): boolean {
  return /style\s*=|hidden/i.test(html);
}

function visibleHtml(html: string): { html: string; hidden: boolean } {
  const document = parseDocument(html);
  const hidden = findAll((el: Element) => isHidden(el), document.children);
  for (const el of hidden) removeElement(el);
  const concealed = hidden.filter((el) => !["script", "style", "template"].includes(el.name));
  return { html: render(document), hidden: concealed.some((el) => textOf(el).trim().length > 0) };
}

function isHidden(el: Element): boolean {
  if (el.name === "script" || el.name === "style" || el.name === "template") return true;
  if ("hidden" in el.attribs || el.attribs["aria-hidden"] === "true") return true;
  return hiddenStyle.test(el.attribs.style ?? "");
}

function textOf(el: Element): string {
  return el.children
    .map((c) => ("data" in c ? String(c.data) : "children" in c ? textOf(c as Element) : ""))
    .join("");
}
