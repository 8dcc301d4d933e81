import { once } from "node:events";
import { Events } from "discord.js";
import { createInflight } from "../shared/edge.js";
import { createSupportDesk, serializeError, type ChannelContext, type RunningChannel } from "../../src/index.js";
import { createDiscordClient } from "./client.js";
import type { DiscordConfig } from "./config.js";
import { createGuildSettings } from "./guild-settings.js";
import { createInteractionHandler } from "./interactions.js";
import { createMessageHandler } from "./messages.js";
import { createDiscordWatchBook } from "./scam-watch.js";
import { createDiscordTransport, type Asker } from "./support.js";
import { createStaffDesk } from "./support-staff.js";
import { createDiscordPush } from "./push.js";
import { createDiscordPlaces } from "./updates-channel.js";
import { meterDiscordTraffic } from "./traffic.js";

/** Tuning for tests; production uses the defaults. */
export interface DiscordOptions {
  /** Wait this long for the engine before deferring an interaction (default 1500 ms). */
  ackBudgetMs?: number;
  /** Longest `stop` waits for turns still in flight (default 10 s). */
  drainMs?: number;
}

/**
 * Logs the bot in and answers slash commands, buttons, mentions and DMs until stopped.
 * Resolves once the gateway session is ready.
 */
export async function startDiscord(ctx: ChannelContext<DiscordConfig>, opts: DiscordOptions = {}): Promise<RunningChannel & { idle(): Promise<void> }> {
  const { engine, store, config, logger } = ctx;
  const token = config.DISCORD_BOT_TOKEN;
  if (!token) throw new Error("DISCORD_BOT_TOKEN is not set");
  const log = logger.child({ channel: "discord" });
  const client = createDiscordClient(config);
  const settings = createGuildSettings(store, engine.pseudonym);
  if (ctx.traffic) meterDiscordTraffic(client, ctx.traffic);
  // `afterleak broadcast` with no instance running: REST only (DMs and updates channels), no gateway session.
  if (ctx.pushOnly) {
    client.rest.setToken(token);
    return { name: "discord", push: createDiscordPush(client, log), places: createDiscordPlaces(client, settings, log), idle: async () => undefined, stop: () => client.destroy() };
  }
  const watch = createDiscordWatchBook(store, engine);
  const support = { roleId: config.SUPPORT_DISCORD_ROLE_ID, channelId: config.SUPPORT_DISCORD_CHANNEL_ID };
  const transport = support.roleId ? createDiscordTransport({ client, logger: log, roleId: support.roleId, ...(support.channelId ? { channelId: support.channelId } : {}) }) : undefined;
  const desk = createSupportDesk<Asker>({ engine, logger: log, ...(transport ? { transport } : {}) });
  const staff = createStaffDesk({ client, engine, desk, logger: log, roleId: support.roleId });
  const onInteraction = createInteractionHandler({
    client,
    engine,
    settings,
    store,
    desk,
    staff,
    supportRoleId: support.roleId,
    watch,
    logger: log,
    ackBudgetMs: opts.ackBudgetMs ?? 1500,
  });
  const onMessage = createMessageHandler({ client, engine, settings, desk, staff, watch, logger: log });
  const inflight = createInflight();
  client.on(Events.InteractionCreate, (i) => void inflight.track(() => onInteraction(i)));
  client.on(Events.MessageCreate, (m) => void inflight.track(() => onMessage(m)));
  client.on(Events.Error, (err) => log.error({ err: serializeError(err) }, "discord client error"));
  client.on(Events.Warn, (message) => log.warn({ detail: message }, "discord client warning"));
  client.on(Events.ShardDisconnect, (e, shard) => log.warn({ code: e.code, shard }, "discord gateway closed"));
  const ready = once(client, Events.ClientReady);
  try {
    await client.login(token);
    await ready;
  } catch (err) {
    await client.destroy();
    throw err;
  }
  log.info({ bot: client.user?.id, guilds: client.guilds.cache.size }, "discord ready");
  return {
    name: "discord",
    push: createDiscordPush(client, log),
    places: createDiscordPlaces(client, settings, log),
    idle: inflight.idle,
    stop: async () => {
      // Take nothing new, let the turns in flight deliver, then close the gateway.
      client.removeAllListeners(Events.InteractionCreate).removeAllListeners(Events.MessageCreate);
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<"late">((resolve) => (timer = setTimeout(resolve, opts.drainMs ?? 10_000, "late")));
      if ((await Promise.race([inflight.idle(), late])) === "late") log.warn("discord: stopped with turns still in flight");
      clearTimeout(timer);
      await client.destroy();
    },
  };
}

export { discordChannel, discordRegisterCommand } from "./channel.js";

