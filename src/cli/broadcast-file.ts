import { readFile } from "node:fs/promises";
import { parseBroadcastFile, type BroadcastFileResult } from "../broadcast/file.js";
import type { ContentPack } from "../content/pack.js";

/**
 * Reads a broadcast file and validates it against the deployment's packs (src/broadcast/file.ts);
 * a file that cannot be read is one diagnostic, like any other problem.
 *
 * @example const { file, diagnostics } = await loadBroadcastFile("update.yaml", packs);
 */
export async function loadBroadcastFile(path: string, packs: readonly ContentPack[], opts: { today?: string; display?: string } = {}): Promise<BroadcastFileResult> {
  const shown = opts.display ?? path;
  let raw: string;
  try {
    raw = await readFile(path, "utf8");
  } catch (err) {
    return { diagnostics: [{ file: shown, line: 1, message: `cannot read the file (${(err as NodeJS.ErrnoException).code ?? "error"})` }] };
  }
  return parseBroadcastFile(shown, raw, packs, { today: opts.today });
}
