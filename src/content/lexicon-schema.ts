import { z } from "zod";

/**
 * Schema of a pack's `lexicon.yaml`: concept synonyms that canonicalize words before the matcher
 * featurizes a message, and paraphrase patterns that add evidence for a topic. Cross-file rules
 * (topics and locales exist, groups not empty) live in `check.ts`.
 */

const regexSource = z.string().min(1).superRefine((v, ctx) => {
  try {
    new RegExp(v, "iu");
  } catch (err) {
    ctx.addIssue({ code: "custom", message: `not a valid pattern: ${(err as Error).message}` });
  }
});

/** One synonym group: every word or phrase in `words` is rewritten to `canonical`. */
export const synonymGroupSchema = z.strictObject({
  canonical: z.string().min(1),
  words: z.array(z.string().min(1)),
});
export type SynonymGroup = z.infer<typeof synonymGroupSchema>;

/** Paraphrase patterns for one topic: a match on any `match` pattern adds evidence for `topic`. */
export const paraphraseSchema = z.strictObject({
  topic: z.string().min(1),
  locale: z.string().min(1),
  match: z.array(regexSource),
});
export type Paraphrase = z.infer<typeof paraphraseSchema>;

export const lexiconFileSchema = z.strictObject({
  lexicon: z.strictObject({
    synonyms: z.record(z.string(), z.array(synonymGroupSchema)).default({}),
    paraphrases: z.array(paraphraseSchema).default([]),
  }),
});
/** The validated lexicon of a pack. */
export type LexiconData = z.infer<typeof lexiconFileSchema>["lexicon"];
