import { describe, expect, it } from "vitest";
import { readDate } from "../../integrations/commerce/values.ts";

const iso = (value: ReturnType<typeof readDate>) => (value instanceof Date ? value.toISOString() : value);

describe("readDate: the dates feeds send", () => {
  const bucharest = { timeZone: "Europe/Bucharest" };

  it("reads an instant with its own offset exactly, whatever the feed's zone", () => {
    expect(iso(readDate("2026-11-08T14:00:00+01:00", bucharest))).toBe("2026-11-08T13:00:00.000Z");
    expect(iso(readDate("2026-11-08T14:00:00.123456Z", bucharest))).toBe("2026-11-08T14:00:00.123Z");
    expect(iso(readDate("2026-11-08T14:00Z", bucharest))).toBe("2026-11-08T14:00:00.000Z");
  });

  it("reads a time without an offset in the feed's zone", () => {
    expect(iso(readDate("2026-11-08 14:00", bucharest))).toBe("2026-11-08T12:00:00.000Z");
    expect(iso(readDate("2026-11-08T14:00:00", bucharest))).toBe("2026-11-08T12:00:00.000Z");
  });

  it("reads a bare date as the whole day when it is a deadline", () => {
    expect(iso(readDate("2026-11-08", { ...bucharest, endOfDay: true }))).toBe("2026-11-08T21:59:59.999Z");
  });

  it("reads RFC 2822 and Unix seconds and milliseconds", () => {
    expect(iso(readDate("Sun, 08 Nov 2026 14:00:00 +0000", bucharest))).toBe("2026-11-08T14:00:00.000Z");
    expect(iso(readDate(1_794_232_800, bucharest))).toBe("2026-11-09T14:00:00.000Z");
    expect(iso(readDate("1794232800000", bucharest))).toBe("2026-11-09T14:00:00.000Z");
  });

  it("refuses impossible dates instead of rolling them over", () => {
    expect(readDate("2026-02-30T10:00:00Z", bucharest)).toEqual({
      error: expect.stringContaining("not a date"),
    });
    expect(readDate("2026-11-08T25:00:00Z", bucharest)).toEqual({
      error: expect.stringContaining("not a date"),
    });
    expect(readDate("next tuesday", bucharest)).toEqual({ error: expect.stringContaining("not a date") });
  });

  it("leaves absent values absent", () => {
    expect(readDate("", bucharest)).toBeNull();
    expect(readDate(null, bucharest)).toBeNull();
  });
});
