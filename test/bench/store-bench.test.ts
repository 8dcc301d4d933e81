import { describe, expect, it } from "vitest";
import type { BenchResult } from "../../bench/case.js";
import { benchCommand } from "../../bench/store-bench.js";
import { formatReport, parseSizes } from "../../bench/report.js";
import { captureIo } from "../helpers/cli-io.js";

const run = async (args: string[], env: Record<string, string | undefined> = {}) => {
  const io = captureIo(env);
  const code = await benchCommand(args, io);
  return { code, out: io.out(), err: io.err() };
};

describe("afterleak bench", () => {
  it("runs a small CI-sized benchmark of the real engine on lowdb and on a redis-server it starts", async () => {
    const r = await run(["--stores", "lowdb,redis", "--sizes", "300", "--seconds", "1", "--warmup", "1", "--concurrency", "8", "--rate", "200", "--json"]);
    expect(r.code, r.err).toBe(0);
    const results = JSON.parse(r.out) as BenchResult[];
    expect(results.map((x) => [x.store, x.size])).toEqual([
      ["lowdb", 300],
      ["redis", 300],
    ]);
    for (const x of results) {
      expect(x.errors).toBe(0);
      // Sanity bounds only: this test shares the CPUs with whatever else is running.
      expect(x.rate).toBeGreaterThan(20);
      expect(x.load.achieved).toBeGreaterThan(50);
      expect(x.load.p99).toBeGreaterThan(0);
      expect(x.counts.text).toBeGreaterThan(0);
      expect(x.counts.choice).toBeGreaterThan(x.counts.text);
      expect(x.peakRssMb).toBeGreaterThan(20);
    }
    const lowdb = results[0]!;
    expect(lowdb.durability?.samples).toBeGreaterThan(0);
    expect(lowdb.durability?.p50).toBeLessThan(5000);
    expect(results[1]!.redisMemoryMb).toBeGreaterThan(0);
  }, 60_000);

  it("rejects unknown stores and bad numbers, and skips lowdb above 1M without --lowdb-large", async () => {
    expect((await run(["--stores", "mysql"])).code).toBe(2);
    expect((await run(["--seconds", "abc"])).code).toBe(2);
    expect((await run(["--sizes", "ten"])).code).toBe(2);
    expect((await run([], { REDIS_URL: "http://nope" })).code).toBe(2);
    const skipped = await run(["--stores", "lowdb", "--sizes", "2m"]);
    expect(skipped.code).toBe(0);
    expect(skipped.err).toContain("skipping lowdb at 2M users (needs --lowdb-large");
  });

  it("reads sizes like 1k and 1m", () => {
    expect(parseSizes("1000, 10k,1m,2.5k")).toEqual([1000, 10_000, 1_000_000, 2500]);
  });

  it("checks the issues' targets against the matching rows", () => {
    const row = (over: Partial<BenchResult>): BenchResult => ({
      store: "redis",
      size: 1_000_000,
      messages: 1,
      rate: 4000,
      cpuUsPerMessage: 100,
      load: { offered: 3000, achieved: 3000, p50: 1, p99: 4, max: 9, totalP99: 5, loopDelayP99: 1, gcMs: { count: 1, total: 1, max: 1 } },
      rssAtLoadMb: 190,
      peakRssMb: 200,
      openMs: 1,
      counts: { text: 1, choice: 2, stale: 0 },
      errors: 0,
      finalFlushMs: 0,
      ...over,
    });
    const meta = { seconds: 1, concurrency: 8, cpus: 2, load: [0.5, 0.7] as [number, number] };
    expect(formatReport([row({})], meta)).toMatchObject({ missed: 0 });
    const slow = formatReport([row({ load: { offered: 3000, achieved: 3000, p50: 1, p99: 14, max: 20, totalP99: 20, loopDelayP99: 1, gcMs: { count: 1, total: 1, max: 1 } } })], meta);
    expect(slow.missed).toBe(1);
    expect(slow.text).toContain("MISSED p99 <= 10 ms at 3,000 msg/s");
    expect(formatReport([row({ store: "lowdb", size: 100_000, rate: 2500, load: { offered: 2000, achieved: 2000, p50: 0.1, p99: 1, max: 3, totalP99: 9, loopDelayP99: 1, gcMs: { count: 1, total: 1, max: 1 } } })], meta).missed).toBe(1);
  });
});
