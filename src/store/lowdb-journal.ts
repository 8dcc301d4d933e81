import { open, readdir, readFile, type FileHandle } from "node:fs/promises";
import { join } from "node:path";
import { StoreFileError } from "./files.js";
import { userStateSchema } from "./state.js";

/** Journal files of the lowdb store: `journal-<sequence>.jsonl`, replayed in sequence order. */
export const JOURNAL_FILE = /^journal-(\d+)\.jsonl$/;

/** The name of journal number `seq`. */
export const journalName = (seq: number) => `journal-${String(seq).padStart(6, "0")}.jsonl`;

/**
 * One journal line: a user's whole state as JSON text, or `null` when it was deleted.
 * Built by concatenation because the state is already JSON text in memory.
 */
export const journalLine = (key: string, json: string | undefined) => `{"k":${JSON.stringify(key)},"s":${json ?? "null"}}\n`;

/**
 * An append-only file of user changes. Lines are buffered and appended in one write per
 * {@link Journal.flush}, so a busy store writes a few hundred KB per flush instead of rewriting
 * every shard file.
 */
export interface Journal {
  readonly file: string;
  /** Bytes appended so far (written or buffered). */
  readonly bytes: number;
  append(line: string): void;
  /**
   * Writes buffered lines (and fsyncs when asked); resolves once they are in the file. On a
   * failed write the lines stay buffered (see {@link Journal.drain}); the file may end in a torn
   * line, which replay ignores as the last line.
   */
  flush(): Promise<void>;
  /** Takes the lines not yet written (to move them into a new journal after a failed write). */
  drain(): string[];
  /** Flushes and closes the file. */
  close(): Promise<void>;
}

/** Opens (creating, 0600) a journal for appending. */
export async function openJournal(file: string, fsync: boolean): Promise<Journal> {
  const fh: FileHandle = await open(file, "a", 0o600);
  let pending: string[] = [];
  let bytes = (await fh.stat()).size;
  let chain: Promise<void> = Promise.resolve();
  const flush = () => {
    chain = chain.then(async () => {
      if (pending.length === 0) return;
      const lines = pending;
      pending = [];
      try {
        await fh.write(lines.join(""));
        if (fsync) await fh.datasync();
      } catch (err) {
        pending = lines.concat(pending);
        throw err;
      }
    });
    // A failed flush rejects for its caller only; the next flush tries again.
    const mine = chain;
    chain = chain.catch(() => undefined);
    return mine;
  };
  return {
    file,
    get bytes() {
      return bytes;
    },
    append(line) {
      pending.push(line);
      bytes += line.length;
    },
    flush,
    drain() {
      const lines = pending;
      pending = [];
      return lines;
    },
    async close() {
      await flush();
      await fh.close();
    },
  };
}

/** The journals in `dir`, oldest first, with their sequence numbers. */
export async function listJournals(dir: string): Promise<{ file: string; seq: number }[]> {
  return (await readdir(dir))
    .flatMap((f) => {
      const m = JOURNAL_FILE.exec(f);
      return m ? [{ file: join(dir, f), seq: Number(m[1]) }] : [];
    })
    .sort((a, b) => a.seq - b.seq);
}

/**
 * Replays a journal: calls `apply` with each user's state as validated JSON text (undefined =
 * deleted), in order. A last line cut short by a crash is ignored; anything else unreadable stops
 * start-up with a {@link StoreFileError}, leaving the file untouched.
 */
export async function replayJournal(file: string, apply: (key: string, json: string | undefined) => void): Promise<void> {
  const lines = (await readFile(file, "utf8")).split("\n");
  const torn = lines.at(-1) !== "";
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (!line) continue;
    let entry: { k?: unknown; s?: unknown };
    try {
      entry = JSON.parse(line) as typeof entry;
    } catch (err) {
      if (torn && i === lines.length - 1) return;
      throw new StoreFileError(file, `line ${i + 1} is not valid JSON: ${(err as Error).message}`);
    }
    if (typeof entry.k !== "string") throw new StoreFileError(file, `line ${i + 1} has no user key`);
    if (entry.s === null) {
      apply(entry.k, undefined);
      continue;
    }
    const res = userStateSchema.safeParse(entry.s);
    if (!res.success) throw new StoreFileError(file, `line ${i + 1}: unexpected content at ${res.error.issues[0]?.path.join(".")}`);
    apply(entry.k, JSON.stringify(res.data));
  }
}
