import { createInterface } from "node:readline";
import type { Matcher } from "../matcher/matcher.js";

/** `afterleak classify`: JSON Lines `{"text","locale"?}` on stdin, one verdict per line on stdout. */
export async function classifyCommand(matcher: Matcher, input: NodeJS.ReadableStream, out: NodeJS.WritableStream): Promise<number> {
  let bad = 0;
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    if (!line.trim()) continue;
    let text: unknown;
    try {
      text = (JSON.parse(line) as { text?: unknown }).text;
    } catch {
      text = undefined;
    }
    if (typeof text !== "string") {
      bad++;
      out.write(`${JSON.stringify({ error: 'expected a JSON object with a "text" string' })}\n`);
      continue;
    }
    const c = matcher.classify(text);
    out.write(`${JSON.stringify({ topic: c.topic, score: c.score, alternatives: c.alternatives })}\n`);
  }
  return bad > 0 ? 1 : 0;
}
