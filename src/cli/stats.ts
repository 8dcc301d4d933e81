import { computeStats, type StatsMetrics, type StatsSummary } from "../analytics/stats.js";
import { broadcastFigures, type BroadcastFigures } from "../broadcast/run.js";
import { parseEventArgs, readEvents, usageError } from "./event-command.js";
import type { CliIo } from "./io.js";

const USAGE = `usage: afterleak stats [--since 7d] [--json] [--top 10] [--pack ID]

Conversations, deflection rate, fallback rate, helpfulness, top topics, top unanswered questions
(redacted, similar ones grouped), task funnel, split by channel and locale; each broadcast's
deliveries (sent, failed, unsubscribed, remaining; all of them, whatever --since says).
--since  7d (default), 12h, 30m, 2w, a date such as 2026-11-20, or "all"
--json   the summary as JSON
--top    length of the top lists (default 10)
--pack   only one pack's events (a deployment of several packs)
Definitions: docs/support.md.
`;

const pct = (r: number | null) => (r === null ? "–" : `${(r * 100).toFixed(1)}%`);
const frac = (a: number, b: number, r: number | null) => `${a}/${b} ${b ? `(${pct(r)})` : ""}`.trim();
const day = (iso: string) => iso.slice(0, 16).replace("T", " ");

function row(label: string, m: StatsMetrics): string[] {
  return [
    label,
    String(m.conversations),
    frac(m.deflected, m.conversations, m.deflectionRate),
    frac(m.fallbacks, m.messages, m.fallbackRate),
    frac(m.feedbackUp, m.feedbackUp + m.feedbackDown, m.helpfulness),
    `${m.handoffsRequested}/${m.handoffsTaken}/${m.handoffsClosed}`,
  ];
}

function table(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => [...(r[i] ?? "")].length))) ?? [];
  return rows.map((r) => `  ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("   ")}`.trimEnd());
}

/**
 * The human-readable report of `afterleak stats`.
 *
 * @example formatStats(computeStats(events), { since: new Date("2026-11-20") })
 */
export function formatStats(s: StatsSummary, opts: { since?: Date; broadcasts?: readonly BroadcastFigures[] } = {}): string {
  const window = opts.since ? `since ${day(opts.since.toISOString())} UTC` : "all retained events";
  const span = s.from && s.to ? ` (${day(s.from)} … ${day(s.to)} UTC)` : "";
  const lines = [`afterleak stats, ${window}${span}: ${s.events} events`, ""];
  lines.push(
    ...table([
      ["", "conversations", "deflected", "fallbacks/messages", "helpful up/rated", "handoffs asked/taken/closed"],
      row("all", s.total),
      ...Object.entries(s.byChannel).map(([k, m]) => row(`channel ${k}`, m)),
      ...Object.entries(s.byLocale).map(([k, m]) => row(`locale ${k}`, m)),
    ]),
  );
  lines.push("", "Top topics");
  lines.push(...(s.topTopics.length ? s.topTopics.map((t) => `  ${String(t.count).padStart(5)}  ${t.topic}`) : ["  (none)"]));
  lines.push("", "Top unanswered questions (redacted, similar ones grouped; export: afterleak unanswered)");
  lines.push(
    ...(s.topUnanswered.length
      ? s.topUnanswered.map((u) => `  ${String(u.count).padStart(5)}  [${u.locale}] ${u.text}  (last ${u.lastSeen.slice(0, 10)})`)
      : ["  (none)"]),
  );
  lines.push("", "Task funnel (started -> completed)");
  lines.push(...(s.funnel.length ? table(s.funnel.map((f) => [f.task, String(f.started), "->", String(f.completed), `(${pct(f.rate)})`])) : ["  (none)"]));
  lines.push("", "Conversational moves (greetings, thanks, feelings; alone or before a question)");
  lines.push(...(s.moves.length ? s.moves.map((m) => `  ${String(m.count).padStart(5)}  ${m.move}`) : ["  (none)"]));
  if (opts.broadcasts) {
    lines.push("", "Broadcasts (afterleak broadcast; newest first)");
    lines.push(
      ...(opts.broadcasts.length
        ? table([
            ["update", "last run (UTC)", "sent", "failed", "unsubscribed", "unconfirmed", "remaining"],
            ...opts.broadcasts.map((b) => [b.id, day(b.at), String(b.sent), String(b.failed), String(b.unsubscribed), String(b.unconfirmed), String(b.remaining)]),
          ])
        : ["  (none)"]),
    );
  }
  lines.push(
    "",
    "deflected: conversations with no handoff request and no unanswered question.",
    "fallbacks/messages: free-text messages the bot could not answer, of all it handled. See docs/support.md.",
  );
  return `${lines.join("\n")}\n`;
}

/**
 * `afterleak stats [--since 7d] [--json] [--top 10]`: support statistics from the configured
 * store. Exit code 2 on bad arguments.
 */
export async function statsCommand(args: string[], io: CliIo, now: () => Date = () => new Date()): Promise<number> {
  const parsed = parseEventArgs(args, io, now(), {
    usage: USAGE,
    since: "7d",
    options: { json: { type: "boolean", default: false }, top: { type: "string", default: "10" } },
  });
  if (typeof parsed === "number") return parsed;
  const { values, since, inPack } = parsed;
  const top = Number(values.top);
  if (!Number.isInteger(top) || top < 1) return usageError(io, USAGE, "--top: expected a whole number of at least 1");
  let broadcasts: BroadcastFigures[] = [];
  const events = await readEvents(io.env, since, inPack, async (store) => void (broadcasts = await broadcastFigures(store)));
  const summary = computeStats(events, { top });
  io.stdout.write(values.json ? `${JSON.stringify({ since: since?.toISOString() ?? null, ...summary, broadcasts }, null, 2)}\n` : formatStats(summary, { since, broadcasts }));
  return 0;
}
