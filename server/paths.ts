import { fileURLToPath } from "node:url";

/**
 * The checkout's root. This file sits one folder below it, as does the production bundle
 * (`dist/mailroom.mjs`, `npm run build:server`) it is compiled into, so the same URL holds in both.
 */
export const projectRoot = fileURLToPath(new URL("../", import.meta.url));
