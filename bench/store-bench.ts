import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { BenchCase, BenchResult } from "./case.js";
import type { RedisAdmin } from "./redis-admin.js";
import { startRedisServer, type RedisServer } from "../test/fakes/redis-server.js";
import { formatReport, formatSize, parseSizes } from "./report.js";
import { benchMatcher, formatMatcherRow } from "./matcher.js";
import { benchScam, formatScamRow } from "./scam.js";
import { loadPack } from "../src/content/loader.js";
import { z } from "zod";
import { defaultContentDir, packDirs } from "../src/content/pack-dirs.js";
import { childExecArgv, siblingScript } from "../src/runtime.js";
import type { CliIo } from "../src/cli/io.js";

const STORES = ["lowdb", "redis", "memory"] as const;

/** The bench's own environment (not the product's config): the pack and an optional Redis to measure. */
const benchEnvSchema = z.object({
  CONTENT_DIR: z.string().min(1).optional(),
  /** An existing Redis to measure (keys under `afterleak:bench:`), instead of starting a redis-server. */
  REDIS_URL: z.string().regex(/^rediss?:\/\//, "expected redis://host:port").optional(),
});
type StoreName = (typeof STORES)[number];

/** Sizes per store when `--sizes` is not given. */
const DEFAULT_SIZES: Record<StoreName, number[]> = {
  lowdb: [1_000, 10_000, 100_000, 1_000_000],
  redis: [10_000, 100_000, 1_000_000],
  memory: [10_000],
};
/** Offered load of the latency phase per store when `--rate` is not given: the targets. */
const DEFAULT_RATE: Record<StoreName, number> = { lowdb: 2000, redis: 3000, memory: 2000 };
/** lowdb above this size needs `--lowdb-large`: it holds every user in memory (about 2.6 GB at 1M). */
const LOWDB_LIMIT = 1_000_000;

const USAGE = `usage: npm run bench:store -- [--stores lowdb,redis] [--sizes 1k,10k,100k] [--seconds 10] [--warmup 3]
                       [--concurrency 64] [--rate N] [--lowdb-large] [--profile DIR] [--json] [--check] [--matcher-only]

Drives the real engine and content pack with synthetic users against each store (lowdb, redis,
memory) and size: first messages arriving at random at --rate per second (default: lowdb 2000,
Redis 3000, the targets) for latency and memory, then --concurrency sessions back to back
for the most messages per second.
Defaults: lowdb at 1k/10k/100k/1M stored users, Redis at 10k/100k/1M (lowdb above 1M only with
--lowdb-large).
Redis: REDIS_URL if set (keys under afterleak:bench: are removed afterwards), else a redis-server
started per run on a free loopback port (append-only file, fsync every second).
--profile DIR  write a V8 CPU profile of each run (open in Chrome DevTools)
--check        exit 1 when a target is missed
--matcher-only only the matcher and scam-check rows: training time and classify p50/p99 for a 2,000-character
                 message; scam check p50/p99 (wall and CPU) for a 2,000-character message with several links
`;

const CHILD = siblingScript(import.meta.url, "./child");

function runChild(mode: "populate" | "run", c: BenchCase, io: CliIo, nodeArgs: string[]): Promise<BenchResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, ...childExecArgv(import.meta.url), CHILD, mode, JSON.stringify(c)], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err = (err + d.toString()).slice(-8000)));
    child.once("error", reject);
    child.once("exit", (code, signal) => {
      const line = out.split("\n").find((l) => l.startsWith("BENCH_RESULT "));
      if (code === 0 && line) return resolve(JSON.parse(line.slice("BENCH_RESULT ".length)) as BenchResult);
      io.stderr.write(err);
      reject(new Error(`bench ${mode} ${c.store} ${formatSize(c.size)} failed (${signal ?? `exit ${code}`})`));
    });
  });
}

const PREFIX = "afterleak:bench:";

/**
 * Fills the store of one case and measures it, each in a child process. Redis: a fresh
 * redis-server per case unless `redisUrl` names one (then only keys under `afterleak:bench:` are
 * touched, and removed afterwards).
 */
async function runOne(c: BenchCase, io: CliIo, opts: { redisUrl?: string; nodeArgs: string[] }): Promise<BenchResult> {
  let own: RedisServer | undefined;
  let admin: RedisAdmin | undefined;
  try {
    if (c.store === "lowdb") c.dir = await mkdtemp(join(tmpdir(), "afterleak-bench-"));
    if (c.store === "redis") {
      own = opts.redisUrl ? undefined : await startRedisServer({ appendOnly: true });
      c.redisUrl = own?.url ?? opts.redisUrl;
      c.redisPrefix = PREFIX;
      admin = await (await import("./redis-admin.js")).openRedisAdmin(c.redisUrl ?? "");
      if (!own) await admin.clear(PREFIX);
    }
    const f0 = performance.now();
    await runChild("populate", c, io, []);
    // Start like a server that has run for a while: its append-only file compacted, no rewrite due mid-run.
    if (own) await admin?.rewriteAof();
    io.stderr.write(`${((performance.now() - f0) / 1000).toFixed(1)} s; running… `);
    const r = await runChild("run", c, io, opts.nodeArgs);
    if (admin) r.redisMemoryMb = Math.round((await admin.usedMemory()) / 2 ** 20);
    return r;
  } finally {
    if (admin && !own) await admin.clear(PREFIX);
    await admin?.close();
    await own?.stop();
    if (c.dir) await rm(c.dir, { recursive: true, force: true });
  }
}

/** The store benchmark (`npm run bench`): throughput, latency and memory of engine + store at several store sizes. */
export async function benchCommand(args: string[], io: CliIo): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        stores: { type: "string" },
        sizes: { type: "string" },
        seconds: { type: "string", default: "10" },
        warmup: { type: "string", default: "3" },
        concurrency: { type: "string", default: "64" },
        rate: { type: "string" },
        "lowdb-large": { type: "boolean", default: false },
        profile: { type: "string" },
        json: { type: "boolean", default: false },
        check: { type: "boolean", default: false },
        "matcher-only": { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    }));
  } catch (err) {
    io.stderr.write(`${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  const stores = (values.stores ?? "lowdb,redis").split(",").map((s) => s.trim());
  const unknown = stores.filter((s) => !(STORES as readonly string[]).includes(s));
  const numbers = [values.seconds, values.warmup, values.concurrency, values.rate ?? "1"].map(Number);
  if (unknown.length || numbers.some((n) => !Number.isFinite(n) || n < 0)) {
    io.stderr.write(`${unknown.length ? `unknown store ${unknown.join(", ")}` : "--seconds, --warmup, --concurrency and --rate take numbers"}\n\n${USAGE}`);
    return 2;
  }
  const [seconds, warmup, concurrency] = numbers as [number, number, number];
  let sizes: number[] | undefined;
  try {
    sizes = values.sizes ? parseSizes(values.sizes) : undefined;
  } catch (err) {
    io.stderr.write(`${(err as Error).message}\n`);
    return 2;
  }

  const env = benchEnvSchema.safeParse(io.env);
  if (!env.success) {
    const issue = env.error.issues[0];
    io.stderr.write(`${String(issue?.path[0])}: ${issue?.message}\n`);
    return 2;
  }
  const packSpec = env.data.CONTENT_DIR ?? defaultContentDir();
  const packDir = packDirs(packSpec)[0] ?? packSpec;
  const redisUrl = env.data.REDIS_URL;
  const nodeArgs = values.profile ? ["--cpu-prof", "--cpu-prof-dir", values.profile] : [];
  const plan: { store: StoreName; size: number }[] = [];
  for (const store of stores as StoreName[]) {
    for (const size of sizes ?? DEFAULT_SIZES[store]) {
      if (store === "lowdb" && size > LOWDB_LIMIT && !values["lowdb-large"]) {
        io.stderr.write(`skipping lowdb at ${formatSize(size)} users (needs --lowdb-large: several GB of memory and minutes to load)\n`);
        continue;
      }
      plan.push({ store, size });
    }
  }

  const matcher = benchMatcher(await loadPack(packDir));
  io.stderr.write(formatMatcherRow(matcher));
  const scam = benchScam(await loadPack(packDir));
  io.stderr.write(formatScamRow(scam));
  if (values["matcher-only"]) {
    io.stdout.write(values.json ? `${JSON.stringify({ matcher, scam }, null, 2)}\n` : formatMatcherRow(matcher) + formatScamRow(scam));
    return 0;
  }
  const results: BenchResult[] = [];
  const loadAtStart = loadavg()[0] ?? 0;
  for (const [i, p] of plan.entries()) {
    const rate = values.rate ? Number(values.rate) : DEFAULT_RATE[p.store];
    const c: BenchCase = { ...p, seconds, warmup, concurrency, rate, packDir, secret: "afterleak-bench-secret-0123456789abcdef", seed: i + 1 };
    io.stderr.write(`${p.store} ${formatSize(p.size)}: filling… `);
    try {
      const r = await runOne(c, io, { redisUrl, nodeArgs });
      results.push(r);
      io.stderr.write(`${r.rate.toLocaleString("en-US")} msg/s max; at ${r.load.offered} msg/s p99 ${r.load.p99} ms\n`);
    } catch (err) {
      io.stderr.write(`\nbench: ${(err as Error).message}\n`);
      return 1;
    }
  }
  const report = formatReport(results, { seconds, concurrency, cpus: cpus().length, load: [loadAtStart, loadavg()[0] ?? 0] });
  io.stdout.write(values.json ? `${JSON.stringify(results, null, 2)}\n` : `${formatMatcherRow(matcher)}${formatScamRow(scam)}\n${report.text}`);
  return values.check && report.missed > 0 ? 1 : 0;
}
