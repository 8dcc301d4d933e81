import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDispatcher, parseBroadcastFile, type BroadcastFile } from "../../src/index.js";
import { broadcastReports, runBroadcast } from "../../src/broadcast/run.js";
import { startTelegramBot, type TelegramBot } from "../fakes/telegram-bot.js";
import type { ApiCall, EmulatedUser } from "../fakes/telegram-emulator.js";
import { choiceIds, messageIdOf, textOf } from "../fakes/telegram-harness.js";

const UPDATE = `id: 2026-12-fine-update
text:
  en: "The regulator announced a fine today."
  ko: "오늘 규제 당국이 과징금을 발표했어요."
`;

/**
 * A broadcast end to end on the Bot API emulator: users opt in with `/updates on` or the offer
 * after a helpful answer, the update reaches each in their language once; a user who blocked the
 * bot (403) is unsubscribed; a 429 with retry_after is waited out and the message arrives once.
 */
describe("broadcast on Telegram (emulator, lowdb)", () => {
  let tg: TelegramBot;
  let file: BroadcastFile;
  let ann: EmulatedUser, kim: EmulatedUser, bo: EmulatedUser, cy: EmulatedUser, dee: EmulatedUser;
  const delivered = (calls: readonly ApiCall[], chatId: number) => calls.filter((c) => c.method === "sendMessage" && c.params.chat_id === chatId && c.response?.ok);
  const keyOf = (u: EmulatedUser) => tg.engine.keyOf({ platform: "telegram", userId: String(u.userId) });
  const subscribed = async () => {
    const keys: string[] = [];
    for await (const s of tg.engine.subscribers.list()) keys.push(s.key);
    return keys.sort();
  };
  const run = () =>
    runBroadcast({ file, engine: tg.engine, store: tg.store, channels: [tg.channel!], dispatcher: createDispatcher(), worker: `local:${tg.dir}` });

  beforeAll(async () => {
    tg = await startTelegramBot({ lowdbPrefix: "afterleak-tg-broadcast-" });
    const parsed = parseBroadcastFile("update.yaml", UPDATE, [tg.pack]);
    expect(parsed.diagnostics).toEqual([]);
    file = parsed.file!;
    ann = tg.emu.user({ userId: 7101, languageCode: "en" });
    kim = tg.emu.user({ userId: 7102, languageCode: "ko" });
    bo = tg.emu.user({ userId: 7103, languageCode: "en" }); // talks, never opts in
    cy = tg.emu.user({ userId: 7104, languageCode: "en" }); // opts in, then blocks the bot
    dee = tg.emu.user({ userId: 7105, languageCode: "en" }); // opts in; Telegram answers 429 once
  });
  afterAll(() => tg?.close());

  it("opt-in with /updates on, or with the offer after a helpful answer; never assumed", async () => {
    for (const u of [ann, cy, dee]) expect(textOf((await tg.act(() => u.say("/updates on"))).sent.at(-1))).toContain("I'll send you important updates");
    // Kim asks a question, finds the answer helpful (👍) and takes the offer.
    let t = await tg.act(() => kim.say("/start"));
    t = await tg.act(() => kim.say("내 카드 정보도 유출됐나요?"));
    const answer = t.sent.find((c) => choiceIds(c).some((id) => id.startsWith("fb:up:")));
    expect(answer, "an answer with feedback buttons").toBeDefined();
    t = await tg.act(() => kim.press(choiceIds(answer).find((id) => id.startsWith("fb:up:"))!, messageIdOf(answer)));
    const offer = [...t.sent, ...t.edits].find((c) => choiceIds(c).includes("u:on"));
    expect(offer, "the updates offer").toBeDefined();
    t = await tg.act(() => kim.press("u:on", offer!.response?.result ? messageIdOf(offer) : messageIdOf(answer)));
    expect([...t.sent, ...t.edits].map(textOf).join("\n")).toContain("소식을 보내 드릴게요");
    await tg.act(() => bo.say("hello"));
    expect(await subscribed()).toEqual([ann, kim, cy, dee].map(keyOf).sort());
    // The consent and its time are in the user's state.
    expect((await tg.store.get(keyOf(kim)))?.updates).toEqual({ on: true, at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) });
  });

  it("delivers in each user's language once; 403 unsubscribes; a 429's retry_after is honoured", async () => {
    tg.emu.failNext("sendMessage", 403, "Forbidden: bot was blocked by the user", { when: (p) => p.chat_id === cy.chatId });
    tg.emu.failNext("sendMessage", 429, "Too Many Requests: retry after 1", { parameters: { retry_after: 1 }, when: (p) => p.chat_id === dee.chatId });
    const from = tg.emu.calls.length;
    const report = await run();
    expect(report).toMatchObject({ id: file.id, sent: 3, failed: 0, unsubscribed: 1, remaining: 0, done: 0 });
    const calls = tg.emu.calls.slice(from);
    expect(delivered(calls, ann.chatId).map(textOf)).toEqual([expect.stringContaining("The regulator announced a fine today.")]);
    expect(delivered(calls, kim.chatId).map(textOf)).toEqual([expect.stringContaining("오늘 규제 당국이 과징금을 발표했어요.")]);
    expect(delivered(calls, bo.chatId)).toEqual([]);
    expect(delivered(calls, cy.chatId)).toEqual([]);
    // Refused once with retry_after, then sent: once.
    const toDee = calls.filter((c) => c.method === "sendMessage" && c.params.chat_id === dee.chatId);
    expect(toDee.map((c) => c.response?.error_code ?? "ok")).toEqual([429, "ok"]);
    // The blocked user is unsubscribed and their state says so.
    expect(await subscribed()).toEqual([ann, kim, dee].map(keyOf).sort());
    expect((await tg.store.get(keyOf(cy)))?.updates).toMatchObject({ on: false });
    // The report is kept for `stats`.
    expect(await broadcastReports(tg.store)).toEqual([expect.objectContaining({ id: file.id, sent: 3, unsubscribed: 1, remaining: 0 })]);
  });

  it("the same id again sends nothing", async () => {
    const from = tg.emu.calls.length;
    expect(await run()).toMatchObject({ sent: 0, failed: 0, unsubscribed: 0, remaining: 0, done: 3 });
    expect(tg.emu.calls.slice(from).filter((c) => c.method === "sendMessage")).toEqual([]);
  });

  it("/forget removes the subscription and the user's delivery records; /updates off stops later updates", async () => {
    const { createOutbox } = await import("../../src/engine/outbox.js");
    const box = createOutbox(tg.store, { worker: "reader" });
    expect(await box.status(file.id, keyOf(ann))).toBe("sent");
    const ask = await tg.act(() => ann.say("/forget"));
    await tg.act(() => ann.press("x:yes", messageIdOf(ask.sent.at(-1))));
    expect(await box.status(file.id, keyOf(ann))).toBeUndefined();
    await tg.act(() => dee.say("/updates off"));
    expect(await subscribed()).toEqual([keyOf(kim)]);
    expect((await tg.store.get(keyOf(dee)))?.updates).toMatchObject({ on: false });

    const next = parseBroadcastFile("next.yaml", UPDATE.replace("2026-12-fine-update", "2026-12-next"), [tg.pack]).file!;
    const from = tg.emu.calls.length;
    expect(await runBroadcast({ file: next, engine: tg.engine, store: tg.store, channels: [tg.channel!], dispatcher: createDispatcher(), worker: `local:${tg.dir}` })).toMatchObject({ sent: 1, remaining: 0 });
    expect(tg.emu.calls.slice(from).filter((c) => c.method === "sendMessage").map((c) => c.params.chat_id)).toEqual([kim.chatId]);
  });
});
