import type { Diagnostic, PathKey, SourceFile } from "./diagnostics.js";

/** The lint rules of `check-content`; each can be silenced on one line (see {@link parseIgnores}). */
export const LINT_RULES = ["stale", "source-unused", "phone-mismatch", "never-asks", "unmarked-claim", "dated-phrase", "todo"] as const;
export type LintRule = (typeof LINT_RULES)[number];

/** A lint finding: a diagnostic with its rule. Warnings unless `check-content --strict`. */
export interface Finding extends Diagnostic {
  rule: LintRule | "lint-ignore";
}

/** A `# lint-ignore <rule>[, <rule>]: <reason>` comment. */
interface Ignore {
  line: number;
  rules: string[];
  reason: string;
  /** The comment is alone on its line (then it also covers the line below). */
  alone: boolean;
}

const IGNORE = /#\s*lint-ignore\s+([\w-]+(?:\s*,\s*[\w-]+)*)\s*(?::\s*(.*?))?\s*$/;

/** Reads the lint-ignore comments of a file; one without a reason or with an unknown rule is a finding. */
export function parseIgnores(src: SourceFile, findings: Finding[]): Ignore[] {
  const out: Ignore[] = [];
  (src.lines ?? []).forEach((text, i) => {
    const m = IGNORE.exec(text);
    if (!m) return;
    const line = i + 1;
    const rules = (m[1] ?? "").split(",").map((r) => r.trim());
    const reason = m[2] ?? "";
    for (const r of rules) {
      if (!(LINT_RULES as readonly string[]).includes(r)) {
        findings.push({ file: src.file, line, rule: "lint-ignore", message: `lint-ignore: unknown rule '${r}' (rules: ${LINT_RULES.join(", ")})` });
      }
    }
    if (!reason.trim()) findings.push({ file: src.file, line, rule: "lint-ignore", message: "lint-ignore needs a reason: '# lint-ignore <rule>: <why>'" });
    else out.push({ line, rules, reason, alone: text.trimStart().startsWith("#") });
  });
  return out;
}

/**
 * Collects findings for one pack and drops the silenced ones. A finding at `line`, in a value that
 * starts on `start`, is silenced by an ignore for its rule on `line`, on `start`, or alone on the
 * line above `start` (a block text cannot hold a comment inside it).
 */
export function createFindings() {
  const findings: Finding[] = [];
  const ignores = new Map<SourceFile, Ignore[]>();
  const ignoresOf = (src: SourceFile) => {
    let list = ignores.get(src);
    if (!list) ignores.set(src, (list = parseIgnores(src, findings)));
    return list;
  };
  return {
    findings,
    /** Reports a finding on the value at `path`; `fragment` (a phrase of it) picks the exact line of a block text. */
    report(src: SourceFile, path: PathKey[], rule: LintRule, message: string, fragment?: string): void {
      const span = src.spanOf?.(path) ?? { start: src.lineOf(path), end: src.lineOf(path) };
      const line = fragment ? lineOfFragment(src, span, fragment) : span.start;
      const silenced = ignoresOf(src).some(
        (ig) => ig.rules.includes(rule) && (ig.line === line || ig.line === span.start || (ig.alone && ig.line === span.start - 1)),
      );
      if (!silenced) findings.push({ file: src.file, line, rule, message });
    },
  };
}

/** The line, within a value's span, that holds the start of `fragment`; the span's start if none. */
function lineOfFragment(src: SourceFile, span: { start: number; end: number }, fragment: string): number {
  const lines = src.lines ?? [];
  // Quoted YAML may escape characters, so look for a plain run of the fragment.
  const probes = [fragment.slice(0, 40), fragment.slice(0, 16)].map((p) => p.split(/["\\]/)[0]?.trim() ?? "").filter((p) => p.length >= 4);
  for (const probe of probes) {
    for (let l = span.start; l <= span.end; l++) if (lines[l - 1]?.includes(probe)) return l;
  }
  return span.start;
}
