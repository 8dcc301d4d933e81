import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FakeDiscord } from "../../fakes/discord/fake-discord.js";
import { message, messageCommand, snowflake, user } from "../../fakes/discord/payloads.js";
import { customIds, messageBodies } from "./calls.js";
import { startRig, stopRig, type TestBot } from "./bot.js";

let fake: FakeDiscord;
let bot: TestBot;
let dir: string;
beforeAll(async () => {
  ({ fake, dir, bot } = await startRig({ prefix: "afterleak-discord-scam-" }));
  // The first turn of a process trains the matcher synchronously; do it before the 3-second clock of an interaction runs.
  await bot.engine.handle({ kind: "start", user: { platform: "warm-up", userId: "0", chat: "private" } });
});
afterAll(() => stopRig({ fake, dir, bot }));

describe("Discord: is this a scam?", () => {
  it("the message context-menu command 'Check this message' answers ephemerally with the verdict", async () => {
    const alice = user(snowflake(), "alice");
    const mallory = user(snowflake(), "mallory");
    const place = fake.inGuild();
    const target = message({ channel_id: fake.guild.channelId, author: mallory, content: "[Web발신] 쿠팡 유출 피해 보상금 지급 대상입니다. 신청: coupang-bosang.kr/apply" });
    const r = await fake.interact(messageCommand({ applicationId: fake.applicationId, user: alice, place, name: "Check this message", target }));
    await bot.idle();
    const bodies = [...messageBodies([r.callback]), ...messageBodies(fake.since(r.mark))];
    expect(r.callback.body.type === 4 || r.callback.body.type === 5).toBe(true);
    expect(r.callback.body.data?.flags).toBe(64); // ephemeral, whether answered at once or deferred
    const all = JSON.stringify(bodies);
    expect(all).toContain("coupang-bosang[.]kr");
    expect(all).not.toContain("coupang-bosang.kr");
    expect(bodies.flatMap(customIds)).toContain("t:clicked-or-paid");
    for (const b of bodies) expect(b.allowed_mentions).toEqual({ parse: [] });
  });

  it("/leak check with the message option checks it; an ordinary message gets 'no red flags, but'", async () => {
    const bob = user(snowflake(), "bob");
    const scam = await fake.slash(bob, "leak", "check", { message: "Coupang: your account will be suspended. Verify now: t.ly/CpVerify" });
    await bot.idle();
    expect(scam.callback.body.data.flags).toBe(64);
    expect(JSON.stringify(messageBodies([scam.callback, ...fake.since(scam.mark)]))).toContain("This looks like a scam");
    const fine = await fake.slash(bob, "leak", "check", { message: "Reminder: team dinner is Friday 7pm at the usual place" });
    await bot.idle();
    expect(JSON.stringify(messageBodies([fine.callback, ...fake.since(fine.mark)]))).toContain("I found no red flags, but");
  });
});
