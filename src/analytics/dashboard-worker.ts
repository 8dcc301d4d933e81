import { parentPort } from "node:worker_threads";
import type { AnalyticsEvent } from "../store/state.js";
import { computeDashboard, type DashboardFilter } from "./dashboard.js";

/**
 * The worker thread of {@link createDashboardRunner} (dashboard-runner.ts): collects the batches
 * of events it is sent, then computes the dashboard off the main thread.
 */
type Message = { kind: "batch"; id: number; events: AnalyticsEvent[] } | { kind: "done"; id: number; filter: DashboardFilter; top?: number };

const pending = new Map<number, AnalyticsEvent[]>();
parentPort?.on("message", (m: Message) => {
  if (m.kind === "batch") {
    const list = pending.get(m.id) ?? [];
    for (const e of m.events) list.push(e);
    pending.set(m.id, list);
    return;
  }
  const events = pending.get(m.id) ?? [];
  pending.delete(m.id);
  try {
    parentPort?.postMessage({ id: m.id, dashboard: computeDashboard(events, m.filter, m.top === undefined ? {} : { top: m.top }) });
  } catch (err) {
    parentPort?.postMessage({ id: m.id, error: String((err as Error)?.message ?? err) });
  }
});
