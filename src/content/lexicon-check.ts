import type { Diagnostic, PathKey, SourceFile } from "./diagnostics.js";
import type { LexiconData } from "./lexicon-schema.js";

/** What the lexicon is checked against. */
export interface LexiconRefs {
  locales: readonly string[];
  topicIds: ReadonlySet<string>;
}

/**
 * Rules of `lexicon.yaml` that need the rest of the pack: synonym and paraphrase locales are
 * declared in pack.yaml, paraphrase topics are FAQ ids (or `out-of-scope`: the topics' words used about something else), no group or pattern list is empty, and
 * a word belongs to one synonym group only. Pushes `file:line` diagnostics.
 */
export function checkLexicon(src: SourceFile, lx: LexiconData, refs: LexiconRefs, diags: Diagnostic[]): void {
  const report = (path: PathKey[], message: string, key?: string) => diags.push({ file: src.file, line: src.lineOf(path, key), message });
  const base: PathKey[] = ["lexicon", "synonyms"];
  for (const [loc, groups] of Object.entries(lx.synonyms)) {
    if (!refs.locales.includes(loc)) report(base, `lexicon: locale '${loc}' is not declared in pack.yaml`, loc);
    const seen = new Map<string, string>();
    groups.forEach((g, i) => {
      const p = [...base, loc, i];
      if (g.words.length === 0) report([...p, "words"], `lexicon: synonym group '${g.canonical}' has no words`);
      g.words.forEach((w, j) => {
        const key = w.toLowerCase().trim();
        const prev = seen.get(key);
        if (prev && prev !== g.canonical) report([...p, "words", j], `lexicon: '${w}' is already a synonym of '${prev}'`);
        else seen.set(key, g.canonical);
      });
    });
  }
  lx.paraphrases.forEach((pp, i) => {
    const p: PathKey[] = ["lexicon", "paraphrases", i];
    if (!refs.topicIds.has(pp.topic) && pp.topic !== "out-of-scope") report([...p, "topic"], `lexicon: unknown topic '${pp.topic}'`);
    if (!refs.locales.includes(pp.locale)) report([...p, "locale"], `lexicon: locale '${pp.locale}' is not declared in pack.yaml`);
    if (pp.match.length === 0) report([...p, "match"], `lexicon: paraphrase patterns for '${pp.topic}' are empty`);
  });
}
