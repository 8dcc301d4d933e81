import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toHtmlChunks } from "../../../adapters/telegram/html.js";
import { telegramChannel } from "../../../adapters/telegram/index.js";
import { createEngine, parseConfig, parseTicketId as parseTicket, pick, ui, type AnalyticsEvent, type Config, type ContentPack, type Engine, type Store } from "../../../src/index.js";
import { telegramConfigSchema, type TelegramConfig } from "../../../adapters/telegram/config.js";
import { SECRET, startTelegramBot, TOKEN, type TelegramBot } from "../../fakes/telegram-bot.js";
import type { ApiCall, EmulatedUser, TelegramEmulator } from "../../fakes/telegram-emulator.js";
import { choiceIds, keyboardOf, messageIdOf, textOf } from "../../fakes/telegram-harness.js";

const SUPPORT = -1009876543210;
/** Long enough that no timestamp or key in the store holds it by chance (4242 once sat inside a time in ms). */
const USER_ID = 739_284_615;
/** The card number the user writes, in any spacing. */
const CARD = /4111[ -]?1111[ -]?1111[ -]?1111/;

/** The engine as `afterleak start` builds it: handoff available where the channel module says so. */
const engineFor = (pack: ContentPack, store: Store, config: Config & TelegramConfig): Engine =>
  createEngine({ pack, store, secret: SECRET, settings: { handoffAvailable: (p) => p === "telegram" && telegramChannel.handoff!(config) } });

/** What Telegram puts in `text` for a message the bot sent as HTML: the tags gone, entities decoded. */
const plain = (html: string) => html.replace(/<[^>]+>/g, "").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

/**
 * Handoff through a support group, end to end over long polling against the Bot API emulator:
 * a user asks for a person, the support group gets the ticket, a staff member answers by
 * replying (after a restart of the bot on the same lowdb store), closes it, and the bot takes over.
 */
describe("Telegram handoff to a support group (emulator)", () => {
  let tg: TelegramBot;
  let emu: TelegramEmulator;
  let pack: ContentPack;
  let config: Config & TelegramConfig;
  let user: EmulatedUser;
  let staff: EmulatedUser;
  const ko = (key: Parameters<typeof ui>[1], vars?: Record<string, string | number>) => ui(pack, key, "ko", vars);
  /** What the staff read: the pack's default locale (the core's one policy). */
  const staffText = (key: Parameters<typeof ui>[1], vars?: Record<string, string | number>) => ui(pack, key, pack.meta.defaultLocale, vars);
  const act = (send: () => Promise<number>) => tg.act(send);
  const toUser = (calls: ApiCall[], u = user) => calls.filter((c) => c.params.chat_id === u.chatId);
  const toSupport = (calls: ApiCall[]) => calls.filter((c) => c.params.chat_id === SUPPORT);
  /** `reply_to_message` as Telegram sends it when staff reply to a message the bot posted. */
  const replyTo = (call: ApiCall | undefined) => ({
    reply_to_message: {
      message_id: messageIdOf(call),
      from: { id: emu.bot.id, is_bot: true, first_name: "Bot", username: emu.bot.username },
      chat: { id: SUPPORT, type: "supergroup", title: "Support" },
      date: 1,
      text: plain(textOf(call)),
    },
  });
  const events = async (type: AnalyticsEvent["type"]) => {
    await tg.store.flush();
    const out: AnalyticsEvent[] = [];
    for await (const e of tg.store.events()) if (e.type === type) out.push(e);
    return out;
  };

  beforeAll(async () => {
    tg = await startTelegramBot({ lowdbPrefix: "afterleak-telegram-handoff-", env: { SUPPORT_TELEGRAM_CHAT_ID: String(SUPPORT) }, engine: engineFor });
    ({ emu, pack, config } = tg);
    user = emu.user({ userId: USER_ID, languageCode: "ko", firstName: "Minji" });
    staff = emu.user({ userId: 9001, chatId: SUPPORT, type: "supergroup", firstName: "Jisoo" });
  });
  afterAll(() => tg?.close());

  let ticket = "";
  let header: ApiCall | undefined;
  let relayed: ApiCall | undefined;

  it("declares a support team only when SUPPORT_TELEGRAM_CHAT_ID is set", () => {
    expect(telegramChannel.handoff!(config)).toBe(true);
    expect(telegramChannel.handoff!(parseConfig<TelegramConfig>({ TELEGRAM_BOT_TOKEN: TOKEN }, [telegramConfigSchema]).config!)).toBe(false);
  });

  it("/human: the user is told a person will come, the support group gets a ticket header", async () => {
    await act(() => user.say("/start"));
    const t = await act(() => user.say("/human"));
    expect(toUser(t.sent).map(textOf)).toEqual([ko("handoffRequested")]);
    const group = toSupport(t.sent);
    expect(group).toHaveLength(1);
    header = group[0];
    const text = textOf(header);
    ticket = parseTicket(text) ?? "";
    expect(ticket).toMatch(/^t[a-z0-9]{7}$/);
    expect(text).toContain(`<b>${staffText("supportTicketTitle", { ticket })}</b>`);
    expect(text).toContain(staffText("supportTicketFacts", { user: "<b>Minji</b>", language: "한국어", reason: staffText("supportReasonRequested") }));
    // First name only: no username, no user id.
    expect(text).not.toContain(`user${USER_ID}`);
    expect(text).not.toContain(String(USER_ID));
    expect(header!.params.parse_mode).toBe("HTML");
  });

  it("relays a card number redacted; the user only gets the engine's privacy warning", async () => {
    const t = await act(() => user.say("my card 4111 1111 1111 1111 was charged"));
    const group = toSupport(t.sent);
    expect(group).toHaveLength(1);
    relayed = group[0];
    expect(textOf(relayed)).toMatch(new RegExp(`^#${ticket} · Minji:\\nmy card \\S+ was charged$`));
    expect(textOf(relayed)).not.toMatch(/\d{4}/);
    // The engine answers in the language of the message: the warning is in English.
    expect(toUser(t.sent).map(textOf)).toEqual([ui(pack, "piiWarning", "en")]);
    expect(t.sent).toHaveLength(2);
    expect(JSON.stringify(tg.records)).not.toMatch(CARD);
  });

  it("stays quiet while a person is handling the user: Korean text is relayed under the ticket tag, nothing to the user", async () => {
    const t = await act(() => user.say("아직 기다리고 있어요 <b>?</b>"));
    expect(toUser(t.sent)).toEqual([]);
    const group = toSupport(t.sent);
    expect(group.map(textOf)).toEqual([`#${ticket} · Minji:\n아직 기다리고 있어요 &lt;b&gt;?&lt;/b&gt;`]);
  });

  it("keeps no raw id and no message text in the store files", async () => {
    await tg.store.flush();
    const files = (await readdir(tg.dir, { recursive: true })).map((f) => join(tg.dir, f));
    const all = (await Promise.all(files.map((f) => readFile(f, "utf8").catch(() => "")))).join("\n");
    expect(all).toContain(`ticket:${ticket}`);
    expect(all).not.toContain(String(USER_ID));
    expect(all).not.toMatch(CARD);
    expect(all).not.toContain("기다리고");
  });

  it("a staff reply after a restart of the bot reaches the user, marks the handoff taken and confirms in the group", async () => {
    await tg.stop();
    await tg.start();
    const t = await act(() => staff.say("안녕하세요, 상담원 지수입니다. 카드사에 먼저 연락해 보셨나요?", replyTo(relayed)));
    expect(t.record.msg).toBe("telegram: update handled");
    expect(toUser(t.sent).map(textOf)).toEqual([ko("handoffTaken"), `<b>${ko("handoffSupportLabel")}</b>\n안녕하세요, 상담원 지수입니다. 카드사에 먼저 연락해 보셨나요?`]);
    const group = toSupport(t.sent);
    expect(group.map(textOf)).toEqual([staffText("supportTaken", { ticket, by: "Jisoo" })]);
    expect(group[0]!.params.reply_parameters).toMatchObject({ allow_sending_without_reply: true });
    expect(await events("handoff_taken")).toEqual([expect.objectContaining({ channel: "telegram", locale: "ko" })]);
  });

  it("later replies, to the header too, reach the user with the label only; staff text is escaped", async () => {
    const t = await act(() => staff.say("네 <확인> 했습니다 & 기다려 주세요", replyTo(header)));
    expect(toUser(t.sent).map(textOf)).toEqual([`<b>${ko("handoffSupportLabel")}</b>\n네 &lt;확인&gt; 했습니다 &amp; 기다려 주세요`]);
    expect(toSupport(t.sent)).toEqual([]);
    expect(await events("handoff_taken")).toHaveLength(1);
  });

  it("ignores everything else in the support group: other bots, chatter, replies to people, other commands", async () => {
    const bot = await act(() => staff.say("I am another bot", { ...replyTo(header), from: { id: 555, is_bot: true, first_name: "Other" } }));
    expect(bot.record.ignored).toBe("from-a-bot");
    const chatter = await act(() => staff.say("점심 뭐 먹을까요?"));
    expect(chatter.record).toMatchObject({ msg: "telegram: update ignored", ignored: "not-a-reply" });
    const toPerson = await act(() =>
      staff.say("동의해요", { reply_to_message: { message_id: 1, from: { id: 9002, is_bot: false, first_name: "Hyun" }, chat: { id: SUPPORT, type: "supergroup" }, date: 1, text: `#${ticket} 이거요` } }),
    );
    expect(toPerson.record.ignored).toBe("not-a-reply");
    const help = await act(() => staff.say("/help", replyTo(header)));
    expect(help.record.ignored).toBe("other-command");
    const other = await act(() => staff.say("/close@OtherBot", replyTo(header)));
    expect(other.record.ignored).toBe("other-bot");
    for (const t of [bot, chatter, toPerson, help, other]) expect(t.calls).toEqual([]);
  });

  it("/close as a reply ends the handoff: the user gets the closing notice and the menu, the group a confirmation", async () => {
    const t = await act(() => staff.say("/close", replyTo(relayed)));
    const mine = toUser(t.sent);
    expect(textOf(mine[0])).toBe(ko("handoffClosed"));
    expect(choiceIds(mine.at(-1))).toEqual(["m:leaked", "m:faq", "m:tasks", "m:lang", "m:human"]);
    expect(toSupport(t.sent).map(textOf)).toEqual([staffText("supportClosed", { ticket })]);
    expect(await events("handoff_closed")).toEqual([expect.objectContaining({ value: "support" })]);
    expect(await tg.store.getSetting!(`ticket:${ticket}`)).toBeUndefined();
  });

  it("then the bot answers the user's next question itself, and nothing goes to the group", async () => {
    const t = await act(() => user.say("카드번호도 유출됐나요?"));
    const entry = pack.faqById.get("payment-data-exposed")!;
    expect(textOf(toUser(t.sent)[0])).toBe(toHtmlChunks(pick(pack, entry.answer, "ko"))[0]);
    expect(toSupport(t.sent)).toEqual([]);
  });

  it("a late staff reply to a closed ticket is not delivered; staff are told", async () => {
    const t = await act(() => staff.say("혹시 더 궁금한 점 있으세요?", replyTo(relayed)));
    expect(toUser(t.sent)).toEqual([]);
    expect(toSupport(t.sent).map(textOf)).toEqual([staffText("supportUnknown", { ticket })]);
  });

  it("after three unanswered questions: a ticket with the transcript (escaped); /close <ticket> works without a reply", async () => {
    const other = emu.user({ userId: 5151, languageCode: "en", firstName: "Alex <Admin>" });
    await act(() => other.say("recommend a cat food brand"));
    await act(() => other.say("what is the weather tomorrow"));
    const t = await act(() => other.say("best pizza in town? <3"));
    const group = toSupport(t.sent);
    expect(group).toHaveLength(2);
    const id = parseTicket(textOf(group[0]))!;
    expect(id).not.toBe(ticket);
    expect(textOf(group[0])).toContain(staffText("supportTicketFacts", { user: "<b>Alex &lt;Admin&gt;</b>", language: "English", reason: staffText("supportReasonFallbacks") }));
    expect(textOf(group[1])).toBe(`#${id} · Alex &lt;Admin&gt;:\nbest pizza in town? &lt;3`);

    const close = await act(() => staff.say(`/close #${id}`));
    expect(toUser(close.sent, other).map(textOf)[0]).toBe(ui(pack, "handoffClosed", "en"));
    expect(toSupport(close.sent).map(textOf)).toEqual([staffText("supportClosed", { ticket: id })]);
  });

  it("a handoff asked for in a group moves to the private chat first; the staff reply goes there", async () => {
    const GROUP = -1001112223334;
    const member = emu.user({ userId: 6161, chatId: GROUP, type: "supergroup", languageCode: "en", firstName: "Sam" });
    const ask = await act(() => member.say("/human@TestNameBot"));
    const inGroup = ask.sent.filter((c) => c.params.chat_id === GROUP);
    expect(inGroup.map(textOf)).toEqual([ui(pack, "handoffPrivate", "en")]);
    expect(JSON.stringify(inGroup[0]?.params.reply_markup)).toContain("?start=human");
    expect(toSupport(ask.sent)).toEqual([]);
    const sam = emu.user({ userId: 6161, languageCode: "en", firstName: "Sam" });
    const opened = await act(() => sam.say("/start human"));
    expect(toUser(opened.sent, sam).map(textOf)).toContain(ui(pack, "handoffRequested", "en"));
    const head = toSupport(opened.sent)[0];
    expect(textOf(head)).toContain("Sam");
    // An anonymous admin posts as the group, through Telegram's GroupAnonymousBot.
    const anonymous = { from: { id: 1087968824, is_bot: true, first_name: "Group", username: "GroupAnonymousBot" }, sender_chat: { id: SUPPORT, type: "supergroup", title: "Support" } };
    const t = await act(() => staff.say("Hi Sam, how can I help?", { ...replyTo(head), ...anonymous }));
    expect(toSupport(t.sent).map(textOf)).toEqual([staffText("supportTaken", { ticket: parseTicket(textOf(head)) ?? "", by: staffText("supportAnonymous") })]);
    expect(t.sent.filter((c) => c.params.chat_id === sam.userId).map(textOf)).toEqual([
      ui(pack, "handoffTaken", "en"),
      "<b>Support team:</b>\nHi Sam, how can I help?",
    ]);
    expect(t.sent.filter((c) => c.params.chat_id === GROUP)).toEqual([]);
  });

  it("tells staff when the user cannot be reached (blocked the bot)", async () => {
    const u = emu.user({ userId: 7171, languageCode: "en", firstName: "Kim" });
    const ask = await act(() => u.say("/human"));
    const head = toSupport(ask.sent)[0];
    emu.failNext("sendMessage", 403, "Forbidden: bot was blocked by the user", { when: (p) => p.chat_id === u.chatId });
    const t = await act(() => staff.say("Hello?", replyTo(head)));
    expect(t.record.msg).toBe("telegram: update handled");
    expect(toSupport(t.sent).map(textOf)).toEqual([staffText("supportUndeliverable", { ticket: parseTicket(textOf(head)) ?? "" })]);
  });

  it("a handoff ended elsewhere (expired, closed by another tool): staff are told, nothing is sent", async () => {
    const u = emu.user({ userId: 7272, languageCode: "en", firstName: "Park" });
    const head = toSupport((await act(() => u.say("/human"))).sent)[0];
    const id = parseTicket(textOf(head)) ?? "";
    expect((await tg.engine.handoff.close(id)).code).toBe("closed");
    const t = await act(() => staff.say("Still there?", replyTo(head)));
    expect(toUser(t.sent, u)).toEqual([]);
    expect(toSupport(t.sent).map(textOf)).toEqual([staffText("supportUnknown", { ticket: id })]);
  });

  it("a support group the bot cannot post to: the user gets the official contact at once, the log names the error without the text", async () => {
    const u = emu.user({ userId: 7373, languageCode: "en", firstName: "Choi" });
    emu.failNext("sendMessage", 403, "Forbidden: bot is not a member of the supergroup chat", { when: (p) => p.chat_id === SUPPORT });
    const t = await act(() => u.say("/human"));
    expect(t.record).toMatchObject({ msg: "telegram: update handled", handoff: "unavailable" });
    const mine = toUser(t.sent, u).map(textOf);
    expect(mine[0]).toContain("1577-7011");
    expect(mine).not.toContain(ui(pack, "handoffRequested", "en"));
    expect(choiceIds(toUser(t.sent, u).at(-1))).toContain("m:faq");
    const warn = tg.records.find((r) => r.msg === "support: the support place cannot be reached; official contact given");
    expect(warn).toMatchObject({ level: 40, err: { type: "GrammyError", code: 403, method: "sendMessage" } });
    // The header the bot tried to post (the user's first name) is nowhere in the log.
    expect(JSON.stringify(tg.records)).not.toContain("Choi");
    expect(await events("handoff_closed")).toContainEqual(expect.objectContaining({ value: "unavailable" }));
    const next = await act(() => u.say("was my card number leaked?"));
    expect(toSupport(next.sent)).toEqual([]);
    expect(toUser(next.sent, u).map(textOf).join("\n")).not.toContain(ui(pack, "handoffRequested", "en"));
    expect(toUser(next.sent, u).length).toBeGreaterThan(0);
    expect(next.record).toMatchObject({ event: "text" });
    expect(next.record.handoff).toBeUndefined();
  });

  it("/forget during a handoff deletes the ticket's route back to the user; a staff reply then finds nothing", async () => {
    const u = emu.user({ userId: 8181, languageCode: "en", firstName: "Lee" });
    const ask = await act(() => u.say("/human"));
    const head = toSupport(ask.sent)[0];
    const id = parseTicket(textOf(head))!;
    expect(await tg.store.getSetting!(`ticket:${id}`)).toBeDefined();
    const confirm = await act(() => u.say("/forget"));
    await act(() => u.press("x:yes", messageIdOf(confirm.sent.at(-1))));
    expect(await tg.store.getSetting!(`ticket:${id}`)).toBeUndefined();
    const t = await act(() => staff.say("Are you there?", replyTo(head)));
    expect(toUser(t.sent, u)).toEqual([]);
    expect(toSupport(t.sent).map(textOf)).toEqual([staffText("supportUnknown", { ticket: id })]);
  });
});

/** A support chat id Telegram does not know (wrong SUPPORT_TELEGRAM_CHAT_ID): the rule is the same as a refusal. */
describe("Telegram handoff with a support chat id the emulator rejects", () => {
  let tg: TelegramBot;
  const WRONG = -1000000000404;

  beforeAll(async () => {
    tg = await startTelegramBot({ env: { SUPPORT_TELEGRAM_CHAT_ID: String(WRONG) }, engine: engineFor });
  });
  afterAll(() => tg?.close());

  it("gives the official contact at once, and the next message is answered normally", async () => {
    const u = tg.emu.user({ userId: 7474, languageCode: "ko", firstName: "Yuna" });
    tg.emu.failNext("sendMessage", 400, "Bad Request: chat not found", { when: (p) => p.chat_id === WRONG, times: 5 });
    const t = await tg.act(() => u.say("/human"));
    const mine = t.sent.filter((c) => c.params.chat_id === u.chatId).map(textOf);
    expect(mine[0]).toContain("1577-7011");
    expect(mine).not.toContain(ui(tg.pack, "handoffRequested", "ko"));
    expect(await tg.engine.handoff.active({ platform: "telegram", userId: String(u.userId) })).toBeUndefined();
    const next = await tg.act(() => u.say("카드번호도 유출됐나요?"));
    const entry = tg.pack.faqById.get("payment-data-exposed")!;
    expect(textOf(next.sent[0])).toBe(toHtmlChunks(pick(tg.pack, entry.answer, "ko"))[0]);
    expect(next.sent.filter((c) => c.params.chat_id === WRONG)).toEqual([]);
  });
});

/** The edge policy: a turn that fails gives the pack's apology and a log line without text. */
describe("Telegram when the engine fails (emulator)", () => {
  let tg: TelegramBot;

  beforeAll(async () => {
    tg = await startTelegramBot({
      engine: (pack, store, config) => {
        const engine = engineFor(pack, store, config);
        return { ...engine, handle: async (e) => (e.kind === "text" && e.text.includes("boom") ? Promise.reject(new Error("store unavailable")) : engine.handle(e)) };
      },
    });
  });
  afterAll(() => tg?.close());

  it("apologizes in the user's language, logs the update id and kind only, and answers the next message", async () => {
    const u = tg.emu.user({ userId: 7575, languageCode: "ko", firstName: "Dana" });
    const t = await tg.act(() => u.say("boom secret-sentence"));
    expect(t.sent.map(textOf)).toEqual([ui(tg.pack, "turnFailed", "ko")]);
    expect(t.record).toMatchObject({ msg: "telegram: update failed", kind: "message", err: { type: "Error", message: "store unavailable" } });
    expect(JSON.stringify(tg.records)).not.toContain("secret-sentence");
    const next = await tg.act(() => u.say("/help"));
    expect(next.sent.length).toBeGreaterThan(0);
  });
});

/** Without a support team the engine gives the official contact; nothing is relayed anywhere. */
describe("Telegram handoff without a support team (emulator)", () => {
  let tg: TelegramBot;
  let emu: TelegramEmulator;

  beforeAll(async () => {
    tg = await startTelegramBot({ engine: engineFor });
    emu = tg.emu;
  });
  afterAll(() => tg?.close());

  it("/human gives the official customer centre (1577-7011) and the menu, and the bot keeps answering", async () => {
    const u = emu.user({ userId: 4343, languageCode: "ko" });
    const t = await tg.act(() => u.say("/human"));
    expect(t.sent.every((c) => c.params.chat_id === u.chatId)).toBe(true);
    expect(textOf(t.sent[0])).toContain("1577-7011");
    expect(textOf(t.sent[0])).toContain("쿠팡 고객센터");
    expect(t.sent.flatMap(keyboardOf).some((b) => "url" in b && b.url.startsWith("https://www.coupang.com"))).toBe(true);
    expect(choiceIds(t.sent.at(-1))).toContain("m:faq");
    const next = await tg.act(() => u.say("카드번호도 유출됐나요?"));
    expect(next.sent.length).toBeGreaterThan(0);
    expect(tg.records.some((r) => r.msg === "telegram: handoff without SUPPORT_TELEGRAM_CHAT_ID, nothing relayed")).toBe(false);
  });
});
