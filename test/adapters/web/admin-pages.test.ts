import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { threadLinkOf } from "../../../adapters/web/admin/index.js";
import { computeStats } from "../../../src/index.js";
import type { AnalyticsEvent } from "../../../src/store/state.js";
import { PACK_DIR, signIn, startAdminChat } from "./admin-harness.js";

const PAGES = ["/admin", "/admin/answers", "/admin/unanswered", "/admin/tasks", "/admin/scam", "/admin/handoffs", "/admin/content", "/admin/report"];

/** Events of a deployment with two packs (each event tagged with its pack), today. */
function twoPacks(now = Date.now()): AnalyticsEvent[] {
  const out: AnalyticsEvent[] = [];
  const at = (i: number) => new Date(now - 3_600_000 + i * 1000).toISOString();
  for (let i = 0; i < 5; i++) {
    const pack = i < 3 ? "pack-a" : "pack-b";
    const base = { key: `u${i}`, channel: i % 2 ? "telegram" : "web", locale: i % 2 ? "ko" : "en", pack };
    out.push({ ...base, at: at(i * 10), type: "conversation_started" });
    out.push({ ...base, at: at(i * 10 + 1), type: "topic_answered", topic: "t1", score: 0.9 });
    if (i === 4) out.push({ ...base, at: at(i * 10 + 2), type: "fallback", text: "what about my pet" });
    out.push({ ...base, at: at(i * 10 + 3), type: "scam_checked", hash: `h${i}`, flags: ["lookalike_domain"], domains: ["examp1e.example"] });
  }
  return out;
}

describe("support console pages: split by pack, a CSV for every table", () => {
  let t: Awaited<ReturnType<typeof startAdminChat>>;
  let cookie: string;
  const events = twoPacks();
  beforeAll(async () => {
    t = await startAdminChat();
    await t.store.record(events);
    await t.store.flush();
    cookie = (await signIn(t.base)).cookie!;
  });
  afterAll(() => t?.close());
  const get = (path: string) => fetch(`${t.base}${path}`, { headers: { cookie } });

  it("the overview (and weekly report) split the figures by pack once several packs exist, each as `stats` of that pack's events", async () => {
    for (const path of ["/admin", "/admin/report"]) {
      const csv = await (await get(`${path}?since=7d&lang=en&format=csv&table=summary`)).text();
      const rows = csv.trim().split("\r\n").map((l) => l.split(","));
      const col = rows[0]!.indexOf("Conversations");
      const fb = rows[0]!.indexOf("Fallbacks");
      for (const pack of ["pack-a", "pack-b"]) {
        const expected = computeStats(events.filter((e) => e.pack === pack)).total;
        const row = rows.find((r) => r[0] === `Pack: ${pack}`);
        expect(row, `${path} ${pack}`).toBeDefined();
        expect([Number(row![col]), Number(row![fb])], pack).toEqual([expected.conversations, expected.fallbacks]);
      }
    }
    // The pack filter is offered, and with a pack chosen the split is not repeated.
    const html = await (await get("/admin?since=7d&lang=ko")).text();
    expect(html).toContain('id="f-pack"');
    expect(html).toContain("팩: pack-a");
    const one = await (await get("/admin?since=7d&lang=en&pack=pack-b&format=csv&table=summary")).text();
    expect(one).not.toContain("Pack: ");
    expect(one.split("\r\n")[1]!.split(",")[1]).toBe("2");
  });

  it("the scam wave lists the lures used (the pack's label, seen N times) apart from the flag kinds, and the lookalike domains", async () => {
    const sms = "[Acme] You are eligible for compensation after the data leak. Claim now: https://acme-refund-claim.example/c?id=77 call 070-1234-5678";
    for (const userId of ["s1", "s2"]) await t.engine.handle({ user: { platform: "web", userId, chat: "private" }, kind: "command", command: "check", args: sms });
    await t.engine.idle();
    await t.store.flush();
    // The event keeps the lure's pack id (never message text) besides the flag kinds.
    const checked: string[][] = [];
    for await (const e of t.store.events()) if (e.type === "scam_checked" && e.domains?.includes("acme-refund-claim.example")) checked.push(e.flags ?? []);
    expect(checked).toHaveLength(2);
    expect(checked[0]).toEqual(expect.arrayContaining(["lure", "lure:compensation"]));
    const lures = (await (await get("/admin/scam?since=7d&lang=en&format=csv&table=scam-lures")).text()).trim().split("\r\n");
    expect(lures[0]).toBe("Lure,Lure id,Seen");
    expect(lures).toContain("an offer of compensation,compensation,2");
    const kinds = await (await get("/admin/scam?since=7d&lang=en&format=csv&table=scam-flags")).text();
    expect(kinds).toMatch(/^lure,2$/m);
    expect(kinds).not.toContain("lure:");
    const domains = await (await get("/admin/scam?since=7d&lang=en&format=csv&table=scam-domains")).text();
    expect(domains).toMatch(/^acme-refund-claim\.example,2$/m);
    const ko = await (await get("/admin/scam?since=7d&lang=ko")).text();
    expect(ko).toContain("보상금·배상금 지급 미끼");
    expect(ko).toContain("쓰인 미끼");
  });

  it("every table of every page has a CSV link that downloads that table", async () => {
    let tables = 0;
    for (const path of PAGES) {
      for (const lang of ["en", "ko"]) {
        const html = await (await get(`${path}?since=7d&lang=${lang}`)).text();
        const ids = [...html.matchAll(/<table id="t-([\w-]+)"/g)].map((m) => m[1]!);
        expect(ids.length, path).toBeGreaterThan(0);
        const links = [...html.matchAll(/<a class="csv" href="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, "&"));
        for (const id of ids) {
          const link = links.find((l) => new URL(l, t.base).searchParams.get("table") === id);
          expect(link, `${path} ${lang}: CSV of ${id}`).toBeDefined();
          const r = await get(link!);
          expect(r.status).toBe(200);
          expect(r.headers.get("content-disposition")).toContain(`afterleak-${id}.csv`);
          const body = await r.text();
          expect(body.split("\r\n")[0]!.length, `${path} ${id} header row`).toBeGreaterThan(0);
          tables++;
        }
      }
    }
    expect(tables).toBeGreaterThanOrEqual(2 * 16);
  });
});

describe("support console content page: the pack's freshness", () => {
  let dir: string;
  let t: Awaited<ReturnType<typeof startAdminChat>>;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "afterleak-admin-stale-"));
    await cp(PACK_DIR, join(dir, "pack"), { recursive: true });
    const file = join(dir, "pack", "pack.yaml");
    await writeFile(file, (await readFile(file, "utf8")).replace(/^reviewed:.*$/m, "reviewed: 2025-01-02"));
    t = await startAdminChat({ packDir: join(dir, "pack") });
  });
  afterAll(async () => {
    await t?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("shows the pack id, its review date and check-content's staleness warning as file:line, in both languages, with the reload button", async () => {
    const { cookie } = await signIn(t.base);
    for (const lang of ["en", "ko"] as const) {
      const html = await (await fetch(`${t.base}/admin/content?lang=${lang}`, { headers: { cookie: cookie! } })).text();
      expect(html).toContain(`<td>${t.engine.pack.meta.id}</td>`);
      expect(html).toContain("<td>2025-01-02</td>");
      expect(html).toMatch(/<ul id="stale"><li><code>[^<]*pack\.yaml:\d+<\/code> pack reviewed 2025-01-02, \d+ days ago/);
      expect(html).toContain('id="reload"');
    }
    const csv = await (await fetch(`${t.base}/admin/content?lang=en&format=csv&table=stale`, { headers: { cookie: cookie! } })).text();
    expect(csv).toMatch(/pack\.yaml:\d+: pack reviewed 2025-01-02/);
  });
});

describe("support console handoffs page: open tickets", () => {
  let t: Awaited<ReturnType<typeof startAdminChat>>;
  beforeAll(async () => {
    t = await startAdminChat({ threadLink: threadLinkOf({ ADMIN_DISCORD_GUILD_ID: "111" })! });
  });
  afterAll(() => t?.close());

  it("lists an open ticket with its number, channel, waiting time and a link to its Discord thread, and how many closed today", async () => {
    const since = new Date(Date.now() - 90 * 60_000).toISOString();
    // A Discord user waiting 90 minutes in support thread 222 (ticket K7), a Telegram one whose ticket was closed today.
    for (const [user, platform] of [["dk", "discord"], ["tg", "telegram"]] as const) {
      await t.engine.handle({ user: { platform, userId: user, chat: "private" }, kind: "command", command: "language", args: "en" });
    }
    await t.engine.idle();
    const dk = t.engine.keyOf({ platform: "discord", userId: "dk" });
    const tg = t.engine.keyOf({ platform: "telegram", userId: "tg" });
    await t.store.update(dk, (prev) => ({ next: { ...prev!, handoff: { status: "requested", since, ticket: "K7", place: "222" } }, result: undefined }));
    await t.store.record([
      { at: since, key: dk, channel: "discord", locale: "en", type: "handoff_requested" },
      { at: since, key: tg, channel: "telegram", locale: "en", type: "handoff_requested" },
      { at: new Date().toISOString(), key: tg, channel: "telegram", locale: "en", type: "handoff_closed" },
    ]);
    await t.store.flush();
    const { cookie } = await signIn(t.base);
    const html = await (await fetch(`${t.base}/admin/handoffs?since=7d&lang=en`, { headers: { cookie: cookie! } })).text();
    const row = /<table id="t-open-tickets"[\s\S]*?<tbody>([\s\S]*?)<\/tbody>/.exec(html)![1]!;
    expect(row).toContain("<td>#K7</td><td>discord</td><td>en</td>");
    expect(row).toMatch(/<td>1 h (29|30|31) min<\/td><td>waiting<\/td>/);
    expect(row).toContain('<a href="https://discord.com/channels/111/222" rel="noreferrer">');
    expect(row).not.toContain("telegram");
    expect(html).toContain('<p id="closed-today">Closed today: 1</p>');
    const ko = await (await fetch(`${t.base}/admin/handoffs?since=7d&lang=ko`, { headers: { cookie: cookie! } })).text();
    expect(ko).toMatch(/1시간 (29|30|31)분/);
    expect(ko).toContain("오늘 종료: 1건");
  });
});
