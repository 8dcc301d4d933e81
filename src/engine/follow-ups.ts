import type { ContentPack } from "../content/pack.js";
import { allPhrases, findLongest, removeAll, removeWords, spotText, without, wordsOf } from "./phrases.js";
import { memoPerOwner } from "../matcher/memo.js";

/** A follow-up read against the last topic: the topic it reaches and how. */
export interface FollowUp {
  topic: string;
  /** `after`: "and if I already did?" after a warning; `sibling`: a new subject in the last topic's group; `subject`: a bare subject with no topic in context. */
  via: "after" | "sibling" | "subject";
}

/** Extra words an "after" follow-up may have beyond `maxWords` ("what if I already clicked on it?"). */
const AFTER_SLACK = 4;

/**
 * Reads a short message against the last topic (conversation.yaml `followUps:`):
 * - an `after` rule of the last topic whose phrase the message holds reaches its topic;
 * - a message that is only a subject of a sibling of the last topic, with fillers ("what about",
 *   "그럼"), its group's own fillers ("leaked", "유출됐나요") and word endings ("는요"), reaches that sibling.
 * With `anyGroup`, a bare subject reaches its topic in any group (used when nothing else
 * answers the message). Returns undefined when the message has words of its own.
 */
export const readFollowUp: (pack: ContentPack, lastTopic: string | undefined, text: string, anyGroup?: boolean) => FollowUp | undefined = memoPerOwner(
  followUpOf,
  (lastTopic: string | undefined, text: string, anyGroup?: boolean) => `${lastTopic ?? ""}\u0000${anyGroup ? 1 : 0}\u0000${text}`,
);

function followUpOf(pack: ContentPack, lastTopic: string | undefined, text: string, anyGroup = false): FollowUp | undefined {
  const f = pack.conversation?.followUps;
  if (!f) return undefined;
  const s = spotText(text);
  const n = wordsOf(s).length;
  if (!s || n > f.maxWords + AFTER_SLACK) return undefined;
  if (lastTopic) {
    for (const r of f.after) {
      if (r.from.includes(lastTopic) && findLongest(s, allPhrases(r.phrases))) return { topic: r.to, via: "after" };
    }
  }
  if (n > f.maxWords) return undefined;
  const groups = f.siblings.filter((g) => (anyGroup ? true : lastTopic !== undefined && lastTopic in g.topics));
  const fillers = allPhrases(f.fillers);
  const suffixes = new Set(allPhrases(f.suffixes));
  let best: { topic: string; len: number } | undefined;
  for (const g of groups) {
    for (const [topic, subjects] of Object.entries(g.topics)) {
      const hit = findLongest(s, allPhrases(subjects));
      if (!hit || (best && hit.phrase.length <= best.len)) continue;
      const rest = removeWords(removeAll(removeAll(removeWords(without(s, [hit]), suffixes), fillers), allPhrases(g.fillers)), suffixes);
      if (!rest) best = { topic, len: hit.phrase.length };
    }
  }
  if (!best) return undefined;
  return { topic: best.topic, via: anyGroup ? "subject" : "sibling" };
}
