import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { toConsoleEvent } from "../../../adapters/console/inbound.js";
import { renderConsole } from "../../../adapters/console/render.js";
import { runConsoleSession } from "../../../adapters/console/session.js";
import type { Choice, ContentPack } from "../../../src/index.js";
import { alice, harness } from "../../helpers/engine.js";
import { realPack } from "../../helpers/packs.js";

/**
 * Talks to the engine the way the terminal session does (its inbound and render functions, one
 * line per turn, numbers picking the last options) and returns what each turn printed; the first
 * entry is the greeting of the session's opening /start.
 */
async function transcript(lines: string[], localeHint?: string): Promise<string[]> {
  const h = harness(await realPack());
  let choices: Choice[] = [];
  const out: string[] = [];
  for (const line of ["/start", ...lines]) {
    const event = toConsoleEvent(line, alice, choices, localeHint);
    if (!event) continue;
    const view = renderConsole((await h.engine.handle(event)).replies);
    if (view.choices.length) choices = view.choices;
    out.push(view.text);
  }
  return out;
}

/** The whole session over streams, as `afterleak chat` runs it. */
async function session(lines: string[]): Promise<string> {
  const h = harness(await realPack());
  const input = new PassThrough();
  const output = new PassThrough();
  let out = "";
  output.on("data", (d: Buffer) => (out += d.toString()));
  const s = runConsoleSession({ engine: h.engine, input, output, user: alice });
  input.end(lines.map((l) => `${l}\n`).join(""));
  await s.done;
  return out;
}

const move = (pack: ContentPack, id: string) => {
  const m = pack.conversation?.moves.find((x) => x.id === id);
  if (!m) throw new Error(`no move ${id}`);
  return m;
};
/** The opening words of a topic's answer in a locale (what the user sees first of it). */
const opening = (pack: ContentPack, topic: string, locale: string) => (pack.faqById.get(topic)?.answer[locale] ?? "?").replace(/\*\*/g, "").split("\n")[0]?.slice(0, 30) ?? "?";
const last = (turns: string[]) => turns.at(-1) ?? "";

describe("conversational moves in the terminal", () => {
  const cases: { id: string; en: string; ko: string }[] = [
    { id: "greeting", en: "hi", ko: "안녕하세요" },
    { id: "thanks", en: "thanks a lot", ko: "고마워요" },
    { id: "goodbye", en: "bye", ko: "안녕히 계세요" },
    { id: "distress", en: "I'm scared", ko: "ㅠㅠ" },
    { id: "anger", en: "this is ridiculous, I hate this company", ko: "진짜 화나요" },
    { id: "bot-identity", en: "are you a real person?", ko: "사람이에요?" },
    { id: "insult", en: "stupid bot", ko: "멍청한 봇" },
  ];
  it.each(cases)("answers $id in English and in Korean with the pack's words", async ({ id, en, ko }) => {
    const pack = await realPack();
    const m = move(pack, id);
    const english = last(await transcript([en]));
    expect(english).toContain(m.reply.en);
    expect(english).not.toContain(pack.ui.fallback.en);
    const korean = last(await transcript([ko]));
    expect(korean).toContain(m.reply.ko);
    expect(korean).not.toContain(pack.ui.fallbackNoSuggestions.ko);
  });

  it("greets back with what the bot can do: the main menu", async () => {
    const pack = await realPack();
    const out = await session(["hello"]);
    expect(out).toContain(move(pack, "greeting").reply.en);
    expect(out).toContain(pack.ui.menuPrompt.en);
    expect(out).toMatch(/ {2}1\) What leaked\?/);
  });

  it("meets distress and anger with a next step and the offer of a person", async () => {
    const pack = await realPack();
    for (const text of ["너무 무서워요", "I'm so angry"]) {
      const out = last(await transcript([text]));
      expect(out).toMatch(new RegExp(`${pack.ui.menuHuman.en}|${pack.ui.menuHuman.ko}`));
      expect(out).toMatch(new RegExp(`${pack.faqById.get("action-plan")?.label.en}|${pack.faqById.get("action-plan")?.label.ko}`));
    }
  });

  it("answers the question of a message that also carries a move, acknowledgment in front", async () => {
    const pack = await realPack();
    const en = last(await transcript(["Hi, was my card leaked?"]));
    expect(en.indexOf(move(pack, "greeting").short?.en ?? "?")).toBeGreaterThanOrEqual(0);
    expect(en).toContain(opening(pack, "payment-data-exposed", "en"));
    const ko = last(await transcript(["무서워요 제 정보 다 털린 거예요?"]));
    const ack = move(pack, "distress").short?.ko ?? "?";
    expect(ko.startsWith(ack) || ko.includes(`\n${ack}`)).toBe(true);
    expect(ko).not.toContain(move(pack, "distress").reply.ko);
    expect(ko).not.toContain(pack.ui.fallback.ko);
    expect(ko).toContain(opening(pack, "what-leaked", "ko"));
  });
});

describe("chat-style wording in the terminal", () => {
  it.each([
    { id: "thanks", text: "고맙습니다 ㅠㅠ", locale: "ko" }, // a tone mark gives way to a worded move
    { id: "anger", text: "화가 나서 미치겠어요", locale: "ko" }, // the longer phrase in the same word
    { id: "bot-identity", text: "are u a bot", locale: "en" }, // the pack's chat spellings
    { id: "greeting", text: "안녕하세용", locale: "ko" },
    { id: "distress", text: "soooo scared", locale: "en" }, // a drawn-out letter counts once
  ])("$text gets the $id reply", async ({ id, text, locale }) => {
    const pack = await realPack();
    expect(last(await transcript([text]))).toContain(move(pack, id).reply[locale]);
  });

  it("picks a listed option from a number written in words, as the digit would", async () => {
    const byDigit = last(await transcript(["/faq", "2"]));
    expect(last(await transcript(["/faq", "두 번째요"]))).toBe(byDigit);
    // English words: the same option, answered in English ("option 2" is English too).
    expect(last(await transcript(["/faq", "the second one"]))).toBe(last(await transcript(["/faq", "option 2"])));
    expect(last(await transcript(["/faq", "the second one"]))).not.toBe(last(await transcript(["/faq", "option 3"])));
  });

  it("takes a drawn-out or cute-ending no as the answer to the feedback question", async () => {
    const pack = await realPack();
    for (const no of ["nooo", "아니용"]) {
      const turns = await transcript(["카드번호도 유출됐나요?", no]);
      expect(last(turns)).not.toContain(pack.ui.fallback.ko);
      expect(last(turns)).not.toContain(pack.conversation?.strings.answerWithoutPrompt.ko ?? "?");
    }
  });
});

describe("first-turn locale", () => {
  it("answers English in English although the pack's default is Korean", async () => {
    const pack = await realPack();
    expect(pack.meta.defaultLocale).toBe("ko");
    const turns = await transcript(["hi"]);
    expect(turns[0]).toContain(pack.ui.menuPrompt.ko); // the /start greeting, before any text
    expect(last(turns)).toContain(move(pack, "greeting").reply.en);
    expect(last(turns)).not.toContain(move(pack, "greeting").reply.ko);
  });

  it("keeps Korean for a Korean user's short answer words and switches on real English", async () => {
    const pack = await realPack();
    const turns = await transcript(["카드번호도 유출됐나요?", "ok", "what about my email?"]);
    expect(turns.at(-2)).toContain(pack.ui.feedbackThanks.ko);
    expect(last(turns)).toContain(opening(pack, "email-exposed-risk", "en"));
  });

  it("an English word after only a command (the default Korean, never the user's) gets English", async () => {
    const pack = await realPack();
    const turns = await transcript(["/help", "ok"]);
    expect(turns[1]).toContain(pack.ui.menuPrompt.ko);
    expect(last(turns)).toContain(pack.conversation?.strings.answerWithoutPrompt.en ?? "?");
    expect(last(turns)).not.toContain(pack.conversation?.strings.answerWithoutPrompt.ko ?? "?");
    // The platform's hint makes Korean the user's: then "ok" is a Korean user's answer word.
    const hinted = await transcript(["/help", "ok"], "ko");
    expect(last(hinted)).toContain(pack.conversation?.strings.answerWithoutPrompt.ko ?? "?");
  });
});
