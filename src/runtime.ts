import { createRequire } from "node:module";
import { setFlagsFromString } from "node:v8";
import { fileURLToPath, pathToFileURL } from "node:url";

/**
 * Where a module runs from: the compiled `dist/` (plain JavaScript) or the TypeScript sources
 * (tests, and `bin/afterleak.mjs` when `dist/` is older than the sources).
 */
export function isCompiled(moduleUrl: string): boolean {
  return moduleUrl.endsWith(".js");
}

/**
 * A script next to the calling module, for a child process: `name.js` when running compiled,
 * `name.ts` from the sources.
 *
 * @example
 * const child = siblingScript(import.meta.url, "./bench-child"); // …/bench-child.js in dist/
 */
export function siblingScript(moduleUrl: string, name: string): string {
  return fileURLToPath(new URL(`${name}${isCompiled(moduleUrl) ? ".js" : ".ts"}`, moduleUrl));
}

/**
 * The `node` flags a child process needs to run a sibling script: none when compiled, tsx's
 * loader (resolved from this project, so any working directory works) from the sources.
 */
export function childExecArgv(moduleUrl: string): string[] {
  if (isCompiled(moduleUrl)) return [];
  return ["--import", pathToFileURL(createRequire(moduleUrl).resolve("tsx")).href];
}

/**
 * Sets how far the old generation may grow past the heap that survived the last full garbage
 * collection before V8 collects again (`HEAP_GROWING_PERCENT`; 0 keeps V8's heuristic). For the
 * long-running commands (`start`, `broadcast`): V8 reads the flag at each collection.
 */
export function applyHeapGrowth(percent: number): void {
  if (percent > 0) setFlagsFromString(`--heap-growing-percent=${Math.round(percent)}`);
}
