import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { oauthStateTtlMs, openOAuthState, sealOAuthState } from "../../server/domain/mail/oauth-state.ts";
import { SecretBox } from "../../server/secrets.ts";

const secrets = new SecretBox(randomBytes(32), []);
const now = new Date("2026-11-23T10:00:00Z");
const verifier = randomBytes(32).toString("base64url");
const actor = { type: "user" as const, id: "admin-1" };

describe("the OAuth state both mailbox consent flows share", () => {
  const started = sealOAuthState(secrets, now, {
    provider: "outlook",
    verifier,
    actor,
    address: "Shop@Example.com",
  });
  const open = (overrides: Partial<Parameters<typeof openOAuthState>[2]> = {}, at = now) =>
    openOAuthState(secrets, at, {
      provider: "outlook",
      sealed: started.state,
      browserNonce: started.nonce,
      ...overrides,
    });

  it("gives back what was sealed, to the browser that holds the nonce", () => {
    expect(open()).toMatchObject({
      provider: "outlook",
      verifier,
      actor: "admin-1",
      address: "shop@example.com",
    });
    expect(started.state).not.toContain(verifier);
  });

  it("refuses another provider's, a stale, an altered, and another browser's state", () => {
    expect(() => open({ provider: "gmail" })).toThrow(/another provider/);
    expect(() => open({}, new Date(now.getTime() + oauthStateTtlMs + 1))).toThrow(/took too long/);
    expect(() => open({ sealed: `${started.state.slice(0, -4)}AAAA` })).toThrow(/not ours/);
    expect(() => open({ browserNonce: undefined })).toThrow(/another browser/);
    expect(() =>
      open({
        browserNonce: sealOAuthState(secrets, now, { provider: "outlook", verifier, actor, address: null })
          .nonce,
      }),
    ).toThrow(/another browser/);
  });
});
