import { z } from "zod";
import { envFlag, envInt } from "../../src/channel-kit.js";

const HEADER = /^[a-z0-9-]{1,64}$/;

/** The web chat's environment variables (merged into the core's check; see `.env.example`). */
export const webConfigSchema = z.object({
  WEB_CHAT_ENABLED: envFlag.optional(),
  WEB_PORT: envInt(0, 65535).default(3000),
  WEB_HOST: z.string().default("127.0.0.1"),
  WEB_EMBED_ORIGINS: z
    .string()
    .regex(/^(\*|'self'|https?:\/\/[\w.*-]+(:\d+)?)( +(\*|'self'|https?:\/\/[\w.*-]+(:\d+)?))*$/, "expected origins separated by spaces, e.g. https://shop.example https://*.example.org")
    .optional(),
  /**
   * The header a trusted reverse proxy puts the client's address in (e.g. x-forwarded-for; its last
   * entry counts). Unset: the socket's own address, so nobody can pick their address by a header.
   */
  WEB_TRUSTED_PROXY_HEADER: z
    .string()
    .transform((v) => v.trim().toLowerCase())
    .refine((v) => HEADER.test(v), "expected a header name such as x-forwarded-for")
    .optional(),
  WEB_MAX_SOCKETS_PER_ADDRESS: envInt(1, 100_000).default(20),
  WEB_MAX_BROWSER_IDS_PER_HOUR: envInt(1, 1_000_000).default(60),
  WEB_MAX_NEW_USERS_PER_HOUR: envInt(1, 1_000_000).default(30),
  WEB_MAX_MESSAGES_PER_MINUTE: envInt(1, 1_000_000).default(120),
  /**
   * The support console's shared secret (adapters/web/admin, docs/support.md). Unset: no console,
   * /admin is 404. At least 32 characters, e.g. `openssl rand -base64 32`.
   */
  ADMIN_TOKEN: z.string().trim().min(32, "ADMIN_TOKEN must be at least 32 characters (e.g. openssl rand -base64 32)").optional(),
  /** Start the web server for the console even when the web chat does not run (only Telegram/Discord). */
  ADMIN_ENABLED: envFlag.optional(),
  /** The Discord server (guild id) of the support threads: the console's Handoffs page links each ticket to its thread. */
  ADMIN_DISCORD_GUILD_ID: z.string().regex(/^\d+$/, "expected a numeric Discord server (guild) id").optional(),
});
/** The web chat's parsed configuration. */
export type WebConfig = z.infer<typeof webConfigSchema>;
