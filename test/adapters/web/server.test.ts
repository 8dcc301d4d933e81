import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../../src/index.js";
import { webConfigSchema, type WebConfig } from "../../../adapters/web/config.js";
import { consoleChannel } from "../../../adapters/console/index.js";
import { webChannel } from "../../../adapters/web/index.js";
import { socketClient, startTestChat } from "./harness.js";

const uuid = () => crypto.randomUUID();

/** A raw GET that keeps the path exactly as written (no client-side normalisation). */
function rawGet(url: string, path: string, method = "GET"): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, path, method }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("web chat server", () => {
  let t: Awaited<ReturnType<typeof startTestChat>>;
  beforeAll(async () => {
    t = await startTestChat();
  });
  afterAll(async () => {
    await t.close();
  });

  it("serves the page with a strict content security policy", async () => {
    const res = await rawGet(t.chat.url, "/");
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(res.body).toContain('<script type="module" src="/chat.js"></script>');
    const csp = String(res.headers["content-security-policy"]);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain(`ws://127.0.0.1:${t.chat.port}`);
    expect(csp).toContain("frame-ancestors *");
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
  });

  it("serves the widget, the client and its settings, and nothing else", async () => {
    const widget = await rawGet(t.chat.url, "/widget.js");
    expect(widget.status).toBe(200);
    expect(widget.headers["content-type"]).toBe("text/javascript; charset=utf-8");
    expect(widget.headers["cross-origin-resource-policy"]).toBe("cross-origin");
    const cfg = JSON.parse((await rawGet(t.chat.url, "/config.json")).body);
    expect(cfg).toMatchObject({ locales: ["ko", "en"], defaultLocale: "ko", retentionDays: 30 });
    // The page's pack texts come with the settings, in every pack locale.
    const pack = t.engine.pack;
    for (const l of pack.meta.locales) {
      expect(cfg.page[l]).toEqual({
        title: pack.meta.title[l],
        incident: pack.meta.incident[l],
        name: pack.ui.languageName[l],
        privacyText: pack.ui.privacyNotice[l],
        error: pack.ui.turnFailed[l],
      });
    }
    for (const path of ["/chat.js?v=1", "/view.js", "/strings.js", "/chat.css", "/icon.svg"]) expect((await rawGet(t.chat.url, path)).status, path).toBe(200);
    for (const path of ["/server.ts", "/../server.ts", "/public/chat.js", "/%2e%2e/inbound.ts", "/index.html"]) {
      expect((await rawGet(t.chat.url, path)).status, path).toBe(404);
    }
    expect((await rawGet(t.chat.url, "/", "POST")).status).toBe(405);
    const head = await rawGet(t.chat.url, "/", "HEAD");
    expect(head.status).toBe(200);
    expect(head.body).toBe("");
  });

  it("answers a connect with the welcome and the menu as quick replies", async () => {
    const c = await socketClient(t.chat.url);
    const user = uuid();
    c.send({ type: "hello", user, channel: "websocket", locale: "ko-KR" });
    await c.until((got) => got.some((m) => m.quick_replies?.some((q) => q.payload === "m:tasks")));
    expect(c.got[0]).toMatchObject({ type: "message", lang: "ko" });
    expect(c.got[0]?.text).toContain("안녕하세요");
    const menu = c.got.find((m) => m.quick_replies)!;
    expect(menu.quick_replies!.map((q) => q.payload)).toEqual(["m:leaked", "m:faq", "m:tasks", "m:lang", "m:human"]);
    c.close();
  });

  it("turns a pressed button into a choice and a question into an answer, in order", async () => {
    const c = await socketClient(t.chat.url);
    const user = uuid();
    c.send({ type: "hello", user });
    c.send({ type: "message", user, text: "내 계정 지키기", quick_reply: { payload: "m:tasks" } });
    c.send({ type: "message", user, text: "카드번호도 유출됐나요?" });
    await c.until((got) => got.some((m) => m.text?.includes("결제정보는 유출되지 않았고")));
    const welcome = c.got.findIndex((m) => m.text?.includes("안녕하세요"));
    const tasks = c.got.findIndex((m) => m.quick_replies?.some((q) => q.payload === "t:secure-account"));
    const answer = c.got.findIndex((m) => m.text?.includes("결제정보는 유출되지 않았고"));
    expect(welcome).toBe(0);
    expect(tasks).toBeGreaterThan(welcome);
    expect(answer).toBeGreaterThan(tasks);
    c.close();
  });

  it("ignores frames without a UUID user or without JSON, and keeps serving the socket", async () => {
    const c = await socketClient(t.chat.url);
    c.send({ type: "hello", user: "__proto__" });
    c.send({ type: "hello", user: "not-a-uuid" });
    c.send({ type: "hello" });
    c.send("not json" as never);
    const user = uuid();
    c.send({ type: "message", user, text: "/help" });
    await c.until((got) => got.some((m) => m.text?.includes("/forget")));
    expect(c.got.every((m) => !m.text?.includes("안녕하세요"))).toBe(true);
    c.close();
  });

  it("keeps task progress per browser id across connections", async () => {
    const user = uuid();
    const a = await socketClient(t.chat.url);
    a.send({ type: "message", user, text: "▶", quick_reply: { payload: "t:secure-account" } });
    await a.until((got) => got.some((m) => m.quick_replies?.some((q) => q.payload.startsWith("s:done:secure-account:"))));
    const done = a.got.flatMap((m) => m.quick_replies ?? []).find((q) => q.payload.startsWith("s:done:"))!;
    a.send({ type: "message", user, text: done.title, quick_reply: { payload: done.payload } });
    await a.until((got) => got.some((m) => m.text?.includes("2/7")));
    a.close();
    const b = await socketClient(t.chat.url);
    b.send({ type: "welcome_back", user });
    await b.until((got) => got.some((m) => m.quick_replies?.some((q) => q.payload === "t:secure-account")));
    b.send({ type: "message", user, text: "▶", quick_reply: { payload: "t:secure-account" } });
    await b.until((got) => got.some((m) => m.text?.includes("2/7")));
    const state = await t.store.get(t.engine.keyOf({ platform: "web", userId: user }));
    expect(state?.tasks["secure-account"]?.done).toEqual(["password"]);
    b.close();
  });
});

describe("web chat framing", () => {
  it("lets only WEB_EMBED_ORIGINS frame the page", async () => {
    const t = await startTestChat({ embedOrigins: "https://shop.example https://*.example.org" });
    try {
      const res = await rawGet(t.chat.url, "/");
      expect(String(res.headers["content-security-policy"])).toContain("frame-ancestors https://shop.example https://*.example.org");
    } finally {
      await t.close();
    }
  });
});

describe("web chat turn failures", () => {
  it("tells the user something went wrong and keeps running", async () => {
    let fail = true;
    const t = await startTestChat({
      wrap: (engine) => ({
        ...engine,
        handle: async (e) => {
          if (fail) {
            fail = false;
            throw new Error("store unavailable");
          }
          return engine.handle(e);
        },
      }),
    });
    try {
      const c = await socketClient(t.chat.url);
      const user = uuid();
      c.send({ type: "hello", user });
      await c.until((got) => got.some((m) => m.error === "internal"));
      c.send({ type: "hello", user });
      await c.until((got) => got.some((m) => m.text?.includes("안녕하세요")));
      c.close();
    } finally {
      await t.close();
    }
  });
});

describe("web channel registration", () => {
  const config = (env: Record<string, string>) => parseConfig<WebConfig>(env, [webConfigSchema]).config!;
  it.each([
    [{}, false, true],
    [{}, true, false],
    [{ WEB_CHAT_ENABLED: "true" }, true, true],
    [{ WEB_CHAT_ENABLED: "false" }, true, false],
  ])("with %j and a platform configured = %s, the web chat runs: %s", (env, anyPlatform, runs) => {
    expect(webChannel.enabled(config(env), { anyPlatform })).toBe(runs);
    expect(webChannel.platform).toBe(false);
  });

  it("the terminal chat is no longer started by `npm start`", () => {
    expect(consoleChannel.enabled(config({}), { anyPlatform: false })).toBe(false);
  });

  it("validates WEB_EMBED_ORIGINS", () => {
    expect(parseConfig({ WEB_EMBED_ORIGINS: "https://shop.example https://*.example.org:8443" }, [webConfigSchema]).problems).toEqual([]);
    expect(parseConfig({ WEB_EMBED_ORIGINS: "'self'" }, [webConfigSchema]).problems).toEqual([]);
    expect(parseConfig({ WEB_EMBED_ORIGINS: "https://a.example; script-src *" }, [webConfigSchema]).problems[0]?.variable).toBe("WEB_EMBED_ORIGINS");
  });
});
