import type { Dashboard, StatsSummary } from "../../../src/index.js";
import type { AdminTable } from "./csv.js";
import { esc, href, renderTable, type AdminQuery } from "./layout.js";
import { t, type AdminLocale, type AdminStringKey } from "./strings.js";

/** A console page: its tables (each also a CSV) and the HTML around them. */
export interface AdminPage {
  title: string;
  tables: AdminTable[];
  html: string;
  scripts?: string[];
}

type Metrics = StatsSummary["total"];
const pct = (r: number | null) => (r === null ? null : `${(r * 100).toFixed(1)}%`);

const METRIC_KEYS = [
  "conversations",
  "deflected",
  "deflectionRate",
  "messages",
  "fallbacks",
  "fallbackRate",
  "feedbackUp",
  "feedbackDown",
  "helpfulness",
  "handoffsRequested",
  "handoffsTaken",
  "handoffsClosed",
] as const satisfies readonly (keyof Metrics & AdminStringKey)[];

const metricRow = (label: string, m: Metrics) =>
  [label, ...METRIC_KEYS.map((k) => (k.endsWith("Rate") || k === "helpfulness" ? pct(m[k] as number | null) : (m[k] as number)))];

/** Renders the tables of `page` in order with captions and CSV links. */
function tables(page: { tables: AdminTable[] }, lang: AdminLocale, path: string, q: AdminQuery, captions: Record<string, string>, heat: string[] = []) {
  return page.tables
    .map((tb) => renderTable(tb, { caption: captions[tb.name] ?? tb.name, csv: href(path, q, { format: "csv", table: tb.name }), heat: heat.includes(tb.name) }))
    .join("\n");
}

/** Overview: headline figures by slice, per day (table + chart), heatmap. */
export function overviewPage(d: Dashboard, lang: AdminLocale, q: AdminQuery, path = "/admin", byPack: Record<string, Metrics> = {}): AdminPage {
  const s = d.stats;
  const headline = q.locale ? (s.byLocale[q.locale] ?? s.total) : s.total;
  const summary: AdminTable = {
    name: "summary",
    headers: [t(lang, "slice"), ...METRIC_KEYS.map((k) => t(lang, k))],
    rows: [
      metricRow(t(lang, "all"), headline),
      ...Object.entries(s.byChannel).map(([k, m]) => metricRow(`${t(lang, "channel")}: ${k}`, m)),
      ...Object.entries(s.byLocale).map(([k, m]) => metricRow(`${t(lang, "locale")}: ${k}`, m)),
      // With several packs: each pack's figures (the same filters, that pack only).
      ...Object.entries(byPack).map(([k, m]) => metricRow(`${t(lang, "pack")}: ${k}`, m)),
    ],
  };
  const days: AdminTable = {
    name: "days",
    headers: [t(lang, "day"), t(lang, "conversations"), t(lang, "deflected"), t(lang, "messages"), t(lang, "fallbacks"), t(lang, "handoffsRequested"), t(lang, "feedbackUp"), t(lang, "feedbackDown")],
    rows: d.days.map((r) => [r.day, r.conversations, r.deflected, r.messages, r.fallbacks, r.handoffsRequested, r.feedbackUp, r.feedbackDown]),
  };
  const wd = t(lang, "weekdays").split(",");
  const heat: AdminTable = {
    name: "heatmap",
    headers: [t(lang, "weekday"), ...Array.from({ length: 24 }, (_, h) => String(h).padStart(2, "0"))],
    rows: d.heatmap.map((row, i) => [wd[i] ?? String(i), ...row]),
  };
  const cards = (["conversations", "deflectionRate", "fallbackRate", "helpfulness", "handoffsRequested"] as const)
    .map((k) => {
      const v = headline[k];
      return `<div class="card"><span class="label">${esc(t(lang, k))}</span> <span class="value" id="m-${k}">${esc(typeof v === "number" && !k.endsWith("Rate") && k !== "helpfulness" ? v : (pct(v as number | null) ?? "–"))}</span></div>`;
    })
    .join("");
  const page: AdminPage = { title: t(lang, "overview"), tables: [summary, days, heat], html: "", scripts: ["/admin/static/uplot.js", "/admin/static/admin.js"] };
  page.html = `<p>${esc(t(lang, "events", { n: s.events }))}</p><div class="cards">${cards}</div>
<figure id="chart" data-title="${esc(t(lang, "chart"))}" data-series="${esc([t(lang, "conversations"), t(lang, "fallbacks"), t(lang, "handoffsRequested")].join("|"))}"></figure>
${tables(page, lang, path, q, { summary: t(lang, "overview"), days: t(lang, "perDay"), heatmap: t(lang, "heatmap") }, ["heatmap"])}`;
  return page;
}

/** Answers: every topic, what needs attention first. */
export function answersPage(d: Dashboard, lang: AdminLocale, q: AdminQuery): AdminPage {
  const page: AdminPage = {
    title: t(lang, "answers"),
    tables: [
      {
        name: "topics",
        headers: [t(lang, "topic"), t(lang, "answered"), t(lang, "feedbackUp"), t(lang, "feedbackDown"), t(lang, "fallbackAfter"), t(lang, "attention")],
        rows: d.topics.map((r) => [r.topic, r.answered, r.up, r.down, r.fallbackAfter, r.attention]),
      },
    ],
    html: "",
  };
  page.html = tables(page, lang, "/admin/answers", q, { topics: t(lang, "answers") });
  return page;
}

/** Unanswered: grouped questions, each with the forms that turn it into pack YAML. */
export function unansweredPage(d: Dashboard, lang: AdminLocale, q: AdminQuery, o: { csrf: string; topics: { id: string; label: string }[] }): AdminPage {
  const groups: AdminTable = {
    name: "unanswered",
    headers: [t(lang, "question"), t(lang, "locale"), t(lang, "count"), t(lang, "lastSeen")],
    rows: d.unanswered.map((g) => [g.text, g.locale, g.count, g.lastSeen.slice(0, 16).replace("T", " ")]),
  };
  const picks: AdminTable = { name: "picks", headers: [t(lang, "topic"), t(lang, "count")], rows: d.picks.map((p) => [p.topic, p.count]) };
  const options = o.topics.map((tp) => `<option value="${esc(tp.id)}">${esc(tp.id)}: ${esc(tp.label)}</option>`).join("");
  const forms = d.unanswered
    .map(
      (g, i) => `<li class="group"><q>${esc(g.text)}</q> <span class="meta">[${esc(g.locale)}] × ${g.count}</span>
<form method="post" action="/admin/snippet?lang=${esc(lang)}" class="snippet" id="snippet-${i}">
<input type="hidden" name="_csrf" value="${esc(o.csrf)}"><input type="hidden" name="text" value="${esc(g.text)}"><input type="hidden" name="locale" value="${esc(g.locale)}">
<label>${esc(t(lang, "addPhrases"))} <select name="topic"><option value="">${esc(t(lang, "newTopic"))}</option>${options}</select></label>
<button type="submit">${esc(t(lang, "makeSnippet"))}</button></form></li>`,
    )
    .join("\n");
  const page: AdminPage = { title: t(lang, "unanswered"), tables: [groups, picks], html: "" };
  page.html = `${tables(page, lang, "/admin/unanswered", q, { unanswered: t(lang, "unanswered"), picks: t(lang, "picks") })}
<p>${esc(t(lang, "unsureAsked", { n: d.unsureAsked }))}</p>
<ol class="groups">${forms}</ol>`;
  return page;
}

/** Tasks: started, each step, done, abandoned. */
export function tasksPage(d: Dashboard, lang: AdminLocale, q: AdminQuery): AdminPage {
  const steps: AdminTable = {
    name: "steps",
    headers: [t(lang, "task"), t(lang, "step", { s: "" }).trim(), t(lang, "completed"), t(lang, "skipped")],
    rows: d.tasks.flatMap((f) => f.steps.map((s) => [f.task, s.step, s.done, s.skipped])),
  };
  const funnel: AdminTable = {
    name: "funnel",
    headers: [t(lang, "task"), t(lang, "started"), t(lang, "completed"), t(lang, "abandoned")],
    rows: d.tasks.map((f) => [f.task, f.started, f.completed, f.abandoned]),
  };
  const page: AdminPage = { title: t(lang, "tasks"), tables: [funnel, steps], html: "" };
  page.html = tables(page, lang, "/admin/tasks", q, { funnel: t(lang, "tasks"), steps: t(lang, "step", { s: "" }).trim() });
  return page;
}

/** Scam wave: checks per day, flag kinds, domains, repeated messages. */
export function scamPage(d: Dashboard, lang: AdminLocale, q: AdminQuery, lureLabel: (id: string) => string = (id) => id): AdminPage {
  const sc = d.scam;
  // A check's flags are its kinds and `lure:<id>` per pack lure it used (src/scam/event-flags.ts).
  const lures = sc.flags.filter((f) => f.flag.startsWith("lure:"));
  const page: AdminPage = {
    title: t(lang, "scam"),
    tables: [
      { name: "scam-days", headers: [t(lang, "day"), t(lang, "checks"), t(lang, "flagged")], rows: d.days.filter((r) => r.scamChecks > 0).map((r) => [r.day, r.scamChecks, r.scamFlagged]) },
      { name: "scam-flags", headers: [t(lang, "flag"), t(lang, "count")], rows: sc.flags.filter((f) => !f.flag.startsWith("lure:")).map((f) => [f.flag, f.count]) },
      { name: "scam-lures", headers: [t(lang, "lure"), t(lang, "lureId"), t(lang, "seen")], rows: lures.map((f) => [lureLabel(f.flag.slice(5)), f.flag.slice(5), f.count]) },
      { name: "scam-domains", headers: [t(lang, "domain"), t(lang, "count")], rows: sc.domains.map((f) => [f.domain, f.count]) },
      { name: "scam-repeats", headers: [t(lang, "hash"), t(lang, "seen")], rows: sc.repeats.map((f) => [f.hash, f.count]) },
    ],
    html: "",
  };
  page.html =
    sc.checks === 0
      ? `<p id="scam-none">${esc(t(lang, "scamNone"))}</p>`
      : `<p>${esc(t(lang, "checks"))}: ${sc.checks} · ${esc(t(lang, "flagged"))}: ${sc.flagged}</p>` +
        tables(page, lang, "/admin/scam", q, { "scam-days": t(lang, "perDay"), "scam-flags": t(lang, "flag"), "scam-lures": t(lang, "lures"), "scam-domains": t(lang, "domain"), "scam-repeats": t(lang, "repeats") });
  return page;
}

/** An open ticket as the handoffs page lists it: the ticket id and platform thread come from the user's state. */
export interface OpenTicketRow {
  ticket?: string;
  channel: string;
  locale: string;
  since: string;
  taken: boolean;
  /** A link to the ticket's thread on its platform, when the deployment knows how to make one. */
  link?: string;
}

const age = (lang: AdminLocale, since: string, now: Date) => {
  const min = Math.max(0, Math.floor((now.getTime() - Date.parse(since)) / 60_000));
  return t(lang, "ageFmt", { h: Math.floor(min / 60), m: min % 60 });
};

/** Handoffs: open tickets with their age, closed today, and asked, taken and closed per day. */
export function handoffsPage(d: Dashboard, lang: AdminLocale, q: AdminQuery, open: OpenTicketRow[] = [], now = new Date()): AdminPage {
  const page: AdminPage = {
    title: t(lang, "handoffs"),
    tables: [
      {
        name: "open-tickets",
        headers: [t(lang, "ticket"), t(lang, "channel"), t(lang, "locale"), t(lang, "lastSeen"), t(lang, "age"), t(lang, "status"), t(lang, "thread")],
        rows: open.map((r) => [r.ticket ? `#${r.ticket}` : "–", r.channel, r.locale, r.since.slice(0, 16).replace("T", " "), age(lang, r.since, now), t(lang, r.taken ? "taken" : "waiting"), r.link ?? null]),
      },
      {
        name: "handoffs",
        headers: [t(lang, "day"), t(lang, "handoffsRequested"), t(lang, "handoffsTaken"), t(lang, "handoffsClosed")],
        rows: d.days.map((r) => [r.day, r.handoffsRequested, r.handoffsTaken, r.handoffsClosed]),
      },
    ],
    html: "",
  };
  const html = tables(page, lang, "/admin/handoffs", q, { "open-tickets": t(lang, "openTickets"), handoffs: t(lang, "handoffs") });
  // Thread links as links (the table cell holds the URL as text; only http(s) URLs are linked).
  const linked = open.reduce((h, r) => (r.link && /^https?:\/\//.test(r.link) ? h.replace(`<td>${esc(r.link)}</td>`, `<td><a href="${esc(r.link)}" rel="noreferrer">${esc(r.link)}</a></td>`) : h), html);
  page.html = `<p id="closed-today">${esc(t(lang, "closedToday", { n: d.closedToday }))}</p><p class="note">${esc(t(lang, "handoffsNote"))}</p>${linked}`;
  return page;
}

/** The printable weekly report: headline, per day, top topics and top unanswered on one page. */
export function reportPage(d: Dashboard, lang: AdminLocale, q: AdminQuery, byPack: Record<string, Metrics> = {}): AdminPage {
  const o = overviewPage(d, lang, q, "/admin/report", byPack);
  const a = answersPage(d, lang, q);
  const u = unansweredPage(d, lang, q, { csrf: "", topics: [] });
  const top = (tb: AdminTable | undefined, n: number): AdminTable | undefined => tb && { ...tb, rows: tb.rows.slice(0, n) };
  const list = [o.tables[0], o.tables[1], top(a.tables[0], 10), top(u.tables[0], 10)].filter((x): x is AdminTable => !!x);
  const page: AdminPage = { title: t(lang, "report"), tables: list, html: "" };
  page.html = `<p>${esc(t(lang, "weekOf", { d: (d.stats.to ?? "").slice(0, 10) || "–" }))} · ${esc(t(lang, "events", { n: d.stats.events }))}</p>
<p class="noprint"><button type="button" id="print">${esc(t(lang, "print"))}</button></p>
${tables(page, lang, "/admin/report", q, { summary: t(lang, "overview"), days: t(lang, "perDay"), topics: t(lang, "answers"), unanswered: t(lang, "unanswered") })}`;
  page.scripts = ["/admin/static/admin.js"];
  return page;
}
