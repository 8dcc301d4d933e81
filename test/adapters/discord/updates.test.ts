import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postToPlaces, type InboundEvent, type Reply } from "../../../src/index.js";
import { createOutbox } from "../../../src/engine/outbox.js";
import { PERMS, type FakeDiscord } from "../../fakes/discord/fake-discord.js";
import { snowflake, user } from "../../fakes/discord/payloads.js";
import { startRig, stopRig, type TestBot } from "./bot.js";

const UPDATE = { en: "The regulator announced a fine today.", ko: "오늘 규제 당국이 과징금을 발표했어요." };
const message = (locale: string | undefined) => {
  const l = locale === "ko" ? "ko" : "en";
  return { locale: l, replies: [{ kind: "text", text: UPDATE[l] } satisfies Reply] };
};

let fake: FakeDiscord;
let bot: TestBot;
let dir: string;
beforeAll(async () => {
  ({ fake, dir, bot } = await startRig({ prefix: "afterleak-discord-updates-", fake: { guilds: 3 } }));
});
afterAll(() => stopRig({ fake, dir, bot }));

const mod = user(snowflake(), "moderator");
const posts = (mark: number, channelId: string) => fake.since(mark).filter((c) => c.method === "POST" && c.path === `/channels/${channelId}/messages`);
const outbox = () => createOutbox(bot.store, { worker: `test-${snowflake()}` });
const run = (update: string) => postToPlaces({ update, channels: [bot.channel], outbox: outbox(), message });

describe("/leak-admin updates-channel and the broadcast's server posts (fake REST and gateway)", () => {
  it("refuses a member without Manage Server, and sets nothing", async () => {
    const member = user(snowflake(), "member");
    const { callback } = await fake.slash(member, "leak-admin", "updates-channel", { mode: "on" }, fake.inGuild(PERMS.member));
    expect(callback.body.data.flags).toBe(64);
    expect(callback.body.data.content).toMatch(/Manage Server/);
    const places = [];
    for await (const p of bot.channel.places!.list()) places.push(p);
    expect(places).toEqual([]);
  });

  it("posts an update once in every server's updates channel, in the server's language, however often it runs", async () => {
    const [g1, g2, g3] = fake.guilds;
    const on = await fake.slash(mod, "leak-admin", "updates-channel", { mode: "on" }, fake.inServer(g1!, PERMS.moderator));
    expect(on.callback.body.data.flags).toBe(64);
    expect(on.callback.body.data.content).toContain(`<#${g1!.channelId}>`);
    await fake.slash(mod, "leak-admin", "language", { language: "ko" }, fake.inServer(g2!, PERMS.moderator));
    const ko = await fake.slash(mod, "leak-admin", "updates-channel", { mode: "on" }, fake.inServer(g2!, PERMS.moderator), "ko" as never);
    expect(ko.callback.body.data.content).toContain("소식을");
    // The third server chose a channel, then turned updates off again.
    await fake.slash(mod, "leak-admin", "updates-channel", { mode: "on" }, fake.inServer(g3!, PERMS.moderator));
    const off = await fake.slash(mod, "leak-admin", "updates-channel", { mode: "off" }, fake.inServer(g3!, PERMS.moderator));
    expect(off.callback.body.data.content).toMatch(/no longer posted/);

    const mark = fake.calls.length;
    expect(await run("2026-12-fine")).toEqual({ sent: 2, failed: 0, unsubscribed: 0, done: 0, later: 0 });
    const first = posts(mark, g1!.channelId);
    expect(first).toHaveLength(1);
    expect(first[0]!.body.content).toContain(UPDATE.en);
    expect(first[0]!.body.allowed_mentions).toEqual({ parse: [] });
    expect(posts(mark, g2!.channelId).map((c) => c.body.content)).toEqual([expect.stringContaining(UPDATE.ko)]);
    expect(posts(mark, g3!.channelId)).toEqual([]);

    const again = fake.calls.length;
    expect(await run("2026-12-fine")).toMatchObject({ sent: 0, done: 2 });
    expect(fake.since(again).filter((c) => c.method === "POST" && c.path.endsWith("/messages"))).toEqual([]);
  });

  it("a server that took away the bot's permission to post is dropped", async () => {
    const g1 = fake.guilds[0]!;
    fake.denySend.add(g1.channelId);
    try {
      expect(await run("2026-12-second")).toMatchObject({ sent: 1, unsubscribed: 1 });
      const left = [];
      for await (const p of bot.channel.places!.list()) left.push(p.to);
      expect(left).toEqual([fake.guilds[1]!.channelId]);
    } finally {
      fake.denySend.delete(g1.channelId);
    }
  });
});

describe("DMs of a broadcast on Discord", () => {
  const optIn = (userId: string) =>
    bot.engine.handle({ kind: "command", command: "updates", args: "on", user: { platform: "discord", userId, chat: "private" }, localeHint: "en" } as InboundEvent);

  /** The broadcast's per-user step, as the runner does it: only subscribers, each once, a closed DM unsubscribes. */
  async function sendToSubscribers(update: string) {
    const box = outbox();
    const counts = { sent: 0, unsubscribed: 0, skipped: 0 };
    for await (const s of bot.engine.subscribers.list()) {
      if (s.platform !== "discord" || (await box.take(update, s.key)) !== "taken") {
        counts.skipped++;
        continue;
      }
      const outcome = await bot.channel.push!({ userId: s.userId }, message("en"));
      if (outcome === "later") continue;
      await box.settle(update, s.key, outcome);
      if (outcome === "unsubscribed") await bot.engine.subscribers.remove(s.key);
      if (outcome === "sent" || outcome === "unsubscribed") counts[outcome]++;
    }
    return counts;
  }

  it("go only to users who opted in, once each; a closed DM unsubscribes the user", async () => {
    const ann = user("72001", "ann");
    const bo = user("72002", "bo"); // never opted in
    const cy = user("72003", "cy");
    await optIn(ann.id);
    await optIn(cy.id);
    await bot.engine.handle({ kind: "text", text: "hello", user: { platform: "discord", userId: bo.id, chat: "private" } } as InboundEvent);
    fake.dmClosed.add(cy.id);

    const mark = fake.calls.length;
    expect(await sendToSubscribers("2026-12-dm")).toMatchObject({ sent: 1, unsubscribed: 1 });
    const dmOpened = fake.since(mark).filter((c) => c.method === "POST" && c.path === "/users/@me/channels").map((c) => c.body.recipient_id);
    expect(dmOpened).not.toContain(bo.id);
    const delivered = [...fake.messages.values()].filter((m) => m.content.includes(UPDATE.en) && m.channel_id === (fake.inDm(ann) as { dmChannelId: string }).dmChannelId);
    expect(delivered).toHaveLength(1);

    const keys = [];
    for await (const s of bot.engine.subscribers.list()) keys.push(s.userId);
    expect(keys).toEqual([ann.id]);
    const again = fake.calls.length;
    expect(await sendToSubscribers("2026-12-dm")).toMatchObject({ sent: 0, skipped: 1 });
    expect(fake.since(again).filter((c) => c.method === "POST")).toEqual([]);
  });
});

describe("Discord for `afterleak broadcast` with no instance running (pushOnly)", () => {
  it("sends DMs and server posts over REST without a gateway session, and reports each message to the traffic budget", async () => {
    const { parseConfig, createLogger } = await import("../../../src/index.js");
    const { discordConfigSchema } = await import("../../../adapters/discord/config.js");
    const { startDiscord } = await import("../../../adapters/discord/index.js");
    const { config } = parseConfig<import("../../../adapters/discord/config.js").DiscordConfig>({ DISCORD_BOT_TOKEN: fake.token, DISCORD_API_ROOT: fake.apiRoot, DATA_DIR: dir }, [discordConfigSchema]);
    const spent: string[] = [];
    const traffic = { spend: (p: string) => void spent.push(p), pause: () => undefined };
    const identifies = fake.calls.length;
    const sender = await startDiscord({ engine: bot.engine, store: bot.store, config: config!, logger: createLogger("silent"), traffic, pushOnly: true });
    try {
      const dee = user("72004", "dee");
      expect(await sender.push!({ userId: dee.id }, message("en"))).toBe("sent");
      expect([...fake.messages.values()].filter((m) => m.content.includes(UPDATE.en) && m.channel_id === (fake.inDm(dee) as { dmChannelId: string }).dmChannelId)).toHaveLength(1);
      expect(spent).toEqual(["discord"]);
      expect(fake.since(identifies).some((c) => c.path === "/gateway/bot")).toBe(false);
    } finally {
      await sender.stop();
    }
  });
});

describe("/leak updates and a whole broadcast on Discord (the broadcast runner)", () => {
  it("opt in and out with /leak updates; the runner posts to the updates channel and DMs only opted-in users, once; a closed DM unsubscribes", async () => {
    const { runBroadcast } = await import("../../../src/broadcast/run.js");
    const { createDispatcher, parseBroadcastFile } = await import("../../../src/index.js");
    const eve = user("72011", "eve");
    const fay = user("72012", "fay");
    const gus = user("72013", "gus"); // opts in, then out again
    const on = await fake.slash(eve, "leak", "updates", { mode: "on" }, fake.inDm(eve));
    expect(on.callback.body.data.content ?? JSON.stringify(on)).toContain("I'll send you important updates");
    await fake.slash(fay, "leak", "updates", { mode: "on" }, fake.inDm(fay));
    await fake.slash(gus, "leak", "updates", { mode: "on" }, fake.inDm(gus));
    const off = await fake.slash(gus, "leak", "updates", { mode: "off" }, fake.inDm(gus));
    expect(JSON.stringify(off.callback.body)).toContain("I won't send you updates");
    const subs = async () => {
      const ids: string[] = [];
      for await (const s of bot.engine.subscribers.list()) if (s.platform === "discord") ids.push(s.userId);
      return ids.sort();
    };
    const before = await subs();
    expect(before).toEqual(expect.arrayContaining([eve.id, fay.id]));
    expect(before).not.toContain(gus.id);
    fake.dmClosed.add(fay.id);

    const { file } = parseBroadcastFile("u.yaml", `id: 2026-12-runner\ntext:\n  en: "${UPDATE.en}"\n  ko: "${UPDATE.ko}"\n`, [bot.engine.pack]);
    const dispatcher = createDispatcher({ limits: { discord: { perSecond: 100, perRecipientMs: 0 } } });
    const run = () => runBroadcast({ file: file!, engine: bot.engine, store: bot.store, channels: [bot.channel], dispatcher, worker: "discord-test", channel: "discord" });
    const mark = fake.calls.length;
    const report = await run();
    expect(report).toMatchObject({ sent: before.length - 1, failed: 0, unsubscribed: 1, remaining: 0 });
    // The server that still has an updates channel gets one post, in its language.
    expect(report.places).toMatchObject({ sent: 1, failed: 0 });
    expect(posts(mark, fake.guilds[1]!.channelId).map((c) => c.body.content)).toEqual([expect.stringContaining(UPDATE.ko)]);
    const dmTo = (u: typeof eve) => [...fake.messages.values()].filter((m) => m.content.includes(UPDATE.en) && m.channel_id === (fake.inDm(u) as { dmChannelId: string }).dmChannelId);
    expect(dmTo(eve)).toHaveLength(1);
    expect(dmTo(gus)).toHaveLength(0);
    expect(fake.since(mark).filter((c) => c.method === "POST" && c.path === "/users/@me/channels").map((c) => c.body.recipient_id)).not.toContain(gus.id);
    expect(await subs()).not.toContain(fay.id);

    const again = fake.calls.length;
    expect(await run()).toMatchObject({ sent: 0, unsubscribed: 0, remaining: 0, places: { sent: 0, done: 1 } });
    expect(fake.since(again).filter((c) => c.method === "POST" && c.path.endsWith("/messages"))).toEqual([]);
    expect(dmTo(eve)).toHaveLength(1);
  });
});
