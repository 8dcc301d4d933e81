import { chmod, mkdir, mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp, type UserRef } from "../../src/index.js";
import { filesUnder, REAL_PACK_DIR } from "./process.js";

/**
 * Files of the embedded store are private to the bot's user: folders 0700, files 0600, whatever
 * the umask (tests run with umask 0 so nothing relies on it).
 */

const mode = async (p: string) => (await stat(p)).mode & 0o777;
let oldUmask = 0;
beforeAll(() => {
  oldUmask = process.umask(0);
});
afterAll(() => {
  process.umask(oldUmask);
});

describe("store file permissions", () => {
  it("data folder, store folder and event folder are 0700; secret, shards, journal and event files 0600", async () => {
    const root = await mkdtemp(join(tmpdir(), "afterleak-perm-"));
    const data = join(root, "data");
    try {
      const app = await createApp({ DATA_DIR: data, CONTENT_DIR: REAL_PACK_DIR, LOG_LEVEL: "silent" });
      const user: UserRef = { platform: "telegram", userId: "5", chat: "private" };
      await app.engine.handle({ kind: "start", user });
      await app.engine.handle({ kind: "text", text: "qpwoeirut", user });
      await app.store.flush();
      const running = await filesUnder(data);
      expect(running.some((f) => /journal-\d+\.jsonl$/.test(f) || /users-\d+\.json$/.test(f))).toBe(true);
      for (const f of running) expect([f, await mode(f)]).toEqual([f, 0o600]);
      await app.close();

      expect(await mode(data)).toBe(0o700);
      expect(await mode(join(data, "store"))).toBe(0o700);
      expect(await mode(join(data, "store", "events"))).toBe(0o700);
      const files = await filesUnder(data);
      expect(files.map((f) => f.slice(data.length + 1)).sort()).toEqual(expect.arrayContaining(["secret.key", expect.stringMatching(/^store\/users-\d+\.json$/), expect.stringMatching(/^store\/events\/\d{4}-\d{2}-\d{2}\.jsonl$/)]));
      for (const f of files) expect([f, await mode(f)]).toEqual([f, 0o600]);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it("a store folder created by someone else with 0755 is tightened to 0700", async () => {
    const root = await mkdtemp(join(tmpdir(), "afterleak-perm-"));
    try {
      await mkdir(join(root, "store"), { mode: 0o755 });
      await chmod(join(root, "store"), 0o755);
      const app = await createApp({ DATA_DIR: root, CONTENT_DIR: REAL_PACK_DIR, LOG_LEVEL: "silent" });
      await app.close();
      expect(await mode(join(root, "store"))).toBe(0o700);
      expect(await readdir(join(root, "store"))).toContain("events");
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
