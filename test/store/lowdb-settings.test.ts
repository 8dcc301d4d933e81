import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { StoreFileError } from "../../src/store/files.js";
import { createLowdbStore } from "../../src/store/lowdb.js";

describe("lowdb settings on disk (large tables)", () => {
  const dirs: string[] = [];
  const tempDir = async () => {
    const d = await mkdtemp(join(tmpdir(), "afterleak-settings-"));
    dirs.push(d);
    return d;
  };
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
  });
  // Larger than one part of the snapshot writer and one chunk of the journal reader (256 K characters).
  const N = 3000;
  const value = (i: number) => `${"v".repeat(150)}-${i}-é`;

  it("a snapshot written in parts is one JSON document and reopens whole, expiry and owners kept", async () => {
    const dir = await tempDir();
    let t = 1_000_000;
    const store = await createLowdbStore({ dir, shards: 2, clock: () => t });
    await store.setSettings!(Array.from({ length: N }, (_, i) => ({ key: `big:${i}`, value: value(i), opts: i % 2 ? { ttlMs: 60_000, owner: `u${i}` } : {} })));
    await store.close();
    const doc = JSON.parse(await readFile(join(dir, "settings.json"), "utf8")) as { v: number; settings: Record<string, string>; meta: Record<string, unknown> };
    expect(doc.v).toBe(1);
    expect(Object.keys(doc.settings)).toHaveLength(N);
    expect(doc.meta["big:1"]).toEqual({ expires: 1_060_000, owner: "u1" });

    const again = await createLowdbStore({ dir, shards: 2, clock: () => t });
    expect(await again.getSettings!(Array.from({ length: N }, (_, i) => `big:${i}`))).toEqual(Array.from({ length: N }, (_, i) => value(i)));
    t += 60_000; // the odd ones expire
    expect(await again.getSetting("big:1")).toBeUndefined();
    expect(await again.getSetting("big:2")).toBe(value(2));
    // forget deletes what a user owns, as recorded before the reopen.
    await again.forget("u3");
    t -= 60_000;
    expect(await again.getSetting("big:3")).toBeUndefined();
    expect(await again.getSetting("big:5")).toBe(value(5));
    await again.close();
  });

  it("replays a journal larger than one read chunk, in order, ignoring a torn last line", async () => {
    const dir = await tempDir();
    const lines = Array.from({ length: N }, (_, i) => JSON.stringify({ k: `j:${i % 1000}`, v: value(i) }));
    lines.push(JSON.stringify({ k: "j:7" }), '{"k":"j:8","v":"to');
    await writeFile(join(dir, "settings.journal"), lines.join("\n"));
    const store = await createLowdbStore({ dir, shards: 2 });
    expect(await store.getSetting("j:0")).toBe(value(2000));
    expect(await store.getSetting("j:999")).toBe(value(2999));
    expect(await store.getSetting("j:7")).toBeUndefined();
    expect(await store.getSetting("j:8")).toBe(value(2008));
    await store.close();
  });

  it.each([
    ["a setting that is not a string", { v: 1, settings: { a: 1 }, meta: {} }],
    ["an expiry that is not a number", { v: 1, settings: { a: "x" }, meta: { a: { expires: "soon" } } }],
    ["settings that are a list", { v: 1, settings: ["x"], meta: {} }],
  ])("refuses a settings file with %s, leaving it untouched", async (_, doc) => {
    const dir = await tempDir();
    const text = JSON.stringify(doc);
    await writeFile(join(dir, "settings.json"), text);
    await expect(createLowdbStore({ dir, shards: 2 })).rejects.toBeInstanceOf(StoreFileError);
    expect(await readFile(join(dir, "settings.json"), "utf8")).toBe(text);
  });
});
