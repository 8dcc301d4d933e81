import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { pick, ui, type Engine, type Logger } from "../../src/index.js";
import { createWebBridge } from "./bridge.js";
import type { AdminRoutes } from "./admin/routes.js";
import { createSocketGate, type WebLimitOptions } from "./gate.js";
import type { WebInbox } from "./inbox.js";

const PUBLIC_DIR = fileURLToPath(new URL("./public/", import.meta.url));

/** The files the chat serves, by URL path; nothing else on disk is reachable. */
const FILES: Record<string, { file: string; type: string }> = {
  "/": { file: "index.html", type: "text/html; charset=utf-8" },
  "/chat.js": { file: "chat.js", type: "text/javascript; charset=utf-8" },
  "/view.js": { file: "view.js", type: "text/javascript; charset=utf-8" },
  "/strings.js": { file: "strings.js", type: "text/javascript; charset=utf-8" },
  "/chat.css": { file: "chat.css", type: "text/css; charset=utf-8" },
  "/widget.js": { file: "widget.js", type: "text/javascript; charset=utf-8" },
  "/icon.svg": { file: "icon.svg", type: "image/svg+xml" },
};

/** Options of the web chat server. */
export interface WebChatOptions {
  engine: Engine;
  logger: Logger;
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** Shown in the privacy notice. */
  retentionDays: number;
  /** The engine's input limit; the socket accepts frames a little larger so the engine can say "too long". */
  maxInputChars: number;
  /** Who may frame the chat (CSP frame-ancestors), e.g. "https://shop.example"; default any site. */
  embedOrigins?: string;
  /** Per-address abuse limits (sockets, browser ids, new users, messages); none: unlimited. */
  limits?: WebLimitOptions;
  /** The support console on `/admin…` (adapters/web/admin); never reachable from the socket. */
  admin?: AdminRoutes;
  /** false: only the console and /healthz (ADMIN_ENABLED without the web chat); no page, no socket. */
  chat?: boolean;
  /** Messages kept for a user's next visit (adapters/web/inbox.ts), shown when their page connects. */
  inbox?: WebInbox;
}

/** A listening web chat. */
export interface RunningWebChat {
  /** Where to open the chat, e.g. http://127.0.0.1:3000/ */
  url: string;
  port: number;
  /** Resolves once every turn received so far has delivered (or parked) its replies. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

const browsable = (host: string) => (host === "0.0.0.0" || host === "::" ? "localhost" : host.includes(":") ? `[${host}]` : host);

function securityHeaders(path: string, req: IncomingMessage, embedOrigins: string): Record<string, string> {
  const common = { "x-content-type-options": "nosniff", "referrer-policy": "no-referrer", "cache-control": "no-cache" };
  if (path === "/widget.js") return { ...common, "cross-origin-resource-policy": "cross-origin" };
  if (path !== "/") return common;
  const host = req.headers.host && /^[\w.:[\]-]+$/.test(req.headers.host) ? req.headers.host : "";
  const sockets = host ? ` ws://${host} wss://${host}` : "";
  return {
    ...common,
    "content-security-policy": [
      "default-src 'none'",
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self'",
      `connect-src 'self'${sockets}`,
      "base-uri 'none'",
      "form-action 'none'",
      `frame-ancestors ${embedOrigins}`,
    ].join("; "),
  };
}

/**
 * Starts the web chat: a small HTTP server for the page, the widget script and `/config.json`,
 * with Botkit's web adapter on `/ws` bridged to the engine. Resolves once it listens.
 */
export async function startWebChat(o: WebChatOptions): Promise<RunningWebChat> {
  const files = new Map<string, Buffer>();
  for (const [path, f] of Object.entries(FILES)) files.set(path, await readFile(PUBLIC_DIR + f.file));
  const pack = o.engine.pack;
  // The page's pack-specific texts (title, language names, privacy notice, failure apology) per locale.
  const page = Object.fromEntries(
    pack.meta.locales.map((l) => [
      l,
      { title: pick(pack, pack.meta.title, l), incident: pick(pack, pack.meta.incident, l), name: ui(pack, "languageName", l), privacyText: ui(pack, "privacyNotice", l), error: ui(pack, "turnFailed", l) },
    ]),
  );
  const config = Buffer.from(
    JSON.stringify({ locales: pack.meta.locales, defaultLocale: pack.meta.defaultLocale, retentionDays: o.retentionDays, page }),
  );
  const embedOrigins = o.embedOrigins?.trim() || "*";

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    if (o.admin && (path === "/admin" || path.startsWith("/admin/"))) {
      o.admin.handle(req, res).catch((err: unknown) => {
        o.logger.error({ err, path }, "support console request failed");
        if (!res.headersSent) res.writeHead(500).end();
      });
      return;
    }
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD", "content-type": "text/plain" }).end("method not allowed\n");
      return;
    }
    const file = o.chat === false ? undefined : FILES[path];
    if (path === "/healthz") {
      // The store's state, for load balancers and the operator: 200 when healthy, 503 with the reason.
      const h = o.engine.health();
      const json = JSON.stringify(h.ok ? { ok: true, store: "ok" } : { ok: false, store: "unavailable", reason: h.reason, since: h.since });
      res.writeHead(h.ok ? 200 : 503, { "content-type": "application/json", "cache-control": "no-store", "x-content-type-options": "nosniff" });
      res.end(req.method === "HEAD" ? undefined : json);
      return;
    }
    const body = file ? files.get(path) : path === "/config.json" && o.chat !== false ? config : undefined;
    if (!body) {
      res.writeHead(404, { "content-type": "text/plain", "x-content-type-options": "nosniff" }).end("not found\n");
      return;
    }
    const type = file?.type ?? (path === "/config.json" ? "application/json" : "text/plain");
    res.writeHead(200, { "content-type": type, "content-length": String(body.length), ...securityHeaders(path, req, embedOrigins) });
    res.end(req.method === "HEAD" ? undefined : body);
  };

  const server = createServer((req, res) => {
    try {
      handle(req, res);
    } catch (err) {
      o.logger.error({ err, path: req.url }, "web request failed");
      if (!res.headersSent) res.writeHead(500).end();
    }
  });
  const bridge = createWebBridge({ engine: o.engine, logger: o.logger, maxPayload: o.maxInputChars * 4 + 4096, ...(o.limits ? { gate: createSocketGate(o.engine, o.logger, o.limits) } : {}), ...(o.inbox ? { inbox: o.inbox } : {}) });
  if (o.chat !== false) bridge.attach(server);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(o.port, o.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${browsable(o.host)}:${port}/`,
    port,
    idle: () => bridge.idle(),
    async stop() {
      await bridge.close();
      await o.admin?.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
