import { createReadStream } from "node:fs";
import { appendFile, mkdir, open, readdir, readFile, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { writeFileAtomic } from "./files.js";
import { analyticsEventSchema, type AnalyticsEvent } from "./state.js";

/** Analytics events in daily JSON Lines files (`YYYY-MM-DD.jsonl`, 0600), appended in batches. */
export interface EventLog {
  append(events: readonly AnalyticsEvent[]): void;
  flush(): Promise<void>;
  read(since?: Date): AsyncIterable<AnalyticsEvent>;
  /** The days on file with their size in bytes (after a flush), oldest first. */
  days(): Promise<{ day: string; size: number }[]>;
  /** Removes every event of one pseudonymous key; true if any was removed. */
  removeKey(key: string): Promise<boolean>;
  /** Deletes days before the cutoff's day. */
  dropBefore(cutoff: Date): Promise<void>;
}

/** Opens (creating) an event log folder. */
export async function createEventLog(dir: string): Promise<EventLog> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  let pending: AnalyticsEvent[] = [];
  let chain: Promise<void> = Promise.resolve();
  const days = async () => (await readdir(dir)).filter((f) => /^\d{4}-\d{2}-\d{2}\.jsonl$/.test(f)).sort();
  // A crash mid-append can leave a line without its newline; end it so the next append starts
  // a line of its own instead of being glued to (and lost with) the broken one.
  for (const f of await days()) {
    const fh = await open(join(dir, f), "r+");
    try {
      const { size } = await fh.stat();
      const last = Buffer.alloc(1);
      if (size > 0 && (await fh.read(last, 0, 1, size - 1)).bytesRead === 1 && last[0] !== 0x0a) await fh.write("\n", size);
    } finally {
      await fh.close();
    }
  }
  const serial = <T>(job: () => Promise<T>): Promise<T> => {
    const p = chain.then(job);
    chain = p.then(
      () => undefined,
      () => undefined,
    );
    return p;
  };
  const parseLine = (line: string): AnalyticsEvent | undefined => {
    if (!line) return undefined;
    try {
      const r = analyticsEventSchema.safeParse(JSON.parse(line));
      return r.success ? r.data : undefined;
    } catch {
      // A line cut short by a crash mid-append: skip it, the rest of the file is intact.
      return undefined;
    }
  };
  // A day file is streamed in chunks and parsed line by line, so a reader of a large day
  // (the console's figures) gives the event loop back between chunks instead of holding it
  // for the whole file.
  async function* streamDay(file: string): AsyncGenerator<AnalyticsEvent> {
    let rest = "";
    for await (const chunk of createReadStream(file, { encoding: "utf8", highWaterMark: 256 * 1024 })) {
      const text = rest + (chunk as string);
      let start = 0;
      for (let end = text.indexOf("\n"); end !== -1; end = text.indexOf("\n", start)) {
        const e = parseLine(text.slice(start, end));
        start = end + 1;
        if (e) yield e;
      }
      rest = text.slice(start);
    }
    const last = parseLine(rest);
    if (last) yield last;
  }

  const flush = () =>
    serial(async () => {
      if (pending.length === 0) return;
      const batch = pending;
      pending = [];
      try {
        await appendDays(batch);
      } catch (err) {
        // Kept for the next flush (the store retries); a line cut short stays skippable on read.
        pending = batch.concat(pending);
        throw err;
      }
    });
  const appendDays = async (batch: AnalyticsEvent[]) => {
    const byDay = new Map<string, string[]>();
    for (const e of batch) {
      const day = e.at.slice(0, 10);
      const lines = byDay.get(day) ?? [];
      lines.push(JSON.stringify(e));
      byDay.set(day, lines);
    }
    for (const [day, lines] of byDay) await appendFile(join(dir, `${day}.jsonl`), `${lines.join("\n")}\n`, { mode: 0o600 });
  };

  return {
    append(events) {
      pending.push(...events);
    },
    flush,
    async *read(since) {
      await flush();
      const from = since?.toISOString() ?? "";
      for (const f of await days()) {
        if (from && f.slice(0, 10) < from.slice(0, 10)) continue;
        for await (const e of streamDay(join(dir, f))) if (e.at >= from) yield e;
      }
    },
    async days() {
      await flush();
      return Promise.all((await days()).map(async (f) => ({ day: f.slice(0, 10), size: (await stat(join(dir, f))).size })));
    },
    removeKey: (key) =>
      serial(async () => {
        const before = pending.length;
        pending = pending.filter((e) => e.key !== key);
        let removed = pending.length !== before;
        for (const f of await days()) {
          const text = await readFile(join(dir, f), "utf8");
          // Lines that do not parse are kept as they are (never destroy what we cannot read),
          // unless they name the key being forgotten.
          const lines = text.split("\n").filter(Boolean);
          const kept = lines.filter((line) => {
            const e = parseLine(line);
            return e ? e.key !== key : !line.includes(key);
          });
          if (kept.length !== lines.length) {
            removed = true;
            await writeFileAtomic(join(dir, f), kept.map((l) => `${l}\n`).join(""));
          }
        }
        return removed;
      }),
    dropBefore: (cutoff) =>
      serial(async () => {
        const day = cutoff.toISOString().slice(0, 10);
        pending = pending.filter((e) => e.at.slice(0, 10) >= day);
        for (const f of await days()) if (f.slice(0, 10) < day) await rm(join(dir, f), { force: true });
      }),
  };
}
