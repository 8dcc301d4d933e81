import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRedisStore } from "../../src/store/redis.js";
import { startRedisServer, type RedisServer } from "../fakes/redis-server.js";
import { storeContract, userState } from "./contract.js";
import { TEST_CARD } from "../helpers/card.js";

let server: RedisServer;
let admin: Redis;
let n = 0;

beforeAll(async () => {
  server = await startRedisServer();
  admin = new Redis(server.url);
});
afterAll(async () => {
  await admin?.quit();
  await server?.stop();
});

const namespace = () => `afterleak:t${++n}:`;

storeContract("redis", {
  durable: true,
  async harness() {
    const prefix = namespace();
    return {
      open: (clock) => createRedisStore({ url: server.url, prefix, retentionDays: 30, clock }),
      async cleanup() {
        const keys = await admin.keys(`${prefix}*`);
        if (keys.length) await admin.del(...keys);
      },
    };
  },
});

describe("Redis store", () => {
  it("namespaces every key and lets users and events expire after the retention period", async () => {
    const prefix = namespace();
    const store = await createRedisStore({ url: server.url, prefix, retentionDays: 7 });
    await store.update("k1", () => ({ next: userState(), result: undefined }));
    await store.record([{ at: new Date().toISOString(), key: "k1", channel: "test", locale: "en", type: "fallback" }]);
    await store.flush();
    const keys = (await admin.keys("*")).filter((k) => k.startsWith(prefix)).sort();
    const day = new Date().toISOString().slice(0, 10);
    expect(keys).toEqual([`${prefix}ev-days`, `${prefix}ev-of:k1`, `${prefix}ev:${day}`, `${prefix}u:k1`, `${prefix}users`]);
    const week = 7 * 86_400;
    expect(await admin.ttl(`${prefix}u:k1`)).toBeGreaterThan(week - 5);
    expect(await admin.ttl(`${prefix}u:k1`)).toBeLessThanOrEqual(week);
    const streamTtl = await admin.ttl(`${prefix}ev:${day}`);
    expect(streamTtl).toBeGreaterThan(week);
    expect(streamTtl).toBeLessThanOrEqual(week + 86_400);
    expect(await admin.ttl(`${prefix}ev-of:k1`)).toBeGreaterThan(week);
    await store.update("k1", (prev) => ({ next: { ...prev!, fallbacks: 1 }, result: undefined }));
    expect(await admin.ttl(`${prefix}u:k1`)).toBeGreaterThan(week - 5);
    await store.close();
  });

  it("reads a user idle past the retention period as gone, as Redis expires the key", async () => {
    const prefix = namespace();
    let t = Date.now();
    const store = await createRedisStore({ url: server.url, prefix, retentionDays: 1, clock: () => t });
    await store.update("k", () => ({ next: userState(), result: undefined }));
    expect(await admin.pttl(`${prefix}u:k`)).toBeGreaterThan(86_400_000 - 5000);
    t += 86_400_000 - 60_000;
    expect(await store.get("k")).toBeDefined();
    t += 120_000;
    expect(await store.get("k")).toBeUndefined();
    // An update then starts from no state, as after Redis's own expiry.
    expect(await store.update("k", (prev) => ({ next: userState(), result: prev }))).toBeUndefined();
    await store.close();
  });

  it("fills in defaults for an older value and reads garbage as no state, logging the kind only", async () => {
    const prefix = namespace();
    const lines: { obj: object; msg: string }[] = [];
    const log = (obj: object, msg: string) => void lines.push({ obj, msg });
    const store = await createRedisStore({ url: server.url, prefix, logger: { error: log, warn: log, info: log } });
    const { feedback: _dropped, ...old } = userState({ lastTopic: "what-leaked" });
    await admin.set(`${prefix}u:old`, JSON.stringify(old));
    expect((await store.get("old"))?.feedback).toEqual([]);
    expect((await store.get("old"))?.lastTopic).toBe("what-leaked");
    await admin.set(`${prefix}u:junk`, "{not json");
    await admin.set(`${prefix}u:wrong`, JSON.stringify({ v: 1, secret: "4111 1111 1111 1111" }));
    expect(await store.get("junk")).toBeUndefined();
    expect(await store.get("wrong")).toBeUndefined();
    // The user can go on: the next update replaces the garbage.
    await store.update("junk", (prev) => ({ next: userState({ fallbacks: prev ? 9 : 1 }), result: undefined }));
    expect((await store.get("junk"))?.fallbacks).toBe(1);
    expect(lines.map((l) => l.obj)).toEqual([
      { store: "redis", problem: "not-json" },
      { store: "redis", problem: "not-a-user-state", field: "channel" },
      { store: "redis", problem: "not-json" },
    ]);
    expect(JSON.stringify(lines)).not.toMatch(/junk|wrong|not json/);
    expect(JSON.stringify(lines)).not.toMatch(TEST_CARD);
    await store.close();
  });

  it("never loses an increment when two instances update the same user at once", async () => {
    const prefix = namespace();
    const a = await createRedisStore({ url: server.url, prefix });
    const b = await createRedisStore({ url: server.url, prefix });
    await a.update("hot", () => ({ next: userState(), result: undefined }));
    const inc = (s: typeof a) => s.update("hot", (prev) => ({ next: { ...prev!, fallbacks: prev!.fallbacks + 1 }, result: undefined }));
    await Promise.all(Array.from({ length: 60 }, (_, i) => inc(i % 2 ? a : b)));
    expect((await b.get("hot"))?.fallbacks).toBe(60);
    await Promise.all([a.close(), b.close()]);
  });

  it("says which Redis it cannot reach, without the password", async () => {
    const url = `redis://:hunter2@127.0.0.1:1`;
    const err = await createRedisStore({ url }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toContain("cannot reach Redis at redis://***@127.0.0.1:1");
    expect((err as Error).message).not.toContain("hunter2");
  });

  it("keeps a corrupt value aside before an update replaces it", async () => {
    const prefix = namespace();
    const store = await createRedisStore({ url: server.url, prefix });
    await admin.set(`${prefix}u:bad`, "{not json");
    expect(await store.get("bad")).toBeUndefined();
    expect(await store.update("bad", (prev) => ({ next: userState(), result: prev }))).toBeUndefined();
    expect(await admin.get(`${prefix}corrupt:u:bad`)).toBe("{not json");
    expect(await admin.ttl(`${prefix}corrupt:u:bad`)).toBeGreaterThan(0);
    expect(await store.get("bad")).toBeDefined();
    await store.close();
  });
});
