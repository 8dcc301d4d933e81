import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

/**
 * The pack folders `CONTENT_DIR` names: one pack folder (a `pack.yaml` in it), a comma list of
 * them, or a folder of packs (each sub-folder with a `pack.yaml`, in name order; names starting
 * with `_` or `.` are skipped). A name that is neither is returned as it is, so loading it reports
 * the missing pack.yaml.
 *
 * @example packDirs("content/a-2025, content/b-2025") // ["content/a-2025", "content/b-2025"]
 * @example packDirs("content") // every pack folder under content/
 */
export function packDirs(spec: string): string[] {
  return spec
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .flatMap((dir) => {
      if (existsSync(join(dir, "pack.yaml")) || !existsSync(dir) || !statSync(dir).isDirectory()) return [dir];
      const packs = readdirSync(dir, { withFileTypes: true })
        .filter((e) => e.isDirectory() && !/^[_.]/.test(e.name) && existsSync(join(dir, e.name, "pack.yaml")))
        .map((e) => join(dir, e.name))
        .sort();
      return packs.length ? packs : [dir];
    });
}

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
