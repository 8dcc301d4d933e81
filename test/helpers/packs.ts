import { cp, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadPack, type ContentPack } from "../../src/index.js";

export const MINI = "test/fixtures/packs/mini";
export const REAL = "content/coupang-2025";

/** Copies the mini pack to a temp dir and applies edits (file -> text transform). */
export async function miniCopy(edits: Record<string, (text: string) => string> = {}): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "afterleak-pack-"));
  await cp(MINI, dir, { recursive: true });
  for (const [file, edit] of Object.entries(edits)) {
    const p = join(dir, file);
    await writeFile(p, edit(await readFile(p, "utf8").catch(() => "")));
  }
  return dir;
}

let real: Promise<ContentPack> | undefined;
/** The default pack, loaded once per test file. */
export const realPack = () => (real ??= loadPack(REAL));
let mini: Promise<ContentPack> | undefined;
export const miniPack = () => (mini ??= loadPack(MINI));

/** Copies the mini pack to a temp dir and lays a fixture overlay (`test/fixtures/packs/<name>/`, only the files that differ) over it. */
export async function overlayPack(name: string): Promise<string> {
  const dir = await miniCopy();
  await cp(join("test/fixtures/packs", name), dir, { recursive: true });
  return dir;
}
