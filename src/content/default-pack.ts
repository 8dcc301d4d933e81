import { readFileSync } from "node:fs";
import { join } from "node:path";

/** Where the content packs live when nothing names one: every pack folder under it is served. */
export const PACKS_FOLDER = "content";

/**
 * The content pack(s) a deployment serves when `CONTENT_DIR` is unset: the `afterleak.defaultPack`
 * field of `package.json` in the working directory (a pack folder, a comma list or a folder of
 * packs), else {@link PACKS_FOLDER}. No incident is named in code: the deployment's package.json
 * names it.
 *
 * @example defaultContentDir() // the repository's default pack folder, e.g. "content/<pack-id>"
 */
export function defaultContentDir(cwd = process.cwd()): string {
  try {
    const pkg = JSON.parse(readFileSync(join(cwd, "package.json"), "utf8")) as { afterleak?: { defaultPack?: unknown } };
    const dir = pkg.afterleak?.defaultPack;
    return typeof dir === "string" && dir.trim() ? dir.trim() : PACKS_FOLDER;
  } catch {
    return PACKS_FOLDER;
  }
}
