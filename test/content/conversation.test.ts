import { describe, expect, it } from "vitest";
import { parsePackDir } from "../../src/content/loader.js";
import { miniCopy } from "../helpers/packs.js";

/** A valid conversation.yaml for the mini pack; the line numbers below refer to it. */
const VALID = `answers:
  yes: { en: ["yes"], ko: ["네"] }
  no: { en: ["no"], ko: ["아니요"] }
  done: { en: ["done"], ko: ["완료"] }
  skip: { en: ["skip"], ko: ["건너뛰기"] }
moves:
  - id: greeting
    acknowledge: true
    phrases: { en: ["hi"], ko: ["안녕하세요"] }
    reply: { en: "Hello.", ko: "안녕하세요." }
    offer: { menu: true, topics: [card-leaked] }
followUps:
  fillers: { en: ["what about"], ko: ["그럼"] }
  siblings:
    - id: things
      topics:
        card-leaked: { en: ["card"], ko: ["카드"] }
        password-change: { en: ["password"], ko: ["비밀번호"] }
  after:
    - from: [smishing]
      to: password-change
      phrases: { en: ["already did"], ko: ["이미 했"] }
several:
  separators: { en: ["and"], ko: ["그리고"] }
strings:
  answerWithoutPrompt: { en: "OK.", ko: "네." }
  alsoAsked: { en: "You also asked:", ko: "함께 물어보신 질문:" }
`;

async function load(text: string) {
  const dir = await miniCopy({ "conversation.yaml": () => text });
  const { pack, diagnostics } = await parsePackDir(dir, { displayRoot: dir });
  return { pack, lines: diagnostics.map((d) => `${d.file}:${d.line}: ${d.message}`) };
}
const edit = (from: string, to: string) => {
  if (!VALID.includes(from)) throw new Error(`fixture edit: '${from}' not found`);
  return VALID.replace(from, to);
};

describe("conversation.yaml", () => {
  it("loads a valid file into the pack", async () => {
    const { pack, lines } = await load(VALID);
    expect(lines).toEqual([]);
    expect(pack?.conversation?.moves.map((m) => m.id)).toEqual(["greeting"]);
  });

  it.each([
    ["a locale missing in a move's phrases", edit('phrases: { en: ["hi"], ko: ["안녕하세요"] }', 'phrases: { en: ["hi"] }'), "conversation.yaml:9: move 'greeting': phrases missing for locale 'ko'"],
    ["a locale missing in a reply", edit('reply: { en: "Hello.", ko: "안녕하세요." }', 'reply: { en: "Hello." }'), "conversation.yaml:10: move 'greeting' reply: text missing for locale 'ko'"],
    ["an unknown topic in a sibling group", edit("        password-change:", "        no-such-topic:"), "conversation.yaml:18: unknown FAQ id 'no-such-topic'"],
    ["an unknown topic in an after rule", edit("to: password-change", "to: nowhere"), "conversation.yaml:21: unknown FAQ id 'nowhere'"],
    ["an unknown offered topic", edit("topics: [card-leaked]", "topics: [gone]"), "conversation.yaml:11: unknown FAQ id 'gone'"],
    ["a missing answer word", edit('  skip: { en: ["skip"], ko: ["건너뛰기"] }\n', ""), "conversation.yaml:2: Invalid input: expected record, received undefined (at answers.skip)"],
    ["an unknown key", edit("    acknowledge: true", "    acknowledge: true\n    tone: warm"), "conversation.yaml:9: unknown key 'tone' (at moves.0)"],
  ])("reports %s as file:line: message", async (_name, text, expected) => {
    const { pack, lines } = await load(text);
    expect(pack).toBeUndefined();
    expect(lines).toContain(expected);
  });
});
