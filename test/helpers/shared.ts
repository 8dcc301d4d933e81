import { existsSync } from "node:fs";
import { join } from "node:path";

/**
 * The team's shared folder beside the checkout (`../shared`: extra labelled sets, reviews). CI has
 * it; a bare clone does not, so a test may use it only as an extra, never as a requirement.
 * `AFTERLEAK_SHARED_DIR` points elsewhere; a path that does not exist runs the tests as a bare
 * clone would (e.g. `AFTERLEAK_SHARED_DIR=/nonexistent npx vitest run test/matcher`).
 */
const SHARED_DIR = process.env.AFTERLEAK_SHARED_DIR ?? "../shared";

/**
 * The path of `rel` inside the shared folder when that file exists, else `undefined`.
 *
 * @example it.runIf(sharedPath("eval/dev.jsonl"))("meets the targets on the dev set", …)
 */
export function sharedPath(rel: string): string | undefined {
  const path = join(SHARED_DIR, rel);
  return existsSync(path) ? path : undefined;
}
