import { copyFile, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parsePackDir } from "../../src/content/loader.js";
import { miniCopy, REAL } from "../helpers/packs.js";

describe("scam.yaml diagnostics", () => {
  it("reports an unknown task, an unknown contact, a broken pattern and missing UI strings as file:line", async () => {
    const dir = await miniCopy();
    await copyFile(join(REAL, "scam.yaml"), join(dir, "scam.yaml"));
    const p = join(dir, "scam.yaml");
    const text = (await readFile(p, "utf8")).replace('      - "airdrop|usdt"', '      - "airdrop|(usdt"');
    await writeFile(p, text);
    const { pack, diagnostics } = await parsePackDir(dir, { displayRoot: dir });
    expect(pack).toBeUndefined();
    const lineOf = (needle: string) => text.split("\n").findIndex((l) => l.includes(needle)) + 1;
    const messages = diagnostics.map((d) => `${d.file}:${d.line}: ${d.message}`);
    expect(messages).toContain(`scam.yaml:${lineOf("afterTask:")}: unknown task id 'clicked-or-paid'`);
    expect(messages.some((m) => m.startsWith(`scam.yaml:${lineOf('"airdrop|(usdt"')}: not a valid regular expression`))).toBe(true);
    expect(messages.some((m) => /^scam\.yaml:\d+: unknown contact id 'kisa-118'/.test(m))).toBe(true);
    expect(messages.some((m) => m.includes("the checker needs UI string 'scamVerdictScam' in ui.yaml"))).toBe(true);
  });

  it("the default pack's scam.yaml loads and compiles", async () => {
    const { pack, diagnostics } = await parsePackDir(REAL);
    expect(diagnostics).toEqual([]);
    expect(pack?.scam?.brands.length).toBeGreaterThan(0);
  });
});
