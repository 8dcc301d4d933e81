/**
 * The one printer of the `eval*` commands' figures: percentages, aligned columns, titled sections
 * and the `--json` / text choice, so every report reads the same way.
 *
 * @example textOf([`accuracy: ${pct(0.925)}`, ...section("misses:", misses)])
 */

/** A rate as a percentage with one decimal: `0.925` -> `92.5%`. */
export const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

/** `part` of `whole` as a percentage; nothing to count (`whole` 0) is 100%. */
export const pctOf = (part: number, whole: number): string => (whole ? pct(part / whole) : "100.0%");

/** A figure right-aligned in a column `width` characters wide (a rate is shown with {@link pct}). */
export const col = (v: string | number, width: number): string => String(v).padStart(width);

/** A rate right-aligned in a column (6 characters fits `100.0%`). */
export const pctCol = (x: number, width = 6): string => pct(x).padStart(width);

/** A row's name, left-aligned in a column `width` characters wide. */
export const nameCol = (name: string, width: number): string => name.padEnd(width);

/** A titled list after a blank line, or nothing when `items` is empty (unless `always`). */
export function section(title: string, items: readonly string[], always = false): string[] {
  return items.length || always ? ["", title, ...items] : [];
}

/** A report's lines as text, ending in a newline. */
export const textOf = (lines: readonly string[]): string => `${lines.join("\n")}\n`;

/** Writes a report: one JSON line with `--json`, else its text. */
export function writeReport(out: NodeJS.WritableStream, json: boolean | undefined, report: unknown, text: () => string): void {
  out.write(json ? `${JSON.stringify(report)}\n` : text());
}
