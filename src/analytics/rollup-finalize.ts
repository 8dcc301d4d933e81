import { type Dashboard, oldestFirst, type TaskRow } from "./dashboard.js";
import { type Part, zeroEv } from "./rollup.js";
import { ratio, type StatsMetrics } from "./stats.js";
import { clusterUnanswered } from "./unanswered.js";
import type { Counts } from "./rollup-replay.js";

const counted = (m: Counts) => Object.entries(m).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));

/**
 * The dashboard of a part, the same as computeDashboard of the same events. `lists` are the
 * channels, locales and packs present before filtering; `now` picks "today" for closedToday.
 */
export function finalizePart(p: Part, lists: { channels: string[]; locales: string[]; packs: string[] }, opts: { top?: number; now?: string } = {}): Dashboard {
  const top = opts.top ?? 50;
  const today = (opts.now ?? new Date().toISOString()).slice(0, 10);
  const metrics = (k: string, c: string | undefined): StatsMetrics => {
    const e = p.ev[k] ?? zeroEv();
    const [conversations, deflected] = p.st.conv[c ?? k] ?? [0, 0];
    return {
      conversations,
      deflected,
      deflectionRate: ratio(deflected, conversations),
      messages: e.messages,
      fallbacks: e.fallbacks,
      fallbackRate: ratio(e.fallbacks, e.messages),
      feedbackUp: e.up,
      feedbackDown: e.down,
      helpfulness: ratio(e.up, e.up + e.down),
      handoffsRequested: e.requested,
      handoffsTaken: e.taken,
      handoffsClosed: e.closed,
    };
  };
  const slices = (prefix: string) =>
    Object.fromEntries(
      Object.keys(p.ev)
        .filter((k) => k.startsWith(prefix))
        .map((k) => k.slice(2))
        .sort()
        .map((k) => [k, metrics(`${prefix}${k}`, undefined)]),
    );
  const unanswered = clusterUnanswered(p.unanswered.values()).slice(0, top);
  const taskIds = [...new Set([...Object.keys(p.taskStarted), ...Object.keys(p.steps)])].sort();
  const tasks: TaskRow[] = taskIds.map((task) => {
    const started = p.taskStarted[task] ?? 0;
    const completed = p.st.completed[task] ?? 0;
    const steps = Object.entries(p.steps[task] ?? {})
      .sort((a, b) => (a[1][2] < b[1][2] ? -1 : a[1][2] > b[1][2] ? 1 : a[0] < b[0] ? -1 : 1))
      .map(([step, [done, skipped]]) => ({ step, done, skipped }));
    return { task, started, completed, abandoned: Math.max(0, started - completed), steps };
  });
  const topics = [...new Set([...Object.keys(p.topics), ...Object.keys(p.st.fallbackAfter).filter((t) => p.st.fallbackAfter[t])])].map((topic) => {
    const [answered, up, down] = p.topics[topic] ?? [0, 0, 0];
    const fallbackAfter = p.st.fallbackAfter[topic] ?? 0;
    return { topic, answered, up, down, fallbackAfter, attention: down * 3 + fallbackAfter * 2 - up };
  });
  return {
    stats: {
      from: p.from,
      to: p.to,
      events: p.events,
      total: metrics("t", "t"),
      byChannel: slices("c:"),
      byLocale: slices("l:"),
      topTopics: Object.entries(p.topics)
        .filter(([, v]) => v[0] > 0)
        .map(([topic, v]) => ({ topic, count: v[0] }))
        .sort((a, b) => b.count - a.count || (a.topic < b.topic ? -1 : 1))
        .slice(0, top),
      topUnanswered: unanswered,
      funnel: Object.keys(p.taskStarted)
        .sort()
        .map((task) => {
          const started = p.taskStarted[task] ?? 0;
          const completed = p.st.completed[task] ?? 0;
          return { task, started, completed, rate: ratio(completed, started) };
        }),
      moves: counted(p.moves).map(([move, count]) => ({ move, count })),
    },
    channels: [...lists.channels].sort(),
    locales: [...lists.locales].sort(),
    packs: [...lists.packs].sort(),
    openHandoffs: Object.values(p.st.open).sort(oldestFirst),
    closedToday: p.days[today]?.handoffsClosed ?? 0,
    days: Object.keys(p.days)
      .sort()
      .map((day) => {
        const [conversations, deflected] = p.st.conv[`d:${day}`] ?? [0, 0];
        return { day, conversations, deflected, ...p.days[day]! };
      }),
    heatmap: Array.from({ length: 7 }, (_, w) => p.heatmap.slice(w * 24, w * 24 + 24)),
    topics: topics.sort((a, b) => b.attention - a.attention || b.answered - a.answered || (a.topic < b.topic ? -1 : 1)),
    unanswered,
    picks: counted(p.picks).map(([topic, count]) => ({ topic, count })),
    unsureAsked: p.unsureAsked,
    tasks,
    scam: {
      checks: p.scam.checks,
      flagged: p.scam.flagged,
      flags: counted(p.scam.flags).map(([flag, count]) => ({ flag, count })),
      domains: counted(p.scam.domains)
        .slice(0, top)
        .map(([domain, count]) => ({ domain, count })),
      repeats: counted(p.scam.hashes)
        .filter(([, n]) => n > 1)
        .slice(0, top)
        .map(([hash, count]) => ({ hash, count })),
    },
  };
}
