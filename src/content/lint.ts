import type { CheckInput } from "./check.js";
import { createFindings, type Finding } from "./findings.js";
import { lintPhones, lintStale, lintUnusedSources } from "./freshness-lint.js";
import { lintTodo } from "./todo-lint.js";
import { lintWording } from "./wording-lint.js";

export { LINT_RULES, type Finding, type LintRule } from "./findings.js";

/**
 * The advisory rules of `check-content` on a valid pack: freshness (stale review dates, unused
 * sources, phone numbers that differ from pack.yaml) and wording (third-party "never asks" claims,
 * unmarked company claims, "as of" dates without a source of that date) and TODO placeholders
 * (`todo`, left by `afterleak new-pack`). Each finding names its
 * rule and `file:line`; `# lint-ignore <rule>: <reason>` silences one (content/FORMAT.md).
 *
 * @example
 * const { input } = await parsePackDir(dir);
 * if (input) for (const f of lintPack(input, { today: new Date() })) console.log(`${f.file}:${f.line}: ${f.message}`);
 */
export function lintPack(input: CheckInput, opts: { today: Date }): Finding[] {
  const { findings, report } = createFindings();
  lintStale(input, opts.today, report);
  lintUnusedSources(input, report);
  lintPhones(input, report);
  lintWording(input, report);
  lintTodo(input, findings);
  return findings;
}
