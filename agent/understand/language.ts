import { createRequire } from "node:module";

type Detect = typeof import("tinyld")["detect"];
/**
 * The n-gram detector, loaded on first use: its tables cost a process ~36 MB, which the server process
 * (it stores mail; the worker triages it) never needs. tinyld ships CommonJS too, so a synchronous
 * require keeps detection synchronous.
 */
let ngramDetect: Detect | undefined;
const detect: Detect = (text, options) => {
  ngramDetect ??= (createRequire(import.meta.url)("tinyld") as { detect: Detect }).detect;
  return ngramDetect(text, options);
};

/**
 * Characters written only in traditional Chinese (and their simplified twins in the other list), for
 * telling zh-Hant from zh-Hans — the language detector says only "zh".
 */
const traditionalOnly = /[們個這說請還點時間單號訂貨運遞態們為無對裡後來過開關應該聯繫謝覆題與資訊購買錢]/gu;
const simplifiedOnly = /[们个这说请还点时间单号订货运递态为无对里后来过开关应该联系谢复题与资讯购买钱]/gu;

/**
 * Short, frequent words of each language customers write to our stores in, and of its nearest
 * neighbours, so a Portuguese "está" is not taken for Spanish alone. The detector's n-grams guess wrong
 * on a one-line email ("change order 3707955617" reads as French to it); these words do not. A word
 * two languages share votes for both; words most languages share ("a", "de", "la", "me") are left out.
 */
const markerWords: Record<string, string> = {
  en: `the my i you your to is are and for with how what where when why can could would need want
    help please have has it this that of on get order purchase account thanks thank hi hello from about
    do does not will been still yet any know cancel refund delivery shipping package parcel item
    received arrived wrong payment invoice check change send sent just we our they there assistance
    customer support contact password problem issue an against company complaint file consumer details
    editing create creating cannot reset recover user make reporting issues ur u wanna dont cant im expect
    should which some got like them if`,
  es: `el los las mis sus su pero quiero quisiera hola gracias dónde donde cuándo cuando pedido pedidos
    paquete envío envio está estoy tengo todavía todavia aún nada muy ya también saludos buenos buenas
    del al lo con una y usted ustedes necesito puedo pueden días dias llegado llegó llego cuenta compra
    devolución reembolso qué sí esta estaba hace semana favor para por`,
  pt: `olá obrigado obrigada encomenda minha não nao você voce vocês onde ainda recebi uma já meu pedi
    do pedido está esta nada semana favor compra reembolso envio dias para por`,
  it: `ciao grazie ordine mio mia della sono ancora buongiorno salve pacco spedizione ho è il non che
    del al lo con una le i`,
  de: `ich und nicht ist meine mein meiner meinen der das dem den die bitte danke vielen dank wo wann
    bestellung paket sendung sie ihr ihnen ihre mit auf für fuer noch schon habe haben wurde kann können
    möchte moechte guten grüße gruesse grüßen leider ein eine einen einem zu von bei über aber auch nach
    warum geld zurück heute gestern wird sehr geehrte geehrter damen herren lieferung rechnung bis jetzt
    seit woche tagen problem an`,
  fr: `je est ma mon mes le les des du une et pas vous votre vos nous notre bonjour bonsoir merci
    commande colis où quand reçu reçue pour avec sur mais ai suis été cordialement madame monsieur
    toujours encore depuis livraison remboursement ce cette il elle qu j c n l ne au aux chez svp rien
    déjà très avez pouvez voudrais souhaite aujourd hui semaine jours non`,
  ro: `bună buna ziua comanda comandă comenzii mulțumesc multumesc nu pentru unde când cand vă rog mea
    meu cu din pe ați ati să încă inca coletul livrare livrat primit și`,
  nl: "ik mijn bestelling niet het een bedankt waar wanneer pakket nog heb graag groeten jullie",
};

const markerLanguageOf = new Map<string, string[]>();
for (const [language, words] of Object.entries(markerWords)) {
  for (const word of words.split(/\s+/))
    markerLanguageOf.set(word, [...(markerLanguageOf.get(word) ?? []), language]);
}

/** How many of the text's words are markers of each language ("¿", "¡" and "ñ" count for Spanish). */
export function markerVotes(text: string): Map<string, number> {
  const votes = new Map<string, number>();
  const vote = (language: string, n = 1) => votes.set(language, (votes.get(language) ?? 0) + n);
  for (const word of text.toLowerCase().split(/[^\p{L}]+/u)) {
    for (const language of markerLanguageOf.get(word) ?? []) vote(language);
  }
  const spanishMarks = text.match(/[¿¡ñÑ]/g)?.length ?? 0;
  if (spanishMarks > 0) vote("es", spanishMarks);
  if (/ß/.test(text)) vote("de");
  return votes;
}

/** The language most of the text's marker words belong to, when one clearly leads; else undefined. */
export function markerLanguage(text: string): string | undefined {
  const ranked = [...markerVotes(text).entries()].sort((a, b) => b[1] - a[1]);
  const [first, second] = ranked;
  if (!first || (second && second[1] >= first[1])) return undefined;
  return first[0];
}

/** BCP 47-ish tag of the customer's language: "en", "ro", "es", "de", "fr", "zh-Hans", "zh-Hant", … ("und" if unsure). */
export function detectLanguage(text: string): string {
  const sample = text.slice(0, 2000);
  if (/\p{Script=Han}/u.test(sample)) {
    const han = sample.match(/\p{Script=Han}/gu)?.length ?? 0;
    const latin = sample.match(/[a-z]/gi)?.length ?? 0;
    if (han * 3 >= latin) {
      const traditional = sample.match(traditionalOnly)?.length ?? 0;
      const simplified = sample.match(simplifiedOnly)?.length ?? 0;
      return traditional > simplified ? "zh-Hant" : "zh-Hans";
    }
  }
  // Romanian diacritics settle it where short texts confuse the detector.
  if (/[ășțȘȚ]/u.test(sample)) return "ro";
  return scoredLanguage(sample) ?? "und";
}

/**
 * The detector's guess counts as a few marker words, more the longer the text: on a long email its
 * n-grams are reliable, on a short one the marker words decide. Order and tracking numbers, addresses
 * and links are left out, as they only add noise for either.
 */
function scoredLanguage(sample: string): string | undefined {
  const words = sample
    .replace(/https?:\/\/\S+|[\w.+-]+@[\w-]+(\.[\w-]+)+|\S*\d\S*/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  const scores = markerVotes(words);
  const wordCount = words.split(" ").length;
  const [first, second] = [...scores.entries()].sort((a, b) => b[1] - a[1]);
  // When a quarter of the words are one language's markers, far ahead of any other, that settles it
  // and the (much slower) n-gram detector is not needed.
  if (first && first[1] >= 3 && first[1] >= wordCount / 4 && first[1] >= 3 * (second?.[1] ?? 0)) {
    return first[0];
  }
  const guess = detect(words);
  if (guess) scores.set(guess, (scores.get(guess) ?? 0) + Math.max(0.5, wordCount / 4));
  const ranked = [...scores.entries()].sort((a, b) => b[1] - a[1]);
  return ranked[0]?.[0] ?? (guess || undefined);
}
