import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startTelegram, telegramChannel } from "../../../adapters/telegram/index.js";
import { createEngine, createMemoryStore, loadPack, parseConfig, ui, type ContentPack, type RunningChannel } from "../../../src/index.js";
import { telegramConfigSchema, type TelegramConfig } from "../../../adapters/telegram/config.js";
import { freePort, startTelegramEmulator, type TelegramEmulator } from "../../fakes/telegram-emulator.js";
import { choiceIds, createLogTap, turn, type LogRecord } from "../../fakes/telegram-harness.js";

const TOKEN = "123456:test-token";
const PACK_DIR = join(import.meta.dirname, "../../../content/coupang-2025");

describe("Telegram webhook mode (emulator)", () => {
  let emu: TelegramEmulator;
  let pack: ContentPack;
  let channel: RunningChannel | undefined;
  let records: LogRecord[];

  const start = async (env: Record<string, string>) => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/telegram/hook`;
    const { config, problems } = parseConfig<TelegramConfig>({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: emu.apiRoot, TELEGRAM_WEBHOOK_URL: url, TELEGRAM_WEBHOOK_PORT: String(port), ...env }, [telegramConfigSchema]);
    expect(problems).toEqual([]);
    const store = createMemoryStore();
    const tap = createLogTap();
    records = tap.records;
    channel = await startTelegram({ engine: createEngine({ pack, store, secret: "s".repeat(32) }), store, config: config!, logger: tap.logger }, { webhookHost: "127.0.0.1" });
    return { port, url, base: `http://127.0.0.1:${port}` };
  };

  beforeAll(async () => {
    pack = await loadPack(PACK_DIR);
    emu = await startTelegramEmulator(TOKEN);
  });
  afterEach(async () => {
    await channel?.stop();
    channel = undefined;
  });
  afterAll(async () => {
    await emu?.stop();
  });

  it("registers the webhook with its secret and answers updates Telegram posts", async () => {
    const { url } = await start({ TELEGRAM_WEBHOOK_SECRET: "test_secret-123" });
    const hook = emu.callsTo("setWebhook").at(-1);
    expect(hook?.params).toMatchObject({ url, secret_token: "test_secret-123", allowed_updates: ["message", "callback_query"] });
    expect(emu.callsTo("getUpdates")).toHaveLength(0);

    const user = emu.user({ userId: 99, languageCode: "ko" });
    const t = await turn(emu, records, () => user.say("/start"));
    expect(t.record.msg).toBe("telegram: update handled");
    expect(choiceIds(t.sent.at(-1))).toContain("m:tasks");
    expect(t.sent.at(-1)?.params.text).toBe(ui(pack, "menuPrompt", "ko"));
  });

  it("rejects posts without the secret token, serves /healthz, refuses other paths", async () => {
    const { base } = await start({ TELEGRAM_WEBHOOK_SECRET: "test_secret-123" });
    const update = JSON.stringify({ update_id: 1, message: { message_id: 1, date: 0, chat: { id: 5, type: "private" }, from: { id: 5, is_bot: false, first_name: "x" }, text: "/start" } });
    const post = (headers: Record<string, string>) => fetch(`${base}/telegram/hook`, { method: "POST", headers: { "Content-Type": "application/json", ...headers }, body: update });

    expect((await post({})).status).toBe(401);
    expect((await post({ "X-Telegram-Bot-Api-Secret-Token": "wrong" })).status).toBe(401);
    expect(records.some((r) => r.update_id === 1)).toBe(false);

    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true, store: "ok" });
    expect((await fetch(`${base}/telegram/hook`)).status).toBe(405);
    expect((await fetch(`${base}/elsewhere`, { method: "POST", body: update })).status).toBe(404);
    expect((await post({ "X-Telegram-Bot-Api-Secret-Token": "test_secret-123" })).status).toBe(200);
    expect(records.some((r) => r.update_id === 1 && r.msg === "telegram: update handled")).toBe(true);
  });

  it("makes up a secret when none is configured, and stop closes the server", async () => {
    const { base } = await start({});
    const secret = emu.callsTo("setWebhook").at(-1)?.params.secret_token;
    expect(secret).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    const user = emu.user({ userId: 100 });
    const t = await turn(emu, records, () => user.say("/help"));
    expect(t.sent.length).toBeGreaterThan(0);

    await channel!.stop();
    channel = undefined;
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
  });

  it("a connection reset while the bot answers, then Telegram's redelivery: the user is answered once", async () => {
    const { port } = await start({ TELEGRAM_WEBHOOK_SECRET: "test_secret-123" });
    const update = { update_id: 7001, message: { message_id: 71, date: 0, chat: { id: 7100, type: "private" }, from: { id: 7100, is_bot: false, first_name: "x", language_code: "en" }, text: "was my card number leaked?" } };
    const body = JSON.stringify(update);
    const head = [`POST /telegram/hook HTTP/1.1`, `Host: 127.0.0.1:${port}`, "Content-Type: application/json", "X-Telegram-Bot-Api-Secret-Token: test_secret-123", `Content-Length: ${Buffer.byteLength(body)}`, "", ""].join("\r\n");
    const { connect } = await import("node:net");
    // The request arrives whole, then the connection dies before any answer: Telegram will try again.
    await new Promise<void>((resolve, reject) => {
      const sock = connect(port, "127.0.0.1", () => {
        sock.write(head + body, () => {
          sock.destroy();
          resolve();
        });
      });
      sock.on("error", reject);
    });
    const handled = () => records.filter((r) => r.update_id === 7001 && r.msg === "telegram: update handled").length;
    await expect.poll(handled, { timeout: 5000 }).toBe(1);
    const again = await fetch(`http://127.0.0.1:${port}/telegram/hook`, { method: "POST", headers: { "Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": "test_secret-123" }, body });
    expect(again.status).toBe(200);
    // A later update is handled, so the redelivery's turn (if any) would be done by now: ordered per chat.
    const next = JSON.stringify({ update_id: 7002, message: { ...update.message, message_id: 72, text: "/help" } });
    await fetch(`http://127.0.0.1:${port}/telegram/hook`, { method: "POST", headers: { "Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": "test_secret-123" }, body: next });
    await expect.poll(() => records.some((r) => r.update_id === 7002 && r.msg === "telegram: update handled"), { timeout: 5000 }).toBe(true);
    expect(handled()).toBe(1);
    const texts = emu.callsTo("sendMessage").filter((c) => Number(c.params.chat_id) === 7100).map((c) => String(c.params.text));
    const first = texts.find((t) => /card/i.test(t))!;
    expect(texts.filter((t) => t === first)).toHaveLength(1);
  });

  it("is enabled by TELEGRAM_BOT_TOKEN and counts as a platform", () => {
    expect(telegramChannel.platform).toBe(true);
    expect(telegramChannel.enabled(parseConfig<TelegramConfig>({ TELEGRAM_BOT_TOKEN: TOKEN }, [telegramConfigSchema]).config!, { anyPlatform: false })).toBe(true);
    expect(telegramChannel.enabled(parseConfig<TelegramConfig>({}, [telegramConfigSchema]).config!, { anyPlatform: false })).toBe(false);
  });
});
