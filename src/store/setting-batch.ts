import type { ClaimEntry, SettingEntry, Store } from "./store.js";

/**
 * Batch access to settings with a fallback: a store's own batch method when it has one (lowdb: one
 * journal append; Redis: one script or pipeline), else the single calls at once.
 */

/** The values of `keys`, in order. */
export function getSettings(store: Store, keys: readonly string[]): Promise<(string | undefined)[]> {
  if (keys.length === 0) return Promise.resolve([]);
  return store.getSettings ? store.getSettings(keys) : Promise.all(keys.map((k) => store.getSetting(k)));
}

/** Writes (or deletes) every entry; resolves when all are durable. */
export async function setSettings(store: Store, entries: readonly SettingEntry[]): Promise<void> {
  if (entries.length === 0) return;
  if (store.setSettings) return store.setSettings(entries);
  await Promise.all(entries.map((e) => store.setSetting(e.key, e.value, e.opts)));
}

/** Claims every entry (each written only when no live value is there); true where this call wrote it. */
export function claimSettings(store: Store, entries: readonly ClaimEntry[]): Promise<boolean[]> {
  if (entries.length === 0) return Promise.resolve([]);
  return store.claimSettings ? store.claimSettings(entries) : Promise.all(entries.map((e) => store.claimSetting(e.key, e.value, e.opts)));
}
