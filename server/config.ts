import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import {
  defaultLatenessRules,
  type LatenessRules,
  latenessRulesSchema,
} from "../integrations/commerce/lateness.ts";

/**
 * The one place that reads the environment (STYLE.md). Parsed at start; a bad or missing variable stops
 * start-up with a message that names it.
 */
const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  /** postgres://… — absent: embedded PGlite in DATA_DIR. */
  DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/ })
    .optional()
    .describe("a postgres:// or postgresql:// URL"),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /** redis://… — absent: the in-process job runner. */
  REDIS_URL: z
    .url({ protocol: /^rediss?$/ })
    .optional()
    .describe("a redis:// or rediss:// URL"),
  /** Redis key prefix for the queues, so several deployments (or test runs) can share one Redis. */
  MAILROOM_QUEUE_PREFIX: z
    .string()
    .regex(/^[\w-]+$/, "letters, digits, - and _ only")
    .default("mailroom"),
  DATA_DIR: z.string().default("./data"),
  /** 32 bytes, base64 or hex; encrypts secrets at rest. Absent in demo: generated once into DATA_DIR. */
  MAILROOM_SECRET_KEY: z
    .string()
    .refine((v) => decodeKey(v) !== null, "must be 32 bytes as base64 (44 chars) or hex (64 chars)")
    .optional(),
  /** Keys rotated out, comma-separated: secrets sealed with them still open until re-sealed. */
  MAILROOM_SECRET_KEY_PREVIOUS: z
    .string()
    .refine(
      (v) => v.split(",").every((k) => decodeKey(k.trim()) !== null),
      "each key must be 32 bytes (base64 or hex)",
    )
    .optional(),
  /** Seed the demo store and a sandbox mailbox on first start. */
  MAILROOM_DEMO: z
    .enum(["true", "false", "1", "0"])
    .transform((v) => v === "true" || v === "1")
    .optional(),
  MAILROOM_MODEL: z.enum(["local", "anthropic"]).default("local"),
  ANTHROPIC_API_KEY: z.string().min(1).optional(),
  ANTHROPIC_BASE_URL: z.url().optional(),
  ANTHROPIC_CLASSIFY_MODEL: z.string().default("claude-haiku-4-5-20251001"),
  ANTHROPIC_DRAFT_MODEL: z.string().default("claude-haiku-4-5-20251001"),
  /** Below this confidence nothing is auto-sent (invariant 4). */
  MAILROOM_AUTO_SEND_MIN_CONFIDENCE: z.coerce.number().min(0).max(1).default(0.85),
  /** Orders worth more than this many euros (other currencies converted roughly) always go to a person. */
  MAILROOM_HIGH_VALUE_THRESHOLD: z.coerce.number().positive().default(500),
  /** The store's brand as replies sign it, and its support address (the demo store's by default). */
  MAILROOM_BRAND_NAME: z.string().min(1).default("Lumen & Loom"),
  MAILROOM_SUPPORT_ADDRESS: z.email().default("support@lumenandloom.example"),
  /** Prefixes of the store's order numbers ("LL-" for "LL-10234"), comma-separated. */
  MAILROOM_ORDER_PREFIXES: z.string().default("LL-"),
  /**
   * Attachments larger than this (decoded) keep their name, type and size but not their content, so one
   * huge file never fails a message or fills the database. 25 MB is Gmail's and Outlook's own send limit.
   */
  MAILROOM_ATTACHMENT_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(0)
    .default(25 * 1024 * 1024),
  /** The Gmail API root (an emulator in tests) and how far back a newly connected inbox is read. */
  GMAIL_API_ROOT: z.url().default("https://gmail.googleapis.com/"),
  GMAIL_BACKFILL_DAYS: z.coerce.number().int().positive().max(365).default(14),
  /** Gmail's per-user quota in units per second, which calls are paced to (Google's is 250). */
  GMAIL_QUOTA_UNITS_PER_SECOND: z.coerce.number().positive().default(250),
  /**
   * The address the world reaches this deployment at (https in production): OAuth redirect URIs, the Gmail
   * Pub/Sub push endpoint and Graph notification URLs are built from it.
   */
  MAILROOM_PUBLIC_URL: z.url().optional(),
  /** Google Cloud OAuth client (a "Web application" client) for connecting Gmail mailboxes. */
  GOOGLE_CLIENT_ID: z.string().min(1).optional(),
  GOOGLE_CLIENT_SECRET: z.string().min(1).optional(),
  /** Google's consent and token endpoints (an emulator in tests). */
  GOOGLE_AUTH_URL: z.url().default("https://accounts.google.com/o/oauth2/v2/auth"),
  GOOGLE_TOKEN_URL: z.url().default("https://oauth2.googleapis.com/token"),
  /** Where Google publishes the keys that sign Pub/Sub push OIDC tokens (v1 certs: kid → PEM). */
  GOOGLE_OIDC_CERTS_URL: z.url().default("https://www.googleapis.com/oauth2/v1/certs"),
  /** `projects/<project>/topics/<topic>` that Gmail publishes mailbox changes to (absent: no push, poll only). */
  GMAIL_PUBSUB_TOPIC: z
    .string()
    .regex(/^projects\/[^/]+\/topics\/[^/]+$/, "projects/<project>/topics/<topic>")
    .optional(),
  /** The service account the push subscription authenticates as; pushes signed by others are refused. */
  GMAIL_PUSH_SERVICE_ACCOUNT: z.email().optional(),
  /** The `aud` the push subscription puts in its OIDC token (default: the push endpoint's URL). */
  GMAIL_PUSH_AUDIENCE: z.string().min(1).optional(),
  /** Entra ID (Azure AD) app registration for Outlook / Microsoft 365 mailboxes. */
  MICROSOFT_CLIENT_ID: z.string().min(1).optional(),
  MICROSOFT_CLIENT_SECRET: z.string().min(1).optional(),
  /** `organizations` for any work account, or one tenant's id. */
  MICROSOFT_TENANT_ID: z.string().min(1).default("organizations"),
  /** The Microsoft cloud by name; its Graph and login hosts follow (PROVIDERS.md). */
  GRAPH_CLOUD: z.enum(["global", "usgov", "china"]).default("global"),
  /** Overrides of the cloud's hosts (must be https — the Graph SDK's and MSAL's rule). */
  GRAPH_BASE_URL: z.url({ protocol: /^https$/ }).optional(),
  GRAPH_AUTHORITY: z.url({ protocol: /^https$/ }).optional(),
  OUTLOOK_BACKFILL_DAYS: z.coerce.number().int().positive().max(365).default(14),
  /** Who gets the setup link printed on the first start of a real (non-demo) deployment. */
  MAILROOM_ADMIN_EMAIL: z.email().optional(),
  /** Days without a carrier scan after which a parcel in transit is late: "5" or "5,DHL=7,Royal Mail=10". */
  MAILROOM_NO_SCAN_DAYS: latenessRulesSchema.optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export type Env = z.input<typeof envSchema>;

export interface Config {
  env: "development" | "production" | "test";
  port: number;
  host: string;
  databaseUrl: string | undefined;
  databasePoolSize: number;
  redisUrl: string | undefined;
  queuePrefix: string;
  dataDir: string;
  secretKey: Buffer;
  previousSecretKeys: Buffer[];
  /** True when the key was generated for the demo rather than configured. */
  secretKeyGenerated: boolean;
  demo: boolean;
  model: {
    engine: "local" | "anthropic";
    anthropicApiKey: string | undefined;
    anthropicBaseUrl: string | undefined;
    classifyModel: string;
    draftModel: string;
  };
  policy: { autoSendMinConfidence: number; highValueThreshold: number };
  store: { brandName: string; supportAddress: string; orderPrefixes: string[] };
  /** No trailing slash. */
  publicUrl: string;
  mail: { attachmentMaxBytes: number };
  gmail: {
    apiRoot: string;
    backfillDays: number;
    quotaUnitsPerSecond: number;
    pubsubTopic: string | undefined;
    pushServiceAccount: string | undefined;
    pushAudience: string | undefined;
  };
  google: {
    clientId: string | undefined;
    clientSecret: string | undefined;
    authUrl: string;
    tokenUrl: string;
    oidcCertsUrl: string;
  };
  microsoft: {
    clientId: string | undefined;
    clientSecret: string | undefined;
    tenantId: string;
    cloud: "global" | "usgov" | "china";
    graphBaseUrl: string | undefined;
    authority: string | undefined;
    backfillDays: number;
  };
  auth: { adminEmail: string };
  commerce: { lateness: LatenessRules };
  logLevel: string;
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Parse the environment into a Config; throws ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  if (e.MAILROOM_MODEL === "anthropic" && !e.ANTHROPIC_API_KEY) {
    throw new ConfigError(
      "Invalid configuration:\n  ANTHROPIC_API_KEY: required when MAILROOM_MODEL=anthropic",
    );
  }
  const embedded = !e.DATABASE_URL;
  const demo = e.MAILROOM_DEMO ?? embedded;
  let secretKey = e.MAILROOM_SECRET_KEY ? decodeKey(e.MAILROOM_SECRET_KEY) : null;
  let secretKeyGenerated = false;
  if (!secretKey) {
    if (e.NODE_ENV === "production" && !demo) {
      throw new ConfigError("Invalid configuration:\n  MAILROOM_SECRET_KEY: required in production");
    }
    secretKey = demoSecretKey(e.DATA_DIR);
    secretKeyGenerated = true;
  }
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    redisUrl: e.REDIS_URL,
    queuePrefix: e.MAILROOM_QUEUE_PREFIX,
    dataDir: e.DATA_DIR,
    secretKey,
    secretKeyGenerated,
    previousSecretKeys: (e.MAILROOM_SECRET_KEY_PREVIOUS ?? "")
      .split(",")
      .filter((k) => k.trim())
      .map((k) => decodeKey(k.trim()) as Buffer),
    demo,
    model: {
      engine: e.MAILROOM_MODEL,
      anthropicApiKey: e.ANTHROPIC_API_KEY,
      anthropicBaseUrl: e.ANTHROPIC_BASE_URL,
      classifyModel: e.ANTHROPIC_CLASSIFY_MODEL,
      draftModel: e.ANTHROPIC_DRAFT_MODEL,
    },
    policy: {
      autoSendMinConfidence: e.MAILROOM_AUTO_SEND_MIN_CONFIDENCE,
      highValueThreshold: e.MAILROOM_HIGH_VALUE_THRESHOLD,
    },
    store: {
      brandName: e.MAILROOM_BRAND_NAME,
      supportAddress: e.MAILROOM_SUPPORT_ADDRESS.toLowerCase(),
      orderPrefixes: e.MAILROOM_ORDER_PREFIXES.split(",")
        .map((p) => p.trim())
        .filter(Boolean),
    },
    publicUrl: (e.MAILROOM_PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ""),
    mail: { attachmentMaxBytes: e.MAILROOM_ATTACHMENT_MAX_BYTES },
    gmail: {
      apiRoot: e.GMAIL_API_ROOT,
      backfillDays: e.GMAIL_BACKFILL_DAYS,
      quotaUnitsPerSecond: e.GMAIL_QUOTA_UNITS_PER_SECOND,
      pubsubTopic: e.GMAIL_PUBSUB_TOPIC,
      pushServiceAccount: e.GMAIL_PUSH_SERVICE_ACCOUNT,
      pushAudience: e.GMAIL_PUSH_AUDIENCE,
    },
    google: {
      clientId: e.GOOGLE_CLIENT_ID,
      clientSecret: e.GOOGLE_CLIENT_SECRET,
      authUrl: e.GOOGLE_AUTH_URL,
      tokenUrl: e.GOOGLE_TOKEN_URL,
      oidcCertsUrl: e.GOOGLE_OIDC_CERTS_URL,
    },
    microsoft: {
      clientId: e.MICROSOFT_CLIENT_ID,
      clientSecret: e.MICROSOFT_CLIENT_SECRET,
      tenantId: e.MICROSOFT_TENANT_ID,
      cloud: e.GRAPH_CLOUD,
      graphBaseUrl: e.GRAPH_BASE_URL,
      authority: e.GRAPH_AUTHORITY,
      backfillDays: e.OUTLOOK_BACKFILL_DAYS,
    },
    auth: {
      adminEmail: (
        e.MAILROOM_ADMIN_EMAIL ?? `admin@${e.MAILROOM_SUPPORT_ADDRESS.split("@")[1]}`
      ).toLowerCase(),
    },
    commerce: { lateness: e.MAILROOM_NO_SCAN_DAYS ?? defaultLatenessRules },
    logLevel: e.LOG_LEVEL,
  };
}

function decodeKey(value: string): Buffer | null {
  const hex = /^[0-9a-f]{64}$/i.test(value) ? Buffer.from(value, "hex") : null;
  const key = hex ?? Buffer.from(value, "base64");
  return key.length === 32 ? key : null;
}

/** A key generated once and kept beside the embedded database, so demo secrets survive restarts. */
function demoSecretKey(dataDir: string): Buffer {
  const path = join(dataDir, "secret.key");
  if (existsSync(path)) {
    const key = decodeKey(readFileSync(path, "utf8").trim());
    if (key) return key;
  }
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(path, key.toString("base64"), { mode: 0o600 });
  return key;
}
