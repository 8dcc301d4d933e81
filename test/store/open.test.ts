import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore } from "../../src/store/open.js";
import { startRedisServer, type RedisServer } from "../fakes/redis-server.js";
import { userState } from "./contract.js";

let server: RedisServer;
let root: string;
beforeAll(async () => {
  server = await startRedisServer();
  root = await mkdtemp(join(tmpdir(), "afterleak-open-"));
});
afterAll(async () => {
  await server?.stop();
  await rm(root, { recursive: true, force: true });
});

const put = (store: Awaited<ReturnType<typeof openStore>>) => store.update("k", () => ({ next: userState(), result: undefined }));

describe("openStore picks the store STORE_URL names", () => {
  it("redis:// opens the Redis store, with keys under afterleak: that expire after RETENTION_DAYS", async () => {
    const store = await openStore({ STORE_URL: server.url, DATA_DIR: root, RETENTION_DAYS: 3 });
    await put(store);
    await store.close();
    const redis = new Redis(server.url);
    expect(await redis.exists("afterleak:u:k")).toBe(1);
    const ttl = await redis.ttl("afterleak:u:k");
    expect(ttl).toBeGreaterThan(3 * 86_400 - 10);
    expect(ttl).toBeLessThanOrEqual(3 * 86_400);
    await redis.quit();
  });

  it("defaults to lowdb in DATA_DIR/store", async () => {
    const store = await openStore({ DATA_DIR: root, RETENTION_DAYS: 30 });
    await put(store);
    await store.close();
    expect((await readdir(join(root, "store"))).filter((f) => /^users-\d+\.json$/.test(f))).toHaveLength(1);
  });

  it("memory: keeps nothing on disk", async () => {
    const store = await openStore({ STORE_URL: "memory:", DATA_DIR: join(root, "none"), RETENTION_DAYS: 30 });
    await put(store);
    expect(await store.size()).toBe(1);
    await store.close();
    await expect(readdir(join(root, "none"))).rejects.toThrow(/ENOENT/);
  });

  it("names an unknown scheme without repeating a password", async () => {
    await expect(openStore({ STORE_URL: "mongodb://user:secret@db/x", DATA_DIR: root, RETENTION_DAYS: 30 })).rejects.toThrow(
      "unsupported STORE_URL mongodb://***@db/x",
    );
  });
});
