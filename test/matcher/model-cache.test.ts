import { cp, mkdtemp, readdir, readFile, rm, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadPack } from "../../src/content/loader.js";
import { matcherBuilds, matcherFromPack, useModelCache } from "../../src/matcher/from-pack.js";
import { fileModelCache, type ModelCacheEvent } from "../../src/store/model-cache-file.js";

const MINI = "test/fixtures/packs/mini";
const LINES = ["was my card leaked", "비밀번호 바꾸는 법", "what is the weather"];

let dir: string;
let events: ModelCacheEvent["kind"][];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "afterleak-model-cache-"));
  events = [];
  useModelCache(fileModelCache(join(dir, "cache"), (e) => events.push(e.kind)));
});
afterEach(async () => {
  useModelCache(undefined);
  await rm(dir, { recursive: true, force: true });
});

/** Builds the default matcher of a freshly loaded pack; returns what it did and its answers. */
const build = async (packDir = MINI) => {
  const before = matcherBuilds();
  const m = matcherFromPack(await loadPack(packDir));
  const after = matcherBuilds();
  return { trained: after.trained - before.trained, loaded: after.loaded - before.loaded, answers: LINES.map((l) => m.classify(l)) };
};
const modelFiles = async () => (await readdir(join(dir, "cache"))).filter((f) => f.endsWith(".model")).map((f) => join(dir, "cache", f));

describe("the matcher's model cache", () => {
  it("trains and writes once, then loads the model without training, with the same answers", async () => {
    const first = await build();
    expect(first).toMatchObject({ trained: 1, loaded: 0 });
    expect(events).toEqual(["saved"]);
    const second = await build();
    expect(second).toMatchObject({ trained: 0, loaded: 1 });
    expect(events).toEqual(["saved", "loaded"]);
    expect(second.answers).toEqual(first.answers);
  });

  it("retrains when a pack's phrases change (another key, another file)", async () => {
    const copy = join(dir, "pack");
    await cp(MINI, copy, { recursive: true });
    await build(copy);
    const faq = join(copy, "faq", "main.yaml");
    await writeFile(faq, (await readFile(faq, "utf8")).replace('"payment info stolen"', '"payment info stolen", "my card details are out"'));
    expect(await build(copy)).toMatchObject({ trained: 1, loaded: 0 });
    expect(await modelFiles()).toHaveLength(2);
    expect(await build(copy)).toMatchObject({ trained: 0, loaded: 1 });
  });

  it("ignores a truncated or corrupted file, retrains and rewrites it", async () => {
    const good = await build();
    const [file] = await modelFiles();
    await truncate(file!, 5000);
    expect(await build()).toMatchObject({ trained: 1, loaded: 0 });
    expect(events).toEqual(["saved", "rejected", "saved"]);

    const bytes = await readFile(file!);
    bytes[bytes.length - 3] = (bytes[bytes.length - 3] as number) ^ 0xff; // same length, checksum no longer matches
    await writeFile(file!, bytes);
    const rebuilt = await build();
    expect(rebuilt).toMatchObject({ trained: 1, loaded: 0 });
    expect(rebuilt.answers).toEqual(good.answers);

    await writeFile(file!, '{"format":"afterleak-matcher-model","v":1}\n');
    expect(await build()).toMatchObject({ trained: 1, loaded: 0 });
    expect(await build()).toMatchObject({ trained: 0, loaded: 1 });
  });
});
