import sanitizeHtml from "sanitize-html";

export interface DisplayHtml {
  html: string;
  /** Images on other hosts, held back (`data-remote-src`) until the reader asks for them. */
  remoteImages: number;
}

/** http(s) and protocol-relative sources: loading one tells the sender the mail was opened, and from where. */
const remote = /^\s*(https?:)?\/\//i;

/**
 * A received HTML body made safe to put in our own page: no scripts, styles, forms, frames or event
 * handlers; only http(s) and mailto links, each opening in a new tab without a handle on ours; remote
 * images kept in `data-remote-src` so the browser fetches nothing until a person asks. Inline images
 * (`cid:`) are not served, so they are dropped; `data:image` ones stay, they make no request.
 */
export function displayHtml(html: string): DisplayHtml {
  let remoteImages = 0;
  const safe = sanitizeHtml(html, {
    allowedTags: [...sanitizeHtml.defaults.allowedTags, "img", "center", "font"],
    allowedAttributes: {
      // target and rel are set below, whatever the sender wrote.
      a: ["href", "title", "target", "rel"],
      img: ["src", "data-remote-src", "alt", "title", "width", "height"],
      td: ["colspan", "rowspan", "align"],
      th: ["colspan", "rowspan", "align"],
      ol: ["start"],
    },
    allowedSchemes: ["http", "https", "mailto"],
    allowedSchemesByTag: { img: ["data"] },
    allowProtocolRelative: false,
    transformTags: {
      a: (tagName, attribs) => ({
        tagName,
        attribs: { ...attribs, target: "_blank", rel: "noopener noreferrer" },
      }),
      img: (tagName, { src = "", "data-remote-src": _planted, ...attribs }) => {
        if (/^\s*data:image\//i.test(src)) return { tagName, attribs: { ...attribs, src } };
        // cid: parts are not served, and a relative source would be fetched from Mailroom itself.
        if (!remote.test(src)) return { tagName, attribs };
        remoteImages++;
        const absolute = src.trim().startsWith("//") ? `https:${src.trim()}` : src.trim();
        return { tagName, attribs: { ...attribs, "data-remote-src": absolute } };
      },
    },
    exclusiveFilter: (frame) =>
      frame.tag === "img" && !frame.attribs.src && !frame.attribs["data-remote-src"],
  });
  return { html: safe, remoteImages };
}
