import { PassThrough } from "node:stream";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../../src/cli/main.js";
import type { Engine, UserRef } from "../../../src/index.js";
import { startRedisServer, type RedisServer } from "../../fakes/redis-server.js";
import { PACK_DIR, driveConversations, signIn, startAdminChat } from "./admin-harness.js";

/** Runs the `afterleak` CLI in-process; returns its exit code and output. */
async function cli(argv: string[], env: Record<string, string>): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (c: Buffer) => (out += c.toString()));
  stderr.on("data", (c: Buffer) => (err += c.toString()));
  const code = await runCli(argv, { channels: [] }, { stdin: new PassThrough(), stdout, stderr, env: { ...process.env, ...env } });
  return { code, out, err };
}

/** The console's CSV (no quoted commas in these tables' numbers) as objects by header. */
const rowsOf = (csv: string) => {
  const [head, ...rows] = csv.trim().split("\r\n").map((l) => l.split(","));
  return rows.map((r) => Object.fromEntries(head!.map((h, i) => [h, r[i] ?? ""])));
};

type Choice = { id: string };
/** The choice ids among a turn's replies. */
const choiceIds = (r: unknown): string[] =>
  ((r as { replies?: { kind: string; choices?: Choice[] }[] }).replies ?? []).flatMap((x) => (x.kind === "choices" ? (x.choices ?? []).map((c) => c.id) : []));

/** Beyond driveConversations: 👍 on an answer, a guided task started and a step done, a scam check. */
async function driveMore(engine: Engine): Promise<void> {
  const u: UserRef = { platform: "web", userId: "web-more", chat: "private" };
  await engine.handle({ user: u, kind: "command", command: "language", args: "en" });
  const answered = await engine.handle({ user: u, kind: "text", text: "how do I change my password" });
  const up = choiceIds(answered).find((id) => id.startsWith("fb:up:"));
  expect(up, "an answer offers 👍").toBeDefined();
  await engine.handle({ user: u, kind: "choice", choiceId: up! });
  const task = engine.pack.tasks[0]!;
  const started = await engine.handle({ user: u, kind: "choice", choiceId: `t:${task.id}` });
  const done = choiceIds(started).find((id) => id.startsWith("s:done:"));
  if (done) await engine.handle({ user: u, kind: "choice", choiceId: done });
  await engine.handle({ user: u, kind: "command", command: "check", args: "Your parcel is held, pay the fee now at http://paypa1-login.example/pay" });
  await engine.idle();
}

for (const kind of ["lowdb", "redis"] as const) {
  describe(`support console on ${kind}: the same numbers as \`afterleak stats --json\``, () => {
    let redis: RedisServer | undefined;
    let t: Awaited<ReturnType<typeof startAdminChat>>;
    let env: Record<string, string>;
    beforeAll(async () => {
      if (kind === "redis") redis = await startRedisServer();
      t = await startAdminChat(redis ? { redisUrl: redis.url } : {});
      env = { STORE_URL: redis ? redis.url : `lowdb:${join(t.dataDir, "store")}`, DATA_DIR: t.dataDir, CONTENT_DIR: PACK_DIR, LOG_LEVEL: "silent" };
      await driveConversations(t.engine);
      await driveMore(t.engine);
    }, 60_000);
    afterAll(async () => {
      await t?.close();
      await redis?.stop();
    });

    it("overview, answers and tasks CSVs match the CLI's figures; every page renders in both languages", async () => {
      type M = Record<string, number | null>;
      let stats: { total: M; byChannel: Record<string, M>; byLocale: Record<string, M>; topTopics: { topic: string; count: number }[]; funnel: { task: string; started: number; completed: number }[] } | undefined;
      // Polled: both stores write events in batches.
      await expect
        .poll(async () => {
          const r = await cli(["stats", "--json", "--since", "7d"], env);
          stats = JSON.parse(r.out);
          return [stats!.total.conversations, stats!.total.feedbackUp, stats!.funnel.length > 0];
        }, { timeout: 15_000 })
        .toEqual([6, 1, true]);
      const { cookie } = await signIn(t.base);
      const csv = async (path: string, table: string) => {
        const r = await fetch(`${t.base}${path}?since=7d&lang=en&format=csv&table=${table}`, { headers: { cookie: cookie! } });
        expect(r.status, `${path} ${table}`).toBe(200);
        expect(r.headers.get("content-type")).toMatch(/^text\/csv/);
        return rowsOf(await r.text());
      };
      const pct = (v: number | null | undefined) => (v === null || v === undefined ? "" : `${(v * 100).toFixed(1)}%`);
      const summary = await csv("/admin", "summary");
      const slices: [string, M][] = [
        ["all", stats!.total],
        ...Object.entries(stats!.byChannel).map(([k, m]): [string, M] => [`Channel: ${k}`, m]),
        ...Object.entries(stats!.byLocale).map(([k, m]): [string, M] => [`Language: ${k}`, m]),
      ];
      expect(slices.length).toBe(5); // all, web, telegram, en, ko
      for (const [label, m] of slices) {
        const row = summary.find((r) => r["Slice"] === label);
        expect(row, label).toBeDefined();
        expect(Number(row!["Conversations"]), label).toBe(m.conversations);
        expect(Number(row!["Deflected"]), label).toBe(m.deflected);
        expect(Number(row!["Messages"]), label).toBe(m.messages);
        expect(Number(row!["Fallbacks"]), label).toBe(m.fallbacks);
        expect(Number(row!["👍 Helpful"]), label).toBe(m.feedbackUp);
        expect(Number(row!["👎 Not helpful"]), label).toBe(m.feedbackDown);
        expect(Number(row!["Handoffs asked"]), label).toBe(m.handoffsRequested);
        expect(row!["Deflection rate"], label).toBe(pct(m.deflectionRate));
        expect(row!["Fallback rate"], label).toBe(pct(m.fallbackRate));
        expect(row!["Helpfulness"], label).toBe(pct(m.helpfulness));
      }
      // Per day adds up to the total.
      const days = await csv("/admin", "days");
      expect(days.reduce((n, r) => n + Number(r["Conversations"]), 0)).toBe(stats!.total.conversations);
      // Answers: each of the CLI's top topics with the same count.
      const topics = await csv("/admin/answers", "topics");
      expect(stats!.topTopics.length).toBeGreaterThan(0);
      for (const tp of stats!.topTopics) expect(Number(topics.find((r) => r["Topic"] === tp.topic)?.["Answered"]), tp.topic).toBe(tp.count);
      // Tasks: started and completed per task.
      const funnel = await csv("/admin/tasks", "funnel");
      for (const f of stats!.funnel) {
        const row = funnel.find((r) => r["Task"] === f.task);
        expect([Number(row?.["Started"]), Number(row?.["Done"])], f.task).toEqual([f.started, f.completed]);
      }
      // Scam wave: the one check, flagged, with its domain.
      const flags = await csv("/admin/scam", "scam-days");
      expect(flags.reduce((n, r) => n + Number(r["Checks"]), 0)).toBe(1);
      // Every page, in English and Korean, renders (200, its language, a heading).
      for (const path of ["/admin", "/admin/answers", "/admin/unanswered", "/admin/tasks", "/admin/scam", "/admin/handoffs", "/admin/content", "/admin/report"]) {
        for (const lang of ["en", "ko"]) {
          const r = await fetch(`${t.base}${path}?since=7d&lang=${lang}`, { headers: { cookie: cookie! } });
          expect(r.status, `${path} ${lang}`).toBe(200);
          const html = await r.text();
          expect(html, `${path} ${lang}`).toContain(`<html lang="${lang}">`);
          expect(html, `${path} ${lang}`).toMatch(/<h1>[^<]+<\/h1>/);
          if (lang === "ko") expect(html.match(/<h1>([^<]+)<\/h1>/)![1], path).toMatch(/[가-힣]/);
        }
      }
    }, 60_000);
  });
}
