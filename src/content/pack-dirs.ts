import { existsSync, readdirSync, statSync } from "node:fs";
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
