import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEngine, ui, type Engine, type InboundEvent } from "../../src/index.js";
import { createGuardedStore, StoreUnavailableError, type StoreHealth } from "../../src/store/guarded.js";
import { createRedisStore } from "../../src/store/redis.js";
import { startRedisServer, type RedisServer } from "../fakes/redis-server.js";
import { startTcpProxy, type TcpProxy } from "../fakes/tcp-proxy.js";
import { holdableStore } from "../fakes/holdable-store.js";
import { realPack } from "../helpers/packs.js";

const pack = await realPack();
const SECRET = "test-secret-test-secret-test-secret";

const text = (userId: string, t: string): InboundEvent => ({ kind: "text", text: t, user: { platform: "web", userId, chat: "private" } });
const joined = (r: { replies: { kind: string; text?: string }[] }) => r.replies.map((x) => x.text ?? "").join("\n");

describe("store deadline (store/guarded.ts)", () => {
  it("rejects a call that outlives the deadline, reports one change down and one up", async () => {
    const inner = holdableStore();
    const changes: StoreHealth[] = [];
    const store = createGuardedStore(inner, { deadlineMs: 80, onChange: (h) => changes.push(h) });
    inner.hold();
    const started = Date.now();
    const results = await Promise.allSettled([1, 2, 3].map(() => store.get("k")));
    expect(Date.now() - started).toBeLessThan(1000);
    for (const r of results) expect(r.status === "rejected" && r.reason instanceof StoreUnavailableError).toBe(true);
    expect(store.health().ok).toBe(false);
    inner.release();
    await store.get("k");
    expect(store.health()).toEqual({ ok: true });
    expect(changes.map((c) => c.ok)).toEqual([false, true]);
  });

  it("answers every message during an outage (full notice once per user, then the short one) and applies nothing", async () => {
    const inner = holdableStore();
    const store = createGuardedStore(inner, { deadlineMs: 80 });
    const engine: Engine = createEngine({ pack, store, secret: SECRET });
    await engine.handle(text("u1", "/start"));
    const before = await inner.get(engine.keyOf({ platform: "web", userId: "u1" }));
    inner.hold();
    const first = await engine.handle(text("u1", "was my card number leaked?"));
    expect(joined(first)).toBe(ui(pack, "storeDown", "en"));
    const second = await engine.handle(text("u1", "hello??"));
    expect(joined(second)).toBe(ui(pack, "storeStillDown", "en"));
    const other = await engine.handle(text("u2", "카드번호도 유출됐나요?"));
    expect(joined(other)).toBe(ui(pack, "storeDown", "ko"));
    inner.release();
    const after = await inner.get(engine.keyOf({ platform: "web", userId: "u1" }));
    // The turns that timed out never ran: the state is the one from before the outage.
    expect(after?.lastTopic).toBe(before?.lastTopic);
    const back = await engine.handle(text("u1", "was my card number leaked?"));
    expect(joined(back)).not.toContain(ui(pack, "storeDown", "en"));
    expect(back.outcome).toMatchObject({ kind: "topic" });
  });
});

describe("Redis going away behind a proxy", () => {
  let redis: RedisServer;
  let proxy: TcpProxy;
  beforeAll(async () => {
    redis = await startRedisServer();
    proxy = await startTcpProxy(redis.port);
  });
  afterAll(async () => {
    await proxy?.close();
    await redis?.stop();
  });

  it("tells the user within the deadline while Redis is unreachable, fails fast without queueing, and recovers by itself", async () => {
    const changes: StoreHealth[] = [];
    const store = createGuardedStore(await createRedisStore({ url: `redis://127.0.0.1:${proxy.port}`, prefix: "afterleak:guard:" }), {
      deadlineMs: 500,
      onChange: (h) => changes.push(h),
    });
    const engine = createEngine({ pack, store, secret: SECRET });
    try {
      expect((await engine.handle(text("r1", "/start"))).outcome).toBeDefined();
      proxy.set({ kind: "down" });
      const t0 = Date.now();
      const replies = [];
      for (let i = 0; i < 50; i++) replies.push(joined(await engine.handle(text(`r${i % 5}`, "was my card number leaked?"))));
      // 50 turns answered in well under 50 deadlines: the client fails at once instead of queueing.
      expect(Date.now() - t0).toBeLessThan(50 * 500 * 0.5);
      expect(replies.filter((r) => r === ui(pack, "storeDown", "en"))).toHaveLength(5);
      expect(replies.every((r) => r === ui(pack, "storeDown", "en") || r === ui(pack, "storeStillDown", "en"))).toBe(true);
      expect(store.health().ok).toBe(false);
      proxy.set({ kind: "pass" });
      const recovered = Date.now();
      let answer = "";
      for (let i = 0; i < 100 && !answer.includes("**"); i++) {
        const r = await engine.handle(text("r1", "was my card number leaked?"));
        if (r.outcome?.kind === "topic") answer = joined(r) + "**";
        else await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(answer).not.toBe("");
      expect(Date.now() - recovered).toBeLessThan(5000);
      expect(store.health()).toEqual({ ok: true });
      expect(changes.map((c) => c.ok)).toEqual([false, true]);
    } finally {
      await store.close();
    }
  });
});
