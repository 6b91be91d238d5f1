const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;

/** A coarse span such as "5m", "3h" or "2d": queue readers scan these, they don't need precision. */
function span(ms: number): string {
  const abs = Math.abs(ms);
  if (abs < hour) return `${Math.max(1, Math.round(abs / minute))}m`;
  if (abs < 2 * day) return `${Math.round(abs / hour)}h`;
  return `${Math.round(abs / day)}d`;
}

/** When a review item is due: "in 2h", "3h overdue", "due now". */
export function formatDue(iso: string, now = Date.now()): string {
  const ms = Date.parse(iso) - now;
  if (Number.isNaN(ms)) return "—";
  if (Math.abs(ms) < minute) return "due now";
  return ms > 0 ? `in ${span(ms)}` : `${span(ms)} overdue`;
}

export function isOverdue(iso: string, now = Date.now()): boolean {
  return Date.parse(iso) < now;
}

/** How long ago something happened: "just now", "5m ago", "in 3h" for future times. */
export function formatAgo(iso: string, now = Date.now()): string {
  const ms = now - Date.parse(iso);
  if (Number.isNaN(ms)) return "—";
  if (Math.abs(ms) < minute) return "just now";
  return ms > 0 ? `${span(ms)} ago` : `in ${span(ms)}`;
}

export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

export function formatDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleDateString(undefined, { weekday: "short", day: "numeric", month: "short" });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
