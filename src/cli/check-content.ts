import { parseArgs } from "node:util";
import { formatDiagnostics } from "../content/diagnostics.js";
import { lintPack } from "../content/lint.js";
import { parsePackDir } from "../content/loader.js";

/** Options of `check-content`: `strict` turns lint warnings into errors; `today` fixes the clock (tests, CI replays). */
export interface CheckContentOptions {
  strict?: boolean;
  today?: Date;
}

/**
 * `afterleak check-content [DIR]`: validates a pack (exit 1 with every problem listed), then lints
 * it (freshness and wording, `file:line: warning [rule] message`; exit 1 with `--strict`).
 */
export async function checkContentCommand(
  dir: string,
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
  opts: CheckContentOptions = {},
): Promise<number> {
  const { pack, diagnostics, input } = await parsePackDir(dir);
  if (!pack || !input) {
    err.write(`${formatDiagnostics(diagnostics)}\n${diagnostics.length} problem(s) in ${dir}\n`);
    return 1;
  }
  const findings = lintPack(input, { today: opts.today ?? new Date() });
  const level = opts.strict ? "error" : "warning";
  if (findings.length) {
    const lines = findings.map((f) => ({ ...f, message: `${level} [${f.rule}] ${f.message}` }));
    err.write(`${formatDiagnostics(lines)}\n${findings.length} ${level}(s) in ${dir}${opts.strict ? "" : " (--strict makes them errors)"}\n`);
  }
  if (opts.strict && findings.length) return 1;
  const phrases = pack.faq.reduce((n, e) => n + Object.values(e.phrases).flat().length, 0);
  out.write(
    `${dir}: ok (${pack.faq.length} FAQ entries, ${phrases} training phrases, ${pack.tasks.length} tasks, locales ${pack.meta.locales.join("/")}, reviewed ${pack.meta.reviewed})\n`,
  );
  return 0;
}

/** Parses `check-content [DIR] [--strict] [--today YYYY-MM-DD]` and runs it. */
export async function checkContentCli(args: string[], defaultDir: string, out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { strict: { type: "boolean" }, today: { type: "string" } } });
  const today = values.today ? new Date(`${values.today}T00:00:00Z`) : undefined;
  if (today && Number.isNaN(today.getTime())) {
    err.write("usage: afterleak check-content [DIR] [--strict] [--today YYYY-MM-DD]\n");
    return 2;
  }
  return checkContentCommand(positionals[0] ?? defaultDir, out, err, { strict: values.strict, ...(today ? { today } : {}) });
}
