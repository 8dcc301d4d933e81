import { readdirSync, statSync } from "node:fs";
import { open, stat } from "node:fs/promises";
import { join } from "node:path";
import { JOURNAL_FILE, listJournals } from "../src/store/lowdb-journal.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round1 = (x: number) => Math.round(x * 10) / 10;
const at = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

/**
 * Watches the disk: takes one acknowledged message at a time and reads the store's journal as it
 * grows until a line for that user is there whose state is at least as new as the message
 * (lastSeen >= the moment it was handed to the engine). Only bytes appended after the
 * acknowledgement are read.
 */
export function createDurabilityProbe(dir: string) {
  const lags: number[] = [];
  let want = true;
  let running = true;
  let current: Promise<void> = Promise.resolve();
  const onDisk = (chunk: string, needle: string, since: string) => {
    for (let at = chunk.indexOf(needle); at >= 0; at = chunk.indexOf(needle, at + 1)) {
      const eol = chunk.indexOf("\n", at);
      const ls = chunk.indexOf('"lastSeen":"', at);
      if (ls >= 0 && (eol < 0 || ls < eol) && chunk.slice(ls + 12, ls + 36) >= since) return true;
    }
    return false;
  };
  /** Journal sizes now; called in the same tick as the acknowledgement, so the store cannot have flushed in between. */
  const sizesNow = () =>
    new Map(
      readdirSync(dir)
        .filter((f) => JOURNAL_FILE.test(f))
        .map((f) => [join(dir, f), statSync(join(dir, f), { throwIfNoEntry: false })?.size ?? 0] as const),
    );
  const check = async (key: string, since: string, ackAt: number, offsets: Map<string, number>) => {
    const needle = `{"k":${JSON.stringify(key)},"s":`;
    while (performance.now() - ackAt < 10_000) {
      for (const { file } of await listJournals(dir)) {
        const size = (await stat(file).catch(() => undefined))?.size ?? 0;
        const from = offsets.get(file) ?? 0;
        if (size <= from) continue;
        const fh = await open(file, "r");
        const buf = Buffer.alloc(size - from);
        await fh.read(buf, 0, buf.length, from).finally(() => fh.close());
        const chunk = buf.toString("utf8");
        offsets.set(file, from + Buffer.byteLength(chunk.slice(0, chunk.lastIndexOf("\n") + 1)));
        if (onDisk(chunk, needle, since)) {
          lags.push(performance.now() - ackAt);
          return;
        }
      }
      await sleep(5);
    }
    lags.push(Infinity);
  };
  return {
    /** Called for every acknowledged message; starts a check when none is running. */
    acknowledged(key: string, handedAt: string) {
      if (!want || !running) return;
      want = false;
      current = check(key, handedAt, performance.now(), sizesNow()).finally(() => {
        setTimeout(() => (want = true), 100);
      });
    },
    async stop() {
      running = false;
      await current;
      const s = [...lags].sort((a, b) => a - b);
      return { samples: s.length, p50: round1(at(s, 0.5)), p99: round1(at(s, 0.99)), max: round1(s.at(-1) ?? 0) };
    },
  };
}

