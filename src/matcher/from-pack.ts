import type { ContentPack } from "../content/pack.js";
import { compileLexicon } from "./lexicon.js";
import { createMatcher, type Matcher, type MatcherOptions } from "./matcher.js";
import type { ModelCache, ModelCacheProvider } from "./model-cache.js";
import { DEFAULT_TRAIN } from "./model.js";

const cache = new WeakMap<ContentPack, Matcher>();
let models: ModelCacheProvider | undefined;
/** Models trained / loaded from the cache; training phrases featurized / their vectors loaded from the cache. */
const counts = { trained: 0, loaded: 0, vectorized: 0, vectorsLoaded: 0 };

/**
 * Where default matchers keep their trained model between runs (e.g. the data folder, see
 * `src/store/model-cache-file.ts`); undefined: always train. Set once by the composition root.
 */
export function useModelCache(provider: ModelCacheProvider | undefined): void {
  models = provider;
}

/** How many default matchers were trained and how many loaded their model (and their phrases' vectors) from the cache (since start). */
export const matcherBuilds = (): Readonly<typeof counts> => ({ ...counts });

/**
 * Builds the matcher from a pack: every FAQ's phrases and canonical questions, the out-of-scope
 * anchors (general and company customer service) and the pack's lexicon. Training takes most of
 * a second, so the default matcher is built once per pack, and its model is loaded from the cache
 * set with {@link useModelCache} when the pack and the matcher are unchanged.
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
  const topics = pack.faq.map((e) => ({
    id: e.id,
    phrases: [...Object.values(e.phrases).flat(), ...Object.values(e.question), ...Object.values(e.label ?? {})],
  }));
  const outOfScope = Object.values(pack.outOfScope).flat();
  const companyService = Object.values(pack.companyService ?? {}).flat();
  // Everything the weights depend on: the training texts, the lexicon and the training settings.
  const store = models?.({ topics, outOfScope, companyService, lexicon: pack.lexicon ?? null, train: DEFAULT_TRAIN });
  return createMatcher(
    { topics, outOfScope, companyService, ...(pack.lexicon ? { lexicon: compileLexicon(pack.lexicon) } : {}) },
    opts,
    {},
    counted(store),
  );
}

/** The cache, counting what happens; without one, every build trains. */
function counted(store: ModelCache | undefined): ModelCache {
  return {
    load(classes, features) {
      const m = store?.load(classes, features);
      if (m) counts.loaded++;
      return m;
    },
    save(model, features) {
      counts.trained++;
      store?.save(model, features);
    },
    loadTraining(docs) {
      const set = store?.loadTraining?.(docs);
      if (set) counts.vectorsLoaded++;
      return set;
    },
    saveTraining(set) {
      counts.vectorized++;
      store?.saveTraining?.(set);
    },
  };
}
