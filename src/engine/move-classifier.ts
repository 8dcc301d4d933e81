import type { Move } from "../content/conversation-schema.js";
import type { ContentPack } from "../content/pack.js";
import { features, type Features } from "../matcher/features.js";

/**
 * A small nearest-phrase classifier over the pack's move phrases, for moves worded in a way no
 * phrase spells out ("I'm freaked out about all this"). Used only for messages the FAQ matcher
 * finds nothing in, so it never takes a question away from an answer.
 */

/** A move is read when the message is at least this close (cosine) to one of its phrases. */
const MIN_SIMILARITY = 0.6;

interface Vector {
  move: Move;
  f: Features;
  norm: number;
}

const norm = (f: Features) => Math.sqrt([...f.values()].reduce((s, v) => s + v * v, 0));
const cache = new WeakMap<ContentPack, Vector[]>();

function vectors(pack: ContentPack): Vector[] {
  let v = cache.get(pack);
  if (v) return v;
  v = (pack.conversation?.moves ?? []).flatMap((move) =>
    Object.values(move.phrases)
      .flat()
      .map((p) => features(p))
      .filter((f) => f.size > 0)
      .map((f) => ({ move, f, norm: norm(f) })),
  );
  cache.set(pack, v);
  return v;
}

/** The move whose phrases a message resembles most, if it is close enough. */
export function classifyMove(pack: ContentPack, text: string): { move: Move; similarity: number } | undefined {
  const f = features(text);
  const n = norm(f);
  if (n === 0) return undefined;
  let best: { move: Move; similarity: number } | undefined;
  for (const v of vectors(pack)) {
    let dot = 0;
    for (const [k, x] of f) dot += x * (v.f.get(k) ?? 0);
    const similarity = dot / (n * v.norm);
    if (!best || similarity > best.similarity) best = { move: v.move, similarity };
  }
  return best && best.similarity >= MIN_SIMILARITY ? best : undefined;
}
