import { describe, expect, it } from "vitest";
import { checkContentCli } from "../../src/cli/check-content.js";
import { lintPack, type Finding } from "../../src/content/lint.js";
import { parsePackDir } from "../../src/content/loader.js";
import { captureIo } from "../helpers/cli-io.js";
import { miniCopy, overlayPack } from "../helpers/packs.js";

const TODAY = new Date("2026-12-03T00:00:00Z");

/** Lints a fixture overlay; findings as `file:line [rule]`, plus the findings themselves. */
async function lint(name: string) {
  const dir = await overlayPack(name);
  const { pack, diagnostics, input } = await parsePackDir(dir, { displayRoot: dir });
  expect(diagnostics).toEqual([]);
  expect(pack).toBeDefined();
  const findings = lintPack(input!, { today: TODAY });
  const at = (rule: Finding["rule"]) => findings.filter((f) => f.rule === rule && f.file !== "ui.yaml").map((f) => `${f.file}:${f.line}`);
  return { dir, findings, at };
}

describe("check-content lint (issue 14)", () => {
  it("stale: the pack review date and an item's asOf older than freshness.maxAgeDays", async () => {
    const { at, findings } = await lint("lint-stale");
    expect(at("stale")).toEqual(["pack.yaml:6", "faq/zz-lint.yaml:11"]);
    expect(findings.find((f) => f.file === "pack.yaml")?.message).toMatch(/reviewed 2026-01-15, 322 days ago \(limit 60 days/);
  });

  it("source-unused: a source nothing cites; an undefined source is a load error", async () => {
    const { at } = await lint("lint-sources");
    expect(at("source-unused")).toEqual(["sources.yaml:5"]);
    const dir = await miniCopy({ "faq/main.yaml": (s) => s.replace("    task: cards\n    sources: [S1]", "    task: cards\n    sources: [S9]") });
    const { diagnostics } = await parsePackDir(dir, { displayRoot: dir });
    expect(diagnostics.map((d) => `${d.file}:${d.line}: ${d.message}`)).toEqual(["faq/main.yaml:12: unknown source id 'S9'"]);
  });

  it("phone-mismatch: a service named next to a number pack.yaml does not give it (only that line)", async () => {
    const { at, findings } = await lint("lint-phone");
    expect(at("phone-mismatch")).toEqual(["faq/zz-lint.yaml:13"]);
    expect(findings.find((f) => f.rule === "phone-mismatch")?.message).toContain("1234-9999");
  });

  it("never-asks: third-party claims on their own lines; the bot's own promise passes; lint-ignore needs a reason", async () => {
    const { at, findings } = await lint("lint-never-asks");
    // who-asks: en line 13, ko line 19 (inside block texts); "I will never ask" / "저는 … 묻지 않아요" pass;
    // the police quotes (lines 32, 33) are silenced by their ignores (the line above, the same line);
    // the ignore without a reason (line 43) does not silence and is reported itself.
    expect(at("never-asks")).toEqual(["faq/zz-lint.yaml:13", "faq/zz-lint.yaml:19", "faq/zz-lint.yaml:43"]);
    expect(at("lint-ignore")).toEqual(["faq/zz-lint.yaml:43"]);
    expect(findings.find((f) => f.rule === "lint-ignore")?.message).toMatch(/needs a reason/);
    // The default mini pack's PII warning lists third parties too.
    expect(findings.some((f) => f.rule === "never-asks" && f.file === "ui.yaml")).toBe(true);
  });

  it("unmarked-claim: a company claim stated as fact; attributed or `claim:` items pass", async () => {
    const { at } = await lint("lint-unmarked-claim");
    // Line 11 says "Example Corp says …" and `card-claim` is marked `claim: company`; lines 13 and 17 state the claim as fact.
    expect(at("unmarked-claim").filter((f) => f.startsWith("faq/zz-lint"))).toEqual(["faq/zz-lint.yaml:13", "faq/zz-lint.yaml:17"]);
    // The mini pack's "The company says …" names no declared party, so it is reported too.
    expect(at("unmarked-claim")).toContain("incident.yaml:16");
  });

  it("dated-phrase: 'as of' / '기준' needs a source or asOf of that month", async () => {
    const { at, findings } = await lint("lint-dated-phrase");
    expect(at("dated-phrase")).toEqual(["faq/zz-lint.yaml:13", "faq/zz-lint.yaml:17"]);
    expect(findings.find((f) => f.rule === "dated-phrase")?.message).toMatch(/"As of November 2026".*2026-06-25/);
  });

  it("the CLI prints warnings with file:line and fails only with --strict", async () => {
    const dir = await overlayPack("lint-stale");
    const lax = captureIo({});
    expect(await checkContentCli([dir, "--today", "2026-12-03"], dir, lax.stdout, lax.stderr)).toBe(0);
    expect(lax.err()).toMatch(/pack\.yaml:6: warning \[stale\] pack reviewed 2026-01-15/);
    const strict = captureIo({});
    expect(await checkContentCli([dir, "--strict", "--today", "2026-12-03"], dir, strict.stdout, strict.stderr)).toBe(1);
    expect(strict.err()).toMatch(/pack\.yaml:6: error \[stale\]/);
  });
});
