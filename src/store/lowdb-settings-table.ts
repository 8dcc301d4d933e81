import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { StoreFileError } from "./files.js";
import { openSettingsLog, replaySettingsJournal } from "./lowdb-settings.js";
import type { ClaimEntry, SettingEntry, SettingOptions } from "./store.js";

const metaSchema = z.object({ expires: z.number().optional(), owner: z.string().optional() });
const isTable = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);
/**
 * A table checked entry by entry in place: `z.record` would build a second table as large as the
 * first (at 100k subscribers and a broadcast's records, some 100 MB more while the file is read).
 */
const tableOf = <T>(ok: (v: unknown) => boolean, message: string) =>
  z.custom<Record<string, T>>((x) => {
    if (!isTable(x)) return false;
    for (const k in x) if (!ok(x[k])) return false;
    return true;
  }, message);
const settingsSchema = z.object({
  v: z.literal(1),
  settings: tableOf<string>((v) => typeof v === "string", "a setting is not a string"),
  /** Expiry (epoch ms) and owner (a user key) of the settings that have them. */
  meta: tableOf<z.infer<typeof metaSchema>>((m) => metaSchema.safeParse(m).success, "a setting's expiry or owner is malformed").default({}),
});
type SettingsFile = z.infer<typeof settingsSchema>;

/** Expired settings are dropped from memory (and the next write) at most this often. */
const SWEEP_EVERY_MS = 1000;

/** Reads `settings.json` (settings outside users' states); a missing file is empty. */
async function readSettings(file: string): Promise<SettingsFile> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return { v: 1, settings: {}, meta: {} };
    throw new StoreFileError(file, (err as Error).message);
  }
  try {
    const res = settingsSchema.safeParse(JSON.parse(text));
    if (res.success) return res.data;
    throw new Error(`unexpected content at ${res.error.issues[0]?.path.join(".")}`);
  } catch (err) {
    throw new StoreFileError(file, (err as Error).message);
  }
}

/**
 * lowdb's settings (outside users' states) in memory, with expiry and owners, over their durable
 * side (`settings.json` plus `settings.journal`, see `lowdb-settings.ts`).
 */
export interface SettingsTable {
  /** The live value under `key` (an expired one counts as absent). */
  get(key: string): string | undefined;
  /** Writes (or, with `undefined`, deletes) a setting; dropping expired ones first. Resolves when on disk. */
  set(key: string, value: string | undefined, opts?: SettingOptions): Promise<void>;
  /** Writes only when no live value is under `key` (checked and written in one synchronous step); true when written. */
  claim(key: string, value: string, opts?: SettingOptions): Promise<boolean>;
  /** Writes many settings, one journal append; resolves when on disk. */
  setMany(entries: readonly SettingEntry[]): Promise<void>;
  /** Claims many settings in one synchronous step and one journal append; true where written. */
  claimMany(entries: readonly ClaimEntry[]): Promise<boolean[]>;
  /** Every live setting whose key starts with `prefix`. */
  list(prefix: string): Generator<[string, string]>;
  /** True when `key`'s expiry is at or before `now`. */
  expired(key: string, now: number): boolean;
  /** The user key that owns `key`, if any. */
  ownerOf(key: string): string | undefined;
  /** Deletes the settings `drop` picks (in memory; {@link SettingsTable.save} writes it); true if any. */
  drop(drop: (key: string) => boolean): boolean;
  /** Rewrites settings.json whole and empties the journal (deleted values leave the disk). */
  save(): Promise<void>;
  close(): Promise<void>;
}

/** Reads the settings of the store in `dir`, replays their journal and opens it for appends. */
export async function openSettingsTable(dir: string, o: { fsync: boolean; now: () => number }): Promise<SettingsTable> {
  const { now } = o;
  const settingsFile = join(dir, "settings.json");
  const { settings, meta } = await readSettings(settingsFile);
  // Settings changes are journaled line by line and coalesced (lowdb-settings.ts), not rewritten whole each time.
  const settingsJournal = join(dir, "settings.journal");
  const replayedSettings = await replaySettingsJournal(settingsJournal, settings, meta);
  const settingsLog = await openSettingsLog({ snapshotFile: settingsFile, journalFile: settingsJournal, settings, meta, fsync: o.fsync });
  if (replayedSettings) await settingsLog.compact();
  const expired = (key: string, now: number) => (meta[key]?.expires ?? Infinity) <= now;
  const dropSettings = (drop: (key: string) => boolean) => {
    const gone = Object.keys(settings).filter(drop);
    for (const k of gone) {
      delete settings[k];
      delete meta[k];
    }
    return gone.length > 0;
  };
  // Expired settings read as absent at once; dropping them from memory and disk is housekeeping,
  // done at most once a second and only once one may have expired: a scan of every key on each
  // write made a broadcast (100k subscribers, a lease and a record each) quadratic.
  let sweepAt = 0;
  let earliest = 0;
  const sweep = (t: number) => {
    if (t < sweepAt || t < earliest) return;
    sweepAt = t + SWEEP_EVERY_MS;
    dropSettings((k) => expired(k, t));
    earliest = Infinity;
    for (const m of Object.values(meta)) if (m.expires !== undefined && m.expires < earliest) earliest = m.expires;
  };
  /** Writes one setting in memory (no disk yet). */
  const put = (key: string, value: string | undefined, opts: SettingOptions, t: number) => {
    if (opts.ttlMs !== undefined && value !== undefined) earliest = Math.min(earliest, t + opts.ttlMs);
    delete settings[key];
    delete meta[key];
    if (value !== undefined) {
      settings[key] = value;
      if (opts.ttlMs !== undefined || opts.owner !== undefined) {
        meta[key] = { ...(opts.ttlMs !== undefined ? { expires: t + opts.ttlMs } : {}), ...(opts.owner !== undefined ? { owner: opts.owner } : {}) };
      }
    }
  };
  const writeSetting = (key: string, value: string | undefined, opts: SettingOptions = {}) => {
    const t = now();
    sweep(t);
    put(key, value, opts, t);
    return settingsLog.save([key]);
  };
  const live = (key: string, t: number) => settings[key] !== undefined && !expired(key, t);
  return {
    get: (key) => (expired(key, now()) ? undefined : settings[key]),
    set: writeSetting,
    async claim(key, value, opts = {}) {
      // Checked and written in one synchronous step: no other call interleaves in this process.
      if (settings[key] !== undefined && !expired(key, now())) return false;
      await writeSetting(key, value, opts);
      return true;
    },
    setMany(entries) {
      const t = now();
      sweep(t);
      for (const e of entries) put(e.key, e.value, e.opts ?? {}, t);
      return settingsLog.save(entries.map((e) => e.key));
    },
    async claimMany(entries) {
      // One synchronous pass (no other call interleaves), then one journal append for all.
      const t = now();
      sweep(t);
      const won = entries.map((e) => {
        if (live(e.key, t)) return false;
        put(e.key, e.value, e.opts ?? {}, t);
        return true;
      });
      await settingsLog.save(entries.filter((_, i) => won[i]).map((e) => e.key));
      return won;
    },
    *list(prefix) {
      const t = now();
      // Keys only, each value read as it is reached: Object.entries would copy every setting's pair at once.
      for (const k of Object.keys(settings)) {
        const v = settings[k];
        if (v !== undefined && k.startsWith(prefix) && !expired(k, t)) yield [k, v] as [string, string];
      }
    },
    expired,
    ownerOf: (key) => meta[key]?.owner,
    drop: dropSettings,
    save: () => settingsLog.compact(),
    close: () => settingsLog.close(),
  };
}
