import { lintPack, parsePackDir, type Engine } from "../../../src/index.js";
import { esc } from "./layout.js";
import type { AdminPage } from "./pages.js";
import { t, type AdminLocale } from "./strings.js";

/** What the reload button did, to show above the content page. */
export type ReloadMessage = { ok: true; pack: string; reviewed: string } | { ok: false; problems: string[] };

type Findings = ReturnType<typeof lintPack>;
/** Per serving pack (a reload brings a new one) and day: the staleness findings of its folder. */
const staleCache = new WeakMap<object, { key: string; findings: Promise<Findings> }>();

/** The `stale` findings of check-content for the pack folder, read and linted once per serving pack, folder and day. */
export function staleFindings(engine: Engine, packDir: string, today: Date): Promise<Findings> {
  const key = `${packDir}\u0000${today.toISOString().slice(0, 10)}`;
  const hit = staleCache.get(engine.pack);
  if (hit?.key === key) return hit.findings;
  const findings = parsePackDir(packDir).then(({ input }) => (input ? lintPack(input, { today }).filter((f) => f.rule === "stale") : []));
  staleCache.set(engine.pack, { key, findings });
  findings.catch(() => staleCache.delete(engine.pack));
  return findings;
}

/**
 * Content: the serving pack's id and review date, the staleness findings `check-content` reports
 * for the pack on disk (worked out once per served pack and day: a reload starts again), the store's health, and the reload button (POST, CSRF token).
 */
export async function contentPage(o: { engine: Engine; packDir: string; lang: AdminLocale; csrf: string; today: Date; reload?: ReloadMessage }): Promise<AdminPage> {
  const { engine, lang } = o;
  const meta = engine.pack.meta;
  const stale = await staleFindings(engine, o.packDir, o.today);
  const health = engine.health();
  const page: AdminPage = {
    title: t(lang, "content"),
    tables: [
      { name: "pack", headers: [t(lang, "pack"), t(lang, "reviewed"), t(lang, "store")], rows: [[meta.id, meta.reviewed, health.ok ? t(lang, "healthy") : t(lang, "unhealthy")]] },
      { name: "stale", headers: [t(lang, "stale")], rows: stale.map((f) => [`${f.file}:${f.line}: ${f.message}`]) },
    ],
    html: "",
  };
  const msg = !o.reload
    ? ""
    : o.reload.ok
      ? `<p class="ok" role="status" id="reload-result">${esc(t(lang, "reloaded", { pack: o.reload.pack, reviewed: o.reload.reviewed }))}</p>`
      : `<div class="error" role="alert" id="reload-result"><p>${esc(t(lang, "refused"))}</p><pre>${esc(o.reload.problems.join("\n"))}</pre></div>`;
  const csv = (table: string) => ` <a class="csv" href="/admin/content?format=csv&amp;table=${table}&amp;lang=${esc(lang)}" download>CSV</a>`;
  page.html = `${msg}
<table id="t-pack" class="data"><caption>${esc(t(lang, "pack"))}${csv("pack")}</caption><tbody><tr><th scope="row">${esc(t(lang, "pack"))}</th><td>${esc(meta.id)}</td></tr>
<tr><th scope="row">${esc(t(lang, "reviewed"))}</th><td>${esc(meta.reviewed)}</td></tr>
<tr><th scope="row">${esc(t(lang, "store"))}</th><td>${esc(health.ok ? t(lang, "healthy") : t(lang, "unhealthy"))}</td></tr></tbody></table>
<h2>${esc(t(lang, "stale"))}${csv("stale")}</h2>
${stale.length ? `<ul id="stale">${stale.map((f) => `<li><code>${esc(`${f.file}:${f.line}`)}</code> ${esc(f.message)}</li>`).join("")}</ul>` : `<p id="stale">${esc(t(lang, "fresh"))}</p>`}
<form method="post" action="/admin/reload?lang=${esc(lang)}"><input type="hidden" name="_csrf" value="${esc(o.csrf)}">
<button type="submit" id="reload">${esc(t(lang, "reload"))}</button> <span class="note">${esc(t(lang, "reloadHelp"))}</span></form>`;
  return page;
}
