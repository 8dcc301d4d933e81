import { createInterface } from "node:readline";
import { checkMessage } from "../scam/check.js";
import type { ScamRules } from "../scam/rules.js";

/**
 * `afterleak check-message`: JSON Lines `{"text","locale"?}` on stdin, one line per input on
 * stdout: `{"verdict","flags":[{"kind","detail"}],"score"}`. Nothing is fetched or stored.
 */
export async function checkMessageCommand(rules: ScamRules, input: NodeJS.ReadableStream, out: NodeJS.WritableStream): Promise<number> {
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
    const c = checkMessage(rules, text);
    out.write(`${JSON.stringify({ verdict: c.verdict, flags: c.flags.map((f) => ({ kind: f.kind, detail: f.detail })), score: c.score })}\n`);
  }
  return bad > 0 ? 1 : 0;
}
