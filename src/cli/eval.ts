import { readFile } from "node:fs/promises";
import type { Matcher } from "../matcher/matcher.js";

/** One labelled line: `expect: null` means the message is out of scope. */
interface Labelled {
  text: string;
  locale?: string;
  expect: string | null;
}

/** Accuracy figures of the matcher on a labelled set. */
export interface EvalReport {
  total: number;
  inScope: { total: number; correct: number; accuracy: number; ambiguous: number };
  outOfScope: { total: number; rejected: number; rate: number };
  perTopic: Record<string, { total: number; errors: number }>;
  confusions: { expected: string; got: string; count: number }[];
  misses: { text: string; expected: string | null; got: string | null; score: number }[];
}

/** Scores a matcher against labelled lines. A near tie counts as correct only if its top pick is. */
export function evaluate(matcher: Matcher, items: readonly Labelled[]): EvalReport {
  const perTopic: EvalReport["perTopic"] = {};
  const conf = new Map<string, number>();
  const misses: EvalReport["misses"] = [];
  let inTotal = 0;
  let inCorrect = 0;
  let ambiguous = 0;
  let outTotal = 0;
  let outRejected = 0;
  for (const it of items) {
    const c = matcher.classify(it.text);
    if (it.expect === null) {
      outTotal++;
      if (c.topic === null) outRejected++;
      else {
        misses.push({ text: it.text, expected: null, got: c.topic, score: c.score });
        conf.set(`(none)\u0000${c.topic}`, (conf.get(`(none)\u0000${c.topic}`) ?? 0) + 1);
      }
      continue;
    }
    inTotal++;
    const t = (perTopic[it.expect] ??= { total: 0, errors: 0 });
    t.total++;
    if (c.ambiguous) ambiguous++;
    if (c.topic === it.expect) inCorrect++;
    else {
      t.errors++;
      const got = c.topic ?? "(none)";
      conf.set(`${it.expect}\u0000${got}`, (conf.get(`${it.expect}\u0000${got}`) ?? 0) + 1);
      misses.push({ text: it.text, expected: it.expect, got: c.topic, score: c.score });
    }
  }
  const confusions = [...conf]
    .map(([k, count]) => {
      const [expected = "", got = ""] = k.split("\u0000");
      return { expected, got, count };
    })
    .sort((a, b) => b.count - a.count);
  const ratio = (a: number, b: number) => (b === 0 ? 1 : Math.round((a / b) * 1000) / 1000);
  return {
    total: items.length,
    inScope: { total: inTotal, correct: inCorrect, accuracy: ratio(inCorrect, inTotal), ambiguous },
    outOfScope: { total: outTotal, rejected: outRejected, rate: ratio(outRejected, outTotal) },
    perTopic,
    confusions,
    misses,
  };
}

/** Reads a JSON Lines file of labelled messages; reports malformed lines by number. */
export async function readLabelled(file: string): Promise<{ items: Labelled[]; errors: string[] }> {
  const items: Labelled[] = [];
  const errors: string[] = [];
  (await readFile(file, "utf8")).split("\n").forEach((line, i) => {
    if (!line.trim()) return;
    try {
      const v = JSON.parse(line) as Partial<Labelled>;
      if (typeof v.text !== "string" || (v.expect !== null && typeof v.expect !== "string")) throw new Error("need text and expect");
      items.push({ text: v.text, locale: v.locale, expect: v.expect ?? null });
    } catch (err) {
      errors.push(`${file}:${i + 1}: ${(err as Error).message}`);
    }
  });
  return { items, errors };
}

/** Human-readable report. */
export function formatReport(r: EvalReport, opts: { misses?: boolean } = {}): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const lines = [
    `messages: ${r.total}`,
    `in-scope top-1 accuracy: ${pct(r.inScope.accuracy)} (${r.inScope.correct}/${r.inScope.total}; ${r.inScope.ambiguous} answered with "did you mean")`,
    `out-of-scope rejected:   ${pct(r.outOfScope.rate)} (${r.outOfScope.rejected}/${r.outOfScope.total})`,
  ];
  const errs = Object.entries(r.perTopic).filter(([, v]) => v.errors > 0).sort((a, b) => b[1].errors - a[1].errors);
  if (errs.length) lines.push("", "per-topic errors:", ...errs.map(([k, v]) => `  ${k}: ${v.errors}/${v.total}`));
  if (r.confusions.length) lines.push("", "commonest confusions (expected -> got):", ...r.confusions.slice(0, 10).map((c) => `  ${c.expected} -> ${c.got}: ${c.count}`));
  if (opts.misses && r.misses.length) lines.push("", "misses:", ...r.misses.map((m) => `  [${m.expected ?? "none"} -> ${m.got ?? "none"} ${m.score}] ${m.text}`));
  return `${lines.join("\n")}\n`;
}
