import type { AnalyticsEvent } from "../store/state.js";
import type { Dashboard, DashboardFilter } from "./dashboard.js";
import { combineDays, rollupDay, rollupFromString, rollupToString, type DayRollup } from "./rollup-days.js";

/**
 * Where the day rollups live and are added up: inside the dashboard worker thread, or inline
 * (tests, `worker: false`). Holds one rollup per day (the newest size given).
 */
export interface RollupHost {
  /** Takes a persisted rollup (see rollupToString); false if it does not parse. */
  load(day: string, size: number, text: string): boolean;
  /** Sums a day's events; returns the rollup as text (for the store). */
  build(day: string, size: number, events: readonly AnalyticsEvent[]): string;
  /** The dashboard of `days` (oldest first, all held) for `filter`, or undefined when the rollups cannot give it exactly. */
  combine(days: readonly string[], filter: DashboardFilter, opts: { top?: number; now?: string }): Dashboard | undefined;
  /** Forgets the rollups of days not in `keep`. */
  retain(keep: readonly string[]): void;
}

/** Creates a {@link RollupHost}. */
export function createRollupHost(): RollupHost {
  const held = new Map<string, DayRollup>();
  return {
    load(day, size, text) {
      try {
        const r = rollupFromString(text);
        if (r.day !== day) return false;
        held.set(day, { ...r, size });
        return true;
      } catch {
        return false;
      }
    },
    build(day, size, events) {
      const r = rollupDay(day, size, events);
      held.set(day, r);
      return rollupToString(r);
    },
    combine(days, filter, opts) {
      const list = days.map((d) => held.get(d));
      if (list.some((r) => !r)) return undefined;
      return combineDays(list as DayRollup[], filter, opts);
    },
    retain(keep) {
      const k = new Set(keep);
      for (const d of held.keys()) if (!k.has(d)) held.delete(d);
    },
  };
}
