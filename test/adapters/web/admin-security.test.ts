import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../../src/index.js";
import { webConfigSchema, type WebConfig } from "../../../adapters/web/config.js";
import { socketClient } from "./harness.js";
import { ADMIN_TOKEN, PACK_DIR, signIn, startAdminChat } from "./admin-harness.js";

const form = (o: Record<string, string>) => new URLSearchParams(o).toString();
const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? "";

describe("support console security", () => {
  let t: Awaited<ReturnType<typeof startAdminChat>>;
  beforeAll(async () => {
    t = await startAdminChat({ trustedProxyHeader: "x-forwarded-for" });
  });
  afterAll(() => t?.close());

  it("no page without the session cookie: a redirect to the sign-in form, and no data", async () => {
    for (const path of ["/admin", "/admin/answers", "/admin/unanswered", "/admin/handoffs", "/admin/content", "/admin?format=csv"]) {
      const r = await fetch(t.base + path, { redirect: "manual" });
      expect(r.status, path).toBe(302);
      expect(r.headers.get("location")).toMatch(/^\/admin\/login/);
    }
    const forged = await fetch(`${t.base}/admin`, { redirect: "manual", headers: { cookie: "afterleak_admin=forged-session-id" } });
    expect(forged.status).toBe(302);
    expect((await fetch(`${t.base}/admin/reload`, { method: "POST", body: form({ _csrf: "x" }), headers: { "content-type": "application/x-www-form-urlencoded" } })).status).toBe(401);
  });

  it("signs in with the token: a session cookie that is HttpOnly, SameSite=Strict, scoped to /admin; Secure behind an https proxy", async () => {
    const s = await signIn(t.base);
    expect(s.status).toBe(303);
    const session = s.setCookie.find((c) => c.startsWith("afterleak_admin="))!;
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/SameSite=Strict/);
    expect(session).toMatch(/Path=\/admin/);
    expect(session).not.toMatch(/Secure/);
    const page = await fetch(`${t.base}/admin`, { headers: { cookie: s.cookie! } });
    expect(page.status).toBe(200);
    expect(page.headers.get("content-security-policy")).toContain("default-src 'none'");
    // Behind a trusted proxy that says https, the cookie is Secure.
    const login = await fetch(`${t.base}/admin/login`, { headers: { "x-forwarded-proto": "https", "x-forwarded-for": "198.51.100.9" } });
    const loginCookie = login.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    const r = await fetch(`${t.base}/admin/login`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: loginCookie, "x-forwarded-proto": "https", "x-forwarded-for": "198.51.100.9" },
      body: form({ _csrf: csrfOf(await login.text()), token: ADMIN_TOKEN }),
    });
    expect(r.headers.getSetCookie().find((c) => c.startsWith("afterleak_admin="))).toMatch(/; Secure/);
  });

  it("wrong tokens are refused and, after five from one address, rate-limited (the right token too); other addresses are not", async () => {
    const at = (ip: string) => ({ "x-forwarded-for": ip });
    const attempt = async (ip: string, token: string) => {
      const page = await fetch(`${t.base}/admin/login`, { headers: at(ip) });
      const cookie = page.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
      return fetch(`${t.base}/admin/login`, { method: "POST", redirect: "manual", headers: { ...at(ip), cookie, "content-type": "application/x-www-form-urlencoded" }, body: form({ _csrf: csrfOf(await page.text()), token }) });
    };
    for (let i = 0; i < 5; i++) expect((await attempt("203.0.113.7", "wrong-token-wrong-token-wrong-token-000")).status).toBe(401);
    const limited = await attempt("203.0.113.7", ADMIN_TOKEN);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await attempt("203.0.113.8", ADMIN_TOKEN)).status).toBe(303);
  });

  it("every state-changing request needs the session's CSRF token", async () => {
    const s = await signIn(t.base);
    const html = await (await fetch(`${t.base}/admin/content`, { headers: { cookie: s.cookie! } })).text();
    const csrf = csrfOf(html);
    expect(csrf.length).toBeGreaterThan(20);
    const post = (path: string, body: Record<string, string>) =>
      fetch(t.base + path, { method: "POST", redirect: "manual", headers: { cookie: s.cookie!, "content-type": "application/x-www-form-urlencoded" }, body: form(body) });
    for (const path of ["/admin/reload", "/admin/snippet", "/admin/logout"]) {
      expect((await post(path, { text: "x", locale: "en" })).status, path).toBe(403);
      expect((await post(path, { _csrf: "not-the-token", text: "x", locale: "en" })).status, path).toBe(403);
    }
    // Sign-in itself needs the form's token (a login CSRF).
    const bare = await fetch(`${t.base}/admin/login`, { method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded" }, body: form({ token: ADMIN_TOKEN }) });
    expect(bare.status).toBe(403);
    expect((await post("/admin/logout", { _csrf: csrf })).status).toBe(303);
    expect((await fetch(`${t.base}/admin`, { redirect: "manual", headers: { cookie: s.cookie! } })).status).toBe(302);
  });

  it("the chat socket reaches no console data: an admin-looking frame is not a command", async () => {
    const c = await socketClient(t.chat.url);
    const user = crypto.randomUUID();
    c.send({ type: "message", user, text: "/admin" });
    c.send({ type: "admin", user, path: "/admin?format=csv" });
    c.send({ type: "message", user, text: "/help" });
    await c.until((got) => got.some((m) => m.text?.includes("/forget")));
    const all = JSON.stringify(c.got);
    expect(all).not.toMatch(/deflection|csrf|afterleak_admin|conversations,/i);
    await c.close();
  });

  it("a token shorter than 32 characters is refused at start-up, naming the variable", () => {
    const { problems } = parseConfig<WebConfig>({ ADMIN_TOKEN: "short-token" }, [webConfigSchema]);
    expect(problems.map((p) => p.message).join("\n")).toMatch(/ADMIN_TOKEN must be at least 32 characters/);
  });
});

describe("support console: reload pack (content freshness)", () => {
  let dir: string;
  let t: Awaited<ReturnType<typeof startAdminChat>>;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "afterleak-admin-pack-"));
    await cp(PACK_DIR, join(dir, "pack"), { recursive: true });
    t = await startAdminChat({ packDir: join(dir, "pack") });
  });
  afterAll(async () => {
    await t?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const reload = async (cookie: string) => {
    const csrf = csrfOf(await (await fetch(`${t.base}/admin/content?lang=en`, { headers: { cookie } })).text());
    const r = await fetch(`${t.base}/admin/reload?lang=en`, { method: "POST", headers: { cookie, "content-type": "application/x-www-form-urlencoded" }, body: form({ _csrf: csrf }) });
    expect(r.status).toBe(200);
    return r.text();
  };

  it("refuses a broken pack with its file:line problems and keeps serving the old one; applies a good one without a restart", async () => {
    const s = await signIn(t.base);
    const pack = join(dir, "pack", "pack.yaml");
    const good = await readFile(pack, "utf8");
    const before = t.engine.pack;
    await writeFile(pack, good.replace(/^reviewed:.*$/m, "reviewed: not-a-date"));
    const refused = await reload(s.cookie!);
    expect(refused).toMatch(/id="reload-result"/);
    expect(refused).toMatch(/pack\.yaml:\d+/);
    expect(t.engine.pack).toBe(before);
    await writeFile(pack, good.replace(/^reviewed:.*$/m, "reviewed: 2026-12-02"));
    const applied = await reload(s.cookie!);
    expect(applied).toMatch(/class="ok"[^>]*id="reload-result"/);
    expect(t.engine.pack).not.toBe(before);
    expect(t.engine.pack.meta.reviewed).toBe("2026-12-02");
  });
});
