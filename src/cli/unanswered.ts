import { labelledExamples, unansweredAsks, type LabelledExample } from "../analytics/labelled.js";
import { groupUnanswered, type UnansweredGroup } from "../analytics/unanswered.js";
import { parseEventArgs, readEvents, usageError } from "./event-command.js";
import type { CliIo } from "./io.js";

const USAGE = `usage: afterleak unanswered [--format jsonl] [--since 30d] [--pack ID]

The questions the bot could not answer (redacted), similar ones grouped, most frequent first,
as JSON Lines {"text","locale","count","lastSeen"}: ready to label and add to the pack.
Then the questions users labelled themselves in "Is it one of these?", as
{"text","locale","label","count","lastSeen"} (label = the topic they picked).
--since  30d (default), 12h, 2w, a date such as 2026-11-20, or "all"
--pack   only one pack's questions (a deployment of several packs)
`;

/** One JSON line of the export: exactly `text`, `locale`, `count`, `lastSeen`. */
export const toJsonLine = (g: UnansweredGroup): string =>
  JSON.stringify({ text: g.text, locale: g.locale, count: g.count, lastSeen: g.lastSeen });

/** One JSON line of a labelled example: `text`, `locale`, `label`, `count`, `lastSeen`. */
export const toLabelledLine = (x: LabelledExample): string =>
  JSON.stringify({ text: x.text, locale: x.locale, label: x.label, count: x.count, lastSeen: x.lastSeen });

/**
 * `afterleak unanswered --format jsonl [--since 30d]`: exports the grouped unanswered questions
 * from the configured store. Exit code 2 on bad arguments.
 */
export async function unansweredCommand(args: string[], io: CliIo, now: () => Date = () => new Date()): Promise<number> {
  const parsed = parseEventArgs(args, io, now(), { usage: USAGE, since: "30d", options: { format: { type: "string", default: "jsonl" } } });
  if (typeof parsed === "number") return parsed;
  const { values, since, inPack } = parsed;
  if (values.format !== "jsonl") return usageError(io, USAGE, `--format: only jsonl is supported; got '${values.format}'`);
  const events = await readEvents(io.env, since, (e) => inPack(e) && (e.type === "fallback" || e.type === "unsure_asked" || e.type === "unsure_picked"));
  for (const g of groupUnanswered([...events, ...unansweredAsks(events)])) io.stdout.write(`${toJsonLine(g)}\n`);
  for (const x of labelledExamples(events)) io.stdout.write(`${toLabelledLine(x)}\n`);
  return 0;
}
