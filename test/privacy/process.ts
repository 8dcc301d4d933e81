import { spawn } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import { join, resolve } from "node:path";

/** The project root (tests run from it) and the real pack as an absolute path. */
export const ROOT = resolve(".");
export const REAL_PACK_DIR = join(ROOT, "content/coupang-2025");

/**
 * Runs `node bin/afterleak.mjs …` in `cwd` with only the given environment (no inherited tokens,
 * no `.env` from the project folder). Resolves with the exit code and output. Sends SIGTERM once
 * stdout matches `stopWhen` (a long-running `start`), or after `timeoutMs`.
 */
export function runAfterleak(
  args: string[],
  opts: { cwd: string; env: Record<string, string>; input?: string; timeoutMs?: number; stopWhen?: RegExp },
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [join(ROOT, "bin/afterleak.mjs"), ...args], {
    cwd: opts.cwd,
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: opts.cwd, LOG_LEVEL: "error", ...opts.env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  let stopped = false;
  child.stdout.on("data", (d: Buffer) => {
    stdout += d.toString();
    if (!stopped && opts.stopWhen?.test(stdout)) stopped = child.kill("SIGTERM");
  });
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  child.stdin.end(opts.input ?? "");
  const timer = setTimeout(() => child.kill("SIGTERM"), opts.timeoutMs ?? 30_000);
  return new Promise((done, fail) => {
    child.on("error", fail);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      done({ code, signal, stdout, stderr });
    });
  });
}

/** Every regular file under `dir`, recursively. */
export async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await filesUnder(p)));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

/** The files under `dir` whose bytes contain `needle` (as UTF-8). */
export async function filesContaining(dir: string, needle: string): Promise<string[]> {
  const hits: string[] = [];
  for (const f of await filesUnder(dir)) if ((await readFile(f)).includes(needle)) hits.push(f);
  return hits;
}
