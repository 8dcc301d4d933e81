import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createEngine, createLogger, createLowdbStore, loadPack, parseConfig, type ContentPack, type Engine, type RunningChannel, type Store } from "../../../src/index.js";
import { discordConfigSchema, type DiscordConfig } from "../../../adapters/discord/config.js";
import { discordChannel, startDiscord, type DiscordOptions } from "../../../adapters/discord/index.js";
import { FakeDiscord } from "../../fakes/discord/fake-discord.js";
import { createLogTap, type LogRecord } from "../../fakes/telegram-harness.js";

const SECRET = "discord-test-secret-0123456789abcdef";
let pack: Promise<ContentPack> | undefined;

/** The real content pack, loaded once per test file. */
export const loadTestPack = (): Promise<ContentPack> => (pack ??= loadPack("content/coupang-2025"));

/** A running bot on a lowdb store in `dir`, logged in to the fake. */
export interface TestBot {
  engine: Engine;
  store: Store;
  /** The bot's log records (JSON lines at debug level). */
  records: LogRecord[];
  /** Resolves when no event the bot received is still being handled: the barrier for "nothing happened" checks. */
  idle(): Promise<void>;
  /** The running channel (its `push` sends messages the bot starts). */
  channel: RunningChannel;
  stop(): Promise<void>;
}

/** How {@link startBot} starts a bot: the adapter's options, an engine wrapper, extra environment. */
export type TestBotOptions = DiscordOptions & { wrap?: (e: Engine, store: Store) => Engine; env?: Record<string, string> };

/**
 * Starts the Discord channel the way `afterleak start` does (config from an environment), on a
 * lowdb store in `dir`. `wrap` may wrap the engine (e.g. to make it slow).
 */
export async function startBot(fake: FakeDiscord, dir: string, opts: TestBotOptions = {}): Promise<TestBot> {
  const { config, problems } = parseConfig<DiscordConfig>({ DISCORD_BOT_TOKEN: fake.token, DISCORD_API_ROOT: fake.apiRoot, DATA_DIR: dir, ...opts.env }, [discordConfigSchema]);
  if (!config) throw new Error(JSON.stringify(problems));
  const store = await createLowdbStore({ dir, flushMs: 20 });
  // As `afterleak start` wires it: the engine hands Discord users over when the channel has a support team.
  const handoff = discordChannel.handoff?.(config) === true;
  const base = createEngine({ pack: await loadTestPack(), store, secret: SECRET, settings: { handoffAvailable: (p) => handoff && p === "discord" } });
  const engine = opts.wrap ? opts.wrap(base, store) : base;
  const tap = createLogTap();
  const logger = process.env.TEST_LOG ? createLogger(process.env.TEST_LOG) : tap.logger;
  const running = await startDiscord({ engine, store, config, logger }, opts).catch(async (err: unknown) => {
    await store.close();
    throw err;
  });
  return {
    engine,
    store,
    records: tap.records,
    idle: running.idle,
    channel: running,
    async stop() {
      await running.stop();
      await store.close();
    },
  };
}

/** The fake Discord, a temp dir, and a bot on a lowdb store in it: what most Discord tests run against. */
export interface Rig {
  fake: FakeDiscord;
  dir: string;
  bot: TestBot;
}

/**
 * Starts the fake Discord and a bot logged in to it, on a new temp dir named with `prefix`.
 * `bot` gives the bot's options once the fake is up (e.g. its support role in the environment).
 */
export async function startRig(
  opts: { fake?: Parameters<typeof FakeDiscord.start>[0]; prefix?: string; bot?: (fake: FakeDiscord) => TestBotOptions } = {},
): Promise<Rig> {
  const fake = await FakeDiscord.start(opts.fake);
  const dir = await mkdtemp(join(tmpdir(), opts.prefix ?? "afterleak-discord-"));
  try {
    return { fake, dir, bot: await startBot(fake, dir, opts.bot?.(fake)) };
  } catch (err) {
    await stopRig({ fake, dir });
    throw err;
  }
}

/** Stops the bot, closes the fake and removes the dir; pass the current bot when a test restarted it. */
export async function stopRig(rig: Partial<Rig>): Promise<void> {
  await rig.bot?.stop();
  await rig.fake?.close();
  if (rig.dir) await rm(rig.dir, { recursive: true, force: true });
}
