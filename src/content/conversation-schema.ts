import { z } from "zod";
import { contentIdSchema as id, localizedText } from "./schema.js";

/**
 * Zod schema of `conversation.yaml`: conversational moves (greeting, thanks, distress, …), the
 * words that answer a prompt, follow-ups read against the last topic, and how several questions
 * in one message are told apart. Cross-file rules (every locale present, topic ids exist) live in
 * `conversation-check.ts`.
 */

/** Phrases per locale, e.g. `{ en: ["hi", "hello"], ko: ["안녕하세요"] }`. */
const phrases = z.record(z.string(), z.array(z.string().min(1)).min(1));
export type LocalizedPhrases = z.infer<typeof phrases>;

export const moveSchema = z.strictObject({
  /** Reported as the turn's outcome, e.g. "greeting", "distress". */
  id,
  phrases,
  /** What the bot says when the message is only this move. */
  reply: localizedText,
  /** When the message also asks a question: put `short` (or `reply`) in front of the answer. */
  acknowledge: z.boolean().default(false),
  /** A short acknowledgment for the front of an answer; defaults to `reply`. */
  short: localizedText.optional(),
  /** What follows the reply: the main menu, the offer of a person, FAQ topics, guided tasks. */
  offer: z
    .strictObject({
      menu: z.boolean().default(false),
      human: z.boolean().default(false),
      topics: z.array(id).default([]),
      tasks: z.array(id).default([]),
    })
    .default({ menu: false, human: false, topics: [], tasks: [] }),
});
export type Move = z.infer<typeof moveSchema>;

export const siblingGroupSchema = z.strictObject({
  id,
  /** Topic id -> the subject words that name it ("email", "이메일"). */
  topics: z.record(z.string(), phrases),
  /** Optional: words that, beside one of this group's subjects, still ask only about it ("leaked", "유출됐나요" for what leaked). */
  fillers: z.record(z.string(), z.array(z.string().min(1))).default({}),
});

export const afterRuleSchema = z.strictObject({
  /** After one of these topics … */
  from: z.array(id).min(1),
  /** … a message with one of these phrases reaches this topic. */
  to: id,
  phrases,
});

export const conversationFileSchema = z.strictObject({
  /** Words that answer what the bot just asked. */
  answers: z.strictObject({ yes: phrases, no: phrases, done: phrases, skip: phrases }),
  /** Words around a typed option number ("option 2", "2번"). */
  numbers: z
    .strictObject({
      prefixes: z.record(z.string(), z.array(z.string().min(1))).default({}),
      suffixes: z.record(z.string(), z.array(z.string().min(1))).default({}),
      /** Numbers written in words: per locale, entry i holds the words for i + 1 (["one", "first"], ["두 번째"]). */
      words: z.record(z.string(), z.array(z.array(z.string().min(1)).min(1))).default({}),
    })
    .default({ prefixes: {}, suffixes: {}, words: {} }),
  moves: z.array(moveSchema),
  followUps: z.strictObject({
    /** A follow-up is at most this many words. */
    maxWords: z.number().int().min(1).max(20).default(6),
    /** Words around a subject that make no question of their own ("what about", "and", "그럼"). */
    fillers: phrases,
    /** Endings that may follow a subject inside one word ("는요", "도요"). */
    suffixes: z.record(z.string(), z.array(z.string().min(1))).default({}),
    siblings: z.array(siblingGroupSchema).default([]),
    after: z.array(afterRuleSchema).default([]),
  }),
  /** Words that join two questions in one message ("and", "그리고"); sentence ends always do. */
  several: z.strictObject({
    separators: phrases,
    /**
     * Words that take back what a message said before them ("no wait", "I mean", "아 아니"): at the
     * start of a sentence or clause, only what follows is read. Optional, per locale.
     */
    corrections: z.record(z.string(), z.array(z.string().min(1))).default({}),
  }),
  /** Words a move phrase may be padded with and still be the whole message ("so", "really", "너무"). */
  padding: z.record(z.string(), z.array(z.string().min(1))).default({}),
  /**
   * Words that turn a yes or done around ("not", "yet", "안", "아직"): beside one in a reply to a
   * prompt, the answer is not read loosely ("not done yet"). Whole words, per locale.
   */
  negations: z.record(z.string(), z.array(z.string().min(1))).default({}),
  /** Chat spellings read as the pack's words in moves and answers: whole words ("u": "you") and word endings ("용": "요"), per locale. */
  respell: z
    .strictObject({
      words: z.record(z.string(), z.record(z.string(), z.string().min(1))).default({}),
      endings: z.record(z.string(), z.record(z.string(), z.string().min(1))).default({}),
    })
    .default({ words: {}, endings: {} }),
  strings: z.strictObject({
    /** "yes"/"no" when nothing was asked. */
    answerWithoutPrompt: localizedText,
    /** Prompt before the other questions of a message with several. */
    alsoAsked: localizedText,
  }),
  /**
   * The writing system of each locale (a Unicode script name such as "Latin" or "Hangul"), for
   * choosing the reply language from a message. Defaults to the commonest script of the locale's
   * FAQ phrases.
   */
  scripts: z.record(z.string(), z.string()).optional(),
});
export type ConversationFile = z.infer<typeof conversationFileSchema>;
