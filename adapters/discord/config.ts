import { z } from "zod";

/** The Discord channel's environment variables (merged into the core's check; see `.env.example`). */
export const discordConfigSchema = z.object({
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
  /** `1`: ask for the privileged Message Content intent (turn it on in the Developer Portal first): needed by `/leak-admin scam-watch`. */
  DISCORD_MESSAGE_CONTENT: z.enum(["0", "1", "true", "false"]).optional(),
  SUPPORT_DISCORD_ROLE_ID: z.string().regex(/^\d+$/, "expected a numeric role id").optional(),
  SUPPORT_DISCORD_CHANNEL_ID: z.string().regex(/^\d+$/, "expected a numeric channel id").optional(),
});
/** The Discord channel's parsed configuration. */
export type DiscordConfig = z.infer<typeof discordConfigSchema>;
