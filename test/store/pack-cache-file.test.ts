import { cp, mkdtemp, readdir, readFile, rm, writeFile, appendFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { loadPack } from "../../src/content/loader.js";
import { defaultContentDir } from "../../src/content/pack-dirs.js";
import { loadPackCached, type PackCacheEvent } from "../../src/store/pack-cache-file.js";

describe("validated pack cache", async () => {
  const work = await mkdtemp(join(tmpdir(), "pack-cache-"));
  afterAll(() => rm(work, { recursive: true, force: true }));
  const dir = join(work, "pack");
  await cp(defaultContentDir(), dir, { recursive: true });
  const cache = join(work, "cache");
  let validations = 0;
  const validate = (d: string) => (validations++, loadPack(d));
  const load = async () => {
    const events: PackCacheEvent["kind"][] = [];
    const pack = await loadPackCached(dir, cache, validate, (e) => events.push(e.kind));
    return { pack, events };
  };

  it("validates and writes on a miss, then loads the same pack without validating", async () => {
    const first = await load();
    expect(first.events).toEqual(["saved"]);
    const second = await load();
    expect(second.events).toEqual(["loaded"]);
    expect(validations).toBe(1);
    expect(isDeepStrictEqual(second.pack, first.pack)).toBe(true);
  });

  it("misses when a pack file changes", async () => {
    await appendFile(join(dir, "pack.yaml"), "\n# changed\n");
    expect((await load()).events).toEqual(["saved"]);
    expect(validations).toBe(2);
  });

  it("rejects a corrupt file and rebuilds it", async () => {
    for (const f of (await readdir(cache)).filter((n) => n.endsWith(".pack"))) {
      const buf = await readFile(join(cache, f));
      buf[buf.length - 10] = (buf[buf.length - 10] ?? 0) ^ 0xff;
      await writeFile(join(cache, f), buf);
    }
    const r = await load();
    expect(r.events).toEqual(["rejected", "saved"]);
    expect(validations).toBe(3);
    expect((await load()).events).toEqual(["loaded"]);
  });
});
