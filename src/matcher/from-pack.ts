import type { ContentPack } from "../content/pack.js";
import { createMatcher, type Matcher, type MatcherOptions } from "./matcher.js";

/** Builds the matcher from a pack: every FAQ's phrases and canonical questions, plus out-of-scope anchors. */
export function matcherFromPack(pack: ContentPack, opts: Partial<MatcherOptions> = {}): Matcher {
  return createMatcher(
    {
      topics: pack.faq.map((e) => ({
        id: e.id,
        phrases: [...Object.values(e.phrases).flat(), ...Object.values(e.question)],
      })),
      outOfScope: Object.values(pack.outOfScope).flat(),
    },
    opts,
  );
}
