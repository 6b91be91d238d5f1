import { german } from "./de.ts";
import { english } from "./en.ts";
import { spanish } from "./es.ts";
import type { Examples } from "./examples.ts";
import { french } from "./fr.ts";
import { romanian } from "./ro.ts";
import { chinese } from "./zh.ts";

export type { Examples } from "./examples.ts";

/** Every language's training sentences by language tag, for the word model the local engine trains. */
export const examples: Readonly<Record<string, Examples>> = {
  en: english,
  ro: romanian,
  zh: chinese,
  es: spanish,
  de: german,
  fr: french,
};
