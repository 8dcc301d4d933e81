import { toSpans, type Choice, type Reply } from "../../src/index.js";
import { unhandledReply } from "../shared/unhandled-reply.js";

/** What the terminal shows for a batch of replies, and the options the numbers map to. */
export interface ConsoleView {
  text: string;
  choices: Choice[];
}

/** Strips control characters so content or echoed text can't move the cursor or recolour the terminal. */
export const safe = (s: string) => s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, "");

/** Renders replies as plain terminal text; options are numbered across the whole batch. */
export function renderConsole(replies: readonly Reply[], opts: { color?: boolean } = {}): ConsoleView {
  const out: string[] = [];
  const choices: Choice[] = [];
  const bold = (s: string) => (opts.color ? `\u001b[1m${s}\u001b[22m` : s);
  for (const r of replies) {
    switch (r.kind) {
      case "text":
        out.push(toSpans(r.text).map((s) => (s.bold ? bold(safe(s.text)) : safe(s.text))).join(""));
        break;
      case "choices":
        if (r.prompt) out.push(safe(r.prompt));
        for (const c of r.choices) {
          choices.push(c);
          out.push(`  ${choices.length}) ${safe(c.label)}`);
        }
        break;
      case "links":
        for (const k of r.links) out.push(`  🔗 ${safe(k.label)}: ${safe(k.url)}`);
        break;
      case "private":
        out.push(safe(r.text));
        choices.push({ id: r.choiceId, label: r.label });
        out.push(`  ${choices.length}) ${safe(r.label)}`);
        break;
      default:
        unhandledReply(r);
    }
  }
  return { text: out.join("\n"), choices };
}
