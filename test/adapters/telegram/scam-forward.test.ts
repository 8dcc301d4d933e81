import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ContentPack } from "../../../src/index.js";
import { startTelegramBot, type TelegramBot } from "../../fakes/telegram-bot.js";
import type { EmulatedUser } from "../../fakes/telegram-emulator.js";
import { choiceIds, textOf } from "../../fakes/telegram-harness.js";

/** A forwarded message on the Bot API emulator is checked as a suspicious message, not answered from the FAQ. */
describe("Telegram: a forwarded message is checked (emulator)", () => {
  let tg: TelegramBot;
  let pack: ContentPack;
  let user: EmulatedUser;

  beforeAll(async () => {
    tg = await startTelegramBot();
    pack = tg.pack;
    user = tg.emu.user({ userId: 5151, languageCode: "en" });
  });
  afterAll(() => tg?.close());

  it("answers the verdict with the defanged lookalike domain and the after-task button", async () => {
    const origin = { type: "hidden_user", sender_user_name: "Unknown", date: 1764800000 };
    const t = await tg.act(() => user.say("Coupang: your refund is ready. Claim it before midnight at cpang-help.com/refund", { forward_origin: origin } as never));
    const html = t.sent.map(textOf).join("\n");
    expect(html).toContain("This looks like a scam");
    expect(html).toContain("cpang-help[.]com");
    expect(html).not.toContain("cpang-help.com");
    expect(t.sent.flatMap(choiceIds)).toContain(`t:${pack.scam?.afterTask}`);
  });

  it("a forwarded text without any link is still checked; the same text typed is an ordinary question", async () => {
    const origin = { type: "hidden_user", sender_user_name: "Mum?", date: 1764800000 };
    const f = await tg.act(() => user.say("Hi mum it's me, lost my phone, this is my new number. Can you send 300,000 won to my friend, I'll pay you back", { forward_origin: origin } as never));
    expect(f.sent.map(textOf).join("\n")).toContain("This looks like a scam");
    const q = await tg.act(() => user.say("What should I do about the leak?"));
    expect(q.sent.map(textOf).join("\n")).not.toContain("red flags");
  });
});
