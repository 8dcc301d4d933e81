import { MessageFlags, type ChatInputCommandInteraction } from "discord.js";
import { computeStats, formatStats, parseSince, type AnalyticsEvent, type Store } from "../../src/index.js";
import { moderatorRefusal } from "./admin.js";
import { LIMITS } from "./limits.js";
import { ephemeral } from "./reply.js";
import { str } from "./strings.js";

/** Which traffic `/leak-admin stats` sums up. */
export type StatsScope = "discord" | "all";

/** What `/leak-admin stats` was asked. */
export interface StatsRequest {
  since: string;
  scope: StatsScope;
  /** True in the server that holds the support role: only there are unanswered questions shown. */
  home: boolean;
}

const FENCE = "```";
const HEADER = "Top unanswered questions";

/** Hides the unanswered questions (redacted text of users, possibly from other servers). */
function withoutQuestions(report: string, locale: string): string {
  return report
    .split("\n\n")
    .map((block) => (block.startsWith(HEADER) ? str("statsQuestionsHidden", locale) : block))
    .join("\n\n");
}

/**
 * The `afterleak stats` report as one Discord message: a code block under 2,000 characters
 * (shorter top lists, then cut lines, when it is long). User text inside cannot close the block.
 */
export function renderStats(events: readonly AnalyticsEvent[], req: StatsRequest & { sinceDate?: Date; locale: string }): string {
  const scoped = req.scope === "all" ? events : events.filter((e) => e.channel === "discord");
  const budget = LIMITS.content - FENCE.length * 2 - 2;
  let body = "";
  for (const top of [5, 3, 1]) {
    const report = formatStats(computeStats(scoped, { top }), req.sinceDate ? { since: req.sinceDate } : {});
    body = (req.home ? report : withoutQuestions(report, req.locale)).trimEnd().replaceAll(FENCE, "`\u200b``");
    if (body.length <= budget) break;
  }
  if (body.length > budget) body = `${body.slice(0, budget - 1)}…`;
  return `${FENCE}\n${body}\n${FENCE}`;
}

/**
 * `/leak-admin stats [since] [scope]`: the support statistics as a private message, for members
 * with Manage Server. Discord traffic by default (events carry no server, so this is every
 * server the bot is in); `scope: all` adds the other channels.
 */
export async function postStats(i: ChatInputCommandInteraction, store: Store, req: StatsRequest, locale: string, now = new Date()): Promise<void> {
  const refusal = moderatorRefusal(i);
  if (refusal) return void (await i.reply(ephemeral(str(refusal, locale))));
  const { since, error } = parseSince(req.since, now);
  if (error) return void (await i.reply(ephemeral(str("statsBadSince", locale))));
  await i.deferReply({ flags: MessageFlags.Ephemeral });
  const events: AnalyticsEvent[] = [];
  for await (const e of store.events(since)) events.push(e);
  const content = renderStats(events, { ...req, locale, ...(since ? { sinceDate: since } : {}) });
  await i.editReply({ content, allowedMentions: { parse: [] } });
}
