import type { ContentPack } from "../content/pack.js";
import { matcherFromPack } from "../matcher/from-pack.js";

/** The matcher's row of the benchmark: training time at start-up and classify latency. */
export interface MatcherBench {
  /** Training time of the pack's matcher, first run and median of `runs`, in ms. */
  trainFirstMs: number;
  trainMedianMs: number;
  /** Classify latency for messages of `messageChars` characters, in ms. */
  messageChars: number;
  messages: number;
  p50: number;
  p99: number;
  /** The same for short messages (one training phrase each). */
  shortP50: number;
  shortP99: number;
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round((s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0) * 1000) / 1000;
};

/**
 * Measures the matcher on a pack: trains it `runs` times, then classifies `messages` messages of
 * about `chars` characters each, made of the pack's own phrases in both locales (a long story of
 * many questions, the worst case), and as many short ones. Deterministic inputs.
 *
 * @example
 * const m = benchMatcher(pack); // { trainMedianMs: 420, p99: 1.2, … }
 */
export function benchMatcher(pack: ContentPack, opts: { runs?: number; messages?: number; chars?: number } = {}): MatcherBench {
  const runs = opts.runs ?? 3;
  const n = opts.messages ?? 500;
  const chars = opts.chars ?? 2000;
  const trains: number[] = [];
  let matcher = matcherFromPack(pack, {});
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    matcher = matcherFromPack(pack, {});
    trains.push(performance.now() - t);
  }
  const phrases = pack.faq.flatMap((e) => Object.values(e.phrases).flat());
  let seed = 11;
  const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const long: string[] = [];
  for (let i = 0; i < n; i++) {
    let s = "";
    while (s.length < chars) s += `${phrases[Math.floor(rnd() * phrases.length)] ?? ""}. `;
    long.push(s.slice(0, chars));
  }
  const short = Array.from({ length: n }, () => phrases[Math.floor(rnd() * phrases.length)] ?? "");
  const time = (texts: string[]) =>
    texts.map((t) => {
      const a = performance.now();
      matcher.classify(t);
      return performance.now() - a;
    });
  time(long.slice(0, 50));
  const l = time(long);
  const s = time(short);
  return {
    trainFirstMs: Math.round(trains[0] ?? 0),
    trainMedianMs: Math.round(quantile(trains, 0.5)),
    messageChars: chars,
    messages: n,
    p50: quantile(l, 0.5),
    p99: quantile(l, 0.99),
    shortP50: quantile(s, 0.5),
    shortP99: quantile(s, 0.99),
  };
}

/** One line for the benchmark report. */
export function formatMatcherRow(m: MatcherBench): string {
  return `matcher: training ${m.trainMedianMs} ms (first ${m.trainFirstMs} ms); classify ${m.messageChars}-char message p50 ${m.p50} ms, p99 ${m.p99} ms; short message p50 ${m.shortP50} ms, p99 ${m.shortP99} ms (${m.messages} each)\n`;
}
