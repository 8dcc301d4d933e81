import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTelegram } from "../../adapters/telegram/index.js";
import { telegramConfigSchema, type TelegramConfig } from "../../adapters/telegram/config.js";
import { createDispatcher, createEngine, createLogger, loadPack, parseBroadcastFile, parseConfig, type ContentPack, type InboundEvent, type Store } from "../../src/index.js";
import { createOutbox } from "../../src/engine/outbox.js";
import { runBroadcast } from "../../src/broadcast/run.js";
import { createRedisStore } from "../../src/store/redis.js";
import { startRedisServer, type RedisServer } from "../fakes/redis-server.js";
import { SECRET, TOKEN } from "../fakes/telegram-bot.js";
import { startTelegramEmulator, type TelegramEmulator } from "../fakes/telegram-emulator.js";

const N = 60;
const chatIds = Array.from({ length: N }, (_, i) => 8100 + i);

/** Two instances on one real redis-server share one broadcast (outbox leases): every subscriber once, none twice. */
describe("a broadcast shared by two instances on one Redis (Telegram emulator)", () => {
  let redis: RedisServer;
  let emu: TelegramEmulator;
  let pack: ContentPack;
  const stores: Store[] = [];
  beforeAll(async () => {
    [redis, emu, pack] = await Promise.all([startRedisServer(), startTelegramEmulator(TOKEN), loadPack("content/coupang-2025")]);
  });
  afterAll(async () => {
    await Promise.allSettled(stores.map((s) => s.close()));
    await emu?.stop();
    await redis?.stop();
  });

  it("both run it at the same time: all delivered, no duplicate; a third run finds all done", { timeout: 60_000 }, async () => {
    const config = parseConfig<TelegramConfig>({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: emu.apiRoot }, [telegramConfigSchema]).config!;
    const instance = async (worker: string) => {
      const store = await createRedisStore({ url: redis.url, prefix: "afterleak:bshare:" });
      stores.push(store);
      const engine = createEngine({ pack, store, secret: SECRET });
      const dispatcher = createDispatcher({ limits: { telegram: { perSecond: 200, concurrency: 8 } } });
      const channel = await startTelegram({ engine, store, config, logger: createLogger("silent"), traffic: dispatcher, pushOnly: true });
      return { engine, store, worker, dispatcher, channel };
    };
    const a = await instance("host-a-1");
    const b = await instance("host-b-2");
    for (const id of chatIds)
      await a.engine.handle({ kind: "command", command: "updates", args: "on", user: { platform: "telegram", userId: String(id), chat: "private" }, localeHint: "en" } as InboundEvent);
    const { file } = parseBroadcastFile("u.yaml", 'id: 2026-12-shared\ntext:\n  en: "Shared update."\n  ko: "공유 소식."\n', [pack]);
    const run = (i: typeof a) => runBroadcast({ file: file!, engine: i.engine, store: i.store, channels: [i.channel], dispatcher: i.dispatcher, worker: i.worker });

    const [ra, rb] = await Promise.all([run(a), run(b)]);
    expect(ra.sent + rb.sent).toBe(N);
    expect(ra.sent).toBeGreaterThan(0);
    expect(rb.sent).toBeGreaterThan(0);
    expect(ra.failed + rb.failed + ra.unsubscribed + rb.unsubscribed).toBe(0);
    const ok = emu.callsTo("sendMessage").filter((c) => c.response?.ok);
    expect(chatIds.map((id) => ok.filter((c) => c.params.chat_id === id).length)).toEqual(chatIds.map(() => 1));
    expect(await createOutbox(a.store, { worker: "reader" }).counts(file!.id)).toEqual({ sent: N, failed: 0, unsubscribed: 0, unconfirmed: 0 });

    const before = emu.calls.length;
    expect(await run(b)).toMatchObject({ sent: 0, remaining: 0, done: N });
    expect(emu.calls.slice(before).filter((c) => c.method === "sendMessage")).toEqual([]);
  });
});
