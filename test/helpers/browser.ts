import { existsSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { type Browser, chromium } from "playwright-core";
import { ensureWebBuilt, registerWeb } from "../../server/http/static.ts";
import type { TestRuntime } from "./runtime.ts";

/** Debian's chromium; the test tool never downloads a browser of its own. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath)) throw new Error(`no chromium at ${chromiumPath}: apt-get install chromium`);
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    // Closed network: background services would only fail to connect.
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** Serve the runtime's API and the built UI on a free loopback port. */
export async function serveRuntime(rt: TestRuntime): Promise<{ url: string; close(): Promise<void> }> {
  await ensureWebBuilt(() => {});
  registerWeb(rt.app);
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: rt.app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Sign in through the login page, as a person would, and wait for the signed-in layout. */
export async function signInThroughUi(
  page: import("playwright-core").Page,
  baseUrl: string,
  user: { email: string; password: string; name: string },
): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByTestId("login-email").fill(user.email);
  await page.getByTestId("login-password").fill(user.password);
  await page.getByTestId("login-submit").click();
  await page.getByTestId("current-user").filter({ hasText: user.name }).waitFor({ timeout: 10_000 });
}
