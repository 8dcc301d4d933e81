import { checkMessage } from "../scam/check.js";
import type { ScamVerdict } from "../scam/flags.js";
import type { ScamRules } from "../scam/rules.js";
import { col, nameCol, pct, pctCol, section, textOf, writeReport } from "./figures.js";
import { readJsonLines } from "./json-lines.js";

/** How a labelled line names its class. */
export type ScamLabel = "scam" | "suspicious" | "no_flags";

/** One labelled message (`verdict`, `label` or `expect` holds the class). */
export interface LabelledMessage {
  text: string;
  locale: string;
  label: ScamLabel;
}

/** Figures of one group of lines (a locale, or all). */
export interface CheckFigures {
  scam: number;
  suspicious: number;
  ordinary: number;
  /** Scam messages called scam or suspicious. */
  scamFlagged: number;
  /** Scam messages called scam. */
  scamCalledScam: number;
  /** Ordinary (`no_flags`) messages called scam or suspicious. */
  ordinaryFlagged: number;
  /** Suspicious messages called scam or suspicious. */
  suspiciousFlagged: number;
}

/** The report of `eval-check`: overall, per locale, the misses, and the targets of issue 16. */
export interface CheckReport {
  all: CheckFigures & Rates;
  perLocale: Record<string, CheckFigures & Rates>;
  misses: { text: string; locale: string; expected: ScamLabel; got: ScamVerdict; score: number; flags: string[] }[];
  targets: { scamFlagged: number; scamCalledScam: number; ordinaryFlagged: number };
  meetsTargets: boolean;
}

interface Rates {
  scamFlaggedRate: number;
  scamCalledScamRate: number;
  ordinaryFlaggedRate: number;
}

/** The targets: ≥ 97% of scams flagged, ≥ 85% called scam, ≤ 5% of ordinary messages flagged. */
export const CHECK_TARGETS = { scamFlagged: 0.97, scamCalledScam: 0.85, ordinaryFlagged: 0.05 } as const;

const empty = (): CheckFigures => ({ scam: 0, suspicious: 0, ordinary: 0, scamFlagged: 0, scamCalledScam: 0, ordinaryFlagged: 0, suspiciousFlagged: 0 });
const ratio = (a: number, b: number) => (b === 0 ? 0 : Math.round((a / b) * 1000) / 1000);
const withRates = (f: CheckFigures): CheckFigures & Rates => ({
  ...f,
  scamFlaggedRate: f.scam ? ratio(f.scamFlagged, f.scam) : 1,
  scamCalledScamRate: f.scam ? ratio(f.scamCalledScam, f.scam) : 1,
  ordinaryFlaggedRate: ratio(f.ordinaryFlagged, f.ordinary),
});

/** Runs the checker over labelled messages. A miss: a scam not called scam, or an ordinary message flagged. */
export function evaluateChecks(rules: ScamRules, items: readonly LabelledMessage[]): CheckReport {
  const all = empty();
  const per: Record<string, CheckFigures> = {};
  const misses: CheckReport["misses"] = [];
  for (const it of items) {
    const c = checkMessage(rules, it.text);
    const flagged = c.verdict !== "no_red_flags";
    for (const f of [all, (per[it.locale] ??= empty())]) {
      if (it.label === "scam") {
        f.scam++;
        if (flagged) f.scamFlagged++;
        if (c.verdict === "scam") f.scamCalledScam++;
      } else if (it.label === "no_flags") {
        f.ordinary++;
        if (flagged) f.ordinaryFlagged++;
      } else {
        f.suspicious++;
        if (flagged) f.suspiciousFlagged++;
      }
    }
    if ((it.label === "scam" && c.verdict !== "scam") || (it.label === "no_flags" && flagged)) {
      misses.push({ text: it.text, locale: it.locale, expected: it.label, got: c.verdict, score: c.score, flags: c.flags.map((f) => f.kind) });
    }
  }
  const a = withRates(all);
  return {
    all: a,
    perLocale: Object.fromEntries(Object.entries(per).map(([k, v]) => [k, withRates(v)])),
    misses,
    targets: { ...CHECK_TARGETS },
    meetsTargets: a.scamFlaggedRate >= CHECK_TARGETS.scamFlagged && a.scamCalledScamRate >= CHECK_TARGETS.scamCalledScam && a.ordinaryFlaggedRate <= CHECK_TARGETS.ordinaryFlagged,
  };
}

const LABELS: ReadonlySet<string> = new Set(["scam", "suspicious", "no_flags"]);

/** Reads JSON Lines `{"text","locale"?,"verdict"|"label"|"expect"}` (`no_red_flags`, the checker's verdict, reads as `no_flags`); malformed lines are reported by number. */
export function readLabelledMessages(file: string): Promise<{ items: LabelledMessage[]; errors: string[] }> {
  return readJsonLines(file, (value): LabelledMessage => {
    const v = value as Record<string, unknown>;
    const raw = v.verdict ?? v.label ?? v.expect;
    // The checker's own verdict name for "nothing found" is accepted as the label too.
    const label = raw === "no_red_flags" ? "no_flags" : raw;
    if (typeof v.text !== "string" || typeof label !== "string" || !LABELS.has(label)) throw new Error('need "text" and a label scam, suspicious or no_flags (or no_red_flags)');
    return { text: v.text, locale: typeof v.locale === "string" ? v.locale : "?", label: label as ScamLabel };
  });
}

/** The report as text: one line per locale and overall, then the misses if asked. */
export function formatCheckReport(r: CheckReport, showMisses: boolean): string {
  const row = (name: string, f: CheckFigures & Rates) =>
    `${nameCol(name, 5)} scams ${col(f.scam, 4)}  flagged ${pctCol(f.scamFlaggedRate)}  called scam ${pctCol(f.scamCalledScamRate)}  | ordinary ${col(f.ordinary, 4)}  flagged ${pctCol(f.ordinaryFlaggedRate)}  | suspicious ${f.suspicious} (flagged ${f.suspiciousFlagged})`;
  const lines = [
    ...Object.entries(r.perLocale).sort().map(([k, v]) => row(k, v)),
    row("all", r.all),
    `targets: scams flagged ≥ ${pct(r.targets.scamFlagged)}, called scam ≥ ${pct(r.targets.scamCalledScam)}, ordinary flagged ≤ ${pct(r.targets.ordinaryFlagged)}: ${r.meetsTargets ? "met" : "NOT met"}`,
  ];
  if (showMisses) {
    const misses = r.misses.map((m) => `  [${m.locale}] expected ${m.expected}, got ${m.got} (${m.score}; ${m.flags.join(", ") || "no flags"}): ${JSON.stringify(m.text).slice(0, 160)}`);
    lines.push(...section(`misses (${r.misses.length}):`, misses, true));
  }
  return textOf(lines);
}

/** `afterleak eval-check FILE [--json] [--misses]`: the checker's figures on a labelled file. */
export async function evalCheckCli(args: string[], rules: () => Promise<ScamRules | undefined>, out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const json = args.includes("--json");
  const showMisses = args.includes("--misses");
  const file = args.find((a) => !a.startsWith("--"));
  if (!file) {
    err.write("usage: afterleak eval-check FILE [--json] [--misses]\n");
    return 2;
  }
  const r = await rules();
  if (!r) {
    err.write("the content pack has no scam.yaml: nothing to check with\n");
    return 1;
  }
  const { items, errors } = await readLabelledMessages(file);
  for (const e of errors) err.write(`${e}\n`);
  const report = evaluateChecks(r, items);
  writeReport(out, json, { ...report, misses: showMisses ? report.misses : undefined }, () => formatCheckReport(report, showMisses));
  return errors.length ? 1 : 0;
}
