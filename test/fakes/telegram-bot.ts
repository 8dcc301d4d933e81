import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTelegram } from "../../adapters/telegram/index.js";
import {
  createEngine,
  createLowdbStore,
  createMemoryStore,
  loadPack,
  parseConfig,
  type Config,
  type ContentPack,
  type Engine,
  type RunningChannel,
  type Store,
} from "../../src/index.js";
import { telegramConfigSchema, type TelegramConfig } from "../../adapters/telegram/config.js";
import { startTelegramEmulator, type TelegramEmulator } from "./telegram-emulator.js";
import { createLogTap, turn, type LogRecord, type Turn } from "./telegram-harness.js";

/** The bot token the emulator and the bot share. */
export const TOKEN = "123456:test-token";
/** The engine secret of the test bots. */
export const SECRET = "s".repeat(32);
const PACK_DIR = join(import.meta.dirname, "../../content/coupang-2025");

/** How to build a {@link TelegramBot}. */
export interface TelegramBotOptions {
  /** Keep state in a lowdb store in a new temp dir named with this prefix (removed on close); a memory store otherwise. */
  lowdbPrefix?: string;
  /** Environment beyond the token and the emulator's API root (e.g. `SUPPORT_TELEGRAM_CHAT_ID`). */
  env?: Record<string, string>;
  /** Builds the engine (default: the pack, the store and {@link SECRET}). */
  engine?: (pack: ContentPack, store: Store, config: Config & TelegramConfig) => Engine;
}

/**
 * The Telegram adapter on long polling against the Bot API emulator, with the real content pack
 * and a log tap. `stop` and `start` restart the bot: a new store on the same directory (a fresh
 * one for a memory store), a new engine and a new log tap.
 */
export interface TelegramBot {
  readonly emu: TelegramEmulator;
  readonly pack: ContentPack;
  readonly config: Config & TelegramConfig;
  /** The lowdb directory (empty for a memory store). */
  readonly dir: string;
  readonly store: Store;
  readonly engine: Engine;
  /** The running channel (its `push` sends messages the bot starts), while the bot runs. */
  readonly channel: RunningChannel | undefined;
  /** The log records of the current run. */
  readonly records: LogRecord[];
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Sends one update and waits until the bot has finished it. */
  act(send: () => Promise<number>): Promise<Turn>;
  /** Stops the bot if it runs, the emulator, and removes the directory. */
  close(): Promise<void>;
}

/** Starts the emulator and a bot on it. */
export async function startTelegramBot(opts: TelegramBotOptions = {}): Promise<TelegramBot> {
  const pack = await loadPack(PACK_DIR);
  const emu = await startTelegramEmulator(TOKEN);
  const dir = opts.lowdbPrefix ? await mkdtemp(join(tmpdir(), opts.lowdbPrefix)) : "";
  const config = parseConfig<TelegramConfig>({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: emu.apiRoot, ...opts.env }, [telegramConfigSchema]).config!;
  const build = opts.engine ?? ((p, store) => createEngine({ pack: p, store, secret: SECRET }));
  let store: Store;
  let engine: Engine;
  let records: LogRecord[] = [];
  let channel: RunningChannel | undefined;

  const bot: TelegramBot = {
    emu,
    pack,
    config,
    dir,
    get store() {
      return store;
    },
    get engine() {
      return engine;
    },
    get channel() {
      return channel;
    },
    get records() {
      return records;
    },
    async start() {
      store = dir ? await createLowdbStore({ dir, flushMs: 20 }) : createMemoryStore();
      engine = build(pack, store, config);
      const tap = createLogTap();
      records = tap.records;
      channel = await startTelegram({ engine, store, config, logger: tap.logger }, { minEmptyPollMs: 20 });
    },
    async stop() {
      const running = channel;
      channel = undefined;
      await running?.stop();
      await store.close();
    },
    act: (send) => turn(emu, records, send),
    async close() {
      if (channel) await bot.stop();
      await emu.stop();
      if (dir) await rm(dir, { recursive: true, force: true });
    },
  };
  try {
    await bot.start();
  } catch (err) {
    await emu.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
    throw err;
  }
  return bot;
}
