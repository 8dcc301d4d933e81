import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderStats } from "../../../adapters/discord/stats.js";
import { computeStats, type AnalyticsEvent } from "../../../src/index.js";
import { PERMS, type FakeDiscord } from "../../fakes/discord/fake-discord.js";
import { snowflake, user } from "../../fakes/discord/payloads.js";
import { startRig, stopRig, type TestBot } from "./bot.js";
import { answerOf, eventsOf } from "./support.js";

let fake: FakeDiscord;
let bot: TestBot;
let dir: string;
const mod = user(snowflake(), "moderator");
const member = user(snowflake(), "member");

beforeAll(async () => {
  ({ fake, dir, bot } = await startRig({ prefix: "afterleak-discord-stats-", bot: (f) => ({ env: { SUPPORT_DISCORD_ROLE_ID: f.guild.supportRoleId } }) }));
  // Three users: an answered question, an unanswered one, and a request for a person.
  await fake.slash(user(snowflake(), "a"), "leak", "ask", { question: "was my card number leaked?" });
  await fake.slash(user(snowflake(), "b"), "leak", "ask", { question: "which blender should I buy for smoothies" });
  await answerOf(fake, await fake.slash(user(snowflake(), "c"), "leak", "human"));
});
afterAll(() => stopRig({ fake, dir, bot }));

describe("/leak-admin stats", () => {
  it("shows a moderator the `afterleak stats` summary of Discord, privately, in one code block", async () => {
    const expected = computeStats((await eventsOf(bot.store)).filter((e) => e.channel === "discord"));
    expect(expected.total.conversations).toBe(3);
    const res = await fake.slash(mod, "leak-admin", "stats", {}, fake.inGuild(PERMS.moderator));
    expect(res.callback.body).toEqual({ type: 5, data: { flags: 64 } });
    const { content, allowed_mentions } = await answerOf(fake, res);
    expect(allowed_mentions).toEqual({ parse: [] });
    expect(content.length).toBeLessThanOrEqual(2000);
    expect(content).toMatch(/^```\nafterleak stats, since .* UTC.*: \d+ events\n[\s\S]*\n```$/);
    const all = content.split("\n").find((l: string) => l.trimStart().startsWith("all "));
    expect(all?.trim().split(/\s{2,}/).slice(0, 3)).toEqual(["all", "3", `${expected.total.deflected}/3 (${((expected.total.deflected / 3) * 100).toFixed(1)}%)`]);
    expect(content).toMatch(/channel discord\s+3 /);
    expect(content).toMatch(/handoffs asked\/taken\/closed/);
    expect(content).toMatch(/blender/);
  });

  it("takes a window and a scope, and explains a bad window", async () => {
    const all = await answerOf(fake, await fake.slash(mod, "leak-admin", "stats", { since: "all", scope: "all" }, fake.inGuild(PERMS.moderator)));
    expect(all.content).toMatch(/afterleak stats, all retained events/);
    const bad = await fake.slash(mod, "leak-admin", "stats", { since: "yesterday-ish" }, fake.inGuild(PERMS.moderator));
    expect(bad.callback.body.data).toMatchObject({ flags: 64, content: expect.stringMatching(/such as 7d/) });
  });

  it("is refused to a member without Manage Server", async () => {
    const res = await fake.slash(member, "leak-admin", "stats", {}, fake.inGuild(PERMS.member));
    expect(res.callback.body.type).toBe(4);
    expect(res.callback.body.data).toMatchObject({ flags: 64, content: expect.stringMatching(/Manage Server/) });
    expect(res.callback.body.data.content).not.toMatch(/conversations/);
  });
});

describe("renderStats", () => {
  const at = "2026-11-27T09:00:00.000Z";
  const fallback = (i: number, text: string): AnalyticsEvent => ({ at, key: `k${i}`, channel: "discord", locale: "en", type: "fallback", text });

  it("stays under 2,000 characters, and user text cannot close the code block", () => {
    // Forty different long questions: the report shortens its lists to fit.
    const words = (i: number) => Array.from({ length: 30 }, (_, j) => `w${i}q${j}${String.fromCharCode(97 + ((i * 7 + j) % 26))}`).join(" ");
    const events = Array.from({ length: 40 }, (_, i) => fallback(i, `${"```"} @everyone ${words(i)}`));
    const out = renderStats(events, { since: "7d", scope: "discord", home: true, locale: "en" });
    expect(out.length).toBeLessThanOrEqual(2000);
    expect(out.match(/```/g)).toHaveLength(2);
    expect(out.match(/\[en\] /g)?.length).toBeGreaterThanOrEqual(1);
    expect(out).toMatch(/Task funnel/);
  });

  it("shows unanswered questions only in the support team's server", () => {
    const events = [fallback(1, "a private worry"), { ...fallback(2, "on telegram"), channel: "telegram" }];
    const away = renderStats(events, { since: "7d", scope: "all", home: false, locale: "en" });
    expect(away).not.toMatch(/private worry/);
    expect(away).toMatch(/shown only in the support team's server/);
    expect(away).toMatch(/channel telegram/);
    const home = renderStats(events, { since: "7d", scope: "discord", home: true, locale: "en" });
    expect(home).toMatch(/private worry/);
    expect(home).not.toMatch(/channel telegram/);
  });
});
