import type { Sentiment } from "../types.ts";

export type Urgency = "normal" | "high";

/** Words that say "now": a deadline, an event, or plain urgency, in the languages the agent reads. */
const urgentWords =
  /\b(urgent(ly)?|asap|as soon as possible|immediately|right away|today|tomorrow|deadline|wedding|birthday|urgente|urgentemente|inmediatamente|hoy|mañana|dringend|sofort|heute|morgen|eilig|urgence|immédiatement|aujourd'hui|demain|urgentă|imediat|astăzi|azi|mâine)\b|紧急|緊急|急用|马上|馬上|立刻|今天|明天/iu;

/**
 * How soon the customer needs an answer: high when they say so (a deadline, "urgent", "today") or are
 * angry; the review queue orders by it. Deterministic, so both engines agree on it.
 */
export function urgencyOf(text: string, sentiment: Sentiment): Urgency {
  return sentiment === "angry" || urgentWords.test(text) ? "high" : "normal";
}
