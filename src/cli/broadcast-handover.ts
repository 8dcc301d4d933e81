import { randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { writeFileAtomic } from "../store/files.js";
import type { BroadcastFile } from "../broadcast/file.js";
import type { BroadcastProgress, BroadcastReport } from "../broadcast/run.js";

/**
 * Handing a broadcast to the running instance that owns a lowdb data folder, so the store is
 * never opened twice: `afterleak broadcast` writes `DATA_DIR/run/broadcast-<id>.request.json`,
 * the instance takes it (renames it to `.taken.json`), writes `.progress.json` as it goes and
 * `.report.json` at the end, which the command waits for. The files hold the update and counts,
 * no user data; the command deletes them when it has the report.
 */

/** What the command asks the instance to do. */
export interface BroadcastRequest {
  file: BroadcastFile;
  pack?: string;
  channel?: string;
  /** Count recipients and render samples instead of sending. */
  dryRun?: boolean;
}

/** What the instance answers: a report, a dry run's counts, or why it could not. */
export interface BroadcastAnswer {
  report?: BroadcastReport;
  dryRun?: DryRun;
  error?: string;
}

/** Recipients per channel and locale, and one sample message per channel. */
export interface DryRun {
  recipients: Record<string, Record<string, number>>;
  samples: Record<string, { locale: string; text: string }>;
  /** Channels with subscribers that have no running channel able to push here. */
  unreachable: string[];
}

const runDir = (dataDir: string) => join(dataDir, "run");
const name = (id: string, kind: "request" | "taken" | "progress" | "report") => `broadcast-${id}.${kind}.json`;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const readJson = async <T>(path: string): Promise<T | undefined> => {
  try {
    return JSON.parse(await readFile(path, "utf8")) as T;
  } catch {
    return undefined; // not there yet, or being replaced right now
  }
};

/** Writes a request for the running instance; returns its id. */
export async function requestBroadcast(dataDir: string, req: BroadcastRequest): Promise<string> {
  await mkdir(runDir(dataDir), { recursive: true, mode: 0o700 });
  const id = `${Date.now()}-${randomBytes(4).toString("hex")}`;
  await writeFileAtomic(join(runDir(dataDir), name(id, "request")), JSON.stringify(req));
  return id;
}

/** How long the command waits for an instance to take its request (it looks every 500 ms) before withdrawing it. */
export const HANDOVER_TAKE_MS = 15_000;

/**
 * Waits for the instance's answer, calling `onProgress` with its progress. Gives up (undefined)
 * when `alive()` turns false (the instance died; the outbox lets the next run resume). A request
 * nobody takes within `takeMs` (a stale pid file whose pid now belongs to another program, an
 * instance too old to watch `run/`) is withdrawn and answered with an error, so nothing is sent
 * behind the command's back later.
 */
export async function awaitBroadcast(
  dataDir: string,
  id: string,
  o: { alive(): boolean; onProgress?(p: BroadcastProgress): void; pollMs?: number; takeMs?: number },
): Promise<BroadcastAnswer | undefined> {
  const dir = runDir(dataDir);
  const takeBy = Date.now() + (o.takeMs ?? HANDOVER_TAKE_MS);
  let taken = false;
  let last = "";
  for (;;) {
    if (!taken && Date.now() > takeBy) {
      try {
        // The rename is the withdrawal: it fails only if the instance took the request just now.
        await rename(join(dir, name(id, "request")), join(dir, `broadcast-${id}.withdrawn.json`));
        await rm(join(dir, `broadcast-${id}.withdrawn.json`), { force: true });
        return { error: `no running instance took the broadcast within ${Math.round((o.takeMs ?? HANDOVER_TAKE_MS) / 1000)} s (a stale pid file in ${dir}?); nothing was sent` };
      } catch {
        taken = true;
      }
    }
    const answer = await readJson<BroadcastAnswer>(join(dir, name(id, "report")));
    if (answer) {
      for (const k of ["request", "taken", "progress", "report"] as const) await rm(join(dir, name(id, k)), { force: true });
      return answer;
    }
    if (!taken) taken = !(await readFile(join(dir, name(id, "request"))).then(() => true, () => false));
    const p = await readJson<BroadcastProgress>(join(dir, name(id, "progress")));
    if (p && JSON.stringify(p) !== last) {
      last = JSON.stringify(p);
      o.onProgress?.(p);
    }
    if (!o.alive()) return undefined;
    await sleep(o.pollMs ?? 200);
  }
}

/**
 * In the running instance: takes each request that appears in `DATA_DIR/run/`, one at a time,
 * and answers it. `stop` waits for the one in progress.
 */
export function watchBroadcastRequests(
  dataDir: string,
  handle: (req: BroadcastRequest, progress: (p: BroadcastProgress) => void) => Promise<BroadcastAnswer>,
  o: { pollMs?: number; onError?(err: unknown): void } = {},
): { stop(): Promise<void> } {
  const dir = runDir(dataDir);
  let stopped = false;
  let current: Promise<void> = Promise.resolve();
  const scan = async () => {
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      return;
    }
    for (const n of names.sort()) {
      const m = /^broadcast-(.+)\.request\.json$/.exec(n);
      if (!m || stopped) continue;
      const id = m[1] as string;
      try {
        // The rename is the claim: a second watcher (there should be none) finds the file gone.
        await rename(join(dir, n), join(dir, name(id, "taken")));
      } catch {
        continue;
      }
      const req = await readJson<BroadcastRequest>(join(dir, name(id, "taken")));
      let lastWrite = 0;
      // Chained: two writes never share the temporary file.
      let writing: Promise<void> = Promise.resolve();
      const progress = (p: BroadcastProgress) => {
        if (Date.now() - lastWrite < 250) return;
        lastWrite = Date.now();
        writing = writing.then(() => writeFileAtomic(join(dir, name(id, "progress")), JSON.stringify(p))).catch(() => undefined);
      };
      const answer: BroadcastAnswer = req ? await handle(req, progress).catch((err: unknown) => ({ error: err instanceof Error ? err.message : String(err) })) : { error: "unreadable request" };
      await writing;
      await writeFileAtomic(join(dir, name(id, "report")), JSON.stringify(answer));
    }
  };
  const loop = async () => {
    while (!stopped) {
      current = scan().catch((err: unknown) => o.onError?.(err));
      await current;
      await sleep(o.pollMs ?? 500);
    }
  };
  void loop();
  return {
    async stop() {
      stopped = true;
      await current;
    },
  };
}
