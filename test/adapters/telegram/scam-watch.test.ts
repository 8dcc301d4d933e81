import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTelegramBot, type TelegramBot } from "../../fakes/telegram-bot.js";
import type { EmulatedUser } from "../../fakes/telegram-emulator.js";
import { textOf } from "../../fakes/telegram-harness.js";

const collect = async <T>(it: AsyncIterable<T>) => {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
};

const GROUP = -1001234567;
const MODS = -1009999999;
const SCAM = "Coupang: your refund is ready. Claim it before midnight at cpang-help.com/refund";
const ORDINARY = "See you at 7 at the station! Here is the map: https://www.youtube.com/watch?v=abc";

/** The moderators' scam watch in a Telegram group where the bot is an administrator (emulator). */
describe("Telegram: scam watch in a group (emulator)", () => {
  let tg: TelegramBot;
  let admin: EmulatedUser;
  let member: EmulatedUser;

  beforeAll(async () => {
    tg = await startTelegramBot();
    admin = tg.emu.user({ userId: 7001, chatId: GROUP, type: "supergroup", languageCode: "en", firstName: "Ada" });
    member = tg.emu.user({ userId: 7002, chatId: GROUP, type: "supergroup", languageCode: "en", firstName: "Bo" });
    tg.emu.admins.set(GROUP, new Set([7001]));
  });
  afterAll(() => tg?.close());

  it("refuses while the bot is not an administrator, and watches nothing", async () => {
    const t = await tg.act(() => admin.say("/scamwatch on"));
    expect(t.sent.map(textOf).join("\n")).toMatch(/must be an administrator/);
    const s = await tg.act(() => member.say(SCAM));
    expect(s.sent).toEqual([]);
  });

  it("warns in the group without a mention, sends the details to the moderators' chat, deletes nothing", async () => {
    tg.emu.admins.get(GROUP)?.add(tg.emu.bot.id);
    const on = await tg.act(() => admin.say(`/scamwatch on ${MODS}`));
    expect(on.sent.map(textOf).join("\n")).toMatch(/Scam watch is on/);
    const t = await tg.act(() => member.say(SCAM));
    const warning = t.sent.find((c) => Number(c.params.chat_id) === GROUP);
    expect(textOf(warning)).toMatch(/signs of a scam/);
    expect(textOf(warning)).not.toContain("@");
    expect(warning?.params.entities).toBeUndefined();
    expect(warning?.params.parse_mode).toBeUndefined();
    expect((warning?.params.reply_parameters as { message_id?: number } | undefined)?.message_id).toBeTypeOf("number");
    const details = t.sent.find((c) => Number(c.params.chat_id) === MODS);
    expect(textOf(details)).toContain("cpang-help[.]com");
    expect(textOf(details)).toContain("Bo (id 7002)");
    expect(textOf(details)).toMatch(/not removed/);
    expect(t.calls.some((c) => c.method === "deleteMessage")).toBe(false);
  });

  it("counts a watched scam towards the wave: a /check of the same text says it was seen twice today; no text is stored", async () => {
    const before = (await collect(tg.store.events())).filter((e) => e.type === "scam_checked" && e.via === "watch");
    expect(before).toHaveLength(1);
    expect(before[0]).toMatchObject({ channel: "telegram", value: "scam", flags: expect.arrayContaining(["lookalike_domain", "lure"]) });
    // Besides the flag kinds, the pack's ids of the lures used (`lure:<id>`, src/scam/event-flags.ts): pack data, not message text.
    const lureIds = new Set((tg.engine.pack.scam?.lures ?? []).map((l) => `lure:${l.id}`));
    expect(before[0]!.flags!.filter((f) => f.startsWith("lure:")).every((f) => lureIds.has(f))).toBe(true);
    const withoutLureIds = before.map((e) => ({ ...e, flags: e.flags?.filter((f) => !lureIds.has(f)) }));
    expect(JSON.stringify(withoutLureIds)).not.toMatch(/refund|midnight|cpang-help\.com\/refund/);
    const me = tg.emu.user({ userId: 7003, languageCode: "en" });
    const t = await tg.act(() => me.say(`/check ${SCAM}`));
    expect(t.sent.map(textOf).join("\n")).toMatch(/checked 2 times today/);
  });

  it("says nothing about an ordinary message (the update's finish line is the barrier)", async () => {
    const t = await tg.act(() => member.say(ORDINARY));
    expect(t.sent).toEqual([]);
    expect(t.calls.some((c) => c.method === "deleteMessage")).toBe(false);
  });

  it("a member who is not an administrator cannot change the watch", async () => {
    const t = await tg.act(() => member.say("/scamwatch off"));
    expect(t.sent.map(textOf).join("\n")).toMatch(/Only group administrators/);
    const s = await tg.act(() => member.say(SCAM));
    expect(s.sent.some((c) => Number(c.params.chat_id) === GROUP)).toBe(true);
  });

  it("deletes the message when removal is on; stops when turned off", async () => {
    await tg.act(() => admin.say(`/scamwatch on remove ${MODS}`));
    const t = await tg.act(() => member.say(SCAM));
    const del = t.calls.find((c) => c.method === "deleteMessage");
    expect(Number(del?.params.chat_id)).toBe(GROUP);
    expect(textOf(t.sent.find((c) => Number(c.params.chat_id) === MODS))).toMatch(/was removed/);
    await tg.act(() => admin.say("/scamwatch off"));
    const after = await tg.act(() => member.say(SCAM));
    expect(after.sent).toEqual([]);
    expect(after.calls.some((c) => c.method === "deleteMessage")).toBe(false);
    // The store holds no part of the checked messages.
    const stored: string[] = [];
    for await (const [k, v] of tg.store.listSettings("")) stored.push(`${k}=${v}`);
    expect(stored.join("\n")).not.toContain("cpang-help");
  });
});
