import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTelegram } from "../../adapters/telegram/index.js";
import { telegramConfigSchema, type TelegramConfig } from "../../adapters/telegram/config.js";
import { startWebChat } from "../../adapters/web/server.js";
import { createEngine, createLogger, parseConfig, type Engine } from "../../src/index.js";
import { createGuardedStore } from "../../src/store/guarded.js";
import { holdableStore } from "../fakes/holdable-store.js";
import { freePort, startTelegramEmulator, type TelegramEmulator } from "../fakes/telegram-emulator.js";
import { realPack } from "../helpers/packs.js";
import { createMemoryStore } from "../../src/index.js";
import { createRedisStore } from "../../src/store/redis.js";
import { startRedisServer } from "../fakes/redis-server.js";

const pack = await realPack();
const user = { platform: "web", userId: "h1", chat: "private" as const };

/** An engine whose store can be made to hang, and the way to make the outage seen (one turn). */
function engineWithHoldableStore() {
  const inner = holdableStore();
  const store = createGuardedStore(inner, { deadlineMs: 100 });
  const engine: Engine = createEngine({ pack, store, secret: "h".repeat(32) });
  return {
    engine,
    store,
    async down() {
      inner.hold();
      await engine.handle({ kind: "text", text: "hello", user });
    },
    async up() {
      inner.release();
      await engine.handle({ kind: "text", text: "hello", user });
    },
  };
}

async function expectHealth(url: string, status: number) {
  const res = await fetch(url);
  expect(res.status).toBe(status);
  const body = (await res.json()) as { ok: boolean; store: string; reason?: string };
  expect(body.ok).toBe(status === 200);
  expect(body.store).toBe(status === 200 ? "ok" : "unavailable");
  if (status !== 200) expect(body.reason).toMatch(/within 100 ms/);
}

describe("/healthz reports the store's state", () => {
  it("on the web chat: 200, 503 with the reason while the store is unavailable, 200 again", async () => {
    const t = engineWithHoldableStore();
    const chat = await startWebChat({ engine: t.engine, logger: createLogger("silent"), host: "127.0.0.1", port: 0, retentionDays: 30, maxInputChars: 2000 });
    try {
      await expectHealth(`${chat.url}healthz`, 200);
      await t.down();
      await expectHealth(`${chat.url}healthz`, 503);
      await t.up();
      await expectHealth(`${chat.url}healthz`, 200);
    } finally {
      await chat.stop();
    }
  });

  describe("on the Telegram webhook", () => {
    let emu: TelegramEmulator;
    beforeAll(async () => {
      emu = await startTelegramEmulator("123456:health");
    });
    afterAll(async () => {
      await emu?.stop();
    });

    it("200, 503 with the reason, 200 again", async () => {
      const t = engineWithHoldableStore();
      const port = await freePort();
      const { config } = parseConfig<TelegramConfig>(
        { TELEGRAM_BOT_TOKEN: "123456:health", TELEGRAM_API_ROOT: emu.apiRoot, TELEGRAM_WEBHOOK_URL: `http://127.0.0.1:${port}/hook`, TELEGRAM_WEBHOOK_PORT: String(port) },
        [telegramConfigSchema],
      );
      const channel = await startTelegram({ engine: t.engine, store: t.store, config: config!, logger: createLogger("silent") }, { webhookHost: "127.0.0.1" });
      try {
        await expectHealth(`http://127.0.0.1:${port}/healthz`, 200);
        await t.down();
        await expectHealth(`http://127.0.0.1:${port}/healthz`, 503);
        await t.up();
        await expectHealth(`http://127.0.0.1:${port}/healthz`, 200);
      } finally {
        await channel.stop();
      }
    });
  });
});

describe("Store.health: what each store knows of itself, seen by /healthz", () => {
  it("memory is always ok", () => {
    expect(createMemoryStore().health?.()).toEqual({ ok: true });
  });

  it("Redis: ok, then degraded with the connection state as soon as redis-server stops (no turn needed), on the store and on the web chat's /healthz", async () => {
    const server = await startRedisServer();
    const inner = await createRedisStore({ url: server.url, prefix: `h${crypto.randomUUID().slice(0, 8)}:` });
    const store = createGuardedStore(inner, { deadlineMs: 500 });
    const engine = createEngine({ pack, store, secret: "h".repeat(32) });
    const chat = await startWebChat({ engine, logger: createLogger("silent"), host: "127.0.0.1", port: 0, retentionDays: 30, maxInputChars: 2000 });
    try {
      expect(inner.health?.()).toEqual({ ok: true });
      await engine.handle({ kind: "text", text: "hello", user });
      const up = await fetch(`${chat.url}healthz`);
      expect(up.status).toBe(200);
      await server.stop();
      // Positive condition: the client has seen the connection close (its status leaves "ready").
      const end = Date.now() + 10_000;
      while (inner.health?.().ok !== false && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
      expect(inner.health?.()).toMatchObject({ ok: false, reason: expect.stringMatching(/^redis connection (connecting|reconnecting|close|end)$/), since: expect.any(String) });
      const res = await fetch(`${chat.url}healthz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ ok: false, store: "unavailable", reason: expect.stringMatching(/^redis connection /) });
    } finally {
      await chat.stop();
      await inner.close().catch(() => undefined);
      await server.stop().catch(() => undefined);
    }
  }, 30_000);
});
