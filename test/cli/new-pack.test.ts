import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { checkContentCommand } from "../../src/cli/check-content.js";
import { newPackCli } from "../../src/cli/new-pack.js";
import { lintPack } from "../../src/content/lint.js";
import { parsePackDir } from "../../src/content/loader.js";

const sink = () => {
  const s = new PassThrough();
  let text = "";
  s.on("data", (d: Buffer) => (text += d.toString()));
  return { stream: s, text: () => text };
};

async function scaffold(...args: string[]): Promise<string> {
  const dir = join(await mkdtemp(join(tmpdir(), "afterleak-new-pack-")), "acme-2026");
  const out = sink();
  const err = sink();
  expect(await newPackCli([dir, ...args], out.stream, err.stream, new Date("2026-12-03T10:00:00Z")), err.text()).toBe(0);
  return dir;
}

async function* yamlFiles(dir: string): AsyncGenerator<string> {
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* yamlFiles(p);
    else yield p;
  }
}

const TODAY = new Date("2026-12-03T00:00:00Z");

describe("afterleak new-pack", () => {
  it("writes a pack that loads, whose only findings are its TODO placeholders, each as file:line", async () => {
    const dir = await scaffold("--id", "acme-2026", "--locales", "ko,en");
    const { pack, diagnostics, input } = await parsePackDir(dir);
    expect(diagnostics).toEqual([]);
    expect(pack?.meta).toMatchObject({ id: "acme-2026", locales: ["ko", "en"], defaultLocale: "ko", reviewed: "2026-12-03" });
    const findings = lintPack(input!, { today: TODAY });
    expect(findings.length).toBeGreaterThan(20);
    expect(new Set(findings.map((f) => f.rule))).toEqual(new Set(["todo"]));
    // Each finding points at a line that really holds the placeholder.
    for (const f of findings) expect((await readFile(f.file, "utf8")).split("\n")[f.line - 1]).toContain("TODO");

    const out = sink();
    const err = sink();
    expect(await checkContentCommand(dir, out.stream, err.stream, { today: TODAY })).toBe(0);
    expect(err.text()).toMatch(/incident\.yaml:\d+: warning \[todo\] placeholder to replace/);
    expect(await checkContentCommand(dir, sink().stream, sink().stream, { today: TODAY, strict: true })).toBe(1);
  });

  it("passes check-content --strict once every TODO is filled in", async () => {
    const dir = await scaffold();
    // The author's work, reduced to its mechanics: write real text where each placeholder stands.
    for await (const file of yamlFiles(dir)) await writeFile(file, (await readFile(file, "utf8")).replace(/TODO(?: \(\w+\))?:? ?/g, ""));
    const out = sink();
    const err = sink();
    expect(await checkContentCommand(dir, out.stream, err.stream, { today: TODAY, strict: true }), err.text()).toBe(0);
    expect(out.text()).toMatch(/ok \(2 FAQ entries/);
  });

  it("writes other locales as TODO translations of the English text", async () => {
    const dir = await scaffold("--locales", "ja,en", "--default", "en");
    const { pack, diagnostics } = await parsePackDir(dir);
    expect(diagnostics).toEqual([]);
    expect(pack?.meta.locales).toEqual(["ja", "en"]);
    expect(pack?.ui.menuPrompt).toEqual({ en: "What would you like to do?", ja: "TODO (ja): What would you like to do?" });
    expect(pack?.ui.menuPrompt).not.toHaveProperty("ko");
  });

  it("refuses a folder that is not empty and a default locale outside --locales", async () => {
    const dir = await scaffold();
    const err = sink();
    expect(await newPackCli([dir], sink().stream, err.stream)).toBe(1);
    expect(err.text()).toMatch(/exists and is not empty/);
    const err2 = sink();
    expect(await newPackCli([`${dir}-2`, "--locales", "ko,en", "--default", "fr"], sink().stream, err2.stream)).toBe(2);
    expect(err2.text()).toMatch(/--default 'fr' is not one of ko,en/);
  });
});
