import { zValidator } from "@hono/zod-validator";
import type { ValidationTargets } from "hono";
import type { ZodType } from "zod";
import { ApiError, formatZodError } from "./errors.ts";

/** zod validation for a request part; a failure is a 400 `{code: BAD_REQUEST}` naming each field. */
export function validate<T extends ZodType, Target extends keyof ValidationTargets>(
  target: Target,
  schema: T,
) {
  return zValidator(target, schema, (result) => {
    if (!result.success) throw new ApiError("BAD_REQUEST", formatZodError(result.error));
  });
}
