import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toHtmlChunks } from "../../../adapters/telegram/html.js";
import { COMMANDS, pick, ui, type ContentPack } from "../../../src/index.js";
import { startTelegramBot, type TelegramBot } from "../../fakes/telegram-bot.js";
import type { EmulatedUser, TelegramEmulator } from "../../fakes/telegram-emulator.js";
import { choiceIds, keyboardOf, messageIdOf, textOf, until } from "../../fakes/telegram-harness.js";
import { TEST_CARD } from "../../helpers/card.js";

/**
 * One user's whole journey over long polling against the Bot API emulator, across a restart of
 * the bot on the same lowdb store.
 */
describe("Telegram end to end (long polling, emulator)", () => {
  let tg: TelegramBot;
  let emu: TelegramEmulator;
  let pack: ContentPack;
  let user: EmulatedUser;
  const ko = (key: Parameters<typeof ui>[1], vars?: Record<string, string | number>) => ui(pack, key, "ko", vars);
  const act = (send: () => Promise<number>) => tg.act(send);

  beforeAll(async () => {
    tg = await startTelegramBot({ lowdbPrefix: "afterleak-telegram-" });
    ({ emu, pack } = tg);
    user = emu.user({ userId: 4242, languageCode: "ko" });
  });
  afterAll(() => tg?.close());

  const task = () => pack.taskById.get("secure-account")!;
  /** "n/total" progress as the pack words it, and the id of step n (1-based). */
  const progress = (n: number) => `${n}/${task().steps.length}`;
  const stepAt = (n: number) => task().steps[n - 1]!.id;
  const sid = (action: string, n: number) => `s:${action}:secure-account:${stepAt(n)}`;
  let menuId = 0;
  let stepId = 0;

  it("registers the pack's command menu in its default locale (Korean) and in English", () => {
    const calls = emu.callsTo("setMyCommands").filter((c) => c.params.scope === undefined);
    expect(calls).toHaveLength(2);
    const menu = (i: number) => calls[i]!.params.commands as { command: string; description: string }[];
    for (const i of [0, 1]) expect(menu(i).map((c) => c.command)).toEqual([...COMMANDS]);
    expect(calls[0]!.params.language_code).toBeUndefined();
    expect(menu(0).find((c) => c.command === "faq")?.description).toBe(pack.commands.faq.ko);
    expect(calls[1]!.params.language_code).toBe("en");
    expect(menu(1).find((c) => c.command === "faq")?.description).toBe(pack.commands.faq.en);
  });

  it("group administrators' menu adds /scamwatch, described by the pack, in both locales", () => {
    const calls = emu.callsTo("setMyCommands").filter((c) => (c.params.scope as { type?: string } | undefined)?.type === "all_chat_administrators");
    expect(calls.map((c) => c.params.language_code)).toEqual([undefined, "en"]);
    const menu = (i: number) => calls[i]!.params.commands as { command: string; description: string }[];
    for (const i of [0, 1]) expect(menu(i).map((c) => c.command)).toEqual([...COMMANDS, "scamwatch"]);
    expect(menu(0).at(-1)?.description).toBe(pack.commands.scamwatch?.ko);
    expect(menu(1).at(-1)?.description).toBe(pack.commands.scamwatch?.en);
  });

  it("/start shows the welcome and the main menu as an inline keyboard", async () => {
    const t = await act(() => user.say("/start"));
    expect(t.sent.length).toBeGreaterThanOrEqual(2);
    expect(t.sent.every((c) => c.params.parse_mode === "HTML" && c.params.chat_id === user.chatId)).toBe(true);
    expect(textOf(t.sent[0])).toContain(`<b>${pick(pack, pack.meta.title, "ko")}</b>`);
    const menu = t.sent.at(-1);
    expect(textOf(menu)).toBe(ko("menuPrompt"));
    expect(choiceIds(menu)).toEqual(["m:leaked", "m:faq", "m:tasks", "m:lang", "m:human"]);
    expect(keyboardOf(menu).map((b) => b.text)).toContain(ko("menuFaq"));
    menuId = messageIdOf(menu);
  });

  it("answers a free-text question in Korean with the payment-data topic", async () => {
    const t = await act(() => user.say("카드번호도 유출됐나요?"));
    const entry = pack.faqById.get("payment-data-exposed")!;
    expect(textOf(t.sent[0])).toBe(toHtmlChunks(pick(pack, entry.answer, "ko"))[0]);
    expect(t.sent.flatMap(choiceIds)).toContain("m:main");
  });

  it("a menu button edits the menu in place and the press is answered", async () => {
    const t = await act(() => user.press("m:tasks", menuId));
    expect(t.answers).toHaveLength(1);
    expect(t.sent).toHaveLength(0);
    expect(t.edits).toHaveLength(1);
    expect(t.edits[0]!.params).toMatchObject({ chat_id: user.chatId, message_id: menuId, text: ko("tasksPrompt"), parse_mode: "HTML" });
    expect(choiceIds(t.edits[0])).toContain("t:secure-account");
    // The emulator holds the edited message.
    const stored = emu.server.storage.botMessages.find((m) => m.messageId === menuId);
    expect(stored?.message.text).toBe(ko("tasksPrompt"));
  });

  it("starts a guided task at step 1/7 with done, skip and pause buttons", async () => {
    const t = await act(() => user.press("t:secure-account", menuId));
    expect(t.answers).toHaveLength(1);
    const step = t.sent.find((c) => textOf(c).includes(progress(1)));
    expect(step).toBeDefined();
    expect(task().steps).toHaveLength(7);
    expect(choiceIds(step)).toEqual([sid("done", 1), sid("skip", 1), sid("pause", 1)]);
    if (task().steps[0]!.links?.length) expect(keyboardOf(step).some((b) => "url" in b && b.url.startsWith("https://"))).toBe(true);
    stepId = messageIdOf(step);
  });

  it("done and skip edit the step message in place: 2/7, then 3/7", async () => {
    const done = await act(() => user.press(sid("done", 1), stepId));
    expect(done.answers).toHaveLength(1);
    expect(done.sent).toHaveLength(0);
    expect(done.edits[0]!.params.message_id).toBe(stepId);
    expect(textOf(done.edits[0])).toContain(`<b>${ko("taskProgress", { title: pick(pack, task().title, "ko"), n: 2, total: 7 })}</b>`);
    expect(choiceIds(done.edits[0])).toContain(sid("back", 2));

    const skip = await act(() => user.press(sid("skip", 2), stepId));
    expect(skip.answers).toHaveLength(1);
    expect(textOf(skip.edits[0])).toContain(progress(3));
    expect(emu.server.storage.botMessages.find((m) => m.messageId === stepId)?.message.text).toContain(progress(3));
  });

  it("falls back to a new message when Telegram refuses the edit", async () => {
    emu.failNext("editMessageText", 400, "Bad Request: message can't be edited");
    const t = await act(() => user.press(sid("done", 3), stepId));
    expect(t.edits).toHaveLength(1);
    expect(t.edits[0]!.response?.ok).toBe(false);
    expect(t.sent).toHaveLength(1);
    expect(textOf(t.sent[0])).toContain(progress(4));
    expect(t.record).toMatchObject({ editFallbacks: 1, sent: 1 });
    stepId = messageIdOf(t.sent[0]);
  });

  it("answers stale and unknown buttons sensibly and never crashes", async () => {
    const old = await act(() => user.press(sid("done", 1), stepId));
    expect(old.answers).toHaveLength(1);
    expect(textOf(old.sent[0])).toBe(ko("staleChoice"));
    expect(old.sent.some((c) => textOf(c).includes(progress(4)))).toBe(true);

    const junk = await act(() => user.press("zz:garbage", stepId));
    expect(junk.answers).toHaveLength(1);
    expect(textOf(junk.sent[0])).toBe(ko("staleChoice"));
    expect(junk.sent.flatMap(choiceIds)).toContain("m:tasks");
    expect(tg.records.some((r) => r.msg === "telegram: update failed")).toBe(false);
  });

  it("stops cleanly: no more polling after stop", async () => {
    // A positive condition, no waiting for something not to happen: once stop resolves, the update
    // loop's own promise has settled, so the runner cannot issue another getUpdates.
    const loopDone = tg.channel?.done;
    expect(loopDone).toBeDefined();
    let settled = false;
    void loopDone!.then(() => (settled = true));
    await tg.stop();
    await Promise.resolve();
    expect(settled).toBe(true);
    expect(emu.callsTo("getUpdates").length).toBeGreaterThan(0);
  });

  it("a new bot instance on the same store resumes where the user left", async () => {
    await tg.start();
    const start = await act(() => user.say("/start"));
    const title = pick(pack, task().title, "ko");
    const resume = start.sent.find((c) => choiceIds(c).includes("t:secure-account"));
    expect(keyboardOf(resume).map((b) => b.text)).toContain(`▶ ${ko("taskResumed", { title })}`);

    const t = await act(() => user.press("t:secure-account", messageIdOf(resume)));
    expect(t.sent.map(textOf).join("\n")).toContain(ko("taskResumed", { title }));
    expect(t.sent.some((c) => textOf(c).includes(progress(4)) && choiceIds(c).includes(sid("done", 4)))).toBe(true);
  });

  it("/forget asks to confirm, then deletes everything kept about the user", async () => {
    const key = tg.engine.keyOf({ platform: "telegram", userId: String(user.userId) });
    expect(await tg.store.get(key)).toBeDefined();
    const ask = await act(() => user.say("/forget"));
    expect(choiceIds(ask.sent.at(-1))).toEqual(["x:yes", "x:no"]);

    const yes = await act(() => user.press("x:yes", messageIdOf(ask.sent.at(-1))));
    expect(yes.answers).toHaveLength(1);
    expect(textOf(yes.sent[0])).toBe(ko("forgetDone"));
    expect(await tg.store.get(key)).toBeUndefined();
    // Once the store is closed (and has written everything out), no file mentions the user.
    await tg.stop();
    const files = (await readdir(tg.dir, { recursive: true })).map((f) => join(tg.dir, f));
    const onDisk = await Promise.all(files.map((f) => readFile(f, "utf8").catch(() => "")));
    expect(files.length).toBeGreaterThan(0);
    expect(files.filter((_, i) => onDisk[i]!.includes(key))).toEqual([]);
  });

  it("never logs the user's text", () => {
    const all = JSON.stringify(tg.records);
    expect(all).not.toContain("카드번호도");
    expect(tg.records.filter((r) => r.msg === "telegram: update handled").length).toBeGreaterThan(0);
  });
});

/** Group behaviour: only addressed messages, tasks moved to a private chat, secrets deleted. */
describe("Telegram in a group (emulator)", () => {
  let tg: TelegramBot;
  let emu: TelegramEmulator;
  let member: EmulatedUser;
  let pack: ContentPack;
  const GROUP = -1001234567890;
  const act = (send: () => Promise<number>) => tg.act(send);
  const mention = (text: string) => [`@TestNameBot ${text}`, { entities: [{ type: "mention", offset: 0, length: 12 }] }] as const;

  beforeAll(async () => {
    tg = await startTelegramBot({ lowdbPrefix: "afterleak-telegram-group-" });
    ({ emu, pack } = tg);
    member = emu.user({ userId: 777, chatId: GROUP, type: "supergroup", languageCode: "ko" });
  });
  afterAll(() => tg?.close());

  it("stays out of conversations between people", async () => {
    const t = await act(() => member.say("어제 쿠팡에서 문자 왔어요"));
    expect(t.record).toMatchObject({ msg: "telegram: update ignored", ignored: "not-addressed" });
    expect(t.calls).toHaveLength(0);
  });

  it("answers a mention, replying to the asker's message", async () => {
    const [text, extra] = mention("카드번호도 유출됐나요?");
    const t = await act(() => member.say(text, extra));
    expect(t.sent.length).toBeGreaterThan(0);
    expect(t.sent[0]!.params.chat_id).toBe(GROUP);
    expect(t.sent[0]!.params.reply_parameters).toMatchObject({ allow_sending_without_reply: true });
  });

  it("answers /cmd@botname and a reply to its own message", async () => {
    const help = await act(() => member.say("/help@TestNameBot"));
    expect(textOf(help.sent[0])).toContain("/leaked");
    const botMsg = messageIdOf(help.sent.at(-1));
    const reply = await act(() =>
      member.say("비밀번호는 어떻게 바꿔요?", { reply_to_message: { message_id: botMsg, from: { id: emu.bot.id, is_bot: true, first_name: "Bot" }, date: 0, chat: { id: GROUP, type: "supergroup" } } }),
    );
    expect(reply.record.msg).toBe("telegram: update handled");
    expect(reply.sent.length).toBeGreaterThan(0);
  });

  it("moves a guided task to a private chat with a t.me deep link", async () => {
    const tasks = await act(() => member.say("/tasks"));
    const t = await act(() => member.press("t:secure-account", messageIdOf(tasks.sent.at(-1))));
    expect(t.answers).toHaveLength(1);
    const link = t.sent.flatMap(keyboardOf).find((b) => "url" in b);
    expect(link && "url" in link && link.url).toBe("https://t.me/TestNameBot?start=task-secure-account");
    expect(t.sent.flatMap(choiceIds).some((id) => id.startsWith("s:"))).toBe(false);
  });

  it("deletes a message holding a card number and warns the user privately", async () => {
    const [text, extra] = mention("제 카드번호 4111 1111 1111 1111 괜찮나요?");
    const t = await act(() => member.say(text, extra));
    const del = t.calls.find((c) => c.method === "deleteMessage");
    expect(del?.params.chat_id).toBe(GROUP);
    expect(del?.response?.ok).toBe(true);
    const dm = t.sent.find((c) => c.params.chat_id === member.userId);
    expect(textOf(dm)).toBe(ui(pack, "piiWarning", "ko"));
    expect(t.sent.map(textOf).join("\n")).not.toMatch(TEST_CARD);
  });

  it("posts the notice in the group when the user never started the bot, and survives a refused delete", async () => {
    emu.failNext("deleteMessage", 400, "Bad Request: message can't be deleted");
    emu.failNext("sendMessage", 403, "Forbidden: bot can't initiate conversation with a user");
    const [text, extra] = mention("제 카드번호 4111 1111 1111 1111 괜찮나요?");
    const t = await act(() => member.say(text, extra));
    expect(t.record.msg).toBe("telegram: update handled");
    const inGroup = t.sent.filter((c) => c.params.chat_id === GROUP && c.response?.ok);
    expect(inGroup.map(textOf)).toContain(ui(pack, "piiWarning", "ko"));
    expect(t.sent.map(textOf).join("\n")).not.toMatch(TEST_CARD);
    expect(tg.records.some((r) => r.msg === "telegram: could not delete a message holding a secret")).toBe(true);
  });

  it("the user's card number never reaches the log or the store", async () => {
    await tg.store.flush();
    const files = (await readdir(tg.dir, { recursive: true })).filter((f) => f.endsWith(".json") || f.endsWith(".jsonl"));
    const stored = await Promise.all(files.map((f) => readFile(join(tg.dir, f), "utf8")));
    expect(stored.join("\n")).not.toMatch(TEST_CARD);
    expect(JSON.stringify(tg.records)).not.toMatch(TEST_CARD);
  });
});

/** Resilience: retries, per-chat order, errors contained per update. */
describe("Telegram resilience (emulator)", () => {
  let tg: TelegramBot;
  let emu: TelegramEmulator;

  beforeAll(async () => {
    tg = await startTelegramBot();
    emu = tg.emu;
  });
  afterAll(() => tg?.close());

  const finished = (id: number) => until(() => tg.records.find((r) => r.update_id === id && r.msg !== undefined && /handled|ignored|failed/.test(r.msg)), `update ${id}`);

  it("retries a 429 and keeps one chat in order while other chats go on", async () => {
    const a = emu.user({ userId: 501, languageCode: "en" });
    const b = emu.user({ userId: 502, languageCode: "en" });
    emu.failNext("sendMessage", 429, "Too Many Requests: retry after 1", { parameters: { retry_after: 1 }, when: (p) => p.chat_id === a.chatId });
    const from = emu.calls.length;
    const ids = [await a.say("/start"), await a.say("/help"), await b.say("/start")];
    for (const id of ids) await finished(id);

    const sent = emu.calls.slice(from).filter((c) => c.method === "sendMessage");
    expect(sent[0]?.response?.error_code).toBe(429);
    const ok = sent.filter((c) => c.response?.ok);
    const idx = (chat: number, pred: (t: string) => boolean) => ok.findIndex((c) => c.params.chat_id === chat && pred(textOf(c)));
    const aWelcome = idx(a.chatId, (t) => t.startsWith("Hello"));
    const aHelp = idx(a.chatId, (t) => t.includes("/leaked"));
    const bWelcome = idx(b.chatId, (t) => t.startsWith("Hello"));
    expect(aWelcome).toBeGreaterThanOrEqual(0);
    expect(aHelp).toBeGreaterThan(aWelcome);
    expect(bWelcome).toBeLessThan(aWelcome);
    expect(tg.records.some((r) => r.msg === "telegram: update failed")).toBe(false);
  });

  it("logs a failed update with its id but not its text, and goes on", async () => {
    const c = emu.user({ userId: 503, languageCode: "ko" });
    emu.failNext("sendMessage", 400, "Bad Request: can't parse entities", { when: (p) => p.chat_id === c.chatId });
    const failed = await tg.act(() => c.say("제 주문 내역이 이상해요"));
    expect(failed.record).toMatchObject({ msg: "telegram: update failed", kind: "message", err: { code: 400, method: "sendMessage" } });
    expect(failed.record.level).toBe(50);
    expect(JSON.stringify(tg.records)).not.toContain("주문 내역");

    const next = await tg.act(() => c.say("/help"));
    expect(next.record.msg).toBe("telegram: update handled");
    expect(next.sent.length).toBeGreaterThan(0);
  });
});
