import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  createDashboardRunner,
  createEngine,
  createLogger,
  createLowdbStore,
  createReloader,
  loadPack,
  type DashboardRunner,
  type Engine,
  type Store,
  type UserRef,
} from "../../../src/index.js";
import { createRedisStore } from "../../../src/store/redis.js";
import { createAdminRoutes } from "../../../adapters/web/admin/routes.js";
import { startWebChat } from "../../../adapters/web/server.js";

export const ADMIN_TOKEN = "admin-test-token-admin-test-token-0123456789";
export const PACK_DIR = "content/coupang-2025";

/** The web chat with the support console on a free loopback port, the real pack and a lowdb store. */
export async function startAdminChat(
  opts: {
    chat?: boolean;
    trustedProxyHeader?: string;
    packDir?: string;
    /** A Redis store at this URL (default prefix, as the CLI uses) instead of lowdb. */
    redisUrl?: string;
    threadLink?: (platform: string, place: string) => string | undefined;
    /** Wraps the dashboard runner (e.g. to hold its figures back). */
    wrapRunner?: (runner: DashboardRunner) => DashboardRunner;
    /** Default here 60 s: pages wait for their figures (a loaded machine starts the worker slowly); the console's own 250 ms is tested on its own. */
    figuresWaitMs?: number;
  } = {},
) {
  const dir = await mkdtemp(join(tmpdir(), "afterleak-admin-"));
  const packDir = opts.packDir ?? PACK_DIR;
  const pack = await loadPack(packDir);
  const store: Store = opts.redisUrl ? await createRedisStore({ url: opts.redisUrl }) : await createLowdbStore({ dir: join(dir, "store") });
  const logger = createLogger("silent");
  const engine = createEngine({ pack, store, secret: "admin-test-secret-admin-test-secret-0123" });
  const admin = await createAdminRoutes({
    engine,
    store,
    logger,
    token: ADMIN_TOKEN,
    packDir,
    reloader: createReloader({ dir: packDir, engine, logger }),
    // Through the worker thread, as in production; no cache, so each page sees the latest events.
    runner: (opts.wrapRunner ?? ((r) => r))(createDashboardRunner(store, { cacheMs: 0 })),
    figuresWaitMs: opts.figuresWaitMs ?? 60_000,
    ...(opts.trustedProxyHeader ? { trustedProxyHeader: opts.trustedProxyHeader } : {}),
    ...(opts.threadLink ? { threadLink: opts.threadLink } : {}),
  });
  const chat = await startWebChat({ engine, logger, host: "127.0.0.1", port: 0, retentionDays: 30, maxInputChars: 2000, admin, ...(opts.chat === false ? { chat: false } : {}) });
  return {
    chat,
    engine,
    store,
    base: chat.url.replace(/\/$/, ""),
    /** The data folder (its store/ is the lowdb store), for the CLI once the store is closed. */
    dataDir: dir,
    async close() {
      await chat.stop();
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Scripted conversations on two channels and two languages: answers, feedback, unanswered questions, a task, a handoff. */
export async function driveConversations(engine: Engine): Promise<void> {
  const say = async (user: UserRef, text: string) => engine.handle({ user, kind: "text", text });
  const cmd = async (user: UserRef, command: string, args = "") => engine.handle({ user, kind: "command", command: command as never, args });
  for (let i = 0; i < 3; i++) {
    const u: UserRef = { platform: "web", userId: `web-en-${i}`, chat: "private" };
    await cmd(u, "language", "en");
    await say(u, "was my credit card number leaked too?");
    await say(u, "how do I change my password");
    await say(u, "can I get a refund for my broken blender");
    if (i === 0) await cmd(u, "human");
  }
  for (let i = 0; i < 2; i++) {
    const u: UserRef = { platform: "telegram", userId: `tg-ko-${i}`, chat: "private" };
    await cmd(u, "language", "ko");
    await say(u, "카드번호도 유출됐나요?");
    await say(u, "우리집 강아지 이름 지어줘");
  }
  await engine.idle();
}

/** Signs in with fetch; returns the session cookie header value. */
export async function signIn(base: string, token = ADMIN_TOKEN): Promise<{ status: number; cookie?: string; setCookie: string[] }> {
  const page = await fetch(`${base}/admin/login`);
  const loginCookie = page.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? "";
  const r = await fetch(`${base}/admin/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: loginCookie },
    body: new URLSearchParams({ _csrf: csrf, token }).toString(),
  });
  const setCookie = r.headers.getSetCookie();
  const session = setCookie.find((c) => c.startsWith("afterleak_admin="));
  return { status: r.status, setCookie, ...(session ? { cookie: session.split(";")[0] } : {}) };
}
