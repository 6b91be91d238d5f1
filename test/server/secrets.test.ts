import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { SecretBox, SecretError } from "../../server/secrets.ts";

describe("secrets at rest", () => {
  const key = randomBytes(32);
  const box = new SecretBox(key);

  it("seals and opens, with a fresh IV each time and no plaintext in the stored form", () => {
    const a = box.seal("1//refresh-token", "mailbox-1");
    const b = box.seal("1//refresh-token", "mailbox-1");
    expect(a).not.toBe(b);
    expect(a).not.toContain("refresh");
    expect(box.open(a, "mailbox-1")).toBe("1//refresh-token");
  });

  it("binds the owner: a secret copied to another mailbox does not open", () => {
    expect(() => box.open(box.seal("token", "mailbox-1"), "mailbox-2")).toThrow(SecretError);
  });

  it("detects tampering", () => {
    const sealed = box.seal("token", "m");
    const tampered = `${sealed.slice(0, -2)}${sealed.endsWith("A") ? "B" : "A"}A`;
    expect(() => box.open(tampered, "m")).toThrow(SecretError);
  });

  it("keeps opening old secrets after the key rotates, and says which to re-seal", () => {
    const old = box.seal("token", "m");
    const rotated = new SecretBox(randomBytes(32), [key]);
    expect(rotated.open(old, "m")).toBe("token");
    expect(rotated.needsRotation(old)).toBe(true);
    expect(rotated.needsRotation(rotated.seal("token", "m"))).toBe(false);
    expect(() => new SecretBox(randomBytes(32)).open(old, "m")).toThrow(/not configured/);
  });
});
