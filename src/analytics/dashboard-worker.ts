import { parentPort } from "node:worker_threads";
import type { AnalyticsEvent } from "../store/state.js";
import { computeDashboard, type DashboardFilter } from "./dashboard.js";
import { createRollupHost } from "./rollup-host.js";

/**
 * The worker thread of {@link createDashboardRunner} (dashboard-runner.ts): collects the batches
 * of events it is sent, then computes the dashboard off the main thread; holds the day rollups
 * (rollup-host.ts), builds them from batches and adds them up.
 */
type Message =
  | { kind: "batch"; id: number; events: AnalyticsEvent[] }
  | { kind: "done"; id: number; filter: DashboardFilter; top?: number }
  | { kind: "load"; id: number; day: string; size: number; text: string }
  | { kind: "build"; id: number; day: string; size: number }
  | { kind: "combine"; id: number; days: string[]; filter: DashboardFilter; now: string }
  | { kind: "retain"; id: number; days: string[] };

const pending = new Map<number, AnalyticsEvent[]>();
const host = createRollupHost();
parentPort?.on("message", (m: Message) => {
  if (m.kind === "batch") {
    const list = pending.get(m.id) ?? [];
    for (const e of m.events) list.push(e);
    pending.set(m.id, list);
    return;
  }
  try {
    if (m.kind === "done") {
      const events = pending.get(m.id) ?? [];
      pending.delete(m.id);
      parentPort?.postMessage({ id: m.id, result: computeDashboard(events, m.filter, m.top === undefined ? {} : { top: m.top }) });
    } else if (m.kind === "build") {
      const events = pending.get(m.id) ?? [];
      pending.delete(m.id);
      parentPort?.postMessage({ id: m.id, result: host.build(m.day, m.size, events) });
    } else if (m.kind === "load") parentPort?.postMessage({ id: m.id, result: host.load(m.day, m.size, m.text) });
    else if (m.kind === "combine") parentPort?.postMessage({ id: m.id, result: host.combine(m.days, m.filter, { now: m.now }) ?? null });
    else {
      host.retain(m.days);
      parentPort?.postMessage({ id: m.id, result: true });
    }
  } catch (err) {
    parentPort?.postMessage({ id: m.id, error: String((err as Error)?.message ?? err) });
  }
});
