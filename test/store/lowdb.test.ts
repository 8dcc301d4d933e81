import { mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createLowdbStore, StoreWriteError } from "../../src/store/lowdb.js";
import { journalName } from "../../src/store/lowdb-journal.js";
import { lowdbShardFile } from "../../src/store/lowdb-shard.js";
import { storeContract, userState } from "./contract.js";

storeContract("lowdb", {
  durable: true,
  async harness() {
    const dir = await mkdtemp(join(tmpdir(), "afterleak-lowdb-"));
    return {
      open: (clock) => createLowdbStore({ dir, shards: 4, flushMs: 50, clock }),
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
    const [journal] = await journals(dir);
    await vi.waitFor(async () => expect(await readFile(join(dir, journal!), "utf8")).toContain(`{"k":"k1","s":{`), { timeout: 5000, interval: 10 });
    await store.close();
    expect(await journals(dir)).toEqual([]);
    expect(await readFile(lowdbShardFile(dir, "k1", 4), "utf8")).toContain('"k1":{');
  });

  it("a purge running beside live turns keeps a user who came back while it ran", async () => {
    const dir = await tempDir();
    const store = await createLowdbStore({ dir, shards: 1 });
    const old = new Date(Date.now() - 40 * 86_400_000).toISOString();
    for (let i = 0; i < 4100; i++) await store.update(`u${i}`, () => ({ next: userState({ lastSeen: old }), result: undefined }));
    // The purge yields to the event loop after the first 2 000 users; the last one comes back then.
    const purging = store.purgeIdle(new Date(Date.now() - 30 * 86_400_000));
    await store.update("u4099", (prev) => ({ next: { ...prev!, lastSeen: new Date().toISOString() }, result: undefined }));
    expect(await purging).toBe(4099);
    expect(await store.get("u4099")).toBeDefined();
    expect(await store.get("u0")).toBeUndefined();
    await store.close();
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
    // Positive barrier: the timer has compacted once the first journal is gone.
    await vi.waitFor(
      async () => {
        const names = await journals(dir);
        expect(names).toHaveLength(1);
        expect(names[0]).not.toBe("journal-000001.jsonl");
      },
      { timeout: 5000, interval: 10 },
    );
    for (let i = 0; i < 8; i++) expect((await store.get(`u${i}`))?.fallbacks).toBe(5);
    await store.close();
    const again = await createLowdbStore({ dir, shards: 4 });
    for (let i = 0; i < 8; i++) expect((await again.get(`u${i}`))?.fallbacks).toBe(5);
    await again.close();
  });

  it("logs a disk failure once, refuses updates meanwhile, retries with backoff and recovers when the disk does", async () => {
    const dir = await tempDir();
    const lines: { level: string; obj: Record<string, unknown>; msg: string }[] = [];
    const wake = new Set<() => void>();
    const log = (level: string) => (obj: object, msg: string) => {
      lines.push({ level, obj: obj as Record<string, unknown>, msg });
      for (const w of wake) w();
    };
    const logged = (level: string) =>
      new Promise<void>((resolve) => {
        const check = () => lines.some((l) => l.level === level) && (wake.delete(check), resolve());
        wake.add(check);
        check();
      });
    const store = await createLowdbStore({ dir, shards: 2, flushMs: 5, compactBytes: 1, maxRetryMs: 20, logger: { error: log("error"), warn: log("warn"), info: log("info") } });
    // The journals the store will open next write to /dev/full: every write fails with ENOSPC, even for root.
    const full = Array.from({ length: 400 }, (_, i) => join(dir, journalName(i + 2)));
    for (const f of full) await symlink("/dev/full", f);
    await store.update("before", () => ({ next: userState({ lastTopic: "what-leaked" }), result: undefined }));
    // forget compacts at once, so the store now appends to journal 2, that is to /dev/full.
    await store.forget("nobody");
    await store.update("during", () => ({ next: userState(), result: undefined }));
    await logged("error");
    expect(store.health?.()).toMatchObject({ ok: false, reason: "disk write failed (ENOSPC)", since: expect.any(String) });
    await expect(store.update("refused", () => ({ next: userState(), result: undefined }))).rejects.toBeInstanceOf(StoreWriteError);
    await expect(store.update("refused", () => ({ next: userState(), result: undefined }))).rejects.toMatchObject({ code: "ENOSPC" });
    expect(await store.get("before")).toBeDefined();
    // The disk recovers: the next retry moves the unwritten lines to a fresh journal.
    for (const f of full) await rm(f, { force: true });
    await logged("info");
    expect(store.health?.()).toEqual({ ok: true });
    await store.update("after", () => ({ next: userState(), result: undefined }));
    expect(lines.filter((l) => l.level === "error")).toEqual([{ level: "error", obj: { store: "lowdb", code: "ENOSPC" }, msg: expect.stringContaining("retried") }]);
    const back = lines.filter((l) => l.level === "info");
    expect(back).toHaveLength(1);
    expect(back[0]!.obj).toMatchObject({ store: "lowdb", code: "ENOSPC" });
    expect(back[0]!.obj.attempts as number).toBeGreaterThanOrEqual(1); // retried by the store itself: no caller did anything
    expect(JSON.stringify(lines)).not.toMatch(/before|during|after|what-leaked/);
    await store.close();
    const again = await createLowdbStore({ dir, shards: 2 });
    expect((await again.get("before"))?.lastTopic).toBe("what-leaked");
    expect(await again.get("after")).toBeDefined();
    expect(await again.get("during")).toBeDefined();
    expect(await again.get("refused")).toBeUndefined();
    await again.close();
  });
});
