import { parseArgs, type ParseArgsConfig } from "node:util";
import { createApp } from "../app.js";
import type { AnalyticsEvent } from "../store/state.js";
import type { Store } from "../store/store.js";
import type { CliIo } from "./io.js";
import { parseSince } from "./since.js";

type Options = NonNullable<ParseArgsConfig["options"]>;

const COMMON = {
  since: { type: "string" },
  /** Only the events of one pack (a deployment of several packs tags each event with its pack). */
  pack: { type: "string" },
  help: { type: "boolean", short: "h", default: false },
} as const;

type Values<O extends Options> = ReturnType<typeof parseArgs<{ args: string[]; options: O & typeof COMMON }>>["values"];

/** What {@link parseEventArgs} hands back when the command goes on. */
export interface EventArgs<O extends Options> {
  values: Values<O>;
  /** The start of the window; undefined for `--since all`. */
  since: Date | undefined;
  /** Keeps the events of `--pack ID` only (every event without the option). */
  inPack: (e: AnalyticsEvent) => boolean;
}

/**
 * Writes `message` and the usage to stderr; returns exit code 2 (bad arguments).
 *
 * @example if (top < 1) return usageError(io, USAGE, "--top: expected a whole number of at least 1");
 */
export function usageError(io: CliIo, usage: string, message: string): 2 {
  io.stderr.write(`${message}\n\n${usage}`);
  return 2;
}

/**
 * Parses the arguments of a command that reads analytics events (`stats`, `unanswered`):
 * the command's own `options` plus `--since` (defaulting to `since`), `--pack ID` and `-h/--help`.
 * Returns the exit code instead when the command should stop: 0 after printing the usage for
 * `--help`, 2 after printing the problem and the usage for bad arguments or a bad `--since`.
 *
 * @example const parsed = parseEventArgs(args, io, now(), { usage: USAGE, since: "7d", options: { json: { type: "boolean", default: false } } });
 * if (typeof parsed === "number") return parsed;
 */
export function parseEventArgs<O extends Options>(
  args: string[],
  io: CliIo,
  now: Date,
  spec: { usage: string; since: string; options: O },
): EventArgs<O> | number {
  let values: Values<O>;
  try {
    ({ values } = parseArgs({ args, options: { ...spec.options, ...COMMON } }));
  } catch (err) {
    return usageError(io, spec.usage, (err as Error).message);
  }
  const common = values as { since?: string; help?: boolean; pack?: string };
  if (common.help) {
    io.stdout.write(spec.usage);
    return 0;
  }
  const { since, error } = parseSince(common.since ?? spec.since, now);
  const pack = common.pack;
  return error ? usageError(io, spec.usage, error) : { values, since, inPack: pack ? (e) => e.pack === pack : () => true };
}

/**
 * The analytics events since `since` (all when undefined) that pass `keep`, read from the store
 * the environment configures, which is closed again afterwards.
 */
export async function readEvents(
  env: CliIo["env"],
  since: Date | undefined,
  keep: (e: AnalyticsEvent) => boolean = () => true,
  /** Reads more from the same store before it is closed (e.g. `stats`' broadcast figures). */
  also?: (store: Store) => Promise<void>,
): Promise<AnalyticsEvent[]> {
  const app = await createApp(env);
  try {
    const events: AnalyticsEvent[] = [];
    for await (const e of app.store.events(since)) if (keep(e)) events.push(e);
    await also?.(app.store);
    return events;
  } finally {
    await app.close();
  }
}
