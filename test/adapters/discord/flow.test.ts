import { Locale } from "discord-api-types/v10";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Engine } from "../../../src/index.js";
import type { FakeDiscord } from "../../fakes/discord/fake-discord.js";
import { snowflake, user } from "../../fakes/discord/payloads.js";
import { customIds, messageBodies } from "./calls.js";
import { loadTestPack, startBot, startRig, stopRig, type TestBot } from "./bot.js";

/** Fails on questions containing "boom", like a transport error deep in a handler would. */
const failing = (e: Engine): Engine => ({
  ...e,
  handle: async (ev) => {
    if (ev.kind === "text" && ev.text.includes("boom")) throw new Error("engine exploded");
    return e.handle(ev);
  },
});

let fake: FakeDiscord;
let bot: TestBot;
let dir: string;
beforeAll(async () => {
  ({ fake, dir, bot } = await startRig({ fake: { heartbeatMs: 250 }, bot: () => ({ wrap: failing }) }));
});
afterAll(() => stopRig({ fake, dir, bot }));

describe("gateway and REST login", () => {
  it("finds the gateway via GET /gateway/bot and identifies with the token and non-privileged intents", async () => {
    expect(fake.calls.some((c) => c.method === "GET" && c.path === "/gateway/bot")).toBe(true);
    expect(fake.gateway.connections[0]?.get("v")).toBe("10");
    expect(fake.gateway.connections[0]?.get("encoding")).toBe("json");
    const identify = fake.gateway.identifies[0];
    expect(identify?.token).toBe(fake.token);
    const MESSAGE_CONTENT = 1 << 15;
    expect((identify?.intents ?? 0) & MESSAGE_CONTENT).toBe(0);
  });

  it("keeps the session alive with heartbeats", async () => {
    const deadline = Date.now() + 3000;
    while (fake.gateway.heartbeats < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(fake.gateway.heartbeats).toBeGreaterThanOrEqual(2);
    expect(fake.gateway.live).toBe(1);
  });
});

describe("slash command -> buttons -> guided task -> restart -> resume", () => {
  it("walks the whole path and resumes after a new client logs in on the same store", async () => {
    const pack = await loadTestPack();
    const task = pack.tasks[0];
    if (!task) throw new Error("the pack has no task");
    const total = task.steps.length;
    const alice = user(snowflake(), "alice");

    const help = await fake.slash(alice, "leak", "help");
    expect(help.callback.body.type).toBe(4);
    expect(help.callback.body.data.flags).toBe(64);
    expect(customIds(help.callback.body.data)).toEqual(["m:leaked", "m:faq", "m:tasks", "m:lang", "m:human"]);
    expect(help.callback.body.data.content).toContain("/leak what-leaked");

    const menu = fake.responseMessage(help.interaction);
    const tasks = await fake.click(alice, menu, "m:tasks");
    expect(tasks.callback.body.type).toBe(7);
    expect(fake.responseMessage(tasks.interaction).id).toBe(menu.id);
    expect(customIds(tasks.callback.body.data)).toContain(`t:${task.id}`);

    const start = await fake.click(alice, fake.responseMessage(tasks.interaction), `t:${task.id}`);
    expect(start.callback.body.type).toBe(4);
    expect(start.callback.body.data.flags).toBe(64);
    expect(start.callback.body.data.content).toContain(`1/${total}`);
    const step1 = fake.responseMessage(start.interaction);
    const done1 = customIds(start.callback.body.data).find((id) => id.startsWith(`s:done:${task.id}:`));
    expect(done1).toBeDefined();

    const next = await fake.click(alice, step1, done1 ?? "");
    expect(next.callback.body.type).toBe(7);
    expect(next.callback.body.data.content).toContain(`2/${total}`);
    const step2 = fake.responseMessage(next.interaction);
    const done2 = customIds(next.callback.body.data).find((id) => id.startsWith(`s:done:${task.id}:`)) ?? "";

    await bot.stop();
    expect(fake.gateway.live).toBe(0);
    bot = await startBot(fake, dir, { wrap: failing });
    expect(fake.gateway.identifies.length).toBe(2);

    const resumed = await fake.click(alice, step2, done2);
    expect(resumed.callback.body.type).toBe(7);
    expect(resumed.callback.body.data.content).toContain(`3/${total}`);

    const list = await fake.slash(alice, "leak", "tasks");
    const label = list.callback.body.data.components.flatMap((r: { components: { custom_id: string; label: string }[] }) => r.components).find((b: { custom_id: string }) => b.custom_id === `t:${task.id}`)?.label;
    expect(label).toContain(`3/${total}`);
  });

  it("answers a stale or unknown button through the engine instead of failing", async () => {
    const bob = user(snowflake(), "bob");
    const help = await fake.slash(bob, "leak", "help");
    const old = fake.responseMessage(help.interaction);
    const stale = await fake.click(bob, old, "s:done:no-such-task:no-such-step");
    expect(stale.callback.body.type).toBe(4);
    expect(stale.callback.body.data.content).toMatch(/earlier message/);
    const unknown = await fake.click(bob, old, "~something-from-a-future-version");
    expect(unknown.callback.body.data.content).toMatch(/earlier message/);
  });

  it("offers more than ten choices as a select menu, and a selected value is answered", async () => {
    const pack = await loadTestPack();
    const counts = new Map<string, number>();
    for (const e of pack.faq) counts.set(e.group, (counts.get(e.group) ?? 0) + 1);
    const [group, n] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? ["", 0];
    expect(n + 1, "a FAQ group with more than ten choices").toBeGreaterThan(10);
    const carol = user(snowflake(), "carol");
    const faq = await fake.slash(carol, "leak", "faq");
    const groupPick = await fake.click(carol, fake.responseMessage(faq.interaction), `g:${group}`);
    const rows = groupPick.callback.body.data.components;
    expect(rows[0].components[0].type).toBe(3);
    expect(rows[0].components[0].options.length).toBe(n + 1);
    const first = rows[0].components[0].options[0].value as string;
    const picked = await fake.click(carol, fake.responseMessage(groupPick.interaction), rows[0].components[0].custom_id, { values: [first] });
    const entry = pack.faqById.get(first.slice(2));
    expect(picked.callback.body.data.content.length).toBeGreaterThan(0);
    expect(entry).toBeDefined();
  });

  it("answers in DMs without the ephemeral flag", async () => {
    const dave = user(snowflake(), "dave");
    const dm = await fake.slash(dave, "leak", "what-leaked", {}, fake.inDm(dave));
    expect(dm.callback.body.type).toBe(4);
    expect(dm.callback.body.data.flags ?? 0).toBe(0);
  });

  it("follows the user's language: interaction locale, then an explicit choice", async () => {
    const eun = user(snowflake(), "eun");
    const ko = await fake.slash(eun, "leak", "help", {}, fake.inGuild(), Locale.Korean);
    expect(ko.callback.body.data.content).toMatch(/[가-힣]/);
    const chosen = await fake.slash(eun, "leak", "language", { language: "en" });
    expect(chosen.callback.body.data.content).toMatch(/English/);
    const after = await fake.slash(eun, "leak", "help", {}, fake.inGuild(), Locale.Korean);
    expect(after.callback.body.data.content).not.toMatch(/[가-힣]{4}/);
  });

  it("reports a failure privately and keeps running", async () => {
    const erin = user(snowflake(), "erin");
    const failed = await fake.slash(erin, "leak", "ask", { question: "boom" });
    expect(failed.callback.body.type).toBe(4);
    expect(failed.callback.body.data.flags).toBe(64);
    expect(failed.callback.body.data.content).toMatch(/something went wrong/);
    const ok = await fake.slash(erin, "leak", "ask", { question: "was my card number leaked?" });
    expect(ok.callback.body.data.content).toMatch(/card/i);
  });

  it("never lets a message ping anyone and keeps every message under 2,000 characters", () => {
    const bodies = messageBodies(fake.calls);
    expect(bodies.length).toBeGreaterThan(10);
    for (const b of bodies) {
      expect(b.allowed_mentions).toEqual({ parse: [] });
      expect((b.content ?? "").length).toBeLessThanOrEqual(2000);
    }
  });
});
