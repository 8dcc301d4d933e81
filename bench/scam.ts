import type { ContentPack } from "../src/content/pack.js";
import { checkMessage } from "../src/scam/check.js";

/** The scam checker's row of the benchmark: check latency on long pasted messages with several links. */
export interface ScamBench {
  messageChars: number;
  linksPerMessage: number;
  messages: number;
  /** Wall-clock latency, in ms (includes time the process waited for a CPU on a busy machine). */
  p50: number;
  p99: number;
  /** CPU time of one check (user + system), in ms: the checker's own cost, independent of load. */
  cpuP50: number;
  cpuP99: number;
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round((s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0) * 1000) / 1000;
};

/** Message pieces built from the pack's first imitated brand (its name, a lookalike of its label, its real domain), its first contact's number and generic lures. */
function pieces(pack: ContentPack, rules: NonNullable<ContentPack["scam"]>): string[] {
  const brand = rules.brands[0]!;
  const name = (loc: string) => brand.name[loc] ?? Object.values(brand.name)[0] ?? brand.labels[0]!;
  const label = brand.labels[0]!;
  const number = pack.contacts[0]?.phone ?? "1588-0000";
  return [
    `[Web발신] ${name("ko")} 개인정보 유출 피해 보상금 지급 대상입니다. 신청: https://${label}-bosang.kr/claim?id=`,
    `${name("en")}: your refund is ready, claim it at ${label.slice(0, -1)}-help.com/refund/`,
    "확인 me2.do/x",
    `문의 070-1234-5678 또는 ${number}`,
    ...(brand.domains[0] ? [`공지: https://www.${brand.domains[0]}/notice/`] : []),
    "엄마 나 폰 고장나서 임시폰이야 문화상품권 사서 핀번호 보내줘",
    "http://203.0.113.7:8080/app.apk ",
    "고객님 택배가 주소지 불일치로 보관중입니다 ",
  ];
}

/**
 * Measures `checkMessage` on `messages` deterministic messages of about `chars` characters, each
 * with several links (lookalikes, a shortener, an IP host, the official domain), numbers and lures:
 * the worst case of a long pasted text. Target p99 ≤ 5 ms.
 */
export function benchScam(pack: ContentPack, opts: { messages?: number; chars?: number } = {}): ScamBench | undefined {
  const rules = pack.scam;
  if (!rules) return undefined;
  const PIECES = pieces(pack, rules);
  const n = opts.messages ?? 500;
  const chars = opts.chars ?? 2000;
  let seed = 7;
  const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const texts: string[] = [];
  for (let i = 0; i < n; i++) {
    let s = "";
    while (s.length < chars) s += `${PIECES[Math.floor(rnd() * PIECES.length)] ?? ""}${Math.floor(rnd() * 1e5)} `;
    texts.push(s.slice(0, chars));
  }
  const links = texts.reduce((a, t) => a + checkMessage(rules, t).domains.length, 0) / n;
  const times: number[] = [];
  const cpu: number[] = [];
  for (const t of texts) {
    const a = performance.now();
    const c = process.cpuUsage();
    checkMessage(rules, t);
    const d = process.cpuUsage(c);
    times.push(performance.now() - a);
    cpu.push((d.user + d.system) / 1000);
  }
  return {
    messageChars: chars,
    linksPerMessage: Math.round(links * 10) / 10,
    messages: n,
    p50: quantile(times, 0.5),
    p99: quantile(times, 0.99),
    cpuP50: quantile(cpu, 0.5),
    cpuP99: quantile(cpu, 0.99),
  };
}

/** One line for the benchmark report. */
export function formatScamRow(s: ScamBench | undefined): string {
  return s ? `scam check: ${s.messageChars}-char message, ${s.linksPerMessage} distinct link domains: p50 ${s.p50} ms, p99 ${s.p99} ms wall; CPU p50 ${s.cpuP50} ms, p99 ${s.cpuP99} ms (${s.messages} messages; target p99 ≤ 5 ms)\n` : "scam check: the pack has no scam.yaml\n";
}
