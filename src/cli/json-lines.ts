import { readFile } from "node:fs/promises";

/**
 * Reads a JSON Lines file of labelled lines (the `eval*` commands' sets): each non-blank line is
 * parsed and handed to `parse`, which returns the item or throws with what is wrong; bad lines come
 * back as `file:line: message`, never fatal.
 *
 * @example const { items, errors } = await readJsonLines(file, (v) => toLabelled(v))
 */
export async function readJsonLines<T>(file: string, parse: (value: unknown) => T): Promise<{ items: T[]; errors: string[] }> {
  const items: T[] = [];
  const errors: string[] = [];
  (await readFile(file, "utf8")).split("\n").forEach((line, i) => {
    if (!line.trim()) return;
    try {
      items.push(parse(JSON.parse(line)));
    } catch (err) {
      errors.push(`${file}:${i + 1}: ${(err as Error).message}`);
    }
  });
  return { items, errors };
}
