import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEngine, createLogger, DEFAULT_QUIET_HOURS, pick, ui, type ContentPack } from "../../../src/index.js";
import { startReminderService } from "../../../src/reminder-service.js";
import { SECRET, startTelegramBot, type TelegramBot } from "../../fakes/telegram-bot.js";
import type { EmulatedUser, TelegramEmulator } from "../../fakes/telegram-emulator.js";
import { choiceIds, messageIdOf, textOf } from "../../fakes/telegram-harness.js";
import { fixedClock } from "../../helpers/engine.js";

const DAY = 86_400_000;
const TASK = "payment-safety";

/**
 * A reminder end to end on the Bot API emulator: accepted with the step's button, the bot
 * restarted on the same lowdb store, delivered when due through the Telegram push (the channel's
 * renderer, an inline keyboard), snoozed from that message, then a user who blocked the bot.
 */
describe("reminders on Telegram (emulator, lowdb, restart)", () => {
  const clock = fixedClock();
  let tg: TelegramBot;
  let emu: TelegramEmulator;
  let pack: ContentPack;
  let user: EmulatedUser;
  const en = (key: Parameters<typeof ui>[1], vars?: Record<string, string | number>) => ui(pack, key, "en", vars);
  const service = () =>
    startReminderService({
      engine: tg.engine,
      store: tg.store,
      channels: tg.channel ? [tg.channel] : [],
      quiet: DEFAULT_QUIET_HOURS,
      logger: createLogger("silent"),
      clock: clock.now,
      autoStart: false,
      paceMs: 0,
    });

  beforeAll(async () => {
    tg = await startTelegramBot({ lowdbPrefix: "afterleak-tg-reminders-", engine: (p, store) => createEngine({ pack: p, store, secret: SECRET, clock: clock.now }) });
    ({ emu, pack } = tg);
    user = emu.user({ userId: 5151, languageCode: "en" });
  });
  afterAll(() => tg?.close());

  it("the step's button sets the reminder", async () => {
    let t = await tg.act(() => user.say(`/start task-${TASK}`));
    let shown = t.sent.at(-1);
    let id = messageIdOf(shown);
    for (let i = 0; i < 3; i++) {
      const done = choiceIds(shown).find((c) => c.startsWith(`s:done:${TASK}:`))!;
      t = await tg.act(() => user.press(done, id));
      // The next step replaces the pressed message, or comes as a new one.
      shown = t.edits.at(-1) ?? t.sent.at(-1);
      if (!t.edits.length) id = messageIdOf(shown);
    }
    expect(textOf(shown)).toContain(en("reminderOffer", { when: "30 days" }).replace("🔔 ", ""));
    const accept = choiceIds(shown).find((c) => c.startsWith("r:a:"))!;
    t = await tg.act(() => user.press(accept, id));
    expect(t.answers).toHaveLength(1);
    expect([...t.sent, ...t.edits].map(textOf).join("\n")).toContain("I'll remind you on December 27, 2026");
  });

  it("after a restart, is delivered when due with snooze and stop buttons, once", async () => {
    await tg.stop();
    clock.advance(30 * DAY + 3_600_000);
    await tg.start();
    const from = emu.calls.length;
    const s = service();
    expect(await s.scan()).toEqual([{ sent: 1, failed: 0, unsubscribed: 0, waiting: 0, dropped: 0 }]);
    const sent = emu.calls.slice(from).filter((c) => c.method === "sendMessage");
    expect(sent).toHaveLength(1);
    expect(sent[0]!.params.chat_id).toBe(user.chatId);
    const task = pack.taskById.get(TASK)!;
    expect(textOf(sent[0])).toContain(`<b>${en("reminderHeader", { title: pick(pack, task.title, "en") }).replace(/\*\*/g, "").replace("🔔 ", "")}`);
    expect(textOf(sent[0])).toContain("Look through your card statements again");
    expect(choiceIds(sent[0])).toEqual([`r:z:${TASK}:unknown-charge`, `r:x:${TASK}:unknown-charge`]);
    expect(await s.scan()).toEqual([{ sent: 0, failed: 0, unsubscribed: 0, waiting: 0, dropped: 0 }]);
    await s.stop();

    // Snooze from the reminder itself: back a week later.
    const t = await tg.act(() => user.press(`r:z:${TASK}:unknown-charge`, messageIdOf(sent[0])));
    expect([...t.sent, ...t.edits].map(textOf).join("\n")).toContain("I'll remind you again on January 3, 2027");
    expect(await tg.engine.reminders.list(tg.engine.keyOf({ platform: "telegram", userId: String(user.userId) }))).toHaveLength(1);
  });

  it("a 429 is waited out; a user who blocked the bot has their reminders cancelled", async () => {
    clock.advance(7 * DAY);
    emu.failNext("sendMessage", 429, "Too Many Requests: retry after 1", { parameters: { retry_after: 1 } });
    const s = service();
    const from = emu.calls.length;
    expect(await s.scan()).toMatchObject([{ sent: 1 }]);
    // One refused with 429 and retry_after, then sent: the user gets it once.
    expect(emu.calls.slice(from).filter((c) => c.method === "sendMessage").map((c) => c.response?.error_code ?? "ok")).toEqual([429, "ok"]);
    const key = tg.engine.keyOf({ platform: "telegram", userId: String(user.userId) });
    expect(await tg.engine.reminders.list(key)).toEqual([]);

    // Snoozed again and subscribed to updates, then blocked: Telegram answers 403.
    await tg.act(() => user.press(`r:z:${TASK}:unknown-charge`, 1));
    await tg.act(() => user.say("/updates on"));
    const subscribed = async () => {
      for await (const sub of tg.engine.subscribers.list()) if (sub.key === key) return true;
      return false;
    };
    expect(await subscribed()).toBe(true);
    clock.advance(7 * DAY);
    emu.failNext("sendMessage", 403, "Forbidden: bot was blocked by the user");
    expect(await s.scan()).toMatchObject([{ sent: 0, unsubscribed: 1 }]);
    expect(await tg.engine.reminders.list(key)).toEqual([]);
    expect(await subscribed()).toBe(false);
    expect(await s.scan()).toMatchObject([{ sent: 0, unsubscribed: 0, waiting: 0 }]);
    await s.stop();
  });
});
