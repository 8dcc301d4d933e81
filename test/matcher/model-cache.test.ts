import { createHash } from "node:crypto";
import { cp, mkdtemp, readdir, readFile, rm, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serialize } from "node:v8";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadPack } from "../../src/content/loader.js";
import { matcherBuilds, matcherFromPack, useModelCache } from "../../src/matcher/from-pack.js";
import { fileModelCache, type ModelCacheEvent } from "../../src/store/model-cache-file.js";

const MINI = "test/fixtures/packs/mini";
const LINES = ["was my card leaked", "비밀번호 바꾸는 법", "what is the weather"];

let dir: string;
let events: ModelCacheEvent["kind"][];
let trainEvents: ModelCacheEvent["kind"][];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "afterleak-model-cache-"));
  events = [];
  trainEvents = [];
  // The model file's events (the training set's .train file has its own test below).
  useModelCache(fileModelCache(join(dir, "cache"), (e) => (e.file.endsWith(".model") ? events.push(e.kind) : trainEvents.push(e.kind))));
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
  return {
    trained: after.trained - before.trained,
    loaded: after.loaded - before.loaded,
    vectorized: after.vectorized - before.vectorized,
    vectorsLoaded: after.vectorsLoaded - before.vectorsLoaded,
    answers: LINES.map((l) => m.classify(l)),
  };
};
const cacheFiles = async (ext: string) => (await readdir(join(dir, "cache"))).filter((f) => f.endsWith(ext)).map((f) => join(dir, "cache", f));
const modelFiles = () => cacheFiles(".model");

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

  it("keeps the vectorized training phrases next to the model: a second build featurizes nothing, same answers", async () => {
    const first = await build();
    expect(first).toMatchObject({ vectorized: 1, vectorsLoaded: 0 });
    const second = await build();
    expect(second).toMatchObject({ trained: 0, loaded: 1, vectorized: 0, vectorsLoaded: 1 });
    expect(trainEvents).toEqual(["saved", "loaded"]);
    expect(second.answers).toEqual(first.answers);
  });

  it("ignores a truncated, corrupted or ill-shaped training-set file and rebuilds it", async () => {
    const good = await build();
    const [file] = await cacheFiles(".train");
    const bytes = await readFile(file!);
    await truncate(file!, Math.floor(bytes.length / 2));
    expect(await build()).toMatchObject({ vectorized: 1, vectorsLoaded: 0, answers: good.answers });

    const flipped = Buffer.from(bytes);
    flipped[flipped.length - 7] = (flipped[flipped.length - 7] as number) ^ 0xff; // same length, checksum no longer matches
    await writeFile(file!, flipped);
    expect(await build()).toMatchObject({ vectorized: 1, vectorsLoaded: 0, answers: good.answers });

    // Right key and checksum, wrong shape (an index outside the feature space): still not trusted.
    const [magic, key] = bytes.subarray(0, 200).toString("latin1").split("\n");
    const payload = serialize({ keys: ["w:card"], idf: new Float64Array(1), x: { off: new Int32Array([0, 1]), idx: new Int32Array([5]), val: new Float64Array(1) }, terms: { off: new Int32Array([0, 0]), idx: new Int32Array(0), val: new Float64Array(0) } });
    await writeFile(file!, Buffer.concat([Buffer.from(`${magic}\n${key}\n${createHash("sha256").update(payload).digest("hex")}\n`), payload]));
    expect(await build()).toMatchObject({ vectorized: 1, vectorsLoaded: 0, answers: good.answers });
    expect(trainEvents).toEqual(["saved", "rejected", "saved", "rejected", "saved", "rejected", "saved"]);
    expect(await build()).toMatchObject({ vectorized: 0, vectorsLoaded: 1, answers: good.answers });
  });
});
