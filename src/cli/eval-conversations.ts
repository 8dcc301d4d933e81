import { parseArgs } from "node:util";
import { z } from "zod";
import type { ContentPack } from "../content/pack.js";
import { createEngine } from "../engine/engine.js";
import { isCommandName, type InboundEvent, type UserRef } from "../engine/events.js";
import type { TurnOutcome } from "../engine/outcome.js";
import type { Matcher } from "../matcher/matcher.js";
import { createMemoryStore } from "../store/memory.js";
import { pctOf, section, textOf, writeReport } from "./figures.js";
import { readJsonLines } from "./json-lines.js";

/** The expected outcome of a conversation's last turn. */
const expectSchema = z.union([
  z.strictObject({ topic: z.string().nullable() }),
  z.strictObject({ move: z.string().min(1) }),
  z.strictObject({ pending: z.enum(["feedback", "forget", "task-step", "list"]), value: z.union([z.string(), z.number()]) }),
]);
/** One labelled conversation: user turns (texts or "/commands") and what its last turn must do. */
export const conversationCaseSchema = z.object({
  id: z.string().min(1),
  locale: z.string().optional(),
  turns: z.array(z.string()).min(1),
  expect: expectSchema,
});
export type ConversationCase = z.infer<typeof conversationCaseSchema>;

/** Figures of `afterleak eval-conversations`. */
export interface ConversationReport {
  total: number;
  correct: number;
  accuracy: number;
  /** Per kind of expectation (topic, fallback, move, pending). */
  byKind: Record<string, { total: number; correct: number }>;
  /** Conversations whose last reply was not in the conversation's locale (when it names one). */
  wrongLocale: number;
  /** Their ids. */
  wrongLocaleIds: string[];
  failures: { id: string; expected: ConversationCase["expect"]; got: TurnOutcome; locale: string }[];
}

const START = Date.parse("2026-11-27T09:00:00.000Z");
/** Seconds between the turns of a conversation on the fixed clock. */
const TURN_GAP_MS = 20_000;

/** Turns one scripted user line into an event: `/start [payload]`, `/command [args]`, or text. */
function toEvent(line: string, user: UserRef): InboundEvent {
  const cmd = /^\/(\w+)(?:\s+(.*))?$/.exec(line.trim());
  const name = cmd?.[1]?.toLowerCase() ?? "";
  const args = cmd?.[2];
  if (name === "start") return { kind: "start", user, ...(args ? { payload: args } : {}) };
  if (isCommandName(name)) return { kind: "command", command: name, user, ...(args ? { args } : {}) };
  return { kind: "text", text: line, user };
}

const kindOf = (e: ConversationCase["expect"]): string =>
  "move" in e ? "move" : "pending" in e ? "pending" : e.topic === null ? "fallback" : "topic";

/** True when the outcome is what the case expects. A "did you mean" counts only if its first option is the topic. */
export function outcomeMatches(expect: ConversationCase["expect"], got: TurnOutcome): boolean {
  if ("move" in expect) return got.kind === "move" && got.move === expect.move;
  if ("pending" in expect) {
    if (got.kind !== "pending") return false;
    const kind = got.pending === "did-you-mean" || got.pending === "pick-list" ? "list" : got.pending;
    const want = String(expect.value);
    return kind === expect.pending && (got.value === want || (got.answer !== undefined && String(got.answer) === want));
  }
  if (expect.topic === null) return got.kind === "fallback";
  return got.kind === "topic" && got.topic === expect.topic;
}

/**
 * Runs each conversation through a fresh engine (memory store, fixed clock, one user per
 * conversation, no platform locale hint) and checks the last turn's outcome.
 */
export async function evaluateConversations(pack: ContentPack, matcher: Matcher, cases: readonly ConversationCase[]): Promise<ConversationReport> {
  const store = createMemoryStore();
  let now = START;
  const engine = createEngine({ pack, store, matcher, secret: "eval-conversations-secret-0000000", clock: () => new Date(now) });
  const report: ConversationReport = { total: 0, correct: 0, accuracy: 1, byKind: {}, wrongLocale: 0, wrongLocaleIds: [], failures: [] };
  for (const c of cases) {
    const user: UserRef = { platform: "eval", userId: c.id, chat: "private" };
    let got: TurnOutcome = { kind: "other", what: "nothing" };
    let locale = "";
    for (const line of c.turns) {
      now += TURN_GAP_MS;
      const r = await engine.handle(toEvent(line, user));
      got = r.outcome ?? { kind: "other", what: "none" };
      locale = r.locale;
    }
    const ok = outcomeMatches(c.expect, got);
    const k = (report.byKind[kindOf(c.expect)] ??= { total: 0, correct: 0 });
    k.total++;
    report.total++;
    if (ok) {
      k.correct++;
      report.correct++;
    } else report.failures.push({ id: c.id, expected: c.expect, got, locale });
    if (c.locale && pack.meta.locales.includes(c.locale) && locale !== c.locale) {
      report.wrongLocale++;
      report.wrongLocaleIds.push(c.id);
    }
  }
  report.accuracy = report.total ? Math.round((report.correct / report.total) * 1000) / 1000 : 1;
  return report;
}

/** Reads a JSON Lines file of conversations; malformed lines are reported as `file:line: message`. */
export async function readConversations(file: string): Promise<{ cases: ConversationCase[]; errors: string[] }> {
  const { items: cases, errors } = await readJsonLines(file, (value): ConversationCase => {
    const r = conversationCaseSchema.safeParse(value);
    if (r.success) return r.data;
    throw new Error(r.error.issues.map((x) => `${x.path.join(".") || "line"}: ${x.message}`).join("; "));
  });
  return { cases, errors };
}

/** Human-readable report. */
export function formatConversationReport(r: ConversationReport): string {
  const lines = [
    `conversations: ${r.total}`,
    `last turn correct: ${pctOf(r.correct, r.total)} (${r.correct}/${r.total})`,
    ...Object.entries(r.byKind).map(([k, v]) => `  ${k}: ${pctOf(v.correct, v.total)} (${v.correct}/${v.total})`),
    `reply not in the conversation's locale: ${r.wrongLocale}${r.wrongLocale ? ` (${r.wrongLocaleIds.join(", ")})` : ""}`,
  ];
  lines.push(...section("failures (expected -> got):", r.failures.map((f) => `  ${f.id}: ${JSON.stringify(f.expected)} -> ${JSON.stringify(f.got)} [${f.locale}]`)));
  return textOf(lines);
}

/** `afterleak eval-conversations FILE [--json]`. */
export async function evalConversationsCommand(
  args: string[],
  io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream },
  load: () => Promise<{ pack: ContentPack; matcher: Matcher }>,
): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: "boolean" } } });
  const file = positionals[0];
  if (!file) {
    io.stderr.write("usage: afterleak eval-conversations FILE [--json]\n");
    return 2;
  }
  const { cases, errors } = await readConversations(file);
  for (const e of errors) io.stderr.write(`${e}\n`);
  const { pack, matcher } = await load();
  const report = await evaluateConversations(pack, matcher, cases);
  writeReport(io.stdout, values.json, report, () => formatConversationReport(report));
  return errors.length ? 1 : 0;
}
