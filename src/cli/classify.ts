import type { Matcher } from "../matcher/matcher.js";
import { mapTextLines } from "./text-lines.js";

/** `afterleak classify`: JSON Lines `{"text","locale"?}` on stdin, one verdict per line on stdout. */
export function classifyCommand(matcher: Matcher, input: NodeJS.ReadableStream, out: NodeJS.WritableStream): Promise<number> {
  return mapTextLines(input, out, (text) => {
    const c = matcher.classify(text);
    return { topic: c.topic, score: c.score, alternatives: c.alternatives };
  });
}
