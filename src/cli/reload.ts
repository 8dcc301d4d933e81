import { parseArgs } from "node:util";
import { ConfigError } from "../app.js";
import { parseConfig } from "../config.js";
import { createReloadBus, type ReloadReport } from "../store/reload-bus.js";
import { listPidFiles, readReloadStatus, removeRunFiles, type ReloadStatus } from "../store/run-files.js";
import type { CliIo } from "./io.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `afterleak reload [--timeout 15]`: makes running instances re-read their content pack. With a
 * Redis store it publishes on `RELOAD_CHANNEL` (every instance subscribes, each reports back);
 * otherwise it sends SIGHUP to each pid in `DATA_DIR/run/`. Either way it waits for every outcome
 * and prints a refused pack's problems. Exit 1 when no instance runs, a pack was refused or an
 * instance did not answer.
 */
export async function reloadCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: { timeout: { type: "string", default: "15" } } });
  const timeoutMs = Math.max(1, Number(values.timeout) || 15) * 1000;
  const { config, problems } = parseConfig(io.env);
  if (!config) throw new ConfigError(problems);
  const url = config.STORE_URL;
  if (url && /^rediss?:/.test(url)) {
    const bus = createReloadBus(url, config.RELOAD_CHANNEL);
    try {
      const reports: ReloadReport[] = [];
      await bus.onReport((r) => reports.push(r));
      const n = await bus.publish();
      if (n === 0) {
        io.stderr.write(`no running afterleak instance is subscribed to ${config.RELOAD_CHANNEL}\n`);
        return 1;
      }
      const deadline = Date.now() + timeoutMs;
      while (reports.length < n && Date.now() < deadline) await sleep(100);
      for (const r of reports) {
        if (r.outcome === "reloaded") io.stdout.write(`${r.instance}: reloaded ${r.pack ?? "?"} (reviewed ${r.reviewed ?? "?"})\n`);
        else io.stderr.write(`${r.instance}: refused, the old pack keeps serving:\n${(r.problems ?? []).join("\n")}\n`);
      }
      const missing = n - reports.length;
      if (missing > 0) io.stderr.write(`${missing} instance(s) did not answer within ${timeoutMs / 1000}s\n`);
      return missing > 0 || reports.some((r) => r.outcome !== "reloaded") ? 1 : 0;
    } finally {
      await bus.close();
    }
  }
  const sent: number[] = [];
  const since = new Date().toISOString();
  for (const pid of await listPidFiles(config.DATA_DIR)) {
    try {
      process.kill(pid, "SIGHUP");
      sent.push(pid);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ESRCH") throw err;
      // The instance died without removing its pid file.
      await removeRunFiles(config.DATA_DIR, pid);
    }
  }
  if (sent.length === 0) {
    io.stderr.write(`no running afterleak instance found (no live pid file in ${config.DATA_DIR}/run)\n`);
    return 1;
  }
  const outcomes = new Map<number, ReloadStatus>();
  const deadline = Date.now() + timeoutMs;
  while (outcomes.size < sent.length && Date.now() < deadline) {
    for (const pid of sent) {
      if (outcomes.has(pid)) continue;
      const s = await readReloadStatus(config.DATA_DIR, pid);
      if (s && s.at >= since) outcomes.set(pid, s);
    }
    if (outcomes.size < sent.length) await sleep(100);
  }
  let failed = 0;
  for (const pid of sent) {
    const s = outcomes.get(pid);
    if (!s) {
      failed++;
      io.stderr.write(`pid ${pid}: no answer within ${timeoutMs / 1000}s\n`);
    } else if (s.outcome === "reloaded") {
      io.stdout.write(`pid ${pid}: reloaded ${s.pack ?? "?"} (reviewed ${s.reviewed ?? "?"})\n`);
    } else {
      failed++;
      io.stderr.write(`pid ${pid}: refused, the old pack keeps serving:\n${(s.problems ?? []).join("\n")}\n`);
    }
  }
  return failed ? 1 : 0;
}
