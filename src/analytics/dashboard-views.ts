import { createHash } from "node:crypto";
import type { Store } from "../store/store.js";
import type { Dashboard } from "./dashboard.js";

/** Setting of a view's last figures: `<computed at, epoch ms>:<dashboard JSON>`. */
const VIEW_SETTING = "admin-view:";
/** A view's figures are written at most this often (each recomputation would otherwise write them). */
const SAVE_EVERY_MS = 60_000;
/** Larger figures are not kept (a console view is tens of kilobytes). */
const MAX_BYTES = 2_000_000;

/** The last figures of each console view, kept in the store so the first view after a restart is answered at once. */
export interface PersistedViews {
  load(key: string): Promise<{ value: Dashboard; at: number } | undefined>;
  save(key: string, value: Dashboard, at: number): void;
}

/**
 * Figures older than `maxStaleMs` are never served (the setting also expires then); they hold
 * what the view showed (counts and the redacted unanswered groups the day rollups hold too), never
 * more, and go with the next recomputation after a `forget` as the in-memory ones do.
 */
export function persistedViews(store: Store, o: { maxStaleMs: number; now: () => number }): PersistedViews {
  const name = (key: string) => VIEW_SETTING + createHash("sha256").update(key).digest("hex").slice(0, 24);
  const saved = new Map<string, number>();
  return {
    async load(key) {
      const text = await store.getSetting(name(key)).catch(() => undefined);
      const m = text ? /^(\d+):/.exec(text) : null;
      if (!text || !m || o.now() - Number(m[1]) >= o.maxStaleMs) return undefined;
      try {
        return { value: JSON.parse(text.slice(m[0].length)) as Dashboard, at: Number(m[1]) };
      } catch {
        return undefined;
      }
    },
    save(key, value, at) {
      if (o.now() - (saved.get(key) ?? 0) < SAVE_EVERY_MS) return;
      const json = JSON.stringify(value);
      if (json.length > MAX_BYTES) return;
      saved.set(key, o.now());
      void store.setSetting(name(key), `${at}:${json}`, { ttlMs: o.maxStaleMs }).catch(() => undefined);
    },
  };
}
