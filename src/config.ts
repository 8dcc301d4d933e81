import { z } from "zod";

const bool = z
  .enum(["true", "false", "1", "0", "yes", "no"], { message: "expected true or false" })
  .transform((v) => v === "true" || v === "1" || v === "yes");
const int = (min: number, max: number) =>
  z.coerce.number({ message: "expected a whole number" }).int("expected a whole number").min(min).max(max);

/** Every environment variable afterleak reads, validated. `.env.example` documents each. */
export const configSchema = z.object({
  CONTENT_DIR: z.string().min(1).default("content/coupang-2025"),
  DATA_DIR: z.string().min(1).default("data"),
  STORE_URL: z
    .string()
    .regex(/^(lowdb|memory|redis|rediss):/, "expected lowdb:<path>, memory: or redis://host:port")
    .optional(),
  /** `afterleak bench` only: an existing Redis to measure (keys under `afterleak:bench:`), instead of starting a redis-server. */
  REDIS_URL: z.string().regex(/^rediss?:\/\//, "expected redis://host:port").optional(),
  AFTERLEAK_SECRET: z.string().min(32, "must be at least 32 characters (it keys the pseudonymous user ids)").optional(),
  RETENTION_DAYS: int(1, 3650).default(30),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  MAX_INPUT_CHARS: int(50, 100_000).default(2000),
  RATE_LIMIT_PER_MINUTE: int(1, 10_000).default(20),
  TELEGRAM_BOT_TOKEN: z.string().regex(/^\d+:[\w-]+$/, "expected a token from @BotFather (digits:letters)").optional(),
  TELEGRAM_API_ROOT: z.string().url().optional(),
  TELEGRAM_WEBHOOK_URL: z.string().url().optional(),
  TELEGRAM_WEBHOOK_SECRET: z.string().regex(/^[A-Za-z0-9_-]{1,256}$/, "1-256 characters A-Z a-z 0-9 _ -").optional(),
  TELEGRAM_WEBHOOK_PORT: int(1, 65535).default(8443),
  SUPPORT_TELEGRAM_CHAT_ID: z.string().regex(/^-?\d+$/, "expected a numeric chat id").optional(),
  DISCORD_BOT_TOKEN: z.string().min(20, "expected a Discord bot token").optional(),
  DISCORD_APPLICATION_ID: z.string().regex(/^\d+$/, "expected a numeric application id").optional(),
  DISCORD_API_ROOT: z.string().url().optional(),
  DISCORD_GATEWAY_URL: z.string().url().optional(),
  /** Unset: Discord runs in the main process. `auto` or a number: one process per shard under discord.js's ShardingManager (needs Redis). */
  DISCORD_SHARDS: z
    .string()
    .regex(/^(auto|[1-9]\d{0,3})$/, "expected auto or a number of shards from 1 to 9999")
    .transform((v) => (v === "auto" ? ("auto" as const) : Number(v)))
    .optional(),
  SUPPORT_DISCORD_ROLE_ID: z.string().regex(/^\d+$/, "expected a numeric role id").optional(),
  SUPPORT_DISCORD_CHANNEL_ID: z.string().regex(/^\d+$/, "expected a numeric channel id").optional(),
  WEB_CHAT_ENABLED: bool.optional(),
  WEB_PORT: int(0, 65535).default(3000),
  WEB_HOST: z.string().default("127.0.0.1"),
  WEB_EMBED_ORIGINS: z
    .string()
    .regex(/^(\*|'self'|https?:\/\/[\w.*-]+(:\d+)?)( +(\*|'self'|https?:\/\/[\w.*-]+(:\d+)?))*$/, "expected origins separated by spaces, e.g. https://shop.example https://*.example.org")
    .optional(),
});
export type Config = z.infer<typeof configSchema>;

/** A bad environment variable: its name and what is allowed. */
export interface ConfigProblem {
  variable: string;
  message: string;
}

/**
 * Parses configuration from an environment (default `process.env`). Empty strings count as unset.
 *
 * @example const { config, problems } = parseConfig({ WEB_PORT: "abc" }); // problems[0].variable === "WEB_PORT"
 */
export function parseConfig(env: Record<string, string | undefined> = process.env): { config?: Config; problems: ConfigProblem[] } {
  const clean = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const res = configSchema.safeParse(clean);
  if (res.success) return { config: res.data, problems: [] };
  return {
    problems: res.error.issues.map((i) => ({ variable: String(i.path[0] ?? "?"), message: i.message })),
  };
}
