import { parseArgs } from "node:util";
import { groupUnanswered, type UnansweredGroup } from "../analytics/unanswered.js";
import { createApp } from "../app.js";
import type { AnalyticsEvent } from "../store/state.js";
import type { CliIo } from "./main.js";
import { parseSince } from "./since.js";

const USAGE = `usage: afterleak unanswered [--format jsonl] [--since 30d]

The questions the bot could not answer (redacted), similar ones grouped, most frequent first,
as JSON Lines {"text","locale","count","lastSeen"}: ready to label and add to the pack.
--since  30d (default), 12h, 2w, a date such as 2026-11-20, or "all"
`;

/** One JSON line of the export: exactly `text`, `locale`, `count`, `lastSeen`. */
export const toJsonLine = (g: UnansweredGroup): string =>
  JSON.stringify({ text: g.text, locale: g.locale, count: g.count, lastSeen: g.lastSeen });

/**
 * `afterleak unanswered --format jsonl [--since 30d]`: exports the grouped unanswered questions
 * from the configured store. Exit code 2 on bad arguments.
 */
export async function unansweredCommand(args: string[], io: CliIo, now: () => Date = () => new Date()): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        format: { type: "string", default: "jsonl" },
        since: { type: "string", default: "30d" },
        help: { type: "boolean", short: "h", default: false },
      },
    }));
  } catch (err) {
    io.stderr.write(`${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  const { since, error } = parseSince(values.since, now());
  if (error || values.format !== "jsonl") {
    io.stderr.write(`${error ?? `--format: only jsonl is supported; got '${values.format}'`}\n\n${USAGE}`);
    return 2;
  }
  const app = await createApp(io.env);
  try {
    const events: AnalyticsEvent[] = [];
    for await (const e of app.store.events(since)) if (e.type === "fallback") events.push(e);
    for (const g of groupUnanswered(events)) io.stdout.write(`${toJsonLine(g)}\n`);
    return 0;
  } finally {
    await app.close();
  }
}
