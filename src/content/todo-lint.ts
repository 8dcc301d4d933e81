import type { CheckInput } from "./check.js";
import type { SourceFile } from "./diagnostics.js";
import type { Finding } from "./findings.js";

/** A placeholder left by `afterleak new-pack` (or by an author): the word TODO, in a text or a comment. */
const TODO = /\bTODO\b/;

/** Every file of a parsed pack, in a stable order. */
const filesOf = (input: CheckInput): SourceFile[] =>
  [input.meta, input.sources, input.incident, input.tasks, input.ui, ...input.faqs, input.matcher, input.lexicon, input.conversation]
    .filter((p): p is NonNullable<typeof p> => p !== undefined)
    .map((p) => p.src);

/**
 * Lint rule `todo`: one finding per line that still holds a TODO placeholder, so a scaffolded pack
 * (`afterleak new-pack`) cannot go out half written: warnings, errors under `check-content --strict`.
 * A lint-ignore comment does not silence it; replace the placeholder instead.
 */
export function lintTodo(input: CheckInput, findings: Finding[]): void {
  for (const src of filesOf(input)) {
    (src.lines ?? []).forEach((text, i) => {
      if (!TODO.test(text)) return;
      const snippet = text.trim().replace(/\s+/g, " ");
      findings.push({ file: src.file, line: i + 1, rule: "todo", message: `placeholder to replace: ${[...snippet].length > 70 ? `${[...snippet].slice(0, 69).join("")}…` : snippet}` });
    });
  }
}
