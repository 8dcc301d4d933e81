import { readFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createRequire } from "node:module";
import type { TLSSocket } from "node:tls";
import { fileURLToPath } from "node:url";
import { createDashboardRunner, formatDiagnostics, parseSince, type Dashboard, type DashboardRunner, type Engine, type Logger, type Reloader, type Store } from "../../../src/index.js";
import { clientAddress } from "../limits.js";
import { createAdminAuth, type AdminSession } from "./auth.js";
import { contentPage, staleFindings, type ReloadMessage } from "./content.js";
import { cookie, csrfOk, LOGIN_COOKIE, newCsrfToken, readCookies, SESSION_COOKIE } from "./csrf.js";
import { toCsv } from "./csv.js";
import { esc, layout, loginPage, type AdminQuery } from "./layout.js";
import { answersPage, handoffsPage, overviewPage, reportPage, scamPage, tasksPage, unansweredPage, type AdminPage, type OpenTicketRow } from "./pages.js";
import { phrasesSnippet, topicScaffold } from "./snippet.js";
import { t, toAdminLocale, type AdminLocale } from "./strings.js";

/** Options of {@link createAdminRoutes}. */
export interface AdminOptions {
  engine: Engine;
  store: Store;
  logger: Logger;
  /** ADMIN_TOKEN (at least 32 characters, checked by the config schema). */
  token: string;
  /** The content pack folder (CONTENT_DIR): staleness findings, snippets, reload. */
  packDir: string;
  reloader: Reloader;
  /** Behind a trusted proxy: its client-address header (also makes x-forwarded-proto count). */
  trustedProxyHeader?: string;
  /** Default: a worker-thread runner over `store`. */
  runner?: DashboardRunner;
  /** A link to a ticket's thread on its platform (e.g. a Discord thread), from the user's handoff `place`; none: no link column values. */
  threadLink?: (platform: string, place: string) => string | undefined;
  /**
   * Longest a page waits for its figures (default 180 ms, so that with the page's own work the
   * answer stays under the console's 300 ms budget). When they take longer (the first view
   * of a large store after a start, before any rollups exist), the page says they are being
   * computed and reloads itself; the computation goes on and the reload joins it.
   */
  figuresWaitMs?: number;
  now?: () => Date;
}

/** The console's request handler for `/admin…`; the chat server calls it, the chat socket never does. */
export interface AdminRoutes {
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** Resolves once no figures are being recomputed (benchmarks and tests). */
  settle(): Promise<void>;
  close(): Promise<void>;
}

/** Whether `p` settles (either way) within `ms`. */
const within = (p: Promise<unknown>, ms: number): Promise<boolean> =>
  new Promise((resolve) => {
    const timer = setTimeout(resolve, ms, false);
    const done = () => {
      clearTimeout(timer);
      resolve(true);
    };
    p.then(done, done);
  });

const PUBLIC = fileURLToPath(new URL("./public/", import.meta.url));
const require = createRequire(import.meta.url);
const MAX_BODY = 64 * 1024;
const NAME = /^[\w-]{1,32}$/;

/** The CSP of the chat page, with forms allowed to post to the console itself and no framing. */
const HEADERS = {
  "content-security-policy": [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; "),
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "cache-control": "no-store",
  "x-frame-options": "DENY",
};

async function readBody(req: IncomingMessage): Promise<URLSearchParams | undefined> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > MAX_BODY) return undefined;
    chunks.push(c as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

/**
 * Creates the support console: sign-in with ADMIN_TOKEN, server-rendered pages over the store's
 * analytics events (the numbers of `afterleak stats`), CSV export of every table, YAML snippets
 * for unanswered questions and a reload button. See docs/support.md.
 */
export async function createAdminRoutes(o: AdminOptions): Promise<AdminRoutes> {
  const now = o.now ?? (() => new Date());
  const auth = createAdminAuth({ token: o.token, now: () => now().getTime() });
  const runner = o.runner ?? createDashboardRunner(o.store);
  const statics = new Map<string, { body: Buffer; type: string }>([
    ["/admin/static/uplot.js", { body: await readFile(require.resolve("uplot/dist/uPlot.iife.min.js")), type: "text/javascript; charset=utf-8" }],
    ["/admin/static/uplot.css", { body: await readFile(require.resolve("uplot/dist/uPlot.min.css")), type: "text/css; charset=utf-8" }],
    ["/admin/static/admin.js", { body: await readFile(PUBLIC + "admin.js"), type: "text/javascript; charset=utf-8" }],
    ["/admin/static/admin.css", { body: await readFile(PUBLIC + "admin.css"), type: "text/css; charset=utf-8" }],
  ]);
  const secure = (req: IncomingMessage) =>
    (req.socket as TLSSocket).encrypted === true || (!!o.trustedProxyHeader && String(req.headers["x-forwarded-proto"] ?? "").split(",")[0]?.trim() === "https");

  const send = (res: ServerResponse, status: number, body: string, extra: Record<string, string | string[]> = {}, type = "text/html; charset=utf-8") => {
    const buf = Buffer.from(body);
    res.writeHead(status, { ...HEADERS, "content-type": type, "content-length": String(buf.length), ...extra }).end(buf);
  };
  const redirect = (res: ServerResponse, to: string, extra: Record<string, string | string[]> = {}) => {
    res.writeHead(303, { ...HEADERS, location: to, ...extra }).end();
  };

  const queryOf = (url: URL): AdminQuery => {
    const channel = url.searchParams.get("channel") ?? "";
    const locale = url.searchParams.get("locale") ?? "";
    const pack = url.searchParams.get("pack") ?? "";
    const since = url.searchParams.get("since") ?? "7d";
    return {
      since: parseSince(since, now()).error ? "7d" : since,
      lang: toAdminLocale(url.searchParams.get("lang")),
      ...(NAME.test(channel) ? { channel } : {}),
      ...(NAME.test(locale) ? { locale } : {}),
      ...(NAME.test(pack) ? { pack } : {}),
    };
  };
  const dashboard = (q: AdminQuery) => {
    const { since } = parseSince(q.since, now());
    // Whole UTC days: the runner then adds up per-day totals and reads only today's events
    // (the figures are those of `afterleak stats --since <that day>`).
    const start = since ? new Date(Math.floor(since.getTime() / 86_400_000) * 86_400_000) : undefined;
    // The range's name is the cache slot: "7d" stays one view while its start moves on.
    return runner.compute(start, { ...(q.channel ? { channel: q.channel } : {}), ...(q.locale ? { locale: q.locale } : {}), ...(q.pack ? { pack: q.pack } : {}) }, q.since);
  };

  // The default view's figures start computing now, so the first visit after a start seldom waits.
  if (!o.runner) void dashboard({ since: "7d", lang: "en" }).catch(() => undefined);
  // And the content page's staleness findings (linted once per served pack and day).
  void staleFindings(o.engine, o.packDir, now()).catch(() => undefined);

  const showLogin = (req: IncomingMessage, res: ServerResponse, lang: AdminLocale, status = 200, error?: string, extra: Record<string, string> = {}) => {
    const token = newCsrfToken();
    send(res, status, loginPage(lang, token, error), { "set-cookie": cookie(LOGIN_COOKIE, token, { secure: secure(req), maxAgeSeconds: 3600 }), ...extra });
  };

  const pages: Record<string, (q: AdminQuery, s: AdminSession) => Promise<AdminPage>> = {
    "/admin": async (q) => {
      const d = await dashboard(q);
      return overviewPage(d, q.lang, q, "/admin", await perPack(d, q));
    },
    "/admin/answers": async (q) => answersPage(await dashboard(q), q.lang, q),
    "/admin/unanswered": async (q, s) =>
      unansweredPage(await dashboard(q), q.lang, q, {
        csrf: s.csrf,
        topics: o.engine.pack.faq.map((f) => ({ id: f.id, label: f.label[q.lang] ?? f.label[o.engine.pack.meta.defaultLocale] ?? f.id })),
      }),
    "/admin/tasks": async (q) => tasksPage(await dashboard(q), q.lang, q),
    "/admin/scam": async (q) => {
      const lures = new Map((o.engine.pack.scam?.lures ?? []).map((l) => [l.id, l.label[q.lang] ?? l.label[o.engine.pack.meta.defaultLocale] ?? l.id]));
      return scamPage(await dashboard(q), q.lang, q, (id) => lures.get(id) ?? id);
    },
    "/admin/handoffs": async (q) => {
      const d = await dashboard(q);
      return handoffsPage(d, q.lang, q, await openTickets(d), now());
    },
    "/admin/report": async (q) => {
      const d = await dashboard(q);
      return reportPage(d, q.lang, q, await perPack(d, q));
    },
    "/admin/content": async (q, s) => contentPage({ engine: o.engine, packDir: o.packDir, lang: q.lang, csrf: s.csrf, today: now() }),
  };

  /** With several packs and no pack chosen: each pack's headline figures under the same filters (the overview's split by pack). */
  const perPack = async (d: Dashboard, q: AdminQuery): Promise<Record<string, Dashboard["stats"]["total"]>> => {
    if (q.pack || d.packs.length < 2) return {};
    const list = d.packs.slice(0, 20);
    const each = await Promise.all(list.map((pack) => dashboard({ ...q, pack })));
    return Object.fromEntries(list.map((pack, i) => [pack, each[i]!.stats.total]));
  };

  /**
   * The open handoffs with their ticket id and thread, read from each user's state (the first 200).
   * A request whose user has no handoff in their state (none was available, or it ended without an
   * event, or the user was forgotten) has nobody waiting and is left out.
   */
  const openTickets = async (d: Dashboard): Promise<OpenTicketRow[]> => {
    const rows = await Promise.all(
      d.openHandoffs.slice(0, 200).map(async (h): Promise<OpenTicketRow | undefined> => {
        const ho = (await o.store.get(h.key).catch(() => undefined))?.handoff;
        if (!ho) return undefined;
        const link = ho.place && o.threadLink ? o.threadLink(h.channel, ho.place) : undefined;
        return { channel: h.channel, locale: h.locale, since: h.since, taken: h.taken || ho.status === "active", ...(ho.ticket ? { ticket: ho.ticket } : {}), ...(link ? { link } : {}) };
      }),
    );
    return rows.filter((r): r is OpenTicketRow => !!r);
  };

  const render = async (res: ServerResponse, path: string, q: AdminQuery, s: AdminSession, page: AdminPage) => {
    const d = path === "/admin/content" ? undefined : await dashboard(q);
    send(res, 200, layout({ lang: q.lang, title: page.title, path, q, csrf: s.csrf, body: page.html, channels: d?.channels ?? [], locales: d?.locales ?? [], packs: d?.packs ?? [], ...(page.scripts ? { scripts: page.scripts } : {}) }));
  };

  async function post(req: IncomingMessage, res: ServerResponse, path: string, url: URL) {
    const lang = toAdminLocale(url.searchParams.get("lang"));
    const body = await readBody(req);
    if (!body) return send(res, 413, t(lang, "badRequest"), {}, "text/plain; charset=utf-8");
    const cookies = readCookies(req);
    if (path === "/admin/login") {
      if (!csrfOk(cookies[LOGIN_COOKIE], body.get("_csrf") ?? undefined)) return send(res, 403, t(lang, "badRequest"), {}, "text/plain; charset=utf-8");
      const r = auth.login(body.get("token") ?? "", clientAddress(req, o.trustedProxyHeader));
      if (r.outcome === "limited") {
        return showLogin(req, res, lang, 429, t(lang, "tooMany", { n: Math.ceil(r.retryAfterSeconds / 60) }), { "retry-after": String(r.retryAfterSeconds) });
      }
      if (r.outcome === "wrong") {
        o.logger.warn({ admin: "login-failed" }, "support console: failed sign-in");
        return showLogin(req, res, lang, 401, t(lang, "loginFailed"));
      }
      const sc = secure(req);
      return redirect(res, `/admin?lang=${lang}`, {
        "set-cookie": [cookie(SESSION_COOKIE, r.session.id, { secure: sc, maxAgeSeconds: 8 * 3600 }), cookie(LOGIN_COOKIE, "", { secure: sc, maxAgeSeconds: 0 })],
      });
    }
    const session = auth.session(cookies[SESSION_COOKIE]);
    if (!session) return send(res, 401, t(lang, "badRequest"), {}, "text/plain; charset=utf-8");
    if (!csrfOk(session.csrf, body.get("_csrf") ?? undefined)) return send(res, 403, t(lang, "badRequest"), {}, "text/plain; charset=utf-8");
    const q: AdminQuery = { since: "7d", lang };
    if (path === "/admin/logout") {
      auth.logout(session.id);
      return redirect(res, `/admin/login?lang=${lang}`, { "set-cookie": cookie(SESSION_COOKIE, "", { secure: secure(req), maxAgeSeconds: 0 }) });
    }
    if (path === "/admin/snippet") {
      const text = (body.get("text") ?? "").slice(0, 300);
      const locale = body.get("locale") ?? "";
      const topic = body.get("topic") ?? "";
      if (!text || !o.engine.pack.meta.locales.includes(locale)) return send(res, 400, t(lang, "badRequest"), {}, "text/plain; charset=utf-8");
      const snip = topic ? await phrasesSnippet(o.engine.pack, o.packDir, topic, locale, text) : topicScaffold(o.engine.pack, o.packDir, locale, text);
      if (!snip) return send(res, 400, t(lang, "badRequest"), {}, "text/plain; charset=utf-8");
      const html = `<p>${esc(t(lang, topic ? "snippetHelp" : "scaffoldHelp"))}</p><h2>${esc(t(lang, "snippetFor", { file: snip.file }))}</h2><pre id="snippet">${esc(snip.yaml)}</pre>`;
      return send(res, 200, layout({ lang, title: t(lang, "unanswered"), path: "/admin/unanswered", q, csrf: session.csrf, body: html, channels: [], locales: [] }));
    }
    if (path === "/admin/reload") {
      const r = await o.reloader.reload("support console");
      const reload: ReloadMessage = r.outcome === "reloaded" ? { ok: true, pack: r.pack.meta.id, reviewed: r.pack.meta.reviewed } : { ok: false, problems: formatDiagnostics(r.diagnostics).split("\n") };
      const page = await contentPage({ engine: o.engine, packDir: o.packDir, lang, csrf: session.csrf, today: now(), reload });
      return send(res, 200, layout({ lang, title: page.title, path: "/admin/content", q, csrf: session.csrf, body: page.html, channels: [], locales: [] }));
    }
    return send(res, 404, "not found\n", {}, "text/plain; charset=utf-8");
  }

  return {
    async handle(req, res) {
      const url = new URL(req.url ?? "/", "http://x");
      const path = url.pathname.replace(/\/+$/, "") || "/";
      if (req.method === "POST") return post(req, res, path, url);
      if (req.method !== "GET" && req.method !== "HEAD") return send(res, 405, "method not allowed\n", { allow: "GET, HEAD, POST" }, "text/plain");
      const file = statics.get(path);
      if (file) {
        res.writeHead(200, { ...HEADERS, "cache-control": "no-cache", "content-type": file.type, "content-length": String(file.body.length) });
        return void res.end(req.method === "HEAD" ? undefined : file.body);
      }
      const q = queryOf(url);
      if (path === "/admin/login") return showLogin(req, res, q.lang);
      const builder = pages[path];
      if (!builder) return send(res, 404, "not found\n", {}, "text/plain");
      const session = auth.session(readCookies(req)[SESSION_COOKIE]);
      if (!session) return void res.writeHead(302, { ...HEADERS, location: `/admin/login?lang=${q.lang}` }).end();
      const csv = url.searchParams.get("format") === "csv";
      if (!csv && path !== "/admin/content" && !(await within(dashboard(q), o.figuresWaitMs ?? 180))) {
        const body = `<p role="status" id="computing">${esc(t(q.lang, "computing"))}</p>`;
        return send(res, 200, layout({ lang: q.lang, title: t(q.lang, "title"), path, q, csrf: session.csrf, body, channels: [], locales: [] }), { refresh: "3", "cache-control": "no-store" });
      }
      const page = await builder(q, session);
      if (csv) {
        const name = url.searchParams.get("table");
        const table = page.tables.find((tb) => tb.name === name) ?? page.tables[0];
        if (!table) return send(res, 404, "not found\n", {}, "text/plain");
        return send(res, 200, toCsv(table), { "content-disposition": `attachment; filename="afterleak-${table.name}.csv"` }, "text/csv; charset=utf-8");
      }
      return render(res, path, q, session, page);
    },
    settle: () => runner.settle(),
    close: () => runner.close(),
  };
}
