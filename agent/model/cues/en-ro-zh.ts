import { orderIntents } from "./en-ro-zh-orders.ts";
import { serviceIntents } from "./en-ro-zh-service.ts";
import type { IntentCues } from "./language-cues.ts";

/**
 * English, Romanian and Chinese (simplified and traditional), the languages our first stores write in,
 * in one table per intent as they were first written, split in two files by kind of intent. Later
 * languages have a file each.
 */
export const firstLanguages: IntentCues = { ...orderIntents, ...serviceIntents };

/** Words that make sentiment negative or angry, whatever the intent. */
export const firstNegativeCues = [
  "disappointed",
  "unacceptable",
  "frustrated",
  "still not",
  "again",
  "dezamăgit",
  "nemulțumit",
  "失望",
  "不满",
  "不滿",
];
export const firstAngryCues = [
  "ridiculous",
  "scam",
  "worst",
  "furious",
  "!!!",
  "wtf",
  "lawyer",
  "chargeback",
  "bătaie de joc",
  "țeapă",
  "teapa",
  "骗子",
  "骗人",
  "垃圾",
  "騙子",
];
