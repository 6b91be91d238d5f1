import { existsSync, readdirSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { serveStatic } from "@hono/node-server/serve-static";
import type { Hono } from "hono";
import { projectRoot } from "../paths.ts";
import type { AppEnv } from "./env.ts";

export const webDist = join(projectRoot, "web/dist");

const webSources = [join(projectRoot, "web"), join(projectRoot, "server/api/types.ts")];

/**
 * Build the UI when it has not been built (the quick start runs from a fresh clone) or when its
 * sources changed since, so nobody tests yesterday's bundle.
 */
export async function ensureWebBuilt(log: (msg: string) => void): Promise<void> {
  const index = `${webDist}/index.html`;
  if (existsSync(index) && newestMtime(webSources) <= statSync(index).mtimeMs) return;
  log("building the web UI…");
  const { build } = await import("vite");
  await build({
    configFile: join(projectRoot, "web/vite.config.ts"),
    logLevel: "warn",
  });
}

function newestMtime(paths: string[]): number {
  let newest = 0;
  for (const path of paths) {
    const stat = statSync(path);
    if (stat.isFile()) {
      newest = Math.max(newest, stat.mtimeMs);
      continue;
    }
    for (const entry of readdirSync(path, { recursive: true, withFileTypes: true })) {
      const full = join(entry.parentPath, entry.name);
      if (entry.isFile() && !full.startsWith(webDist)) newest = Math.max(newest, statSync(full).mtimeMs);
    }
  }
  return newest;
}

/** Serve the built UI; any other non-API path gets index.html so client-side routes load. */
export function registerWeb(app: Hono<AppEnv>): void {
  app.use("/assets/*", serveStatic({ root: webDist }));
  app.get("*", async (c, next) => {
    if (c.req.path.startsWith("/api/")) return next();
    const file = `${webDist}${c.req.path}`;
    if (c.req.path !== "/" && existsSync(file) && !c.req.path.includes("..")) {
      return serveStatic({ root: webDist })(c, next);
    }
    if (!existsSync(`${webDist}/index.html`))
      return c.text("The web UI is not built: run `npm run build:web`.", 503);
    return c.html(await readFile(`${webDist}/index.html`, "utf8"));
  });
}
