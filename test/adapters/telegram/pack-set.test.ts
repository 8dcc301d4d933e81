import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPackSetEngine, loadPack, pick, type ContentPack } from "../../../src/index.js";
import { startTelegramBot, type TelegramBot } from "../../fakes/telegram-bot.js";
import { choiceIds, messageIdOf, textOf } from "../../fakes/telegram-harness.js";

/** Two packs behind one Telegram bot, over long polling against the Bot API emulator. */
describe("Telegram with two packs (emulator)", () => {
  let tg: TelegramBot;
  let skt: ContentPack;
  beforeAll(async () => {
    skt = await loadPack("content/skt-2025");
    tg = await startTelegramBot({ engine: (pack, store) => createPackSetEngine({ packs: [pack, skt], store, secret: "tg-two-pack-secret-tg-two-pack-secret-01" }) });
  });
  afterAll(() => tg?.close());

  it("puts /incident in the command menu, described by the first pack", () => {
    const menus = tg.emu.callsTo("setMyCommands").map((c) => c.params.commands as { command: string; description: string }[]);
    expect(menus.length).toBeGreaterThan(0);
    for (const m of menus) expect(m.map((c) => c.command)).toContain("incident");
    for (const m of menus) expect(m.at(-1)?.command).toMatch(/^(incident|scamwatch)$/);
    expect(menus[0]!.at(-1)?.description).toBe(tg.pack.commands.incident?.[tg.pack.meta.defaultLocale]);
  });

  it("a deep link /start <pack id> opens that incident's pack", async () => {
    const user = tg.emu.user({ userId: 5151, languageCode: "en" });
    const t = await tg.act(() => user.say("/start skt-2025"));
    expect(textOf(t.sent[0])).toContain(`<b>${pick(skt, skt.meta.title, "en")}</b>`);
    expect(t.sent.flatMap(choiceIds)).toContain("m:faq");
  });

  it("/start without a pack shows the incident menu; a press enters the pack", async () => {
    const user = tg.emu.user({ userId: 5252, languageCode: "en" });
    const t = await tg.act(() => user.say("/start"));
    const menu = t.sent.at(-1);
    expect(choiceIds(menu)).toEqual(["pk:coupang-2025", "pk:skt-2025"]);
    const entered = await tg.act(() => user.press("pk:coupang-2025", messageIdOf(menu)));
    expect(entered.answers).toHaveLength(1);
    const all = [...entered.sent, ...entered.edits].map(textOf).join("\n");
    expect(all).toContain(pick(tg.pack, tg.pack.meta.title, "en"));
    // /incident shows the menu again, with the current incident ticked.
    const again = await tg.act(() => user.say("/incident"));
    expect(again.sent.flatMap(choiceIds)).toEqual(["pk:coupang-2025", "pk:skt-2025"]);
  });
});
