import { Client, GatewayIntentBits, Partials, SimpleShardingStrategy, type WebSocketOptions } from "discord.js";

/** The `@discordjs/ws` manager (discord.js exports its own class under the same name). */
type GatewayManager = Parameters<NonNullable<WebSocketOptions["buildStrategy"]>>[0];
import type { DiscordConfig } from "./config.js";

/**
 * The gateway intents the bot asks for. None is privileged: without Message Content, Discord
 * still delivers the text of DMs and of messages that mention the bot, which is all it reads.
 */
export const INTENTS = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages];

/** Uses `url` for the gateway instead of the one `GET /gateway/bot` returns (proxies, fakes). */
function gatewayOverride(url: string) {
  return (manager: GatewayManager) => {
    const fetchInfo = manager.fetchGatewayInformation.bind(manager);
    manager.fetchGatewayInformation = async (force?: boolean) => ({ ...(await fetchInfo(force)), url });
    return new SimpleShardingStrategy(manager);
  };
}

/**
 * A discord.js client for afterleak: REST at `DISCORD_API_ROOT` when set, the gateway at
 * `DISCORD_GATEWAY_URL` when set (else wherever Discord says), and no pings from any message
 * unless a call opts in.
 */
export function createDiscordClient(config: Pick<DiscordConfig, "DISCORD_API_ROOT" | "DISCORD_GATEWAY_URL" | "DISCORD_MESSAGE_CONTENT">): Client {
  // The privileged Message Content intent only when asked for (the scam watch reads channel messages).
  const content = config.DISCORD_MESSAGE_CONTENT === "1" || config.DISCORD_MESSAGE_CONTENT === "true";
  return new Client({
    intents: content ? [...INTENTS, GatewayIntentBits.MessageContent] : INTENTS,
    partials: [Partials.Channel],
    allowedMentions: { parse: [], repliedUser: false },
    failIfNotExists: false,
    rest: config.DISCORD_API_ROOT ? { api: config.DISCORD_API_ROOT.replace(/\/+$/, "") } : {},
    ws: config.DISCORD_GATEWAY_URL ? { buildStrategy: gatewayOverride(config.DISCORD_GATEWAY_URL) } : {},
  });
}
