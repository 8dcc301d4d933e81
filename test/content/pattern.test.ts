import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadPack } from "../../src/content/loader.js";
import { contentPattern, needsUnicode } from "../../src/content/pattern.js";

/** Every RegExp reachable from a compiled value (the scam rules hold them in arrays and records). */
function regexpsIn(value: unknown, out: RegExp[] = [], seen = new Set<unknown>()): RegExp[] {
  if (value instanceof RegExp) out.push(value);
  else if (value && typeof value === "object" && !seen.has(value)) {
    seen.add(value);
    for (const v of value instanceof Map ? value.values() : Object.values(value)) regexpsIn(v, out, seen);
  }
  return out;
}

/** The messages of the project's eval sets, lower-cased and in NFKC as the matcher and checker read them. */
function evalTexts(): string[] {
  const dir = "test/fixtures/eval";
  const texts: string[] = [];
  for (const f of readdirSync(dir).filter((f) => f.endsWith(".jsonl"))) {
    for (const line of readFileSync(`${dir}/${f}`, "utf8").split("\n")) {
      if (!line.trim()) continue;
      const o = JSON.parse(line) as { text?: unknown };
      if (typeof o.text === "string") texts.push(o.text.normalize("NFKC").toLowerCase());
    }
  }
  return texts;
}

describe("contentPattern", () => {
  it("drops the u flag only where the pattern reads the same without it", () => {
    expect(contentPattern("\\bnew card\\b").flags).toBe("i");
    expect(contentPattern("재발급|새 카드").flags).toBe("i");
    expect(contentPattern("\\p{Script=Hangul}+").flags).toBe("iu");
    expect(contentPattern("\\u{1F600}").flags).toBe("iu");
    expect(contentPattern("😀").flags).toBe("iu");
    expect(contentPattern("card", "g").flags).toBe("gi");
    expect(needsUnicode("\\P{L}")).toBe(true);
    expect(needsUnicode("[a-z]+\\d")).toBe(false);
  });

  it("rejects what only the legacy syntax accepts, as the schemas do", () => {
    expect(() => contentPattern("a{")).toThrow(SyntaxError);
    expect(() => contentPattern("\\-x")).toThrow(SyntaxError);
    expect(() => contentPattern("(unclosed")).toThrow(SyntaxError);
  });

  it("finds the same matches as the strict u pattern for every pack pattern on every eval message", async () => {
    const texts = evalTexts();
    expect(texts.length).toBeGreaterThan(3000);
    let compared = 0;
    for (const id of ["coupang-2025", "skt-2025"]) {
      const pack = await loadPack(`content/${id}`);
      const sources = [
        ...(pack.lexicon?.paraphrases ?? []).flatMap((p) => p.match),
        ...regexpsIn(pack.scam).map((re) => re.source),
      ];
      expect(sources.length).toBeGreaterThan(50);
      for (const source of sources) {
        const fast = new RegExp(contentPattern(source).source, `${contentPattern(source).flags}g`);
        const strict = new RegExp(source, "giu");
        for (const t of texts) {
          const a = [...t.matchAll(fast)].map((m) => `${m.index}:${m[0]}`).join("|");
          const b = [...t.matchAll(strict)].map((m) => `${m.index}:${m[0]}`).join("|");
          if (a !== b) expect({ source, text: t, fast: a }).toEqual({ source, text: t, fast: b });
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(100_000);
  });
});
