import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Engine } from "../../../src/index.js";
import type { FakeDiscord } from "../../fakes/discord/fake-discord.js";
import { snowflake, user } from "../../fakes/discord/payloads.js";
import { startRig, stopRig, type TestBot } from "./bot.js";
import { TEST_CARD } from "../../helpers/card.js";

/** Slow enough that every answer is deferred and then edited in: the edit is the follow-up under test. */
const slow = (e: Engine): Engine => ({
  ...e,
  handle: async (ev) => {
    await new Promise((r) => setTimeout(r, 150));
    return e.handle(ev);
  },
});

let fake: FakeDiscord;
let bot: TestBot;
let dir: string;
beforeAll(async () => {
  ({ fake, dir, bot } = await startRig({ prefix: "afterleak-discord-faults-", bot: () => ({ wrap: slow, ackBudgetMs: 50 }) }));
});
afterAll(() => stopRig({ fake, dir, bot }));

const edits = (token: string, from: number) => fake.since(from).filter((c) => c.method === "PATCH" && c.path === `/webhooks/${fake.applicationId}/${token}/messages/@original`);

describe("Discord REST faults on follow-ups", () => {
  it("a follow-up that meets 502s is retried and lands once", async () => {
    fake.rest.faults.push({ method: "PATCH", path: /^\/webhooks\/.*\/messages\/@original$/, status: 502, times: 2 });
    const alice = user(snowflake(), "alice");
    const { interaction, callback, mark } = await fake.slash(alice, "leak", "ask", { question: "was my card number leaked?" });
    expect(callback.body.type).toBe(5);
    await fake.waitFor((c) => c.method === "PATCH" && c.status === 200 && c.path.endsWith(`${interaction.token}/messages/@original`), mark);
    await bot.idle();
    const tries = edits(interaction.token, mark);
    expect(tries.map((c) => c.status)).toEqual([502, 502, 200]);
    expect(fake.responseMessage(interaction).content).toMatch(/card/i);
  });

  it("a follow-up that meets a 429 waits out retry_after and lands once", async () => {
    fake.rest.faults.push({ method: "PATCH", path: /^\/webhooks\/.*\/messages\/@original$/, status: 429, retryAfterS: 0.4, times: 1 });
    const bob = user(snowflake(), "bob");
    const { interaction, mark } = await fake.slash(bob, "leak", "ask", { question: "should I change my password?" });
    const limited = await fake.waitFor((c) => c.status === 429, mark);
    const t429 = Date.now();
    await fake.waitFor((c) => c.method === "PATCH" && c.status === 200 && c.path.endsWith(`${interaction.token}/messages/@original`), mark);
    expect(Date.now() - t429).toBeGreaterThanOrEqual(350);
    await bot.idle();
    expect(edits(interaction.token, mark).map((c) => c.status)).toEqual([429, 200]);
    expect(limited.path).toContain(interaction.token);
  });

  it("an interaction that cannot be acknowledged is logged with its id only, and the next one is answered", async () => {
    fake.rest.faults.push({ method: "POST", path: /^\/interactions\/\d+\/[^/]+\/callback$/, status: 503, times: 10 });
    const carol = user(snowflake(), "carol");
    const question = "my secret question about 4111 1111 1111 1111";
    const before = bot.records.length;
    const first = await fake.slash(carol, "leak", "ask", { question });
    expect(first.callback.status).toBe(503);
    await bot.idle();
    fake.rest.faults.length = 0;
    const logged = bot.records.slice(before).filter((r) => (r.level ?? 0) >= 40);
    expect(logged.length).toBeGreaterThan(0);
    expect(logged.some((r) => JSON.stringify(r).includes(first.interaction.id))).toBe(true);
    for (const r of bot.records.slice(before)) {
      expect(JSON.stringify(r)).not.toMatch(/secret question/);
      expect(JSON.stringify(r)).not.toMatch(TEST_CARD);
    }
    const second = await fake.slash(carol, "leak", "ask", { question: "was my card number leaked?" });
    expect([4, 5]).toContain(second.callback.body.type);
    expect(second.callback.status).toBeLessThan(300);
  });
});
