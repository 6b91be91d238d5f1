import { detect } from "tinyld";

/**
 * Characters written only in traditional Chinese (and their simplified twins in the other list), for
 * telling zh-Hant from zh-Hans — the language detector says only "zh".
 */
const traditionalOnly = /[們個這說請還點時間單號訂貨運遞態們為無對裡後來過開關應該聯繫謝覆題與資訊購買錢]/gu;
const simplifiedOnly = /[们个这说请还点时间单号订货运递态为无对里后来过开关应该联系谢复题与资讯购买钱]/gu;

/** BCP 47-ish tag of the customer's language: "en", "ro", "zh-Hans", "zh-Hant", … ("und" if unsure). */
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
  const code = detect(sample);
  return code || "und";
}
