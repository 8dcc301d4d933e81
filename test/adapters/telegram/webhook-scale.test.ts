import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Update } from "grammy/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTelegram } from "../../../adapters/telegram/index.js";
import { createApp, pick, ui, type App, type ContentPack, type RunningChannel, type Store } from "../../../src/index.js";
import { telegramConfigSchema, type TelegramConfig } from "../../../adapters/telegram/config.js";
import { userKey } from "../../../src/privacy/keys.js";
import { createRedisStore } from "../../../src/store/redis.js";
import { startRedisServer, type RedisServer } from "../../fakes/redis-server.js";
import { freePort, startTelegramEmulator, type ApiCall, type TelegramEmulator } from "../../fakes/telegram-emulator.js";
import { choiceIds, createLogTap, messageIdOf, textOf, type LogRecord } from "../../fakes/telegram-harness.js";

/**
 * Webhook mode scaled out: two instances built the way `afterleak start` builds them (createApp
 * from the environment, Redis store, same AFTERLEAK_SECRET and TELEGRAM_WEBHOOK_SECRET), each on
 * its own port, replies going to the Bot API emulator. The test is the load balancer: it posts
 * one user's updates round robin, with no stickiness, and once to both instances at the same time.
 */

const TOKEN = "123456:test-token";
const SECRET = "webhook-scale-secret-0123456789abcdef";
const HOOK_SECRET = "hook_secret-42";
const CONTENT_DIR = join(import.meta.dirname, "../../../content/coupang-2025");
const TASK = "secure-account";
const USER_ID = 7001;

interface Instance {
  name: string;
  app: App<TelegramConfig>;
  channel: RunningChannel;
  records: LogRecord[];
  base: string;
}

let redis: RedisServer;
let emu: TelegramEmulator;
let dataDir: string;
let a: Instance;
let b: Instance;
let observer: Store;
let pack: ContentPack;

async function startInstance(name: string, lbUrl: string): Promise<Instance> {
  const port = await freePort();
  const tap = createLogTap();
  const env = {
    STORE_URL: redis.url,
    AFTERLEAK_SECRET: SECRET,
    CONTENT_DIR,
    DATA_DIR: join(dataDir, name),
    TELEGRAM_BOT_TOKEN: TOKEN,
    TELEGRAM_API_ROOT: emu.apiRoot,
    TELEGRAM_WEBHOOK_URL: lbUrl,
    TELEGRAM_WEBHOOK_SECRET: HOOK_SECRET,
    TELEGRAM_WEBHOOK_PORT: String(port),
  };
  const app = await createApp<TelegramConfig>(env, { logger: tap.logger, configSchemas: [telegramConfigSchema] });
  try {
    const channel = await startTelegram({ engine: app.engine, store: app.store, config: app.config, logger: tap.logger }, { webhookHost: "127.0.0.1" });
    return { name, app, channel, records: tap.records, base: `http://127.0.0.1:${port}` };
  } catch (err) {
    await app.close();
    throw err;
  }
}

const chat = { id: USER_ID, type: "private" as const, first_name: "Scale" };
const from = { id: USER_ID, is_bot: false, first_name: "Scale", language_code: "en" };
let nextUpdateId = 1000;
const now = () => Math.floor(Date.now() / 1000);

const command = (text: string): Update => ({
  update_id: nextUpdateId++,
  message: { message_id: nextUpdateId, date: now(), chat, from, text, entities: [{ type: "bot_command", offset: 0, length: text.length }] },
});

const press = (data: string, messageId: number): Update => ({
  update_id: nextUpdateId++,
  callback_query: {
    id: `cq-${nextUpdateId}`,
    from,
    chat_instance: "ci-scale",
    data,
    message: { message_id: messageId, date: now(), chat, from: { id: 666, is_bot: true, first_name: "Test", username: "TestNameBot" }, text: "…" },
  },
});

/** POSTs an update to one instance as the load balancer would; the webhook answers once the update is handled. */
async function deliver(to: Instance, update: Update, secret = HOOK_SECRET): Promise<number> {
  const r = await fetch(`${to.base}/telegram/hook`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": secret },
    body: JSON.stringify(update),
  });
  await r.arrayBuffer();
  return r.status;
}

/** Delivers the update and returns the Bot API calls it caused (sendMessage, editMessageText, …). */
async function exchange(to: Instance, update: Update): Promise<ApiCall[]> {
  const start = emu.calls.length;
  expect(await deliver(to, update)).toBe(200);
  const handled = to.records.find((r) => r.update_id === update.update_id);
  expect(handled?.msg, `update ${update.update_id} on ${to.name}`).toBe("telegram: update handled");
  return emu.calls.slice(start);
}

/** The message a reply carrying `choice` lives in: the edited one, or the one sent. */
function withChoice(calls: ApiCall[], choice: string): { call: ApiCall; messageId: number } {
  const call = calls.filter((c) => c.method === "sendMessage" || c.method === "editMessageText").findLast((c) => choiceIds(c).includes(choice));
  if (!call) throw new Error(`no reply offers ${choice}: ${calls.map((c) => c.method).join(", ")}`);
  return { call, messageId: call.method === "editMessageText" ? Number(call.params.message_id) : messageIdOf(call) };
}

const progressOf = async () => (await observer.get(userKey({ platform: "telegram", userId: String(USER_ID) }, SECRET)))?.tasks[TASK];
const steps = () => pack.taskById.get(TASK)!.steps;
const doneId = (n: number) => `s:done:${TASK}:${steps()[n - 1]!.id}`;
const progressText = (n: number) => ui(pack, "taskProgress", "en", { title: pick(pack, pack.taskById.get(TASK)!.title, "en"), n, total: steps().length });

beforeAll(async () => {
  redis = await startRedisServer();
  emu = await startTelegramEmulator(TOKEN);
  dataDir = await mkdtemp(join(tmpdir(), "afterleak-tg-scale-"));
  const lbUrl = `http://127.0.0.1:${await freePort()}/telegram/hook`;
  a = await startInstance("a", lbUrl);
  b = await startInstance("b", lbUrl);
  pack = a.app.pack;
  observer = await createRedisStore({ url: redis.url });
}, 20_000);

afterAll(async () => {
  for (const i of [a, b]) {
    await i?.channel.stop();
    await i?.app.close();
  }
  await observer?.close();
  await emu?.stop();
  await redis?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe("Telegram webhook on two instances behind a load balancer (shared Redis)", () => {
  it("both register the same webhook URL and secret, serve /healthz and refuse a wrong secret", async () => {
    const hooks = emu.callsTo("setWebhook").map((c) => c.params);
    expect(hooks).toHaveLength(2);
    expect(hooks[1]).toEqual(hooks[0]);
    expect(hooks[0]).toMatchObject({ secret_token: HOOK_SECRET });
    for (const i of [a, b]) {
      const health = await fetch(`${i.base}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ ok: true, store: "ok" });
      const bad = command("/start");
      expect(await deliver(i, bad, "wrong-secret")).toBe(401);
      expect(i.records.some((r) => r.update_id === bad.update_id)).toBe(false);
    }
  });

  it("advances one step per press, whichever instance gets it, and a duplicate delivery only once", async () => {
    const total = steps().length;
    expect(total).toBeGreaterThanOrEqual(5);
    const rr = [a, b];
    let turn = 0;
    const next = () => rr[turn++ % rr.length]!;

    const menu = withChoice(await exchange(next(), command("/start")), "m:tasks");
    const list = withChoice(await exchange(next(), press("m:tasks", menu.messageId)), `t:${TASK}`);
    let step = withChoice(await exchange(next(), press(`t:${TASK}`, list.messageId)), doneId(1));
    expect(textOf(step.call)).toContain(progressText(1));
    expect(await progressOf()).toMatchObject({ status: "active", at: steps()[0]!.id, done: [] });

    // Round robin: each press lands on the other instance than the one before.
    const seen: string[] = [];
    for (let n = 1; n <= 3; n++) {
      const to = next();
      const calls = await exchange(to, press(doneId(n), step.messageId));
      step = withChoice(calls, doneId(n + 1));
      expect(step.call.method).toBe("editMessageText");
      expect(calls.some((c) => textOf(c) === ui(pack, "staleChoice", "en"))).toBe(false);
      seen.push(`${to.name} ${n + 1}/${total}`);
      expect(textOf(step.call)).toContain(progressText(n + 1));
      expect(await progressOf()).toMatchObject({ at: steps()[n]!.id, done: steps().slice(0, n).map((s) => s.id) });
    }
    expect(seen).toEqual([`b 2/${total}`, `a 3/${total}`, `b 4/${total}`]);

    // Telegram retries, or a load balancer replays: the same update reaches both instances at once.
    const dup = press(doneId(4), step.messageId);
    const before = emu.calls.length;
    const [sa, sb] = await Promise.all([deliver(a, dup), deliver(b, dup)]);
    expect([sa, sb]).toEqual([200, 200]);
    const calls = emu.calls.slice(before);
    const advanced = calls.filter((c) => c.method === "editMessageText" && textOf(c).includes(progressText(5)));
    const stale = calls.filter((c) => textOf(c) === ui(pack, "staleChoice", "en"));
    expect(advanced).toHaveLength(1);
    expect(stale).toHaveLength(1);
    // The other instance says the button is old and shows where things stand: step 5 again, not 6.
    const restated = calls.slice(calls.indexOf(stale[0]!) + 1).filter((c) => c.method === "sendMessage");
    expect(restated.map(textOf).some((t) => t.includes(progressText(5)))).toBe(true);
    expect(calls.some((c) => textOf(c).includes(progressText(6)))).toBe(false);
    expect(calls.filter((c) => c.method === "answerCallbackQuery")).toHaveLength(2);
    expect(await progressOf()).toMatchObject({ at: steps()[4]!.id, done: steps().slice(0, 4).map((s) => s.id) });

    // The next press goes on normally, on whichever instance comes next.
    step = withChoice(await exchange(next(), press(doneId(5), step.messageId)), doneId(6));
    expect(textOf(step.call)).toContain(progressText(6));
    expect((await progressOf())?.done).toEqual(steps().slice(0, 5).map((s) => s.id));

    // Step 1 came as a new message; every press since edited it one step on: none lost, none twice.
    const shown = emu.calls
      .filter((c) => c.method === "editMessageText")
      .flatMap((c) => Array.from({ length: total }, (_, i) => i + 1).filter((n) => textOf(c).includes(progressText(n))));
    expect(shown).toEqual([2, 3, 4, 5, 6]);
    // Both instances did part of the work.
    for (const i of [a, b]) expect(i.records.filter((r) => r.msg === "telegram: update handled").length).toBeGreaterThanOrEqual(3);
  });
});
