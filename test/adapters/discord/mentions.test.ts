import { afterAll, beforeAll, expect, it } from "vitest";
import type { FakeDiscord } from "../../fakes/discord/fake-discord.js";
import { snowflake, user } from "../../fakes/discord/payloads.js";
import { customIds, messageBodies } from "./calls.js";
import { startRig, stopRig, type TestBot } from "./bot.js";
import { TEST_CARD } from "../../helpers/card.js";

let fake: FakeDiscord;
let bot: TestBot;
let dir: string;
const channelMessages = () => `/channels/${fake.guild.channelId}/messages`;
const mention = (text: string) => `<@${fake.bot.id}> ${text}`;
const CARD = "4111 1111 1111 1111";

beforeAll(async () => {
  ({ fake, dir, bot } = await startRig());
});
afterAll(() => stopRig({ fake, dir, bot }));

it("answers a mention briefly in public, and the full answer privately on 'Continue privately'", async () => {
  const asker = user(snowflake(), "asker");
  const { message, mark } = fake.post(asker, mention("was my card number leaked?"), { mentionBot: true });
  const brief = await fake.waitFor((c) => c.method === "POST" && c.path === channelMessages(), mark);
  expect(brief.body.allowed_mentions).toEqual({ parse: [] });
  expect(brief.body.message_reference).toEqual({ message_id: message.id, fail_if_not_exists: false });
  expect(brief.body.flags ?? 0).toBe(0);
  expect(brief.body.content).toMatch(/card/i);
  expect(brief.body.content).not.toContain("\n\n");
  expect(customIds(brief.body)).toEqual(["~more"]);

  const publicAnswer = [...fake.messages.values()].find((m) => m.message_reference?.message_id === message.id);
  if (!publicAnswer) throw new Error("no public answer stored");
  const reader = user(snowflake(), "reader");
  const more = await fake.click(reader, publicAnswer, "~more");
  expect(fake.since(more.mark).some((c) => c.method === "GET" && c.path === `/channels/${fake.guild.channelId}/messages/${message.id}`)).toBe(true);
  expect(more.callback.body.type).toBe(4);
  expect(more.callback.body.data.flags).toBe(64);
  expect(more.callback.body.data.content.length).toBeGreaterThan(brief.body.content.length);
  expect(more.callback.body.data.content).toContain(brief.body.content.split("\n")[0]);
  expect(customIds(more.callback.body.data)).toContain("m:main");
});

it("ignores server messages that do not mention it, and never sees their text without Message Content", async () => {
  const chatter = user(snowflake(), "chatter");
  const { message, mark } = fake.post(chatter, "was my card number leaked?");
  // Barrier: a mention sent after it on the same gateway is answered, and then nothing is in flight.
  const { message: sentinel } = fake.post(chatter, mention("help"), { mentionBot: true });
  await fake.waitFor((c) => c.method === "POST" && c.path === channelMessages() && c.body?.message_reference?.message_id === sentinel.id, mark);
  await bot.idle();
  const calls = fake.since(mark);
  expect(calls.filter((c) => c.body?.message_reference?.message_id === message.id)).toEqual([]);
  expect(calls.filter((c) => c.method !== "POST" || c.body?.message_reference?.message_id !== sentinel.id)).toEqual([]);
});

it("deletes a mention holding a card number and tells the user by DM", async () => {
  const careless = user(snowflake(), "careless");
  const { message, mark } = fake.post(careless, mention(`is my card ${CARD} safe?`), { mentionBot: true });
  const del = await fake.waitFor((c) => c.method === "DELETE" && c.path === `/channels/${fake.guild.channelId}/messages/${message.id}`, mark);
  expect(del.status).toBe(204);
  const open = await fake.waitFor((c) => c.method === "POST" && c.path === "/users/@me/channels", mark);
  expect(open.body).toEqual({ recipient_id: careless.id });
  const dm = await fake.waitFor((c) => c.method === "POST" && /^\/channels\/\d+\/messages$/.test(c.path) && c.path !== channelMessages(), mark);
  expect(dm.body.content).toMatch(/card numbers/);
  expect(dm.body.allowed_mentions).toEqual({ parse: [] });
  expect(fake.since(mark).some((c) => c.method === "POST" && c.path === channelMessages())).toBe(false);
  expect(JSON.stringify(fake.since(mark).map((c) => c.body))).not.toMatch(TEST_CARD);
});

it("tells the channel (without the number) when the user's DMs are closed", async () => {
  const closed = user(snowflake(), "closed");
  fake.dmClosed.add(closed.id);
  const { mark } = fake.post(closed, mention(`is this card ${CARD} safe?`), { mentionBot: true });
  const notice = await fake.waitFor((c) => c.method === "POST" && c.path === channelMessages(), mark);
  expect(notice.body.content).toMatch(/removed a message/);
  expect(notice.body.allowed_mentions).toEqual({ parse: [] });
  expect(JSON.stringify(notice.body)).not.toMatch(TEST_CARD);
});

it("still warns privately when it may not delete", async () => {
  fake.denyDelete.add(fake.guild.channelId);
  try {
    const user2 = user(snowflake(), "nodelete");
    const { message, mark } = fake.post(user2, mention(`is this card ${CARD} safe?`), { mentionBot: true });
    const del = await fake.waitFor((c) => c.method === "DELETE", mark);
    expect(del.status).toBe(403);
    const dm = await fake.waitFor((c) => c.method === "POST" && /^\/channels\/\d+\/messages$/.test(c.path) && c.path !== channelMessages(), mark);
    expect(dm.body.content).toMatch(/card numbers/);
    expect(fake.messages.has(message.id)).toBe(true);
  } finally {
    fake.denyDelete.delete(fake.guild.channelId);
  }
});

it("answers DMs in full, in private", async () => {
  const dmUser = user(snowflake(), "dmuser");
  const { message, mark } = fake.post(dmUser, "what leaked exactly?", { dm: true });
  const reply = await fake.waitFor((c) => c.method === "POST" && c.path === `/channels/${message.channel_id}/messages`, mark);
  expect(reply.body.content.length).toBeGreaterThan(0);
  expect(reply.body.message_reference).toBeUndefined();
  expect(customIds(reply.body).length).toBeGreaterThan(0);
});

it("escapes user-like markup so a reply can never look like or be a mass ping", () => {
  for (const b of messageBodies(fake.calls)) {
    expect(b.allowed_mentions).toEqual({ parse: [] });
    expect(b.content ?? "").not.toMatch(/(^|[^\\])<@&?\d+>/);
    expect(b.content ?? "").not.toMatch(/@everyone|@here/);
  }
});
