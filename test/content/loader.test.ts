import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parsePackDir } from "../../src/content/loader.js";
import { miniCopy, MINI, REAL } from "../helpers/packs.js";

/** Runs the loader on a broken copy of the mini pack and returns `file:line: message` lines relative to it. */
async function problems(edits: Parameters<typeof miniCopy>[0]) {
  const dir = await miniCopy(edits);
  const { pack, diagnostics } = await parsePackDir(dir, { displayRoot: dir });
  expect(pack).toBeUndefined();
  return diagnostics.map((d) => `${d.file}:${d.line}: ${d.message}`);
}
const replace = (from: string, to: string) => (s: string) => {
  if (!s.includes(from)) throw new Error(`fixture edit: '${from}' not found`);
  return s.replace(from, to);
};

describe("content loader", () => {
  it("accepts the mini and the default pack", async () => {
    for (const dir of [MINI, REAL]) {
      const { pack, diagnostics } = await parsePackDir(dir);
      expect(diagnostics).toEqual([]);
      expect(pack?.faq.length).toBeGreaterThan(0);
    }
  });

  it.each<{ name: string; edits: Record<string, (s: string) => string>; expected: RegExp }>([
    {
      name: "duplicate id",
      edits: { "faq/main.yaml": replace("  - id: smishing", "  - id: card-leaked") },
      expected: /^faq\/main\.yaml:26: duplicate FAQ id 'card-leaked' \(first defined at .*main\.yaml:2\)$/,
    },
    {
      name: "unknown id referenced",
      edits: { "faq/main.yaml": replace("followUps: [password-change]", "followUps: [no-such-topic]") },
      expected: /^faq\/main\.yaml:10: FAQ 'card-leaked': unknown follow-up id 'no-such-topic'$/,
    },
    {
      name: "text missing for a locale",
      edits: { "faq/main.yaml": replace('label: { en: "Card leaked?", ko: "카드 유출?" }', 'label: { en: "Card leaked?" }') },
      expected: /^faq\/main\.yaml:5: FAQ 'card-leaked' label: text missing for locale 'ko'$/,
    },
    {
      name: "link not on the allowlist",
      edits: { "faq/main.yaml": replace('url: "https://www.example.org/help"', 'url: "https://evil.example.com/help"') },
      expected: /^faq\/main\.yaml:23: FAQ 'password-change': link https:\/\/evil\.example\.com\/help is not on the allowlist$/,
    },
    {
      name: "empty answer",
      edits: { "faq/main.yaml": replace('answer: { en: "Open settings and change it.", ko: "설정에서 바꾸세요." }', 'answer: { en: "Open settings and change it.", ko: "  " }') },
      expected: /^faq\/main\.yaml:20: FAQ 'password-change': empty answer for locale 'ko'$/,
    },
    {
      name: "unknown key",
      edits: { "faq/main.yaml": replace("    group: account", "    group: account\n    colour: blue") },
      expected: /^faq\/main\.yaml:15: unknown key 'colour' \(at faq\.1\)$/,
    },
    {
      name: "unknown task referenced",
      edits: { "faq/main.yaml": replace("    task: cards", "    task: nope") },
      expected: /^faq\/main\.yaml:11: FAQ 'card-leaked': unknown task id 'nope'$/,
    },
    {
      name: "unknown source",
      edits: { "tasks.yaml": replace("    next: cards\n    sources: [S1]", "    next: cards\n    sources: [S9]") },
      expected: /^tasks\.yaml:6: unknown source id 'S9'$/,
    },
    {
      name: "a command option text missing for a locale",
      edits: { "ui.yaml": (s) => `${s}\ncommandOptions:\n  scam-watch.mode: { en: "On or off" }\n` },
      expected: /^ui\.yaml:\d+: command option 'scam-watch\.mode' text: text missing for locale 'ko'$/,
    },
    {
      name: "YAML syntax error",
      edits: { "incident.yaml": replace("  timeline:", "  timeline: [") },
      expected: /^incident\.yaml:\d+: /,
    },
  ])("reports $name as file:line: message", async ({ edits, expected }) => {
    const lines = await problems(edits);
    expect(lines.some((l) => expected.test(l)), lines.join("\n")).toBe(true);
  });

  it("collects every problem across files instead of stopping at the first", async () => {
    const lines = await problems({
      "faq/main.yaml": (s) => replace("followUps: [password-change]", "followUps: [nope]")(replace('url: "https://www.example.org/help"', 'url: "http://www.example.org/help"')(s)),
      "tasks.yaml": replace("    next: cards", "    next: missing-task"),
    });
    expect(lines).toHaveLength(3);
    expect(lines.map((l) => l.split(":")[0]).sort()).toEqual(["faq/main.yaml", "faq/main.yaml", "tasks.yaml"]);
  });

  it("reports a missing required file", async () => {
    const { diagnostics } = await parsePackDir(join(MINI, "faq"));
    expect(diagnostics.some((d) => d.file.endsWith("pack.yaml") && d.message === "file is missing")).toBe(true);
  });
});
