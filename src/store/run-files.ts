import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";

/**
 * Files of running instances under `DATA_DIR/run/`: `<pid>.pid` while an instance runs (so
 * `afterleak reload` can signal it) and `<pid>.reload.json`, the outcome of its last reload.
 * They hold no user data.
 */
const runDir = (dataDir: string) => join(dataDir, "run");

/** The outcome of a reload, as an instance writes it for `afterleak reload` to read. */
export interface ReloadStatus {
  at: string;
  outcome: "reloaded" | "refused";
  pack?: string;
  reviewed?: string;
  problems?: string[];
}

/** Writes this process's pid file; `remove` deletes it at shutdown. */
export async function writePidFile(dataDir: string, pid = process.pid): Promise<{ path: string; remove(): Promise<void> }> {
  await mkdir(runDir(dataDir), { recursive: true, mode: 0o700 });
  const path = join(runDir(dataDir), `${pid}.pid`);
  await writeFile(path, `${pid}\n`, { mode: 0o600 });
  return {
    path,
    remove: async () => {
      await rm(path, { force: true });
      await rm(join(runDir(dataDir), `${pid}.reload.json`), { force: true });
    },
  };
}

/** The pids that have a pid file (some may have died without removing it). */
export async function listPidFiles(dataDir: string): Promise<number[]> {
  let names: string[];
  try {
    names = await readdir(runDir(dataDir));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw err;
  }
  return names.flatMap((n) => (/^\d+\.pid$/.test(n) ? [Number(n.slice(0, -4))] : []));
}

/** Removes the files of an instance that is gone. */
export async function removeRunFiles(dataDir: string, pid: number): Promise<void> {
  await rm(join(runDir(dataDir), `${pid}.pid`), { force: true });
  await rm(join(runDir(dataDir), `${pid}.reload.json`), { force: true });
}

/** Records the outcome of this process's last reload. */
export async function writeReloadStatus(dataDir: string, status: ReloadStatus, pid = process.pid): Promise<void> {
  await mkdir(runDir(dataDir), { recursive: true, mode: 0o700 });
  await writeFile(join(runDir(dataDir), `${pid}.reload.json`), `${JSON.stringify(status)}\n`, { mode: 0o600 });
}

/** The outcome of an instance's last reload, if it wrote one. */
export async function readReloadStatus(dataDir: string, pid: number): Promise<ReloadStatus | undefined> {
  try {
    return JSON.parse(await readFile(join(runDir(dataDir), `${pid}.reload.json`), "utf8")) as ReloadStatus;
  } catch (err) {
    // Not written yet, or being written right now: the caller polls again.
    if ((err as NodeJS.ErrnoException).code === "ENOENT" || err instanceof SyntaxError) return undefined;
    throw err;
  }
}
