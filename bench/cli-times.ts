/**
 * Whole-process start-up rows (issue 20): medians of 5 runs of `afterleak help`, `afterleak
 * classify` of one line, and `afterleak start` to the first answered web chat message with an
 * empty lowdb store and with 100k users, each printed with the machine's load. Runs the compiled
 * `dist/` (built first) the way `bin/afterleak.mjs` does for a user.
 *
 *   node --import tsx bench/cli-times.ts [--runs 5] [--rows help,classify,start-empty,start-100k] [--json] [--cpu-prof DIR]
 *
 * --cpu-prof DIR: each `start` child writes a V8 CPU profile there (open in Chrome DevTools), from
 * its spawn to its stop after the first answer.
 */
import { spawn, spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import WebSocket from "ws";
import { loadPack } from "../src/content/loader.js";
import { defaultContentDir } from "../src/content/pack-dirs.js";
import { userKey } from "../src/privacy/keys.js";
import { importLowdbUsers } from "../src/store/lowdb-import.js";
import type { UserState } from "../src/store/state.js";
import { benchUser, syntheticState } from "./workload.js";

const BIN = join(import.meta.dirname, "../bin/afterleak.mjs");
const SECRET = "afterleak-bench-secret-0123456789abcdef";
const TARGETS: Record<string, number> = { help: 0.3, classify: 0.8, "start-empty": 1.5, "start-100k": 3 };

const { values } = parseArgs({ options: { runs: { type: "string", default: "5" }, rows: { type: "string", default: "help,classify,start-empty,start-100k" }, json: { type: "boolean", default: false }, "cpu-prof": { type: "string" } } });
const runs = Number(values.runs);
const load = () => loadavg().map((l) => l.toFixed(2)).join(" ");
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

/** Wall seconds of one `afterleak` run to exit. */
function once(args: string[], env: Record<string, string>, input = ""): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [BIN, ...args], { input, env: { ...process.env, ...env }, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`afterleak ${args.join(" ")} failed: ${r.stderr}`);
  return (performance.now() - t0) / 1000;
}

/** Wall seconds from spawning `afterleak start` to the first reply to a web chat message. */
async function startToAnswer(env: Record<string, string>, port: number): Promise<number> {
  const t0 = performance.now();
  const prof = values["cpu-prof"] ? ["--cpu-prof", "--cpu-prof-dir", values["cpu-prof"]] : [];
  const child = spawn(process.execPath, [...prof, BIN, "start"], { env: { ...process.env, ...env, WEB_PORT: String(port) }, stdio: ["ignore", "ignore", "pipe"] });
  let err = "";
  child.stderr.on("data", (d: Buffer) => (err = (err + String(d)).slice(-4000)));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`start exited: ${err}`);
      if (performance.now() - t0 > 60_000) throw new Error(`no answer within 60 s: ${err}`);
      const answered = await new Promise<boolean>((resolve) => {
        const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`);
        ws.once("error", () => resolve(false));
        ws.once("open", () => ws.send(JSON.stringify({ type: "message", user: randomUUID(), text: "was my card number leaked?" })));
        ws.on("message", (d) => {
          if ((JSON.parse(String(d)) as { type?: string }).type === "message") {
            ws.close();
            resolve(true);
          }
        });
      });
      if (answered) return (performance.now() - t0) / 1000;
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    child.kill("SIGTERM");
    if (child.exitCode === null) await new Promise((r) => child.once("exit", r));
  }
}

const build = spawnSync(process.execPath, [join(import.meta.dirname, "../scripts/build.mjs")], { stdio: "inherit" });
if (build.status !== 0) process.exit(1);
const work = await mkdtemp(join(tmpdir(), "afterleak-cli-times-"));
const base = { DATA_DIR: join(work, "data"), AFTERLEAK_SECRET: SECRET, LOG_LEVEL: "warn", CONTENT_DIR: process.env.CONTENT_DIR ?? defaultContentDir() };
const rows: { row: string; medianS: number; runsS: number[]; targetS: number; load: string }[] = [];
try {
  // A deployment that ran check-content --write-cache (or started once): the matcher model is cached.
  once(["check-content", "--write-cache"], base);
  for (const row of values.rows.split(",")) {
    const times: number[] = [];
    let env: Record<string, string> = base;
    if (row.startsWith("start-")) {
      const size = row === "start-100k" ? 100_000 : 0;
      const dir = join(work, `store-${size}`);
      const pack = await loadPack(base.CONTENT_DIR.split(",")[0] as string);
      const now = Date.now();
      function* users(): Generator<[string, UserState]> {
        for (let i = 0; i < size; i++) yield [userKey(benchUser(i), SECRET), syntheticState(pack, i, now)];
      }
      await importLowdbUsers(dir, users());
      env = { ...base, STORE_URL: `lowdb:${dir}` };
    }
    for (let i = 0; i < runs; i++) {
      if (row === "help") times.push(once(["help"], env));
      else if (row === "classify") times.push(once(["classify"], env, '{"text":"was my card number leaked?"}\n'));
      else times.push(await startToAnswer(env, 39_000 + Math.floor(Math.random() * 1000)));
    }
    const r = { row, medianS: Number(median(times).toFixed(3)), runsS: times.map((t) => Number(t.toFixed(3))), targetS: TARGETS[row] ?? NaN, load: load() };
    rows.push(r);
    if (!values.json) console.log(`${row.padEnd(12)} median ${r.medianS.toFixed(2)} s (target <= ${r.targetS} s) ${r.medianS <= r.targetS ? "ok" : "MISSED"}; runs ${r.runsS.join(", ")}; load ${r.load}`);
  }
} finally {
  await rm(work, { recursive: true, force: true });
}
if (values.json) console.log(JSON.stringify(rows, null, 2));
