import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { formatDiagnostics } from "../../src/content/diagnostics.js";
import { parsePackDir } from "../../src/content/loader.js";
import { miniCopy } from "../helpers/packs.js";

const BAD = readFileSync("test/fixtures/packs/lexicon-bad/lexicon.yaml", "utf8");

describe("lexicon.yaml diagnostics", () => {
  it("reports unknown topics and locales, empty groups and patterns, duplicates and bad patterns with file and line", async () => {
    const dir = await miniCopy({ "lexicon.yaml": () => BAD });
    const { pack, diagnostics } = await parsePackDir(dir, { displayRoot: dir });
    expect(pack).toBeUndefined();
    const text = formatDiagnostics(diagnostics);
    expect(text).toContain("lexicon.yaml:23: not a valid pattern");
    const dir2 = await miniCopy({ "lexicon.yaml": () => BAD.replace('["(unclosed"]', '["unclosed"]') });
    const second = formatDiagnostics((await parsePackDir(dir2, { displayRoot: dir2 })).diagnostics);
    expect(second.split("\n")).toEqual([
      "lexicon.yaml:8: lexicon: synonym group 'empty-group' has no words",
      "lexicon.yaml:10: lexicon: 'stolen' is already a synonym of 'leaked'",
      "lexicon.yaml:11: lexicon: locale 'fr' is not declared in pack.yaml",
      "lexicon.yaml:15: lexicon: unknown topic 'no-such-topic'",
      "lexicon.yaml:19: lexicon: locale 'de' is not declared in pack.yaml",
      "lexicon.yaml:20: lexicon: paraphrase patterns for 'card-leaked' are empty",
    ]);
  });

  it("loads a pack with a valid lexicon and keeps it on the pack", async () => {
    const ok = "lexicon:\n  synonyms:\n    en:\n      - canonical: leaked\n        words: [stolen]\n  paraphrases:\n    - topic: smishing\n      locale: ko\n      match: [\"스미싱\"]\n";
    const dir = await miniCopy({ "lexicon.yaml": () => ok });
    const { pack, diagnostics } = await parsePackDir(dir, { displayRoot: dir });
    expect(diagnostics).toEqual([]);
    expect(pack?.lexicon?.synonyms.en?.[0]?.canonical).toBe("leaked");
  });
});
