import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMemoryStore, createPackSetEngine, loadPack, type InboundEvent, type Store, type UserRef } from "../../src/index.js";
import { createLowdbStore } from "../../src/store/lowdb.js";
import { createRedisStore } from "../../src/store/redis.js";
import { startRedisServer, type RedisServer } from "../fakes/redis-server.js";

const [coupang, skt] = await Promise.all(["content/coupang-2025", "content/skt-2025"].map((d) => loadPack(d)));
const SECRET = "pack-set-forget-secret-0123456789abcdef";

let redis: RedisServer;
let dir: string;
beforeAll(async () => {
  [redis, dir] = await Promise.all([startRedisServer(), mkdtemp(join(tmpdir(), "afterleak-forget-"))]);
}, 30_000);
afterAll(async () => {
  await Promise.all([redis?.stop(), dir ? rm(dir, { recursive: true, force: true }) : undefined]);
});

const stores: [string, () => Promise<Store>][] = [
  ["memory", async () => createMemoryStore()],
  ["lowdb", () => createLowdbStore({ dir: join(dir, crypto.randomUUID()) })],
  ["redis", () => createRedisStore({ url: redis.url, prefix: `f${crypto.randomUUID().slice(0, 8)}:` })],
];

/**
 * Issue 15: `/forget` in a deployment of several packs deletes every setting kept under the
 * user's base key (the web chat's `web-inbox:`, the pack choice, anything owned by it), whichever
 * pack the user is in and however they confirm, on every store.
 */
describe.each(stores)("/forget in a deployment of several packs (%s store)", (_name, open) => {
  for (const [pack, confirm] of [["coupang-2025", "x:yes"], ["skt-2025", "x:yes"], ["skt-2025", "yes"], ["coupang-2025", "네"]] as const) {
    it(`deletes the settings kept under the user's base key (in ${pack}, confirmed with ${confirm})`, async () => {
      const store = await open();
      try {
        const engine = createPackSetEngine({ packs: [coupang!, skt!], store, secret: SECRET });
        const user: UserRef = { platform: "web", userId: "w1", chat: "private" };
        const send = (e: Record<string, unknown>) => engine.handle({ user, localeHint: "en", ...e } as InboundEvent);
        await send({ kind: "choice", choiceId: `pk:${pack}` });
        const base = engine.keyOf(user);
        await store.setSetting(`web-inbox:${base}`, "[]", { owner: base });
        await store.setSetting(`other:${base}`, "x", { owner: base });
        await send({ kind: "command", command: "forget" });
        await send(confirm.startsWith("x:") ? { kind: "choice", choiceId: confirm } : { kind: "text", text: confirm });
        expect(await store.getSetting(`web-inbox:${base}`)).toBeUndefined();
        expect(await store.getSetting(`other:${base}`)).toBeUndefined();
        expect(await engine.packOf(user)).toBeUndefined();
        for (const id of ["coupang-2025", "skt-2025"]) expect(await store.get(engine.engineFor(id)!.keyOf(user))).toBeUndefined();
      } finally {
        await store.close();
      }
    });
  }
});
