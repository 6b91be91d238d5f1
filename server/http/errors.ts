import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { core } from "zod";
import { ZodError } from "zod";
import {
  AuthenticationError,
  ConflictError,
  InvalidInputError,
  NotFoundError,
  RateLimitedError,
  UnavailableError,
} from "../domain/errors.ts";
import type { AppEnv } from "./env.ts";

/** The closed set of error codes the API answers with, and their HTTP status. */
const statusOf = {
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNPROCESSABLE: 422,
  TOO_MANY_REQUESTS: 429,
  INTERNAL_SERVER_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,
} as const satisfies Record<string, ContentfulStatusCode>;

export type ErrorCode = keyof typeof statusOf;

export class ApiError extends HTTPException {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string) {
    super(statusOf[code], { message });
    this.code = code;
  }
}

/** Every error leaves as `{code, message, requestId}`; domain errors map here and nowhere else. */
export function handleError(error: Error, c: Context<AppEnv>): Response {
  const requestId = c.get("requestId") ?? "";
  const respond = (code: ErrorCode, message: string) => c.json({ code, message, requestId }, statusOf[code]);
  if (error instanceof ApiError) return respond(error.code, error.message);
  if (error instanceof NotFoundError) return respond("NOT_FOUND", error.message);
  if (error instanceof ConflictError) return respond("CONFLICT", error.message);
  if (error instanceof InvalidInputError) return respond("UNPROCESSABLE", error.message);
  if (error instanceof UnavailableError) return respond("SERVICE_UNAVAILABLE", error.message);
  if (error instanceof AuthenticationError) return respond("UNAUTHENTICATED", error.message);
  if (error instanceof RateLimitedError) {
    c.header("Retry-After", String(error.retryAfterSeconds));
    return respond("TOO_MANY_REQUESTS", error.message);
  }
  if (error instanceof ZodError) return respond("BAD_REQUEST", formatZodError(error));
  if (error instanceof HTTPException) {
    const code = (Object.entries(statusOf).find(([, s]) => s === error.status)?.[0] ??
      "BAD_REQUEST") as ErrorCode;
    return respond(code, error.message || code);
  }
  c.get("ctx")?.logger.error({ err: error, requestId }, "unhandled error");
  return respond("INTERNAL_SERVER_ERROR", "something went wrong; the error was logged");
}

export function formatZodError(error: core.$ZodError): string {
  return error.issues
    .map((i) => (i.path.length > 0 ? `${i.path.join(".")}: ${i.message}` : i.message))
    .join("; ");
}
