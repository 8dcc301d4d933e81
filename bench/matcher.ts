import type { ContentPack } from "../src/content/pack.js";
import { matcherFromPack } from "../src/matcher/from-pack.js";

/** The matcher's row of the benchmark: training time at start-up and classify latency. */
export interface MatcherBench {
  /** Training time of the pack's matcher, first run and median of `runs`, in ms (wall clock). */
  trainFirstMs: number;
  trainMedianMs: number;
  /** The same in CPU time of this process, which a busy machine inflates less. */
  trainCpuMedianMs: number;
  /** Classify latency for messages of `messageChars` characters, in ms. */
  messageChars: number;
  messages: number;
  p50: number;
  p99: number;
  /** The same for short messages (one training phrase each). */
  shortP50: number;
  shortP99: number;
  /** Classify CPU time for the long messages, in ms. */
  cpuP50: number;
  cpuP99: number;
}

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

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
  const trainsCpu: number[] = [];
  let matcher = matcherFromPack(pack, {});
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const c = cpuMs();
    matcher = matcherFromPack(pack, {});
    trains.push(performance.now() - t);
    trainsCpu.push(cpuMs() - c);
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
  const cpu: number[] = [];
  const time = (texts: string[]) =>
    texts.map((t) => {
      const c = cpuMs();
      const a = performance.now();
      matcher.classify(t);
      const wall = performance.now() - a;
      cpu.push(cpuMs() - c);
      return wall;
    });
  time(long.slice(0, 50));
  cpu.length = 0;
  const l = time(long);
  const longCpu = [...cpu];
  const s = time(short);
  return {
    trainFirstMs: Math.round(trains[0] ?? 0),
    trainMedianMs: Math.round(quantile(trains, 0.5)),
    trainCpuMedianMs: Math.round(quantile(trainsCpu, 0.5)),
    messageChars: chars,
    messages: n,
    p50: quantile(l, 0.5),
    p99: quantile(l, 0.99),
    shortP50: quantile(s, 0.5),
    shortP99: quantile(s, 0.99),
    cpuP50: quantile(longCpu, 0.5),
    cpuP99: quantile(longCpu, 0.99),
  };
}

/** One line for the benchmark report. */
export function formatMatcherRow(m: MatcherBench): string {
  return `matcher: training ${m.trainMedianMs} ms wall, ${m.trainCpuMedianMs} ms CPU (first ${m.trainFirstMs} ms; target 1,500 ms); classify ${m.messageChars}-char message p50 ${m.p50} ms, p99 ${m.p99} ms wall, CPU p50 ${m.cpuP50} ms, p99 ${m.cpuP99} ms (target p99 ≤ 2 ms); short message p50 ${m.shortP50} ms, p99 ${m.shortP99} ms (${m.messages} each)\n`;
}
