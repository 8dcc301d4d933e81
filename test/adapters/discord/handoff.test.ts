import { readFile, readdir } from "node:fs/promises";
import { join } from "node:path";
import { Locale, type APIMessage } from "discord-api-types/v10";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PERMS, type FakeDiscord } from "../../fakes/discord/fake-discord.js";
import { snowflake, user } from "../../fakes/discord/payloads.js";
import { customIds, messageBodies } from "./calls.js";
import { str } from "../../../adapters/discord/strings.js";
import { ui, type ContentPack } from "../../../src/index.js";
import { loadTestPack, startBot, startRig, stopRig, type TestBot } from "./bot.js";
import { answerOf, eventsOf, notProbe, postedIn, quiet } from "./support.js";
import { TEST_CARD } from "../../helpers/card.js";

let fake: FakeDiscord;
let bot: TestBot;
let dir: string;
let role: string;
let pack: ContentPack;
/** What the support team reads: the pack's default locale (the core's one policy). */
const staffText = (key: Parameters<typeof ui>[1], vars?: Record<string, string>) => ui(pack, key, pack.meta.defaultLocale, vars);
const env = () => ({ SUPPORT_DISCORD_ROLE_ID: fake.guild.supportRoleId });
const alice = user(snowflake(), "alice");
const staff = user(snowflake(), "staff");
const userOf = (u: { id: string }) => ({ platform: "discord", userId: u.id });
const threadsOpened = (mark: number) => fake.since(mark).filter((c) => c.method === "POST" && /^\/channels\/\d+\/threads$/.test(c.path));

beforeAll(async () => {
  ({ fake, dir, bot } = await startRig({ prefix: "afterleak-discord-handoff-", bot: (f) => ({ env: { SUPPORT_DISCORD_ROLE_ID: f.guild.supportRoleId } }) }));
  role = fake.guild.supportRoleId;
  pack = await loadTestPack();
});
afterAll(() => stopRig({ fake, dir, bot }));

describe("a user asks for a person, talks to the support team in a private thread, and is handed back", () => {
  let threadId = "";
  let header: APIMessage | undefined;

  it("/leak human opens a private thread with the user in it, pings the support role once, and tells the user privately", async () => {
    const res = await fake.slash(alice, "leak", "human");
    expect(res.callback.body.data.flags).toBe(64);
    const answer = await answerOf(fake, res);

    const [open, ...more] = threadsOpened(res.mark);
    expect(more).toHaveLength(0);
    expect(open?.path).toBe(`/channels/${fake.guild.channelId}/threads`);
    expect(open?.body).toMatchObject({ type: 12, invitable: false });
    threadId = [...fake.threads.keys()][0] ?? "";
    expect(fake.rest.threadMembers.get(threadId)?.has(alice.id)).toBe(true);

    const bodies = messageBodies(fake.since(res.mark));
    const pinging = bodies.filter((b) => b.allowed_mentions?.roles?.length || /<@&\d+>/.test(b.content ?? ""));
    expect(pinging).toHaveLength(1);
    expect(pinging[0]?.allowed_mentions).toEqual({ parse: [], roles: [role] });
    expect(pinging[0]?.content.match(new RegExp(`<@&${role}>`, "g"))).toHaveLength(1);
    for (const b of bodies.filter((x) => x !== pinging[0])) expect(b.allowed_mentions).toEqual({ parse: [] });

    const [posted] = postedIn(fake, threadId, res.mark);
    expect(posted).toBe(pinging[0]);
    const ticket = (await bot.engine.handoff.active(userOf(alice)))?.ticket ?? "";
    expect(ticket).toMatch(/^t[a-z0-9]{7}$/);
    expect(posted.content).toContain(staffText("supportTicketTitle", { ticket }));
    expect(posted.content).toContain(`<@${alice.id}>`);
    expect(posted.content).toContain(staffText("supportReasonRequested"));
    expect(customIds(posted)).toEqual([`~close:${ticket}`]);
    header = [...fake.messages.values()].find((m) => m.channel_id === threadId);

    expect(answer.content).toContain(`<#${threadId}>`);
    expect(answer.content).not.toMatch(/Write your question here/);
    expect(await bot.engine.handoff.active(userOf(alice))).toMatchObject({ status: "requested" });
  });

  it("relays what the user writes elsewhere (redacted) into the thread, and gives no answer from the bot", async () => {
    const res = await fake.slash(alice, "leak", "ask", { question: "my card 4111 1111 1111 1111 was charged twice" });
    const answer = await answerOf(fake, res);
    const [relayed] = postedIn(fake, threadId, res.mark);
    expect(relayed?.content).toContain(`<@${alice.id}>`);
    expect(relayed?.content).toMatch(/charged twice/);
    expect(JSON.stringify(fake.since(res.mark))).not.toMatch(TEST_CARD);
    expect(relayed?.allowed_mentions).toEqual({ parse: [] });
    expect(answer.content).toContain(`Passed on to the support team in <#${threadId}>`);
    expect(customIds(answer).filter((id) => /^(f|g|fb):/.test(id))).toEqual([]);
    const key = bot.engine.keyOf(userOf(alice));
    expect((await eventsOf(bot.store)).filter((e) => e.key === key && e.type === "topic_answered")).toEqual([]);

    const dm = fake.post(alice, "is my phone 010-9876-5432 at risk?", { dm: true });
    const note = await fake.waitFor((c) => c.method === "POST" && c.path === `/channels/${fake.rest.dmChannel(alice.id)}/messages`, dm.mark);
    expect(note.body.content).toContain(`<#${threadId}>`);
    const [fromDm] = postedIn(fake, threadId, dm.mark);
    expect(fromDm?.content).toMatch(/at risk/);
    expect(fromDm?.content).not.toMatch(/9876/);
  });

  it("relays a public mention too, saying only where the thread is, and points a repeated request to the same thread", async () => {
    const { mark } = fake.post(alice, `<@${fake.bot.id}> is anyone there?`, { mentionBot: true });
    const reply = await fake.waitFor((c) => c.method === "POST" && c.path === `/channels/${fake.guild.channelId}/messages`, mark);
    expect(reply.body.content).toBe(`Passed on to the support team in <#${threadId}>.`);
    expect(reply.body.components).toEqual([]);
    expect(postedIn(fake, threadId, mark).map((b) => b.content)).toEqual([expect.stringMatching(/anyone there\?$/)]);

    const again = await fake.slash(alice, "leak", "human");
    const answer = await answerOf(fake, again);
    expect(answer.content).toContain(`Your conversation with the support team is in <#${threadId}>`);
    expect(threadsOpened(again.mark)).toEqual([]);
  });

  it("leaves the user's own messages in the thread to the support team", async () => {
    const { mark } = fake.postInThread(alice, threadId, `<@${fake.bot.id}> hello? was my card leaked?`);
    await quiet(fake, bot);
    expect(fake.since(mark).filter((c) => c.method !== "GET").filter(notProbe(fake))).toEqual([]);
    expect(await bot.engine.handoff.active(userOf(alice))).toMatchObject({ status: "requested" });
  });

  it("marks the handoff taken when the support team first writes in the thread, once", async () => {
    const first = fake.postInThread(staff, threadId, "", [role]);
    const taken = await fake.waitFor((c) => c.method === "POST" && c.path === `/channels/${threadId}/messages`, first.mark);
    expect(taken.body.content).toMatch(/has joined/);
    const second = fake.postInThread(staff, threadId, "", [role]);
    await quiet(fake, bot);
    expect(postedIn(fake, threadId, second.mark)).toEqual([]);
    const key = bot.engine.keyOf(userOf(alice));
    expect((await eventsOf(bot.store)).filter((e) => e.key === key && e.type === "handoff_taken")).toHaveLength(1);
    expect(await bot.engine.handoff.active(userOf(alice))).toMatchObject({ status: "active" });
  });

  it("keeps the ticket across a restart, without a raw user id on disk; only the support team can close it", async () => {
    await bot.stop();
    bot = await startBot(fake, dir, { env: env() });
    const files = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((f) => f.isFile());
    const disk = (await Promise.all(files.map((f) => readFile(join(f.parentPath, f.name), "utf8")))).join("\n");
    expect(disk).toContain(`ticket-place:discord:${threadId}`);
    expect(disk).not.toContain(alice.id);
    if (!header) throw new Error("no header message");
    const ticket = customIds(header)[0] ?? "";

    const refused = await fake.click(alice, header, ticket, { place: fake.inThread(threadId) });
    expect(refused.callback.body.data).toMatchObject({ flags: 64, content: expect.stringMatching(/Only the support team/) });

    const res = await fake.click(staff, header, ticket, { place: fake.inThread(threadId, { roles: [role] }) });
    const done = await answerOf(fake, res);
    expect(done.content).toContain(staffText("supportClosed", { ticket: ticket.replace("~close:", "") }));
    expect(done.content).toContain(str("threadLocked", pack.meta.defaultLocale));
    const [notice] = postedIn(fake, threadId, res.mark);
    expect(notice?.content).toMatch(/conversation with the support team has ended/);
    const archive = fake.since(res.mark).find((c) => c.method === "PATCH" && c.path === `/channels/${threadId}`);
    expect(archive?.body).toEqual({ archived: true, locked: true });
    expect(fake.threads.get(threadId)?.thread_metadata).toMatchObject({ archived: true, locked: true });
    expect(await bot.engine.handoff.active(userOf(alice))).toBeUndefined();
  });

  it("answers the user again after the close", async () => {
    const res = await fake.slash(alice, "leak", "ask", { question: "was my card number leaked?" });
    const answer = await answerOf(fake, res);
    expect(threadsOpened(res.mark)).toEqual([]);
    expect(postedIn(fake, threadId, res.mark)).toEqual([]);
    expect(answer.content).not.toMatch(/Passed on/);
    expect(customIds(answer).some((id) => id.startsWith("fb:"))).toBe(true);
  });
});

describe("/leak-admin close in a thread", () => {
  it("closes the thread's ticket for the support team, archiving without lock when Manage Threads is missing", async () => {
    const bob = user(snowflake(), "bob");
    const open = await fake.slash(bob, "leak", "human");
    await answerOf(fake, open);
    const thread = [...fake.threads.values()].find((t) => fake.rest.threadMembers.get(t.id)?.has(bob.id));
    if (!thread) throw new Error("no thread for bob");

    const member = await fake.slash(bob, "leak-admin", "close", {}, fake.inThread(thread.id));
    expect(member.callback.body.data.content).toMatch(/Only the support team/);
    const outside = await fake.slash(staff, "leak-admin", "close", {}, { ...fake.inGuild(PERMS.member), roles: [role] });
    expect(outside.callback.body.data.content).toMatch(/inside a support thread/);

    fake.rest.manageThreads = false;
    try {
      const res = await fake.slash(staff, "leak-admin", "close", {}, fake.inThread(thread.id, { roles: [role] }));
      const done = await answerOf(fake, res);
      expect(done.content).toMatch(/스레드는 보관됐지만 잠기지 않았어요/);
      expect(fake.threads.get(thread.id)?.thread_metadata).toMatchObject({ archived: true, locked: false });
      expect(await bot.engine.handoff.active(userOf(bob))).toBeUndefined();
    } finally {
      fake.rest.manageThreads = true;
    }
  });
});

describe("when no private thread can be opened", () => {
  it("explains the missing permission privately, gives the official contact, and lets the bot answer again", async () => {
    const carol = user(snowflake(), "carol");
    const res = await fake.slash(carol, "leak", "human", {}, fake.inGuild(PERMS.member, PERMS.botNoThreads));
    const answer = await answerOf(fake, res);
    expect(threadsOpened(res.mark)).toEqual([]);
    expect(res.callback.body.type === 5 ? res.callback.body.data.flags : answer.flags).toBe(64);
    expect(answer.content).toMatch(/Create Private Threads/);
    expect(answer.content).toMatch(/☎/);
    expect(await bot.engine.handoff.active(userOf(carol))).toBeUndefined();
    const key = bot.engine.keyOf(userOf(carol));
    expect((await eventsOf(bot.store)).filter((e) => e.key === key && e.type === "handoff_closed").map((e) => e.value)).toEqual(["unavailable"]);
  });

  it("turns Discord's refusal (403) into a clear private message", async () => {
    const dave = user(snowflake(), "dave");
    fake.rest.threadRefusals.set(fake.guild.channelId, { status: 403, code: 50013, message: "Missing Permissions" });
    try {
      const res = await fake.slash(dave, "leak", "human");
      const answer = await answerOf(fake, res);
      expect(threadsOpened(res.mark).map((c) => c.status)).toEqual([403]);
      expect(answer.content).toMatch(/couldn't open a private thread/);
      expect(answer.content).toMatch(/☎/);
      expect(await bot.engine.handoff.active(userOf(dave))).toBeUndefined();
    } finally {
      fake.rest.threadRefusals.delete(fake.guild.channelId);
    }
  });

  it("points a user who asks in a DM to the server, with the official contact", async () => {
    const erin = user(snowflake(), "erin");
    const res = await fake.slash(erin, "leak", "human", {}, fake.inDm(erin));
    const answer = await answerOf(fake, res);
    expect(threadsOpened(res.mark)).toEqual([]);
    expect(answer.content).toMatch(/\/leak human/);
    expect(answer.content).toMatch(/☎/);
    expect(await bot.engine.handoff.active(userOf(erin))).toBeUndefined();
  });
});

describe("with a support channel (SUPPORT_DISCORD_CHANNEL_ID)", () => {
  const supportChannel = snowflake();
  beforeAll(async () => {
    await bot.stop();
    bot = await startBot(fake, dir, { env: { ...env(), SUPPORT_DISCORD_CHANNEL_ID: supportChannel } });
  });

  it("opens the thread there, also for a request made in a DM", async () => {
    const frank = user(snowflake(), "frank");
    const res = await fake.slash(frank, "leak", "human", {}, fake.inDm(frank));
    const answer = await answerOf(fake, res);
    const [open] = threadsOpened(res.mark);
    expect(open?.path).toBe(`/channels/${supportChannel}/threads`);
    const thread = [...fake.threads.values()].find((t) => t.parent_id === supportChannel);
    expect(thread && fake.rest.threadMembers.get(thread.id)?.has(frank.id)).toBe(true);
    expect(answer.content).toContain(`<#${thread?.id}>`);
  });

  it("forgets the ticket with the user (/leak forget); a Close then only archives the thread", async () => {
    const hana = user(snowflake(), "hana");
    const open = await fake.slash(hana, "leak", "human", {}, fake.inDm(hana));
    await answerOf(fake, open);
    const thread = [...fake.threads.values()].find((t) => fake.rest.threadMembers.get(t.id)?.has(hana.id));
    const header = [...fake.messages.values()].find((m) => m.channel_id === thread?.id);
    if (!thread || !header) throw new Error("no thread for hana");
    expect(await bot.store.getSetting?.(`ticket-place:discord:${thread.id}`)).toBeDefined();

    const ask = await fake.slash(hana, "leak", "forget", {}, fake.inDm(hana));
    await fake.click(hana, fake.responseMessage(ask.interaction), "x:yes", { place: fake.inDm(hana) });
    expect(await bot.store.getSetting?.(`ticket-place:discord:${thread.id}`)).toBeUndefined();

    const id = (customIds(header)[0] ?? "").replace("~close:", "");
    const res = await fake.click(staff, header, customIds(header)[0] ?? "", { place: fake.inThread(thread.id, { roles: [role] }) });
    expect((await answerOf(fake, res)).content).toContain(staffText("supportUnknown", { ticket: id }));
    expect(postedIn(fake, thread.id, res.mark)).toEqual([]);
    expect(fake.threads.get(thread.id)?.thread_metadata).toMatchObject({ archived: true, locked: true });
  });

  it("removes the thread and gives the official contact when the user is not in the server", async () => {
    const gina = user(snowflake(), "gina");
    fake.rest.notMembers.add(gina.id);
    const res = await fake.slash(gina, "leak", "human", {}, fake.inDm(gina));
    const answer = await answerOf(fake, res);
    const del = fake.since(res.mark).find((c) => c.method === "DELETE" && /^\/channels\/\d+$/.test(c.path));
    expect(del?.status).toBe(200);
    expect(postedIn(fake, del?.path.split("/")[2] ?? "", res.mark)).toEqual([]);
    expect(answer.content).toMatch(/not a member of the support team's server/);
    expect(answer.content).toMatch(/☎/);
    expect(await bot.engine.handoff.active(userOf(gina))).toBeUndefined();
  });
});

describe("when the support place cannot be reached", () => {
  it("a support channel that is gone: the official contact at once, and the next message is answered normally", async () => {
    const gone = snowflake();
    await bot.stop();
    bot = await startBot(fake, dir, { env: { ...env(), SUPPORT_DISCORD_CHANNEL_ID: gone } });
    fake.rest.threadRefusals.set(gone, { status: 404, code: 10003, message: "Unknown Channel" });
    try {
      const ivy = user(snowflake(), "ivy");
      const res = await fake.slash(ivy, "leak", "human");
      const answer = await answerOf(fake, res);
      expect(threadsOpened(res.mark).map((c) => c.status)).toEqual([404]);
      expect(answer.content).toMatch(/☎/);
      expect(answer.content).not.toMatch(/I've asked a person/);
      expect(await bot.engine.handoff.active(userOf(ivy))).toBeUndefined();
      const next = await fake.slash(ivy, "leak", "ask", { question: "was my card number leaked?" });
      const again = await answerOf(fake, next);
      expect(threadsOpened(next.mark)).toEqual([]);
      expect(customIds(again).some((id) => id.startsWith("fb:"))).toBe(true);
    } finally {
      fake.rest.threadRefusals.delete(gone);
      await bot.stop();
      bot = await startBot(fake, dir, { env: env() });
    }
  });

  it("a thread the bot can no longer post in ends the handoff; the log has the error's code, never the relayed text", async () => {
    const jay = user(snowflake(), "jay");
    await answerOf(fake, await fake.slash(jay, "leak", "human"));
    const thread = [...fake.threads.values()].find((t) => fake.rest.threadMembers.get(t.id)?.has(jay.id));
    if (!thread) throw new Error("no thread for jay");
    fake.rest.denySend.add(thread.id);
    try {
      const res = await fake.slash(jay, "leak", "ask", { question: "zebra-umbrella-sentence about my refund" });
      const answer = await answerOf(fake, res);
      expect(answer.content).toMatch(/☎/);
      expect(await bot.engine.handoff.active(userOf(jay))).toBeUndefined();
      await bot.idle();
      const warn = bot.records.find((r) => r.msg === "support: the support place cannot be reached; official contact given");
      expect(warn).toMatchObject({ err: { type: "DiscordAPIError[50013]", code: 50013, status: 403, method: "POST" } });
      expect(JSON.stringify(bot.records)).not.toContain("zebra-umbrella");
    } finally {
      fake.rest.denySend.delete(thread.id);
    }
  });
});

describe("when the engine fails", () => {
  it("apologizes privately in the user's language, logs ids and the kind only, and answers the next interaction", async () => {
    await bot.stop();
    bot = await startBot(fake, dir, {
      env: env(),
      wrap: (engine) => ({ ...engine, handle: async (e) => (e.kind === "text" && e.text.includes("boom") ? Promise.reject(new Error("store unavailable")) : engine.handle(e)) }),
    });
    const kim = user(snowflake(), "kim");
    const res = await fake.slash(kim, "leak", "ask", { question: "boom private-words-here" }, fake.inGuild(), Locale.Korean);
    const answer = await answerOf(fake, res);
    expect(answer.content).toBe(ui(pack, "turnFailed", "ko"));
    await bot.idle();
    const line = bot.records.find((r) => r.msg === "discord interaction failed");
    expect(line).toMatchObject({ level: 50, interaction: expect.any(String), apologized: true, err: { type: "Error", message: "store unavailable" } });
    expect(JSON.stringify(bot.records)).not.toContain("private-words-here");
    const next = await fake.slash(kim, "leak", "ask", { question: "was my card number leaked?" });
    expect(customIds(await answerOf(fake, next)).some((id) => id.startsWith("fb:"))).toBe(true);
  });

  it("apologizes to a DM that failed, and the next DM is answered", async () => {
    const lee = user(snowflake(), "lee");
    const { mark } = fake.post(lee, "boom in a dm", { dm: true });
    const sorry = await fake.waitFor((c) => c.method === "POST" && c.path === `/channels/${fake.rest.dmChannel(lee.id)}/messages`, mark);
    expect(sorry.body.content).toBe(ui(pack, "turnFailed", pack.meta.defaultLocale));
    const next = fake.post(lee, "/help", { dm: true });
    await fake.waitFor((c) => c.method === "POST" && c.path === `/channels/${fake.rest.dmChannel(lee.id)}/messages`, next.mark);
  });
});
