import { createEngine, createLogger, createLowdbStore, loadPack, parseConfig, type ContentPack, type Engine, type Store } from "../../../src/index.js";
import { discordChannel, startDiscord, type DiscordOptions } from "../../../adapters/discord/index.js";
import type { FakeDiscord } from "../../fakes/discord/fake-discord.js";

const SECRET = "discord-test-secret-0123456789abcdef";
let pack: Promise<ContentPack> | undefined;

/** The real content pack, loaded once per test file. */
export const loadTestPack = (): Promise<ContentPack> => (pack ??= loadPack("content/coupang-2025"));

/** A running bot on a lowdb store in `dir`, logged in to the fake. */
export interface TestBot {
  engine: Engine;
  store: Store;
  stop(): Promise<void>;
}

/**
 * Starts the Discord channel the way `afterleak start` does (config from an environment), on a
 * lowdb store in `dir`. `wrap` may wrap the engine (e.g. to make it slow).
 */
export async function startBot(fake: FakeDiscord, dir: string, opts: DiscordOptions & { wrap?: (e: Engine) => Engine; env?: Record<string, string> } = {}): Promise<TestBot> {
  const { config, problems } = parseConfig({ DISCORD_BOT_TOKEN: fake.token, DISCORD_API_ROOT: fake.apiRoot, DATA_DIR: dir, ...opts.env });
  if (!config) throw new Error(JSON.stringify(problems));
  const store = await createLowdbStore({ dir, flushMs: 20 });
  // As `afterleak start` wires it: the engine hands Discord users over when the channel has a support team.
  const handoff = discordChannel.handoff?.(config) === true;
  const base = createEngine({ pack: await loadTestPack(), store, secret: SECRET, settings: { handoffAvailable: (p) => handoff && p === "discord" } });
  const engine = opts.wrap ? opts.wrap(base) : base;
  const running = await startDiscord({ engine, store, config, logger: createLogger(process.env.TEST_LOG ?? "silent") }, opts).catch(async (err: unknown) => {
    await store.close();
    throw err;
  });
  return {
    engine,
    store,
    async stop() {
      await running.stop();
      await store.close();
    },
  };
}
