import { describe, expect, it } from "vitest";
import { parsePackDir } from "../../src/content/loader.js";
import { miniCopy } from "../helpers/packs.js";

/** The mini pack with `lines` added under its `devices` step (tasks.yaml line 13). */
async function withStep(lines: string[]) {
  const dir = await miniCopy({
    "tasks.yaml": (s) => s.replace('        text: { en: "Log out other devices.", ko: "다른 기기에서 로그아웃하세요." }\n', (m) => m + lines.map((l) => `        ${l}\n`).join("")),
  });
  const { pack, diagnostics } = await parsePackDir(dir, { displayRoot: dir });
  return { pack, problems: diagnostics.map((d) => `${d.file}:${d.line}: ${d.message}`) };
}

describe("a task step's reminder (remindAfter, remindText)", () => {
  it("loads when both are there, in every locale", async () => {
    const { pack, problems } = await withStep(['remindAfter: 2w', 'remindText: { en: "Check your devices again.", ko: "기기를 다시 확인하세요." }']);
    expect(problems).toEqual([]);
    expect(pack?.taskById.get("secure")?.steps[1]).toMatchObject({ remindAfter: "2w", remindText: { en: "Check your devices again." } });
  });

  it.each([
    ["a delay that is not hours, days or weeks", ["remindAfter: 30 days", 'remindText: { en: "x", ko: "y" }'], /tasks\.yaml:15: .*a delay like 12h, 30d or 2w/],
    ["a delay over a year", ["remindAfter: 400d", 'remindText: { en: "x", ko: "y" }'], /tasks\.yaml:15: .*at most 366 days/],
    ["a delay without its text", ["remindAfter: 30d"], /tasks\.yaml:15: .*remindAfter and remindText go together/],
    ["a text without its delay", ['remindText: { en: "x", ko: "y" }'], /tasks\.yaml:13: .*remindAfter and remindText go together/],
    ["a text missing a locale", ["remindAfter: 30d", 'remindText: { en: "Check again." }'], /tasks\.yaml:16: .*reminder: text missing for locale 'ko'/],
  ])("reports %s as file:line", async (_name, lines, expected) => {
    const { pack, problems } = await withStep(lines);
    expect(pack).toBeUndefined();
    expect(problems.join("\n")).toMatch(expected);
  });
});
