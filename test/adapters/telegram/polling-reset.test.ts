import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTelegram } from "../../../adapters/telegram/index.js";
import { telegramConfigSchema, type TelegramConfig } from "../../../adapters/telegram/config.js";
import { createEngine, createMemoryStore, loadPack, parseConfig, type RunningChannel } from "../../../src/index.js";
import { startTcpProxy, type TcpProxy } from "../../fakes/tcp-proxy.js";
import { startTelegramEmulator, type TelegramEmulator } from "../../fakes/telegram-emulator.js";
import { createLogTap, type LogRecord } from "../../fakes/telegram-harness.js";

const TOKEN = "123456:test-token";

/** Long polling through a loopback proxy that resets every connection (a network failure mid-poll). */
describe("Telegram long polling across connection resets", () => {
  let emu: TelegramEmulator;
  let proxy: TcpProxy;
  let channel: RunningChannel;
  let records: LogRecord[];

  beforeAll(async () => {
    emu = await startTelegramEmulator(TOKEN);
    proxy = await startTcpProxy(Number(new URL(emu.apiRoot).port));
    const pack = await loadPack(join(import.meta.dirname, "../../../content/coupang-2025"));
    const store = createMemoryStore();
    const { config } = parseConfig<TelegramConfig>({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: `http://127.0.0.1:${proxy.port}` }, [telegramConfigSchema]);
    const tap = createLogTap();
    records = tap.records;
    channel = await startTelegram({ engine: createEngine({ pack, store, secret: "s".repeat(32) }), store, config: config!, logger: tap.logger }, { minEmptyPollMs: 20 });
  });
  afterAll(async () => {
    await channel?.stop();
    await proxy?.close();
    await emu?.stop();
  });

  const answersTo = (chatId: number) => emu.callsTo("sendMessage").filter((c) => c.response?.ok && Number(c.params.chat_id) === chatId).map((c) => String(c.params.text));
  const handled = (id: number) => records.filter((r) => r.update_id === id && r.msg === "telegram: update handled").length;

  it("resumes polling after resets, answers each message once, and loses none", async () => {
    const user = emu.user({ userId: 5150, languageCode: "en" });
    const ids: number[] = [];
    for (const text of ["was my card number leaked?", "should I change my password?", "what should I do first?"]) {
      const polls = emu.callsTo("getUpdates").length;
      // Reset while a getUpdates is open (the bot polls again at once after each answer).
      await expect.poll(() => emu.callsTo("getUpdates").length, { timeout: 5000 }).toBeGreaterThan(polls);
      proxy.reset();
      ids.push(await user.say(text));
      await expect.poll(() => handled(ids.at(-1)!), { timeout: 10_000 }).toBe(1);
    }
    // A last message after everything settled: its answer proves the earlier ones had their chance to repeat.
    ids.push(await user.say("/help"));
    await expect.poll(() => handled(ids.at(-1)!), { timeout: 10_000 }).toBe(1);
    for (const id of ids) expect(handled(id)).toBe(1);
    // Every message the chat got was sent by one of these turns, once: the turns' own counts add up.
    const sentByTurns = records.filter((r) => ids.includes(Number(r.update_id)) && r.msg === "telegram: update handled").reduce((n, r) => n + Number(r.sent ?? 0), 0);
    expect(sentByTurns).toBeGreaterThanOrEqual(ids.length);
    expect(answersTo(user.chatId)).toHaveLength(sentByTurns);
    expect(proxy.accepted()).toBeGreaterThan(1);
  });
});
