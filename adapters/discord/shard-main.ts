/**
 * One Discord shard process, spawned by the ShardingManager in `sharding.ts` when
 * `DISCORD_SHARDS` is set. It builds the app from its environment (the same as the main
 * process's, so the same Redis store and secret) and runs only the Discord channel; the
 * discord.js client takes its shard id and count from the manager (`SHARDS`, `SHARD_COUNT`).
 * It stops cleanly on SIGTERM or SIGINT, and when the main process goes away.
 */
import { createApp, type App, type RunningChannel } from "../../src/index.js";
import { discordConfigSchema, type DiscordConfig } from "./config.js";
import { discordChannel, startDiscord } from "./index.js";

const shard = Number(process.env.SHARDS);
let app: App | undefined;
let running: RunningChannel | undefined;
let stopping = false;

async function stop(reason: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  app?.logger.info({ shard, reason }, "discord shard stopping");
  try {
    await running?.stop();
    await app?.close();
  } catch (err) {
    app?.logger.error({ err, shard }, "discord shard did not stop cleanly");
    process.exit(1);
  }
  // The manager's message channel keeps the process alive; nothing else is left to finish.
  process.exit(0);
}

process.once("SIGTERM", () => void stop("SIGTERM"));
process.once("SIGINT", () => void stop("SIGINT"));
process.once("disconnect", () => void stop("main process gone"));
// discord.js tells the manager about gateway state changes; once the manager is gone, those sends fail here.
process.on("error", (err: NodeJS.ErrnoException) => {
  if (err.code !== "ERR_IPC_CHANNEL_CLOSED") app?.logger.error({ err, shard }, "discord shard process error");
});

try {
  app = await createApp<DiscordConfig>(process.env, { configSchemas: [discordConfigSchema], handoff: (config) => (platform) => platform === "discord" && discordChannel.handoff?.(config) === true });
  const { engine, store, config } = app;
  running = await startDiscord({ engine, store, config, logger: app.logger.child({ shard }) });
} catch (err) {
  process.stderr.write(`discord shard ${shard}: ${err instanceof Error ? err.message : String(err)}\n`);
  app?.logger.error({ err, shard }, "discord shard failed to start");
  await app?.close().catch(() => undefined); // Already failing; the start error above is the one to report.
  process.exit(1);
}
