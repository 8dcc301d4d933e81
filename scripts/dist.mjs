// Is the compiled output (dist/) at least as new as every source it is built from?
// Shared by bin/afterleak.mjs (which runs dist/ when it is fresh) and scripts/build.mjs.
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/** Sources of the build: a change to any of them makes dist/ stale. */
export const BUILD_INPUTS = ["src", "adapters", "tsconfig.json", "tsconfig.build.json", "package-lock.json"];
export const STAMP = "dist/.build-stamp";

function newest(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = st.mtimeMs;
  for (const name of readdirSync(path)) max = Math.max(max, newest(join(path, name)));
  return max;
}

/** `{ fresh, stamp, sources }`: fresh when the build stamp is newer than every input. */
export function distState(root) {
  const stamp = existsSync(join(root, STAMP)) ? statSync(join(root, STAMP)).mtimeMs : 0;
  const sources = Math.max(...BUILD_INPUTS.map((p) => newest(join(root, p))));
  return { fresh: stamp > 0 && stamp >= sources, stamp, sources };
}
