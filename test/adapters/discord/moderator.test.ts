import { afterAll, beforeAll, expect, it } from "vitest";
import { PERMS, type FakeDiscord } from "../../fakes/discord/fake-discord.js";
import { snowflake, user } from "../../fakes/discord/payloads.js";
import { customIds } from "./calls.js";
import { startBot, startRig, stopRig, type TestBot } from "./bot.js";

let fake: FakeDiscord;
let bot: TestBot;
let dir: string;
const mod = user(snowflake(), "moderator");
const member = user(snowflake(), "member");
const channelMessages = () => `/channels/${fake.guild.channelId}/messages`;

beforeAll(async () => {
  ({ fake, dir, bot } = await startRig());
});
afterAll(() => stopRig({ fake, dir, bot }));

it("refuses the panel to a member without Manage Server, privately, and posts nothing", async () => {
  const { callback, mark } = await fake.slash(member, "leak-admin", "panel", {}, fake.inGuild(PERMS.member));
  expect(callback.body.type).toBe(4);
  expect(callback.body.data.flags).toBe(64);
  expect(callback.body.data.content).toMatch(/Manage Server/);
  // Barrier: the refusal's handler (tracked by the adapter) has finished.
  await bot.idle();
  expect(fake.since(mark).some((c) => c.path === channelMessages())).toBe(false);
});

it("posts the panel for a moderator: deferred ephemeral ack, public panel with engine choice ids, then a confirmation", async () => {
  const { interaction, callback, mark } = await fake.slash(mod, "leak-admin", "panel", {}, fake.inGuild(PERMS.moderator));
  expect(callback.body).toEqual({ type: 5, data: { flags: 64 } });
  const post = await fake.waitFor((c) => c.method === "POST" && c.path === channelMessages(), mark);
  expect(customIds(post.body)).toEqual(["m:leaked", "m:faq", "m:tasks", "m:human"]);
  expect(post.body.allowed_mentions).toEqual({ parse: [] });
  expect(post.body.flags ?? 0).toBe(0);
  const confirm = await fake.waitFor((c) => c.method === "PATCH" && c.path.endsWith(`/${interaction.token}/messages/@original`), mark);
  expect(confirm.body.content).toMatch(/panel is posted/);

  const panel = [...fake.messages.values()].find((m) => m.channel_id === fake.guild.channelId && m.author.id === fake.bot.id && customIds(m).includes("m:faq"));
  if (!panel) throw new Error("the fake holds no panel");
  const click = await fake.click(member, panel, "m:faq");
  expect(click.callback.body.type).toBe(4);
  expect(click.callback.body.data.flags).toBe(64);
  expect(customIds(click.callback.body.data).some((id) => id.startsWith("g:"))).toBe(true);
});

it("explains which permission the bot lacks instead of failing", async () => {
  const { callback, mark } = await fake.slash(mod, "leak-admin", "panel", {}, fake.inGuild(PERMS.moderator, PERMS.botReadOnly));
  expect(callback.body.type).toBe(4);
  expect(callback.body.data.flags).toBe(64);
  expect(callback.body.data.content).toMatch(/Send Messages/);
  expect(fake.since(mark).some((c) => c.path === channelMessages())).toBe(false);
});

it("turns a refused post (403 Missing Permissions) into a clear private message", async () => {
  fake.denySend.add(fake.guild.channelId);
  try {
    const { interaction, mark } = await fake.slash(mod, "leak-admin", "panel", {}, fake.inGuild(PERMS.moderator));
    const refused = await fake.waitFor((c) => c.method === "POST" && c.path === channelMessages(), mark);
    expect(refused.status).toBe(403);
    const edit = await fake.waitFor((c) => c.method === "PATCH" && c.path.endsWith(`/${interaction.token}/messages/@original`), mark);
    expect(edit.body.content).toMatch(/can't post in this channel/);
  } finally {
    fake.denySend.delete(fake.guild.channelId);
  }
});

it("sets the server language for members who have not chosen one, and keeps it across restarts", async () => {
  const denied = await fake.slash(member, "leak-admin", "language", { language: "ko" }, fake.inGuild(PERMS.member));
  expect(denied.callback.body.data.content).toMatch(/Manage Server/);

  const set = await fake.slash(mod, "leak-admin", "language", { language: "ko" }, fake.inGuild(PERMS.moderator));
  expect(set.callback.body.data.flags).toBe(64);
  expect(set.callback.body.data.content).toMatch(/한국어/);

  await bot.stop();
  bot = await startBot(fake, dir);

  const newcomer = user(snowflake(), "newcomer");
  const help = await fake.slash(newcomer, "leak", "help");
  expect(help.callback.body.data.content).toMatch(/[가-힣]{4}/);

  const english = user(snowflake(), "english");
  await fake.slash(english, "leak", "language", { language: "en" });
  const own = await fake.slash(english, "leak", "help");
  expect(own.callback.body.data.content).not.toMatch(/[가-힣]{4}/);
});
