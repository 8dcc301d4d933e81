import { parseArgs } from "node:util";
import type { Classification, Matcher } from "../matcher/matcher.js";
import { col, nameCol, pct, pctCol, section, textOf, writeReport } from "./figures.js";
import type { CliIo } from "./io.js";
import { readJsonLines } from "./json-lines.js";
import { contentDir, loadPack, matcherFromPack } from "./loaders.js";

/** One labelled line: `expect: null` means the message is out of scope. */
interface Labelled {
  text: string;
  locale?: string;
  expect: string | null;
}

/** Accuracy figures for one slice of a labelled set (all lines, or one locale). */
export interface EvalFigures {
  total: number;
  /** Top-1: the bot answered the right topic (answered with "did you mean" counts if its first pick is right). */
  inScope: { total: number; correct: number; accuracy: number; ambiguous: number; asked: number; top3: number };
  /** Rejected: the bot gave no answer (out of scope, or asked "is it one of these?"). */
  outOfScope: { total: number; rejected: number; rate: number; companyService: number };
  /** Mean F1 over the topics in the set and "out of scope". */
  macroF1: number;
}

/** One bucket of the reliability table: accuracy of the best topic at that confidence. */
export interface ReliabilityBucket {
  from: number;
  to: number;
  count: number;
  meanConfidence: number;
  accuracy: number;
}

/** Accuracy figures of the matcher on a labelled set. */
export interface EvalReport extends EvalFigures {
  perLocale: Record<string, EvalFigures>;
  reliability: ReliabilityBucket[];
  perTopic: Record<string, { total: number; errors: number }>;
  confusions: { expected: string; got: string; count: number }[];
  misses: { text: string; expected: string | null; got: string | null; score: number }[];
}

const ratio = (a: number, b: number) => (b === 0 ? 1 : Math.round((a / b) * 1000) / 1000);
const NONE = "(none)";

/** The ranked topics of a verdict: the answer first, then the alternatives. */
const rankedOf = (c: Classification) => (c.topic ? [c.topic, ...c.alternatives.map((a) => a.topic)] : c.alternatives.map((a) => a.topic));

function figures(rows: readonly { it: Labelled; c: Classification }[]): EvalFigures {
  const inS = { total: 0, correct: 0, accuracy: 0, ambiguous: 0, asked: 0, top3: 0 };
  const out = { total: 0, rejected: 0, rate: 0, companyService: 0 };
  const tp = new Map<string, number>();
  const fp = new Map<string, number>();
  const fn = new Map<string, number>();
  const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  for (const { it, c } of rows) {
    const gold = it.expect ?? NONE;
    const got = c.topic ?? NONE;
    if (gold === got) bump(tp, gold);
    else {
      bump(fp, got);
      bump(fn, gold);
    }
    if (it.expect === null) {
      out.total++;
      if (c.topic === null) out.rejected++;
      if (c.outOfScope === "company-service") out.companyService++;
      continue;
    }
    inS.total++;
    if (c.ambiguous) inS.ambiguous++;
    if (c.outcome === "ask") inS.asked++;
    if (c.topic === it.expect) inS.correct++;
    if (rankedOf(c).slice(0, 3).includes(it.expect)) inS.top3++;
  }
  inS.accuracy = ratio(inS.correct, inS.total);
  inS.top3 = ratio(inS.top3, inS.total);
  out.rate = ratio(out.rejected, out.total);
  const classes = new Set(rows.map((r) => r.it.expect ?? NONE));
  let f1 = 0;
  for (const k of classes) {
    const t = tp.get(k) ?? 0;
    const p = t + (fp.get(k) ?? 0);
    const r = t + (fn.get(k) ?? 0);
    f1 += p && r && t ? (2 * (t / p) * (t / r)) / (t / p + t / r) : 0;
  }
  return { total: rows.length, inScope: inS, outOfScope: out, macroF1: ratio(f1, classes.size || 1) };
}

function reliability(rows: readonly { it: Labelled; c: Classification }[], buckets = 5): ReliabilityBucket[] {
  const out = Array.from({ length: buckets }, (_, i) => ({ from: i / buckets, to: (i + 1) / buckets, count: 0, sum: 0, right: 0 }));
  for (const { it, c } of rows) {
    const best = rankedOf(c)[0];
    const conf = c.score;
    const b = out[Math.min(buckets - 1, Math.floor(conf * buckets))] as (typeof out)[number];
    b.count++;
    b.sum += conf;
    if (best !== undefined && best === it.expect) b.right++;
  }
  return out.map((b) => ({ from: b.from, to: b.to, count: b.count, meanConfidence: ratio(b.sum, b.count || 1), accuracy: b.count ? ratio(b.right, b.count) : 0 }));
}

/**
 * Scores a matcher against labelled lines: top-1 (answered right), top-3, out-of-scope rejection
 * and macro-F1, overall and per locale; a reliability table (how often the best topic is right at
 * each confidence) and the commonest confusions.
 */
export function evaluate(matcher: Matcher, items: readonly Labelled[]): EvalReport {
  const rows = items.map((it) => ({ it, c: matcher.classify(it.text) }));
  const perTopic: EvalReport["perTopic"] = {};
  const conf = new Map<string, number>();
  const misses: EvalReport["misses"] = [];
  for (const { it, c } of rows) {
    if (it.expect !== null) (perTopic[it.expect] ??= { total: 0, errors: 0 }).total++;
    if (c.topic === it.expect) continue;
    if (it.expect !== null) (perTopic[it.expect] as { errors: number }).errors++;
    const key = `${it.expect ?? NONE}\u0000${c.topic ?? (c.outcome === "ask" ? "(asked)" : NONE)}`;
    conf.set(key, (conf.get(key) ?? 0) + 1);
    misses.push({ text: it.text, expected: it.expect, got: c.topic, score: c.score });
  }
  const confusions = [...conf]
    .map(([k, count]) => {
      const [expected = "", got = ""] = k.split("\u0000");
      return { expected, got, count };
    })
    .sort((a, b) => b.count - a.count || a.expected.localeCompare(b.expected));
  const locales = [...new Set(items.map((i) => i.locale ?? "?"))].sort();
  const perLocale = Object.fromEntries(locales.map((l) => [l, figures(rows.filter((r) => (r.it.locale ?? "?") === l))]));
  return { ...figures(rows), perLocale, reliability: reliability(rows), perTopic, confusions, misses };
}

/**
 * Reads a JSON Lines file of labelled messages; reports malformed lines by number. Given the pack's
 * topic ids, a line that expects a topic the pack does not have is reported too (and left out):
 * scored, it would count as an in-scope miss however the message was answered.
 */
export function readLabelled(file: string, topics?: ReadonlySet<string>): Promise<{ items: Labelled[]; errors: string[] }> {
  return readJsonLines(file, (value): Labelled => {
    const v = value as Partial<Labelled>;
    if (typeof v.text !== "string" || (v.expect !== null && typeof v.expect !== "string")) throw new Error("need text and expect");
    if (topics && typeof v.expect === "string" && !topics.has(v.expect)) throw new Error(`unknown topic "${v.expect}" (not in the pack; out of scope is "expect": null)`);
    return { text: v.text, locale: v.locale, expect: v.expect ?? null };
  });
}

/** Human-readable report. */
export function formatReport(r: EvalReport, opts: { misses?: boolean } = {}): string {
  const row = (name: string, f: EvalFigures) =>
    `${nameCol(name, 6)} ${col(f.total, 5)}  ${pctCol(f.inScope.accuracy)} (${f.inScope.correct}/${f.inScope.total})  ${pctCol(f.inScope.top3)}  ${pctCol(f.outOfScope.rate)} (${f.outOfScope.rejected}/${f.outOfScope.total})  ${f.macroF1.toFixed(3)}  ${col(f.inScope.asked, 5)}`;
  const lines = [
    `messages: ${r.total}`,
    `in-scope top-1 accuracy: ${pct(r.inScope.accuracy)} (${r.inScope.correct}/${r.inScope.total}; ${r.inScope.ambiguous} answered with "did you mean", ${r.inScope.asked} asked "is it one of these?")`,
    `in-scope top-3:          ${pct(r.inScope.top3)}`,
    `out-of-scope rejected:   ${pct(r.outOfScope.rate)} (${r.outOfScope.rejected}/${r.outOfScope.total}; ${r.outOfScope.companyService} pointed to customer service)`,
    `macro-F1:                ${r.macroF1.toFixed(3)}`,
    "",
    "locale  lines   top-1            top-3   oos rejected     macroF1  asked",
    row("all", r),
    ...Object.entries(r.perLocale).map(([l, f]) => row(l, f)),
    "",
    "reliability (best topic right, by confidence):",
    ...r.reliability.map((b) => `  ${b.from.toFixed(1)}-${b.to.toFixed(1)}: ${col(b.count, 4)} messages, mean confidence ${b.meanConfidence.toFixed(2)}, accuracy ${pct(b.accuracy)}`),
  ];
  const errs = Object.entries(r.perTopic).filter(([, v]) => v.errors > 0).sort((a, b) => b[1].errors - a[1].errors);
  lines.push(...section("per-topic errors:", errs.map(([k, v]) => `  ${k}: ${v.errors}/${v.total}`)));
  lines.push(...section("commonest confusions (expected -> got):", r.confusions.slice(0, 10).map((c) => `  ${c.expected} -> ${c.got}: ${c.count}`)));
  if (opts.misses) lines.push(...section("misses:", r.misses.map((m) => `  [${m.expected ?? "none"} -> ${m.got ?? "none"} ${m.score}] ${m.text}`)));
  return textOf(lines);
}

/** `eval FILE [--json] [--misses] [--pack DIR]`: matcher accuracy on a labelled set. */
export async function evalCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: "boolean" }, misses: { type: "boolean" }, pack: { type: "string" } } });
  const file = positionals[0];
  if (!file) {
    io.stderr.write("usage: afterleak eval FILE [--json] [--misses] [--pack DIR]\n");
    return 2;
  }
  const pack = await loadPack(values.pack ?? (await contentDir(io)));
  const { items, errors } = await readLabelled(file, new Set(pack.faq.map((e) => e.id)));
  for (const e of errors) io.stderr.write(`${e}\n`);
  const report = evaluate(await matcherFromPack(pack, io), items);
  writeReport(io.stdout, values.json, { ...report, misses: values.misses ? report.misses : undefined }, () => formatReport(report, { misses: values.misses }));
  return errors.length ? 1 : 0;
}
