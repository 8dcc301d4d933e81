import type { ContentPack } from "../content/pack.js";
import { compileLexicon } from "./lexicon.js";
import { createMatcher, type Matcher, type MatcherOptions } from "./matcher.js";

const cache = new WeakMap<ContentPack, Matcher>();

/**
 * Builds the matcher from a pack: every FAQ's phrases and canonical questions, the out-of-scope
 * anchors (general and company customer service) and the pack's lexicon. Training takes a
 * fraction of a second, so the default matcher is built once per pack.
 */
export function matcherFromPack(pack: ContentPack, opts?: Partial<MatcherOptions>): Matcher {
  if (!opts) {
    const hit = cache.get(pack);
    if (hit) return hit;
    const m = build(pack, {});
    cache.set(pack, m);
    return m;
  }
  return build(pack, opts);
}

function build(pack: ContentPack, opts: Partial<MatcherOptions>): Matcher {
  return createMatcher(
    {
      topics: pack.faq.map((e) => ({
        id: e.id,
        phrases: [...Object.values(e.phrases).flat(), ...Object.values(e.question)],
      })),
      outOfScope: Object.values(pack.outOfScope).flat(),
      companyService: Object.values(pack.companyService ?? {}).flat(),
      ...(pack.lexicon ? { lexicon: compileLexicon(pack.lexicon) } : {}),
    },
    opts,
  );
}
