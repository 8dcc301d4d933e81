import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createLowdbStore } from "../../src/store/lowdb.js";
import { lowdbShardFile } from "../../src/store/lowdb-shard.js";
import { storeContract, userState } from "./contract.js";

storeContract("lowdb", {
  durable: true,
  async harness() {
    const dir = await mkdtemp(join(tmpdir(), "afterleak-lowdb-"));
    return {
      open: () => createLowdbStore({ dir, shards: 4, flushMs: 50 }),
      cleanup: () => rm(dir, { recursive: true, force: true }),
    };
  },
});

describe("lowdb journal", () => {
  const dirs: string[] = [];
  const tempDir = async () => {
    const d = await mkdtemp(join(tmpdir(), "afterleak-journal-"));
    dirs.push(d);
    return d;
  };
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
  });
  const journals = async (dir: string) => (await readdir(dir)).filter((f) => f.startsWith("journal-")).sort();

  it("appends changes to the journal within the flush window, then folds them into the shards on close", async () => {
    const dir = await tempDir();
    const store = await createLowdbStore({ dir, shards: 4, flushMs: 20 });
    await store.update("k1", () => ({ next: userState({ lastTopic: "what-leaked" }), result: undefined }));
    await new Promise((r) => setTimeout(r, 80));
    const [journal] = await journals(dir);
    expect(await readFile(join(dir, journal!), "utf8")).toContain(`{"k":"k1","s":{`);
    await store.close();
    expect(await journals(dir)).toEqual([]);
    expect(await readFile(lowdbShardFile(dir, "k1", 4), "utf8")).toContain('"k1":{');
  });

  it("replays a journal left by a crash, ignoring a line cut short, and then removes it", async () => {
    const dir = await tempDir();
    const first = await createLowdbStore({ dir, shards: 4 });
    await first.update("gone", () => ({ next: userState(), result: undefined }));
    await first.update("kept", () => ({ next: userState(), result: undefined }));
    await first.close();
    const s = userState({ lastTopic: "compensation", fallbacks: 2 });
    const lines = [`{"k":"new","s":${JSON.stringify(s)}}`, `{"k":"gone","s":null}`, `{"k":"kept","s":{"v":1,"chan`];
    await writeFile(join(dir, "journal-000004.jsonl"), lines.join("\n"));
    const store = await createLowdbStore({ dir, shards: 4 });
    expect(await store.get("new")).toEqual(s);
    expect(await store.get("gone")).toBeUndefined();
    expect(await store.get("kept")).toBeDefined();
    expect(await store.size()).toBe(2);
    const left = await journals(dir);
    expect(left).toHaveLength(1);
    expect(left[0]! > "journal-000004.jsonl").toBe(true);
    expect(await readFile(lowdbShardFile(dir, "new", 4), "utf8")).toContain('"new":{');
    await store.close();
  });

  it("compacts while running once the journal is big enough, and keeps every update", async () => {
    const dir = await tempDir();
    const store = await createLowdbStore({ dir, shards: 4, flushMs: 10, compactBytes: 2000 });
    for (let i = 0; i < 40; i++) {
      await store.update(`u${i % 8}`, (prev) => ({ next: { ...(prev ?? userState()), fallbacks: (prev?.fallbacks ?? 0) + 1 }, result: undefined }));
      await new Promise((r) => setTimeout(r, 3));
    }
    await new Promise((r) => setTimeout(r, 100));
    const names = await journals(dir);
    expect(names.length).toBe(1);
    expect(names[0]).not.toBe("journal-000001.jsonl");
    for (let i = 0; i < 8; i++) expect((await store.get(`u${i}`))?.fallbacks).toBe(5);
    await store.close();
    const again = await createLowdbStore({ dir, shards: 4 });
    for (let i = 0; i < 8; i++) expect((await again.get(`u${i}`))?.fallbacks).toBe(5);
    await again.close();
  });
});
