import { describe, expect, it } from "vitest";
import { plainTextEmail } from "../../agent/email.ts";
import { CueMatcher } from "../../agent/model/cue-matcher.ts";
import { cueScores, wordsOf } from "../../agent/model/cue-scores.ts";
import { examples } from "../../agent/model/examples/index.ts";
import { LocalModel } from "../../agent/model/local.ts";
import { TypoCorrector } from "../../agent/model/typos.ts";
import { WordModel } from "../../agent/model/word-model.ts";
import { defaultPolicy } from "../../agent/policy.ts";
import { customerIntents, type Intent } from "../../agent/types.ts";
import { extractEntities } from "../../agent/understand/extract.ts";

const model = new LocalModel();
const email = (text: string) => plainTextEmail(text);
const classify = (text: string) => model.classify(email(text), extractEntities(text, { prefixes: ["LL-"] }));
const topIntent = (text: string) =>
  [...cueScores(wordsOf(text.toLowerCase()))].sort((a, b) => b[1] - a[1])[0]?.[0];

describe("the cue matcher", () => {
  it("finds every occurrence of every cue, overlapping ones too", () => {
    const matcher = new CueMatcher([
      ["track", "a"],
      ["track my", "b"],
      ["rack", "c"],
      ["退款", "d"],
    ]);
    const hits = matcher.find("track my refund, track 退款");
    expect(hits.map((h) => [h.value, h.start, h.end])).toEqual([
      ["a", 0, 5],
      ["c", 1, 5],
      ["b", 0, 8],
      ["a", 17, 22],
      ["c", 18, 22],
      ["d", 23, 25],
    ]);
  });

  it("agrees with a plain substring search", () => {
    const cues = ["an", "ana", "nan", "banana", "a", "x", " a ", "na n"];
    const matcher = new CueMatcher(cues.map((cue) => [cue, cue] as const));
    for (const text of ["banana", "a nanna banana x", " a ", "ananas and bananas", ""]) {
      const found = new Set(matcher.find(text).map((hit) => hit.value));
      expect([...found].sort()).toEqual(cues.filter((cue) => text.includes(cue)).sort());
    }
  });
});

describe("cue scores read a verb with what it is about", () => {
  it.each<[string, Intent]>([
    ["please cancel my order", "cancel"],
    ["how do I cancel my newsletter subscription", "account"],
    ["I want to cancel my premium account", "account"],
    ["change the details on my account", "account"],
    ["I lost my password", "account"],
    ["cancel my order, I will pay from my bank account instead", "cancel"],
    ["where is my order", "order_status"],
    ["I want to track my refund", "refund"],
    ["still waiting for my compensation, any update?", "refund"],
    ["the lamp arrived broken, I want to return it", "damaged_or_wrong_item"],
    ["it came damaged, I want a refund", "damaged_or_wrong_item"],
  ])("%s → %s", (text, intent) => {
    expect(topIntent(text)).toBe(intent);
  });

  it("counts a cue inside a longer one once", () => {
    // "track" and "track my" are both order_status cues: one piece of evidence.
    expect(cueScores(wordsOf("track my parcel")).get("order_status")).toBe(1);
  });
});

describe("the local engine", () => {
  // Written for this test, not among the training examples: phrasings no cue lists word for word.
  it.each<[Intent, string]>([
    ["product_question", "I'd like to get hold of a few of your cushions, how does that work?"],
    ["billing", "The checkout keeps failing when I try to pay"],
    ["refund", "I'd like to be compensated for the late parcel"],
    ["human_request", "Could somebody from your team ring me?"],
    ["change_order", "My address changed last week, could you send the order to my new flat?"],
    ["complaint", "Your service has been awful from start to finish."],
    ["account", "I never got the verification email"],
  ])("reads %s: %s", async (intent, text) => {
    expect((await classify(text)).intent).toBe(intent);
  });

  it("leaves a word-model guess to a person", async () => {
    const c = await classify("I'd like to get hold of a few of your cushions, how does that work?");
    expect(c.confidence).toBeLessThan(defaultPolicy.autoSendMinConfidence);
  });

  it("is not sure of a status question its words say is a thank-you", async () => {
    const c = await classify("Everything arrived perfectly, lovely quality, thanks!");
    expect(c.confidence).toBeLessThan(defaultPolicy.autoSendMinConfidence);
  });

  it.each([
    "Hi, where is my order LL-10234? It should have arrived by now. Thanks",
    "Bună ziua, unde este comanda LL-20001?",
  ])("stays sure of a plain where-is-my-order: %s", async (text) => {
    const c = await classify(text);
    expect(c).toMatchObject({ intent: "order_status" });
    expect(c.confidence).toBeGreaterThanOrEqual(defaultPolicy.autoSendMinConfidence);
  });

  it("still calls mail about nothing it knows other", async () => {
    expect((await classify("qwerty zxcv")).intent).toBe("other");
  });
});

describe("the word model", () => {
  const training: [Intent, string][] = [
    ["refund", "where is my refund"],
    ["refund", "refund my money"],
    ["cancel", "cancel my order"],
    ["cancel", "please cancel it"],
  ];
  const wordModel = new WordModel(training);

  it("gives a probability per intent that sums to one", () => {
    const posterior = wordModel.posterior("i want my money back");
    expect([...posterior.values()].reduce((a, b) => a + b, 0)).toBeCloseTo(1);
    expect(posterior.get("refund")).toBeGreaterThan(0.5);
  });

  it("says nothing of words it never saw", () => {
    expect(wordModel.posterior("zebra quantum").size).toBe(0);
  });
});

describe("the training examples", () => {
  it.each(Object.entries(examples))("%s covers every customer intent", (_language, sentences) => {
    for (const intent of customerIntents) expect(sentences[intent].length).toBeGreaterThanOrEqual(3);
  });

  it("hold no sentence twice", () => {
    const all = Object.values(examples).flatMap((language) => Object.values(language).flat());
    expect(new Set(all).size).toBe(all.length);
  });
});

describe("typo correction", () => {
  it("corrects only one edit away, not two deletions that happen to meet", () => {
    const corrector = new TypoCorrector(["rebate", "cancel", "refund"], new Map());
    expect(corrector.correct("create a refnd")).toBe("create a refund");
  });

  it("leaves everyday words as written and corrects nothing toward them", () => {
    const corrector = new TypoCorrector(["charged"], new Map(), ["changed", "under"]);
    expect(corrector.correct("unde changed chargd")).toBe("unde changed charged");
  });
});
