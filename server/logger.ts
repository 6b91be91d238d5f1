import { pino } from "pino";

export type Logger = pino.Logger;

/** Secrets and message bodies never reach the log (invariant 6). */
const redact = {
  paths: [
    "*.credentials",
    "*.accessToken",
    "*.refreshToken",
    "*.apiKey",
    "*.secret",
    "*.password",
    "*.raw",
    "*.body",
    "headers.authorization",
    "headers.cookie",
  ],
  censor: "[redacted]",
};

/** JSON lines for machines; readable lines when a person watches a terminal (not in production). */
export function createLogger(level: string, options: { pretty?: boolean } = {}): Logger {
  if (options.pretty) {
    return pino({ level, redact, transport: { target: "pino-pretty", options: { ignore: "pid,hostname" } } });
  }
  return pino({ level, redact });
}
