import type { BenchResult } from "./case.js";

/** "1k", "10k", "1m" or plain numbers -> user counts. */
export function parseSizes(s: string): number[] {
  return s
    .split(",")
    .map((x) => x.trim().toLowerCase())
    .filter(Boolean)
    .map((x) => {
      const m = /^(\d+(?:\.\d+)?)([km]?)$/.exec(x);
      if (!m) throw new Error(`bad size '${x}' (use e.g. 1000, 10k, 1m)`);
      return Math.round(Number(m[1]) * (m[2] === "k" ? 1e3 : m[2] === "m" ? 1e6 : 1));
    });
}

/** 1000 -> "1k", 1000000 -> "1M". */
export const formatSize = (n: number) => (n >= 1e6 && n % 1e6 === 0 ? `${n / 1e6}M` : n >= 1e3 && n % 1e3 === 0 ? `${n / 1e3}k` : String(n));

/** A performance target, checked against one result. */
export interface Target {
  name: string;
  store: string;
  size: number;
  checks: { label: string; ok: (r: BenchResult) => boolean }[];
}

/** lowdb at 100k users and Redis at 1M users. */
export const TARGETS: Target[] = [
  {
    name: "lowdb, 100k users",
    store: "lowdb",
    size: 100_000,
    checks: [
      { label: ">= 2,000 msg/s", ok: (r) => r.rate >= 2000 },
      { label: "p99 <= 20 ms at 2,000 msg/s", ok: (r) => r.load.offered >= 2000 && r.load.p99 <= 20 },
      { label: "RSS <= 400 MB at 2,000 msg/s", ok: (r) => r.rssAtLoadMb <= 400 },
      { label: "on disk within 1 s", ok: (r) => !!r.durability && r.durability.samples > 0 && r.durability.max <= 1000 },
    ],
  },
  {
    name: "Redis, 1M users",
    store: "redis",
    size: 1_000_000,
    checks: [
      { label: ">= 3,000 msg/s", ok: (r) => r.rate >= 3000 },
      { label: "p99 <= 10 ms at 3,000 msg/s", ok: (r) => r.load.offered >= 3000 && r.load.p99 <= 10 },
    ],
  },
];

const pad = (s: string, n: number, right = true) => (right ? s.padStart(n) : s.padEnd(n));

/** The results table, one row per store and size, plus the targets that apply. */
export function formatReport(
  results: BenchResult[],
  meta: { seconds: number; concurrency: number; cpus: number; load: [number, number] },
): { text: string; missed: number } {
  const head = ["store", "users", "max msg/s", "CPU/msg", "load msg/s", "p50 ms", "p99 ms", "p99 +queue", "GC max/total", "RSS load/peak", "open", "disk lag p50/p99/max ms", "redis mem", "errors"];
  const rows = results.map((r) => [
    r.store,
    formatSize(r.size),
    r.rate.toLocaleString("en-US"),
    `${r.cpuUsPerMessage} µs`,
    `${r.load.achieved.toLocaleString("en-US")}/${r.load.offered.toLocaleString("en-US")}`,
    r.load.p50.toFixed(2),
    r.load.p99.toFixed(2),
    r.load.totalP99.toFixed(2),
    `${r.load.gcMs.max}/${r.load.gcMs.total} ms`,
    `${r.rssAtLoadMb}/${r.peakRssMb} MB`,
    `${(r.openMs / 1000).toFixed(1)} s`,
    r.durability ? `${r.durability.p50}/${r.durability.p99}/${r.durability.max} (${r.durability.samples})` : r.store === "redis" ? "(Redis AOF)" : "-",
    r.redisMemoryMb === undefined ? "-" : `${r.redisMemoryMb} MB`,
    String(r.errors),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? "").length)));
  const line = (cells: string[]) => cells.map((c, i) => pad(c, widths[i] ?? 0, i > 1)).join("  ");
  const out = [line(head), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)];
  const total = results.reduce((a, r) => a + r.counts.text + r.counts.choice, 0);
  const text = results.reduce((a, r) => a + r.counts.text, 0);
  out.push(
    "",
    `load msg/s: messages arriving at random at the offered rate (open loop), ${meta.seconds} s after warm-up; p50/p99 = engine.handle() call to its result (engine + store); +queue adds the wait in the event loop; GC = pauses then.`,
    `max msg/s: then ${meta.concurrency} sessions back to back (closed loop), ${meta.seconds} s; CPU/msg: this process's CPU time per message then (Redis server not included).`,
    "RSS: peak resident memory of the bot process serving the offered load / over the whole run (full speed and final flush included).",
    `Machine: ${meta.cpus} CPUs, load average ${meta.load[0].toFixed(1)} at start and ${meta.load[1].toFixed(1)} at the end${
      Math.max(...meta.load) > meta.cpus - 0.5 ? " (other processes competed for the CPUs: expect noisy numbers)" : ""
    }.`,
    `Mix: ${Math.round((100 * text) / Math.max(1, total))} % typed questions (Korean and English, some out of scope), the rest button presses (task steps, menus).`,
  );
  let missed = 0;
  for (const t of TARGETS) {
    const r = results.find((x) => x.store === t.store && x.size === t.size);
    if (!r) continue;
    const marks = t.checks.map((c) => {
      const ok = c.ok(r);
      if (!ok) missed++;
      return `${ok ? "ok" : "MISSED"} ${c.label}`;
    });
    out.push(`${t.name}: ${marks.join(", ")}`);
  }
  return { text: `${out.join("\n")}\n`, missed };
}
