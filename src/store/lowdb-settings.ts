import { createReadStream } from "node:fs";
import { open, type FileHandle } from "node:fs/promises";
import { writeFileAtomic } from "./files.js";

/** Expiry (epoch ms) and owner (a user key) of a setting. */
export type SettingMeta = { expires?: number; owner?: string };

/** A journal smaller than this is never compacted (a snapshot of a small file costs more than it saves). */
const MIN_COMPACT_BYTES = 1 << 20;

/**
 * The durable side of lowdb's settings: `settings.json` (a whole snapshot) plus
 * `settings.journal`, one JSON line per changed key `{"k","v"?,"m"?}` (no `v`: deleted).
 *
 * A change resolves once its line is appended (and fsynced with `fsync`): appends survive a
 * kill -9 (the kernel has them) and, with fsync, a power loss. Changes made while one append is
 * in flight are coalesced into the next one, which every waiter awaits, so 10,000 settles cost a
 * few hundred appends instead of 10,000 rewrites of the whole file. When the journal outgrows the
 * snapshot (and 1 MiB), the snapshot is rewritten atomically and the journal truncated;
 * `compact()` does it on demand (forget and purge: deleted values leave the disk at once).
 * Replay on open applies the lines in order over the snapshot; a torn last line is ignored.
 */
export interface SettingsLog {
  /** Marks keys changed (their current value is written); resolves when on disk. */
  save(keys: readonly string[]): Promise<void>;
  /** Rewrites the snapshot and empties the journal. */
  compact(): Promise<void>;
  close(): Promise<void>;
}

/** Replays `settings.journal` over the settings read from the snapshot; true when it held lines. */
export async function replaySettingsJournal(file: string, settings: Record<string, string>, meta: Record<string, SettingMeta>): Promise<boolean> {
  let any = false;
  const apply = (line: string) => {
    if (!line) return;
    let rec: { k?: unknown; v?: unknown; m?: unknown };
    try {
      rec = JSON.parse(line) as typeof rec;
    } catch {
      return; // a line torn by a crash mid-append: its change was never acknowledged
    }
    if (typeof rec.k !== "string") return;
    any = true;
    delete settings[rec.k];
    delete meta[rec.k];
    if (typeof rec.v === "string") {
      settings[rec.k] = rec.v;
      if (rec.m && typeof rec.m === "object") meta[rec.k] = rec.m as SettingMeta;
    }
  };
  // Read in chunks, line by line: a journal as large as the snapshot is never one string.
  let rest = "";
  try {
    for await (const chunk of createReadStream(file, { encoding: "utf8", highWaterMark: 256 * 1024 })) {
      const text = rest + (chunk as string);
      let start = 0;
      for (let end = text.indexOf("\n"); end !== -1; end = text.indexOf("\n", start)) {
        apply(text.slice(start, end));
        start = end + 1;
      }
      rest = text.slice(start);
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw err;
  }
  apply(rest);
  return any;
}

/** Characters per part of a snapshot written to disk. */
const PART_CHARS = 256 * 1024;

/**
 * `{"v":1,"settings":{…},"meta":{…}}` in parts of about {@link PART_CHARS}, one entry per line, so
 * a snapshot of a large table (100k subscribers and a broadcast's records) is never one string in
 * memory. Each value is read when its part is made: a key changed meanwhile is also in the journal
 * that follows the snapshot, whose replay settles it.
 */
function* snapshotParts(settings: Record<string, string>, meta: Record<string, SettingMeta>, bytes: { n: number }): Generator<string> {
  const emit = (s: string) => ((bytes.n += Buffer.byteLength(s)), s);
  for (const [open, table] of [['{"v":1,"settings":{', settings], ['},"meta":{', meta]] as const) {
    let part: string = open;
    let first = true;
    for (const k of Object.keys(table)) {
      const v = table[k];
      if (v === undefined) continue;
      part += `${first ? "\n" : ",\n"}${JSON.stringify(k)}:${JSON.stringify(v)}`;
      first = false;
      if (part.length >= PART_CHARS) {
        yield emit(part);
        part = "";
      }
    }
    if (part) yield emit(part);
  }
  yield emit("}}\n");
}

/** Opens the settings journal over the in-memory `settings` and `meta` (which the store mutates). */
export async function openSettingsLog(o: {
  snapshotFile: string;
  journalFile: string;
  settings: Record<string, string>;
  meta: Record<string, SettingMeta>;
  fsync: boolean;
}): Promise<SettingsLog> {
  const fh: FileHandle = await open(o.journalFile, "a", 0o600);
  let journalBytes = (await fh.stat()).size;
  let snapshotBytes = 0;
  let dirty = new Set<string>();
  let compactWanted = false;
  let running: Promise<void> = Promise.resolve();
  let queued: Promise<void> | undefined;

  const snapshot = async () => {
    const bytes = { n: 0 };
    await writeFileAtomic(o.snapshotFile, snapshotParts(o.settings, o.meta, bytes), { fsync: o.fsync });
    snapshotBytes = bytes.n;
    await fh.truncate(0);
    if (o.fsync) await fh.sync();
    journalBytes = 0;
  };
  /** A failed append may have left a torn line: the next one starts on a fresh line. */
  let torn = false;
  const step = async () => {
    const keys = dirty;
    dirty = new Set();
    try {
      await append(keys);
    } catch (err) {
      // Not on disk: written again with the next change (the memory holds the value).
      for (const k of keys) dirty.add(k);
      torn = true;
      throw err;
    }
  };
  const append = async (keys: Set<string>) => {
    if (keys.size) {
      const lines = (torn ? "\n" : "") + [...keys]
        .map((k) => {
          const v = o.settings[k];
          const m = o.meta[k];
          return `${JSON.stringify(v === undefined ? { k } : m ? { k, v, m } : { k, v })}\n`;
        })
        .join("");
      await fh.write(lines);
      if (o.fsync) await fh.sync();
      torn = false;
      journalBytes += Buffer.byteLength(lines);
    }
    if (compactWanted || (journalBytes > MIN_COMPACT_BYTES && journalBytes > snapshotBytes)) {
      compactWanted = false;
      await snapshot();
    }
  };
  /** The next write: every change made before it starts is in it; one runs at a time. */
  const next = () =>
    (queued ??= running
      .catch(() => undefined)
      .then(() => {
        queued = undefined;
        running = step();
        return running;
      }));
  const log: SettingsLog = {
    save(keys) {
      for (const k of keys) dirty.add(k);
      return next();
    },
    compact() {
      compactWanted = true;
      return next();
    },
    async close() {
      await running.catch(() => undefined);
      await log.compact();
      await fh.close();
    },
  };
  return log;
}
