import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PERMS, type FakeDiscord } from "../../fakes/discord/fake-discord.js";
import { snowflake, user } from "../../fakes/discord/payloads.js";
import { startRig, stopRig, type Rig } from "./bot.js";

const mod = user(snowflake(), "moderator");
const member = user(snowflake(), "member");
const SCAM = "[국제발신] 쿠팡 개인정보 유출 피해 보상금 지급 대상입니다. 오늘까지 신청하세요: coupang-bosang.kr/claim";
const ORDINARY = "오늘 저녁 7시에 강남역에서 봐요! 지도는 https://www.youtube.com/watch?v=abc 말고 네이버 지도로 볼게요";

const channelPosts = (fake: FakeDiscord, mark: number, channelId: string) =>
  fake.since(mark).filter((c) => c.method === "POST" && c.path === `/channels/${channelId}/messages`);

describe("without the Message Content intent", () => {
  let rig: Rig;
  beforeAll(async () => {
    rig = await startRig({ prefix: "afterleak-watch-nointent-" });
  });
  afterAll(() => stopRig(rig));

  it("explains how to enable the intent, privately, and turns nothing on", async () => {
    const { fake, bot } = rig;
    const { callback } = await fake.slash(mod, "leak-admin", "scam-watch", { mode: "on" }, fake.inGuild(PERMS.moderator));
    expect(callback.body.type).toBe(4);
    expect(callback.body.data.flags).toBe(64);
    expect(callback.body.data.content).toMatch(/MESSAGE CONTENT INTENT/);
    expect(callback.body.data.allowed_mentions).toEqual({ parse: [] });
    const mark = fake.calls.length;
    fake.post(member, SCAM);
    await bot.idle();
    expect(channelPosts(fake, mark, fake.guild.channelId)).toEqual([]);
  });
});

describe("with the Message Content intent", () => {
  let rig: Rig;
  const mods = snowflake();
  beforeAll(async () => {
    rig = await startRig({ prefix: "afterleak-watch-", bot: () => ({ env: { DISCORD_MESSAGE_CONTENT: "1" } }) });
  });
  afterAll(() => stopRig(rig));

  it("refuses a member without Manage Server", async () => {
    const { callback } = await rig.fake.slash(member, "leak-admin", "scam-watch", { mode: "on" }, rig.fake.inGuild(PERMS.member));
    expect(callback.body.data.flags).toBe(64);
    expect(callback.body.data.content).toMatch(/Manage Server/);
  });

  it("warns publicly without pings, sends the details to the moderators' channel, and deletes nothing", async () => {
    const { fake, bot } = rig;
    const on = await fake.slash(mod, "leak-admin", "scam-watch", { mode: "on", mods }, fake.inGuild(PERMS.moderator));
    expect(on.callback.body.data.flags).toBe(64);
    expect(on.callback.body.data.content).toContain(`<#${fake.guild.channelId}>`);
    expect(on.callback.body.data.content).toContain(`<#${mods}>`);

    const { message, mark } = fake.post(member, SCAM);
    const warning = await fake.waitFor((c) => c.method === "POST" && c.path === `/channels/${fake.guild.channelId}/messages`, mark);
    expect(warning.body.content).toMatch(/signs of a scam|사기 문자의 특징/);
    expect(warning.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(warning.body.message_reference.message_id).toBe(message.id);
    expect(warning.body.content).not.toContain("<@");
    const details = await fake.waitFor((c) => c.method === "POST" && c.path === `/channels/${mods}/messages`, mark);
    expect(details.body.allowed_mentions).toEqual({ parse: [] });
    expect(details.body.content).toContain(`<@${member.id}>`);
    expect(details.body.content).toContain("coupang-bosang[.]kr");
    expect(details.body.content).toContain(message.id);
    // Barrier: the handler has finished; the message is still there.
    await bot.idle();
    expect(fake.since(mark).some((c) => c.method === "DELETE")).toBe(false);
    expect(fake.messages.has(message.id)).toBe(true);
    // The store holds the settings (ids), never the message.
    const stored: string[] = [];
    for await (const [, v] of bot.store.listSettings("scam-watch:")) stored.push(v);
    expect(stored.join("\n")).toContain(mods);
    expect(stored.join("\n")).not.toContain("bosang");
  });

  it("says nothing about an ordinary message", async () => {
    const { fake, bot } = rig;
    const { mark } = fake.post(member, ORDINARY);
    await bot.idle();
    expect(channelPosts(fake, mark, fake.guild.channelId)).toEqual([]);
    expect(channelPosts(fake, mark, mods)).toEqual([]);
  });

  it("removes the message when the moderators turned removal on", async () => {
    const { fake, bot } = rig;
    const on = await fake.slash(mod, "leak-admin", "scam-watch", { mode: "on", remove: "yes" }, fake.inGuild(PERMS.moderator));
    expect(on.callback.body.data.content).toMatch(/also removed/);
    const { message, mark } = fake.post(member, SCAM);
    await fake.waitFor((c) => c.method === "DELETE" && c.path === `/channels/${fake.guild.channelId}/messages/${message.id}`, mark);
    const details = await fake.waitFor((c) => c.method === "POST" && c.path === `/channels/${mods}/messages`, mark);
    expect(details.body.content).toMatch(/was removed|삭제했어요/);
    await bot.idle();
    expect(fake.messages.has(message.id)).toBe(false);
  });

  it("stops watching when turned off", async () => {
    const { fake, bot } = rig;
    const off = await fake.slash(mod, "leak-admin", "scam-watch", { mode: "off" }, fake.inGuild(PERMS.moderator));
    expect(off.callback.body.data.content).toMatch(/off/);
    const { mark } = fake.post(member, SCAM);
    await bot.idle();
    expect(channelPosts(fake, mark, fake.guild.channelId)).toEqual([]);
    expect(fake.since(mark).some((c) => c.method === "DELETE")).toBe(false);
  });
});
