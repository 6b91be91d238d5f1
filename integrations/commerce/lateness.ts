import { z } from "zod";

/**
 * When a parcel counts as late beyond a passed ETA: no carrier scan for N days (N per carrier —
 * a cross-border post is quieter than an express courier). Configured with MAILROOM_NO_SCAN_DAYS.
 */
export interface LatenessRules {
  noScanDays: number;
  /** Keys lower-cased carrier names ("dhl", "fan courier"). */
  noScanDaysByCarrier: Record<string, number>;
}

export const defaultLatenessRules: LatenessRules = { noScanDays: 5, noScanDaysByCarrier: {} };

export function noScanDaysFor(rules: LatenessRules, carrier: string | undefined): number {
  return (carrier && rules.noScanDaysByCarrier[carrier.trim().toLowerCase()]) || rules.noScanDays;
}

/**
 * "5" (every carrier) or "5,DHL=7,Royal Mail=10" (a default and per-carrier overrides); a carrier
 * without a default gets 5 days.
 */
export const latenessRulesSchema = z
  .string()
  .trim()
  .transform((text, ctx): LatenessRules => {
    const rules: LatenessRules = { noScanDays: defaultLatenessRules.noScanDays, noScanDaysByCarrier: {} };
    for (const part of text
      .split(",")
      .map((p) => p.trim())
      .filter(Boolean)) {
      const [name, value] = part.includes("=") ? part.split("=", 2) : [null, part];
      const days = Number(value);
      if (!Number.isInteger(days) || days < 1 || days > 90) {
        ctx.addIssue({ code: "custom", message: `"${part}": days must be a whole number from 1 to 90` });
        return z.NEVER;
      }
      if (name === null) rules.noScanDays = days;
      else rules.noScanDaysByCarrier[name.trim().toLowerCase()] = days;
    }
    return rules;
  });
