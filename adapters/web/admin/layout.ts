import type { AdminTable } from "./csv.js";
import { t, type AdminLocale } from "./strings.js";

/** Escapes text for HTML element content and double-quoted attributes. */
export const esc = (v: unknown): string =>
  String(v ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string);

/** The console's query: range, filters and language, carried along every link. */
export interface AdminQuery {
  since: string;
  channel?: string;
  locale?: string;
  /** A pack id, with several packs loaded. */
  pack?: string;
  lang: AdminLocale;
}

/** `path` with the query (and `extra`) as a URL. */
export function href(path: string, q: AdminQuery, extra: Record<string, string> = {}): string {
  const p = new URLSearchParams();
  p.set("since", q.since);
  if (q.channel) p.set("channel", q.channel);
  if (q.locale) p.set("locale", q.locale);
  if (q.pack) p.set("pack", q.pack);
  p.set("lang", q.lang);
  for (const [k, v] of Object.entries(extra)) p.set(k, v);
  return `${path}?${p.toString()}`;
}

export const NAV = [
  ["/admin", "overview"],
  ["/admin/answers", "answers"],
  ["/admin/unanswered", "unanswered"],
  ["/admin/tasks", "tasks"],
  ["/admin/scam", "scam"],
  ["/admin/handoffs", "handoffs"],
  ["/admin/content", "content"],
  ["/admin/report", "report"],
] as const;

/** A table with its caption and CSV link; `heat` shades number cells by their share of the maximum (class, not colour alone: the number stays). */
export function renderTable(tb: AdminTable, o: { caption: string; csv?: string; heat?: boolean }): string {
  const max = o.heat ? Math.max(1, ...tb.rows.flatMap((r) => r.filter((c): c is number => typeof c === "number"))) : 0;
  const td = (c: string | number | null) => {
    if (typeof c !== "number") return `<td>${esc(c ?? "–")}</td>`;
    const shade = o.heat ? ` class="num h${Math.min(5, Math.ceil((c / max) * 5))}"` : ' class="num"';
    return `<td${shade}>${c}</td>`;
  };
  const csv = o.csv ? ` <a class="csv" href="${esc(o.csv)}" download>CSV</a>` : "";
  return `<table id="t-${esc(tb.name)}" class="${o.heat ? "heat" : "data"}"><caption>${esc(o.caption)}${csv}</caption>
<thead><tr>${tb.headers.map((h) => `<th scope="col">${esc(h)}</th>`).join("")}</tr></thead>
<tbody>${tb.rows.length ? tb.rows.map((r) => `<tr>${r.map(td).join("")}</tr>`).join("\n") : `<tr><td colspan="${tb.headers.length}">–</td></tr>`}</tbody></table>`;
}

/** The whole page around `body`: navigation, filters, language switch, sign-out. */
export function layout(o: {
  lang: AdminLocale;
  title: string;
  path: string;
  q: AdminQuery;
  csrf: string;
  body: string;
  channels: string[];
  locales: string[];
  /** Pack ids seen in the events: the pack filter shows when there are several. */
  packs?: string[];
  scripts?: string[];
}): string {
  const { lang, q } = o;
  const nav = NAV.map(([p, k]) => `<a href="${esc(href(p, q))}"${p === o.path ? ' aria-current="page"' : ""}>${esc(t(lang, k))}</a>`).join(" ");
  const opt = (v: string, cur: string | undefined, label = v) => `<option value="${esc(v)}"${v === (cur ?? "") ? " selected" : ""}>${esc(label)}</option>`;
  const filters = `<form class="filters" method="get" action="${esc(o.path)}">
<label>${esc(t(lang, "range"))} <select name="since">${["1d", "7d", "30d", "all"].map((v) => opt(v, q.since)).join("")}</select></label>
<label>${esc(t(lang, "channel"))} <select name="channel" id="f-channel">${opt("", q.channel, t(lang, "all"))}${o.channels.map((c) => opt(c, q.channel)).join("")}</select></label>
<label>${esc(t(lang, "locale"))} <select name="locale">${opt("", q.locale, t(lang, "all"))}${o.locales.map((c) => opt(c, q.locale)).join("")}</select></label>
${(o.packs ?? []).length > 1 || q.pack ? `<label>${esc(t(lang, "pack"))} <select name="pack" id="f-pack">${opt("", q.pack, t(lang, "all"))}${(o.packs ?? []).map((c) => opt(c, q.pack)).join("")}</select></label>\n` : ""}<input type="hidden" name="lang" value="${esc(lang)}"><button type="submit" id="f-apply">${esc(t(lang, "apply"))}</button></form>`;
  const other = lang === "en" ? "ko" : "en";
  return `<!doctype html>
<html lang="${esc(lang)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(o.title)} · ${esc(t(lang, "title"))}</title>
<link rel="stylesheet" href="/admin/static/uplot.css"><link rel="stylesheet" href="/admin/static/admin.css"></head>
<body><header><strong>${esc(t(lang, "title"))}</strong>
<nav>${nav}</nav>
<a id="lang" href="${esc(href(o.path, { ...q, lang: other }))}" hreflang="${other}">${esc(t(lang, "language"))}</a>
<form method="post" action="/admin/logout" class="inline"><input type="hidden" name="_csrf" value="${esc(o.csrf)}"><button type="submit">${esc(t(lang, "logout"))}</button></form>
</header>
${filters}
<main><h1>${esc(o.title)}</h1>
${o.body}
<p class="note">${esc(t(lang, "utc"))}</p></main>
${(o.scripts ?? []).map((s) => `<script src="${esc(s)}"></script>`).join("\n")}
</body></html>`;
}

/** The sign-in page. */
export function loginPage(lang: AdminLocale, csrf: string, error?: string): string {
  return `<!doctype html>
<html lang="${esc(lang)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(t(lang, "title"))}</title><link rel="stylesheet" href="/admin/static/admin.css"></head>
<body class="login"><main><h1>${esc(t(lang, "title"))}</h1>
${error ? `<p class="error" role="alert">${esc(error)}</p>` : ""}
<form method="post" action="/admin/login?lang=${esc(lang)}">
<input type="hidden" name="_csrf" value="${esc(csrf)}">
<label>${esc(t(lang, "token"))} <input type="password" name="token" id="token" autocomplete="current-password" required></label>
<button type="submit" id="login">${esc(t(lang, "login"))}</button></form>
<p><a href="/admin/login?lang=${lang === "en" ? "ko" : "en"}">${esc(t(lang, "language"))}</a></p></main></body></html>`;
}
