import { lintPack, parsePackDir, type Engine } from "../../../src/index.js";
import { esc } from "./layout.js";
import type { AdminPage } from "./pages.js";
import { t, type AdminLocale } from "./strings.js";

/** What the reload button did, to show above the content page. */
export type ReloadMessage = { ok: true; pack: string; reviewed: string } | { ok: false; problems: string[] };

/**
 * Content: the serving pack's id and review date, the staleness findings `check-content` reports
 * for the pack on disk, the store's health, and the reload button (POST, CSRF token).
 */
export async function contentPage(o: { engine: Engine; packDir: string; lang: AdminLocale; csrf: string; today: Date; reload?: ReloadMessage }): Promise<AdminPage> {
  const { engine, lang } = o;
  const meta = engine.pack.meta;
  const { input } = await parsePackDir(o.packDir);
  const stale = input ? lintPack(input, { today: o.today }).filter((f) => f.rule === "stale") : [];
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
  page.html = `${msg}
<table class="data" id="t-pack"><tbody><tr><th scope="row">${esc(t(lang, "pack"))}</th><td>${esc(meta.id)}</td></tr>
<tr><th scope="row">${esc(t(lang, "reviewed"))}</th><td>${esc(meta.reviewed)}</td></tr>
<tr><th scope="row">${esc(t(lang, "store"))}</th><td>${esc(health.ok ? t(lang, "healthy") : t(lang, "unhealthy"))}</td></tr></tbody></table>
<h2>${esc(t(lang, "stale"))}</h2>
${stale.length ? `<ul id="stale">${stale.map((f) => `<li><code>${esc(`${f.file}:${f.line}`)}</code> ${esc(f.message)}</li>`).join("")}</ul>` : `<p id="stale">${esc(t(lang, "fresh"))}</p>`}
<form method="post" action="/admin/reload?lang=${esc(lang)}"><input type="hidden" name="_csrf" value="${esc(o.csrf)}">
<button type="submit" id="reload">${esc(t(lang, "reload"))}</button> <span class="note">${esc(t(lang, "reloadHelp"))}</span></form>`;
  return page;
}
