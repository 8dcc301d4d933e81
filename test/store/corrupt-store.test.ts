import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createApp } from "../../src/app.js";
import { createLowdbStore } from "../../src/store/lowdb.js";
import { StoreFileError } from "../../src/store/files.js";
import { filesUnder, REAL_PACK_DIR, runAfterleak } from "../privacy/process.js";

/**
 * A corrupt or unreadable store file stops start-up with a message naming the file, and is
 * never overwritten: every byte of every file is the same afterwards.
 */

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

/** A store folder with a few users written normally, then `damage` applied. */
async function damagedStore(damage: (dir: string) => Promise<string>): Promise<{ dir: string; file: string }> {
  const root = await mkdtemp(join(tmpdir(), "afterleak-corrupt-"));
  dirs.push(root);
  const dir = join(root, "store");
  const store = await createLowdbStore({ dir, shards: 4 });
  for (const k of ["a", "b", "c", "d", "e", "f"]) {
    await store.update(k, () => ({ next: { v: 1, channel: "web", localeChosen: false, tasks: {}, createdAt: "2026-11-27T00:00:00.000Z", lastSeen: "2026-11-27T00:00:00.000Z", fallbacks: 0, feedback: [] }, result: undefined }));
  }
  await store.close();
  return { dir, file: await damage(dir) };
}

async function snapshot(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const f of await filesUnder(dir)) out.set(f, (await readFile(f)).toString("base64"));
  return out;
}

const GARBAGE = Buffer.from([0x00, 0xff, 0x7b, 0x22, 0x76, 0x22, 0x3a, 0x0a, 0x6e, 0x6f, 0x74, 0x20, 0x6a, 0x73, 0x6f, 0x6e]);

const cases: { name: string; damage: (dir: string) => Promise<string>; reason: RegExp }[] = [
  {
    name: "garbage bytes in a shard file",
    damage: async (dir) => (await writeFile(join(dir, "users-01.json"), GARBAGE), join(dir, "users-01.json")),
    reason: /not valid JSON/,
  },
  {
    name: "a shard file of another shape",
    damage: async (dir) => (await writeFile(join(dir, "users-02.json"), '{"v":2,"users":[]}\n'), join(dir, "users-02.json")),
    reason: /unexpected content/,
  },
  {
    name: "a user with an impossible state",
    damage: async (dir) => (await writeFile(join(dir, "users-00.json"), '{"v":1,"users":{"k":{"channel":5}}}\n'), join(dir, "users-00.json")),
    reason: /unexpected content at users\.k/,
  },
  {
    name: "an unreadable shard file (a folder in its place)",
    damage: async (dir) => {
      const f = join(dir, "users-03.json");
      await rm(f, { force: true });
      await mkdir(f);
      await writeFile(join(f, "keep"), "x");
      return f;
    },
    reason: /EISDIR/,
  },
  {
    name: "garbage in the settings file",
    damage: async (dir) => (await writeFile(join(dir, "settings.json"), GARBAGE), join(dir, "settings.json")),
    reason: /settings\.json is unreadable/,
  },
  {
    name: "a journal with a broken line before the last",
    damage: async (dir) => (await writeFile(join(dir, "journal-000007.jsonl"), 'garbage\n{"k":"a","s":null}\n'), join(dir, "journal-000007.jsonl")),
    reason: /line 1 is not valid JSON/,
  },
];

describe("a corrupt or unreadable store file", () => {
  it.each(cases)("$name: start-up stops with a StoreFileError and the file is untouched", async ({ damage, reason }) => {
    const { dir, file } = await damagedStore(damage);
    const before = await snapshot(dir);
    const err = await createLowdbStore({ dir, shards: 4 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(StoreFileError);
    expect((err as StoreFileError).file).toBe(file);
    expect((err as Error).message).toMatch(reason);
    expect((err as Error).message).toMatch(/left untouched: restore it from a backup, or move it away/);
    const after = await snapshot(dir);
    for (const [f, bytes] of before) expect(after.get(f), f).toBe(bytes);
  });

  it("createApp refuses to start on it", async () => {
    const root = await mkdtemp(join(tmpdir(), "afterleak-corrupt-"));
    dirs.push(root);
    await mkdir(join(root, "store"), { recursive: true });
    await writeFile(join(root, "store", "users-00.json"), GARBAGE);
    await expect(createApp({ DATA_DIR: root, CONTENT_DIR: REAL_PACK_DIR, LOG_LEVEL: "silent" })).rejects.toBeInstanceOf(StoreFileError);
    expect(await readFile(join(root, "store", "users-00.json"))).toEqual(GARBAGE);
  });

  it("`afterleak start` exits non-zero with a message naming the file", async () => {
    const root = await mkdtemp(join(tmpdir(), "afterleak-corrupt-"));
    dirs.push(root);
    const file = join(root, "store", "users-00.json");
    await mkdir(join(root, "store"), { recursive: true });
    await writeFile(file, GARBAGE);
    const r = await runAfterleak(["start"], { cwd: root, env: { DATA_DIR: root, CONTENT_DIR: REAL_PACK_DIR, WEB_PORT: "0" }, timeoutMs: 50_000 });
    expect(r.signal).toBeNull();
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`store file ${file} is unreadable (not valid JSON`);
    expect(r.stderr).toContain("It was left untouched");
    expect(await readFile(file)).toEqual(GARBAGE);
  }, 60_000);
});
