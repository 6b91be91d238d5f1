import type { RedraftInstruction, RedraftPreset } from "../types.ts";

/**
 * How the local engine follows a person's "Regenerate" asks. It cannot rewrite free text, so it reads the
 * quick asks out of the person's words too ("make it shorter", "请正式一点", "cere-ți scuze").
 */

interface Phrases {
  /** Opens the body when the reply should apologise (and does not already). */
  apology: string;
  /** Closes the body when the reply should offer a replacement. No refund or discount: the check forbids those. */
  replacement: string;
  /** How the template already apologises, so the apology is not said twice. */
  alreadySorry: RegExp;
}

const phrases: Record<string, Phrases> = {
  en: {
    apology: "We're sorry for the trouble this has caused you.",
    replacement:
      "If you would like a replacement, we can send a new one out to you: just reply to this email and we will arrange it.",
    alreadySorry: /\b(sorry|apologi[sz]e)\b/i,
  },
  ro: {
    apology: "Ne cerem scuze pentru neplăcerile create.",
    replacement:
      "Dacă doriți, vă putem trimite un produs nou în locul acestuia: răspundeți la acest e-mail și ne ocupăm de tot.",
    alreadySorry: /ne pare rău|ne cerem scuze/i,
  },
  "zh-Hans": {
    apology: "给您带来不便，我们深表歉意。",
    replacement: "如果您愿意，我们可以为您补发一件新的商品，回复此邮件告诉我们即可。",
    alreadySorry: /抱歉|歉意|对不起/,
  },
  "zh-Hant": {
    apology: "造成您的不便，我們深感抱歉。",
    replacement: "如果您願意，我們可以為您補寄一件新的商品，回覆此郵件告訴我們即可。",
    alreadySorry: /抱歉|歉意|對不起/,
  },
  es: {
    apology: "Lamentamos mucho las molestias que esto le ha causado.",
    replacement:
      "Si lo desea, podemos enviarle un artículo nuevo en su lugar: responda a este correo y nos encargamos.",
    alreadySorry: /lamentamos|disculp|lo siento/i,
  },
  de: {
    apology: "Bitte entschuldigen Sie die Unannehmlichkeiten.",
    replacement:
      "Wenn Sie möchten, schicken wir Ihnen einen neuen Artikel als Ersatz: Antworten Sie einfach auf diese E-Mail.",
    alreadySorry: /entschuldig|tut uns leid|bedauern/i,
  },
  fr: {
    apology: "Nous vous prions de nous excuser pour ce désagrément.",
    replacement:
      "Si vous le souhaitez, nous pouvons vous envoyer un nouvel article en remplacement : il suffit de répondre à cet e-mail.",
    alreadySorry: /désolé|excus|regrett/i,
  },
};

/** Words in a person's own instruction that mean one of the quick asks, in the languages we write. */
const presetCues: Record<RedraftPreset, RegExp> = {
  shorter:
    /\b(short|shorter|brief|briefer|concise|tl;?dr)\b|scurt|concis|简短|簡短|短一点|短一點|精简|kürzer|más corto|plus court/i,
  more_formal: /\bformal|\bpolite|oficial|politicos|正式|礼貌|禮貌|förmlich|formel/i,
  apologise: /\b(apologi[sz]e|apology|sorry)\b|scuze|道歉|歉意|entschuldig|disculp|excus/i,
  offer_replacement:
    /\b(replace|replacement|new one|resend)\b|înlocui|inlocui|produs nou|换货|換貨|补发|補寄|重新发|ersatz|reemplaz|remplac/i,
};

export function presetsOf(instruction: RedraftInstruction | undefined): Set<RedraftPreset> {
  if (!instruction) return new Set();
  const asked = new Set(instruction.presets);
  const words = instruction.text ?? "";
  for (const [preset, cue] of Object.entries(presetCues) as [RedraftPreset, RegExp][])
    if (cue.test(words)) asked.add(preset);
  return asked;
}

export function phrasesFor(language: string): Phrases {
  return phrases[language] ?? (phrases.en as Phrases);
}

/**
 * The body with the asks that change it applied: an apology first, a replacement offer last, and for
 * "shorter" the first and last sentences of the opening paragraph (what happened, what we do next) plus
 * the lines that carry a fact (a tracking number or link), which the customer needs whatever the length.
 */
export function applyPresets(
  body: string,
  asked: Set<RedraftPreset>,
  language: string,
  facts: { keep: string[] },
): string {
  const words = phrasesFor(language);
  let paragraphs = body.split(/\n{2,}/);
  if (asked.has("shorter")) {
    const [opening = "", ...rest] = paragraphs;
    const factLines = rest
      .flatMap((paragraph) => paragraph.split("\n"))
      .filter((line) => facts.keep.some((fact) => fact && line.includes(fact)));
    paragraphs = [outline(opening), ...(factLines.length > 0 ? [factLines.join("\n")] : [])];
  }
  if (asked.has("apologise") && !words.alreadySorry.test(paragraphs[0] ?? "")) {
    const joiner = language.startsWith("zh") ? "" : " ";
    paragraphs[0] = `${words.apology}${joiner}${paragraphs[0] ?? ""}`.trim();
  }
  if (asked.has("offer_replacement")) paragraphs.push(words.replacement);
  return paragraphs.join("\n\n");
}

/** A paragraph's first and last sentences (Latin or CJK stops). */
function outline(paragraph: string): string {
  const sentences = paragraph.trim().match(/[^.!?。！？]+(?:[.!?](?=\s|$)|[。！？]|$)/gsu) ?? [paragraph];
  const kept = sentences.length > 2 ? [sentences[0], sentences.at(-1)] : sentences;
  return kept.map((sentence) => (sentence ?? "").trim()).join(/[。！？]/.test(paragraph) ? "" : " ");
}
