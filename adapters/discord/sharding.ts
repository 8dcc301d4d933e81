import { once } from "node:events";
import { REST, Routes, ShardingManager, type RESTGetAPIGatewayBotResult, type Shard } from "discord.js";
import { childExecArgv, siblingScript, type ChannelContext, type Config, type RunningChannel } from "../../src/index.js";
import type { DiscordConfig } from "./config.js";

/** The script every shard process runs (compiled, or the source through tsx, like `bin/afterleak.mjs`). */
export const SHARD_SCRIPT = siblingScript(import.meta.url, "./shard-main");
/** What the ShardingManager writes into `process.env`; put back so the main process never looks like a shard. */
const MANAGER_ENV = ["SHARDING_MANAGER", "SHARDING_MANAGER_MODE", "DISCORD_TOKEN"] as const;

/** Tuning of {@link startDiscordShards}; production uses the defaults. */
export interface ShardingOptions {
  /** The environment of the shard processes, which build the app from it (default `process.env`). */
  env?: Record<string, string | undefined>;
  /** Pause between starting two shards (default 5,500 ms: Discord allows one IDENTIFY per 5 s). */
  spawnDelayMs?: number;
  /** How long one shard may take to log in (default 30 s). */
  readyTimeoutMs?: number;
  /** How long a shard may take to stop before it is killed (default 10 s). */
  stopTimeoutMs?: number;
}

/** The sharded Discord channel; `manager` is discord.js's, for inspection. */
export interface ShardedDiscord extends RunningChannel {
  manager: ShardingManager;
}

/**
 * Refuses a store that shard processes cannot share: the lowdb folder allows one process, and
 * `memory:` gives each process its own users. Throws a message naming both variables.
 */
export function assertSharedStore(config: Pick<Config & DiscordConfig, "DISCORD_SHARDS" | "STORE_URL" | "DATA_DIR">): void {
  const url = config.STORE_URL ?? "";
  if (/^rediss?:/.test(url)) return;
  const store = url.startsWith("memory:") ? "STORE_URL=memory: keeps each process's users apart" : `the store is lowdb (${url || `${config.DATA_DIR}/store`}), a folder only one process may use`;
  throw new Error(
    `DISCORD_SHARDS=${config.DISCORD_SHARDS} runs each Discord shard in its own process, and they must share one store, but ${store}. ` +
      "Set STORE_URL=redis://host:6379 (docs/scale.md), or unset DISCORD_SHARDS to run Discord in this process.",
  );
}

/** The number of shards to run: `DISCORD_SHARDS`, or for `auto` what `GET /gateway/bot` recommends (at `DISCORD_API_ROOT`). */
export async function resolveShardCount(config: Pick<DiscordConfig, "DISCORD_SHARDS" | "DISCORD_BOT_TOKEN" | "DISCORD_API_ROOT">): Promise<number> {
  if (typeof config.DISCORD_SHARDS === "number") return config.DISCORD_SHARDS;
  const rest = new REST(config.DISCORD_API_ROOT ? { api: config.DISCORD_API_ROOT.replace(/\/+$/, "") } : {}).setToken(config.DISCORD_BOT_TOKEN ?? "");
  try {
    const info = (await rest.get(Routes.gatewayBot())) as RESTGetAPIGatewayBotResult;
    return Math.max(1, info.shards);
  } catch (err) {
    throw new Error(`DISCORD_SHARDS=auto: could not ask Discord how many shards to run (GET /gateway/bot): ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}

function withoutManagerEnv<T>(make: () => T): T {
  const before = MANAGER_ENV.map((k) => [k, process.env[k]] as const);
  try {
    return make();
  } finally {
    for (const [k, v] of before) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

async function endShard(shard: Shard, timeoutMs: number): Promise<void> {
  const child = shard.process;
  if (!child) return;
  const exited = child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : once(child, "exit");
  shard.kill();
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  await exited;
  clearTimeout(timer);
}

/**
 * Runs the Discord channel under discord.js's `ShardingManager`: one child process per shard
 * (`shard-main.ts`), each logging in only its own shard on the shared Redis store. This process
 * does not log in; it starts the shards one by one, waits until each is ready, restarts one that
 * dies, and `stop` ends them all (SIGTERM, then SIGKILL after `stopTimeoutMs`).
 */
export async function startDiscordShards(ctx: ChannelContext<DiscordConfig>, opts: ShardingOptions = {}): Promise<ShardedDiscord> {
  const { config } = ctx;
  const token = config.DISCORD_BOT_TOKEN;
  if (!token) throw new Error("DISCORD_BOT_TOKEN is not set");
  assertSharedStore(config);
  const log = ctx.logger.child({ channel: "discord" });
  const total = await resolveShardCount(config);
  const env = opts.env ?? process.env;
  const manager = withoutManagerEnv(() => new ShardingManager(SHARD_SCRIPT, { totalShards: total, mode: "process", token, execArgv: childExecArgv(import.meta.url) }));
  let stopping = false;
  manager.on("shardCreate", (shard) => {
    shard.env = { ...env, SHARDING_MANAGER: "true", SHARDING_MANAGER_MODE: "process", SHARDS: String(shard.id), SHARD_COUNT: String(total), DISCORD_TOKEN: token };
    shard.on("spawn", (child) => log.info({ shard: shard.id, pid: "pid" in child ? child.pid : undefined }, "discord shard process started"));
    shard.on("ready", () => log.info({ shard: shard.id }, "discord shard ready"));
    shard.on("death", (child) => {
      if (!stopping) log.warn({ shard: shard.id, code: "exitCode" in child ? child.exitCode : null }, "discord shard process exited; restarting it");
    });
    // The manager restarts a dead shard and reports a failed restart here (also when `stop` kills it mid-restart).
    shard.on("error", (err) => {
      if (!stopping) log.error({ err, shard: shard.id }, "discord shard could not be restarted");
    });
  });
  const stop = async () => {
    stopping = true;
    await Promise.all([...manager.shards.values()].map((s) => endShard(s, opts.stopTimeoutMs ?? 10_000)));
  };
  log.info({ shards: total }, "discord starting shards");
  try {
    await manager.spawn({ amount: total, delay: opts.spawnDelayMs ?? 5500, timeout: opts.readyTimeoutMs ?? 30_000 });
  } catch (err) {
    await stop();
    throw new Error(`a Discord shard did not start (its log above says why): ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  log.info({ shards: total }, "discord shards ready");
  return { name: "discord", stop, manager };
}
