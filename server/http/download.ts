/**
 * Headers for handing a sender's file to a browser: always a download, never rendered in Mailroom's
 * origin. The name and type come from the customer's mail and are untrusted.
 */

/** Types a browser treats as plain files; anything else (HTML, SVG, XML, scripts…) is sent as bytes. */
const harmlessTypes = new Set([
  "application/pdf",
  "application/zip",
  "application/msword",
  "application/vnd.ms-excel",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  "image/png",
  "image/jpeg",
  "image/gif",
  "image/webp",
  "image/heic",
  "audio/mpeg",
  "video/mp4",
  "video/quicktime",
  "text/plain",
  "text/csv",
  "text/calendar",
]);

export function downloadHeaders(filename: string | null, declaredType: string): Record<string, string> {
  return {
    "Content-Type": safeContentType(declaredType),
    "Content-Disposition": contentDisposition(filename),
    "X-Content-Type-Options": "nosniff",
    // Should a browser render it anyway, it runs nothing and reaches nothing.
    "Content-Security-Policy": "default-src 'none'; sandbox",
    "Cache-Control": "private, no-store",
  };
}

/** The declared type without parameters when it is harmless, else `application/octet-stream`. */
export function safeContentType(declared: string): string {
  const type = declared.split(";")[0]?.trim().toLowerCase() ?? "";
  return harmlessTypes.has(type) ? type : "application/octet-stream";
}

/** `attachment` with an ASCII `filename` and the exact name as RFC 5987 `filename*` (RFC 6266 §4.3). */
export function contentDisposition(filename: string | null): string {
  const name = safeFilename(filename);
  const ascii = name.replace(/[^\x20-\x7e]|["\\%]/g, "_");
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/**
 * The last path segment, without control or format characters (a right-to-left override can make
 * `invoice\u202Efdp.exe` read as a PDF) or characters file systems reserve; "attachment" if nothing is left.
 */
export function safeFilename(filename: string | null): string {
  const base = (filename ?? "").split(/[/\\]/).pop() ?? "";
  const cleaned = base
    .replace(/[\p{Cc}\p{Cf}"*:<>?|]/gu, "_")
    .replace(/^[.\s]+|[.\s]+$/g, "")
    .slice(0, 200);
  return cleaned || "attachment";
}
