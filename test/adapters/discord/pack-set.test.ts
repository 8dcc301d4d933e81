import { afterAll, beforeAll, expect, it } from "vitest";
import { ApplicationCommandType, type RESTPostAPIChatInputApplicationCommandsJSONBody } from "discord.js";
import { commandDefinitions } from "../../../adapters/discord/commands/index.js";
import { createPackSetEngine, loadPack, type ContentPack } from "../../../src/index.js";
import { PERMS, type FakeDiscord } from "../../fakes/discord/fake-discord.js";
import { snowflake, user } from "../../fakes/discord/payloads.js";
import { startRig, stopRig, type TestBot } from "./bot.js";

/** Two packs behind one Discord bot: the server's default pack, set by a moderator. */
let fake: FakeDiscord;
let bot: TestBot;
let dir: string;
let skt: ContentPack;
const mod = user(snowflake(), "moderator");

beforeAll(async () => {
  skt = await loadPack("content/skt-2025");
  ({ fake, dir, bot } = await startRig({
    prefix: "afterleak-discord-packs-",
    bot: () => ({ wrap: (base, store) => createPackSetEngine({ packs: [base.pack, skt], store, secret: "discord-two-pack-secret-discord-two-pack" }) }),
  }));
});
afterAll(() => stopRig({ fake, dir, bot }));

it("registers /leak-admin pack with each pack as a choice only when there are several", async () => {
  const admin = (packs: ContentPack[]) =>
    commandDefinitions(packs[0]!, packs).find((d) => d.type !== ApplicationCommandType.Message && d.name === "leak-admin") as RESTPostAPIChatInputApplicationCommandsJSONBody;
  const one = admin([bot.engine.pack]);
  expect(one.options?.map((o) => o.name)).not.toContain("pack");
  const two = admin([bot.engine.pack, skt]);
  const sub = two.options?.find((o) => o.name === "pack") as { options?: { choices?: { value: string }[] }[] };
  expect(sub.options?.[0]?.choices?.map((c) => c.value)).toEqual([bot.engine.pack.meta.id, "skt-2025"]);
});

it("a moderator sets the server's pack; a member who chose none then gets that pack's answers", async () => {
  const denied = await fake.slash(user(snowflake(), "member"), "leak-admin", "pack", { pack: "skt-2025" }, fake.inGuild(PERMS.member));
  expect(denied.callback.body.data.content).toMatch(/Manage Server/);
  const unknown = await fake.slash(mod, "leak-admin", "pack", { pack: "nope" }, fake.inGuild(PERMS.moderator));
  expect(unknown.callback.body.data.content).toMatch(/skt-2025/);

  const set = await fake.slash(mod, "leak-admin", "pack", { pack: "skt-2025" }, fake.inGuild(PERMS.moderator));
  expect(set.callback.body.data.flags).toBe(64);
  expect(set.callback.body.data.content).toContain(skt.meta.incident.en);

  const newcomer = user(snowflake(), "newcomer");
  const tasks = await fake.slash(newcomer, "leak", "tasks", {}, fake.inGuild(PERMS.member));
  expect(JSON.stringify(tasks.callback.body.data)).toContain("t:usim-protection");
  expect(await (bot.engine as ReturnType<typeof createPackSetEngine>).packOf({ platform: "discord", userId: newcomer.id })).toBe("skt-2025");
  // `/leak incident` offers the incidents, to switch.
  const menu = await fake.slash(newcomer, "leak", "incident", {}, fake.inGuild(PERMS.member));
  expect(JSON.stringify(menu.callback.body.data)).toContain("pk:coupang-2025");
});
