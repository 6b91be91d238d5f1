import { describe, expect, it } from "vitest";
import { plainTextEmail } from "../../agent/email.ts";
import { LocalModel } from "../../agent/model/local.ts";
import { TypoCorrector } from "../../agent/model/typos.ts";
import { extractEntities } from "../../agent/understand/extract.ts";
import { detectLanguage } from "../../agent/understand/language.ts";
import { type Case, frenchCases, germanCases, spanishCases } from "./multilingual-cases.ts";

const format = { prefixes: ["LL-"] };
const model = new LocalModel();
const email = (subject: string, text: string) => plainTextEmail(text, { subject });
const classify = (subject: string, text: string) =>
  model.classify(email(subject, text), extractEntities(`${subject}\n${text}`, format));

const languages: [string, Case[]][] = [
  ["es", spanishCases],
  ["de", germanCases],
  ["fr", frenchCases],
];

describe.each(languages)("the local engine reads %s", (language, cases) => {
  it.each(cases)("%s: %s", async (intent, subject, text) => {
    const c = await classify(subject, text);
    expect({ intent: c.intent, language: c.language }).toEqual({ intent, language });
  });
});

describe("language detection on short customer emails", () => {
  it.each([
    ["¿Dónde está mi pedido?", "es"],
    ["hola donde esta mi pedido", "es"],
    ["Quiero cancelar el pedido LL-10226", "es"],
    ["Me cobraron dos veces", "es"],
    ["Wo ist meine Bestellung?", "de"],
    ["wo bleibt mein paket", "de"],
    ["Bestellung LL-10223 stornieren bitte", "de"],
    ["Mir wurde doppelt abgebucht", "de"],
    ["Où est ma commande ?", "fr"],
    ["ou est mon colis", "fr"],
    ["Je veux annuler la commande LL-10225", "fr"],
    ["J'ai été débité deux fois", "fr"],
  ])("%s → %s", (text, language) => {
    expect(detectLanguage(text)).toBe(language);
  });

  // The n-gram detector alone reads many of these as French, Italian or Latin.
  it.each([
    "change my order 3707955617",
    "help me cancel purchase 998877",
    "editing details on my account",
    "i need help talking to a live agent",
    "can I get an invoice for order 4412",
    "do you ship to Canada?",
  ])("keeps a one-line English message English: %s", (text) => {
    expect(detectLanguage(text)).toBe("en");
  });

  it("does not take Portuguese, Italian or Dutch for Spanish, French or German", () => {
    expect(detectLanguage("Olá, onde está a minha encomenda? Obrigado")).toBe("pt");
    expect(detectLanguage("Ciao, dov'è il mio ordine? Grazie")).toBe("it");
    expect(detectLanguage("Hallo, waar is mijn bestelling? Bedankt")).toBe("nl");
  });
});

describe("sentiment in Spanish, German and French", () => {
  it.each([
    ["Esto es una estafa, quiero mi dinero", "angry"],
    ["Si no me devuelven el dinero hablaré con mi abogado", "angry"],
    ["Voy a pedir un contracargo a mi banco", "angry"],
    ["Das ist Betrug! Ich will mein Geld zurück", "angry"],
    ["Mein Anwalt wird sich bei Ihnen melden", "angry"],
    ["Ich veranlasse eine Rückbuchung bei meiner Bank", "angry"],
    ["C'est une arnaque, rendez-moi mon argent", "angry"],
    ["Je vais faire opposition auprès de ma banque", "angry"],
    ["Je vais porter plainte", "angry"],
    ["Estoy muy decepcionado con el pedido", "negative"],
    ["Ich bin enttäuscht, schon wieder keine Antwort", "negative"],
    ["Je suis déçue, toujours pas de réponse", "negative"],
    ["Hola, ¿dónde está mi pedido? Gracias", "neutral"],
    ["Disculpen la molestia, ¿cuándo llega mi pedido?", "neutral"],
    ["Dans l'attente de votre retour, bien cordialement", "neutral"],
  ])("%s → %s", async (text, sentiment) => {
    expect((await classify("", text)).sentiment).toBe(sentiment);
  });
});

describe("a plain where-is-my-order", () => {
  it.each([
    ["Pedido LL-10226", "Hola, ¿dónde está mi pedido LL-10226? ¿Cuándo llega? Gracias, Lucía"],
    ["Bestellung LL-10223", "Hallo, wann kommt meine Bestellung LL-10223 an? Viele Grüße, Jonas"],
    ["Commande LL-10225", "Bonjour, où en est ma commande LL-10225 ? Merci, Camille"],
  ])("is confidently order_status: %s", async (subject, text) => {
    const c = await classify(subject, text);
    expect(c.intent).toBe("order_status");
    expect(c.confidence).toBeGreaterThanOrEqual(0.85);
    expect(c.sentiment).toBe("neutral");
  });

  it("is not taken for a return when a French email asks for a reply", async () => {
    const c = await classify(
      "Commande LL-10225",
      "Bonjour, où en est ma commande LL-10225 ? Dans l'attente de votre retour, cordialement.",
    );
    expect(c.intent).toBe("order_status");
  });
});

describe("typos", () => {
  const corrector = new TypoCorrector(["commande", "rembourser", "bestellung", "stornieren", "cassée"]);

  it("are corrected toward a word of the email's own language", () => {
    expect(corrector.correct("je veux annuler ma comande et me faire remboursser")).toBe(
      "je veux annuler ma commande et me faire rembourser",
    );
    expect(corrector.correct("bitte meine bestelung storneiren")).toBe("bitte meine bestellung stornieren");
  });

  it("are not read into a real word with another first letter", () => {
    expect(corrector.correct("ma commande passée il y a dix jours")).toBe(
      "ma commande passée il y a dix jours",
    );
  });

  it("leave English words alone that are one edit from a French or German cue", async () => {
    const c = await classify("", "I need help talking to a live agent about my profile");
    expect(c.intent).toBe("human_request");
    expect(new TypoCorrector(["livré", "profil"]).correct("a live agent and my profile")).toBe(
      "a live agent and my profile",
    );
  });
});
