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

export function createLogger(level: string): Logger {
  return pino({ level, redact });
}
