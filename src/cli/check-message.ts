import { checkMessage } from "../scam/check.js";
import type { ScamRules } from "../scam/rules.js";
import { mapTextLines } from "./text-lines.js";

/**
 * `afterleak check-message`: JSON Lines `{"text","locale"?}` on stdin, one line per input on
 * stdout: `{"verdict","flags":[{"kind","detail"}],"score"}`. Nothing is fetched or stored.
 */
export function checkMessageCommand(rules: ScamRules, input: NodeJS.ReadableStream, out: NodeJS.WritableStream): Promise<number> {
  return mapTextLines(input, out, (text) => {
    const c = checkMessage(rules, text);
    return { verdict: c.verdict, flags: c.flags.map((f) => ({ kind: f.kind, detail: f.detail })), score: c.score };
  });
}
