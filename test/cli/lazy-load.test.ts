import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

/** The modules `afterleak <args>` loads, recorded by a resolution hook in the child process. */
function loadedBy(args: string[], o: { dataDir?: string; input?: string } = {}): string[] {
  const dir = mkdtempSync(join(tmpdir(), "afterleak-imports-"));
  const file = join(dir, "imports.txt");
  try {
    const r = spawnSync(process.execPath, ["--import", "./test/fixtures/record-imports.mjs", "bin/afterleak.mjs", ...args], {
      env: { ...process.env, RECORD_IMPORTS_FILE: file, LOG_LEVEL: "silent", DATA_DIR: o.dataDir ?? dir },
      encoding: "utf8",
      input: o.input ?? "",
      timeout: 60_000,
    });
    expect(r.status, r.stderr).toBe(0);
    return readFileSync(file, "utf8").split("\n").filter(Boolean);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const SDKS = /node_modules\/(grammy|@grammyjs|discord\.js|@discordjs|botkit|botbuilder[^/]*)\//;

describe("a command loads only what it uses", () => {
  it("help loads no platform SDK, no Botkit, and not the engine, matcher or store", () => {
    const loaded = loadedBy(["help"]);
    expect(loaded.some((u) => u.includes("/cli/main."))).toBe(true);
    expect(loaded.filter((u) => SDKS.test(u))).toEqual([]);
    expect(loaded.filter((u) => /\/src\/(engine|matcher|store|scam)\//.test(u))).toEqual([]);
    // Nor the channel descriptors' config schemas (zod: ~100 files, a third of help's time).
    expect(loaded.filter((u) => /node_modules\/zod\//.test(u))).toEqual([]);
  });

  it("a run from the cached pack loads no YAML parser (the first run parses the pack and caches it)", () => {
    const data = mkdtempSync(join(tmpdir(), "afterleak-data-"));
    try {
      const input = '{"text":"was my card number leaked?"}\n';
      const yaml = (list: string[]) => list.filter((u) => /node_modules\/yaml\//.test(u));
      expect(yaml(loadedBy(["classify"], { dataDir: data, input })).length).toBeGreaterThan(0);
      expect(yaml(loadedBy(["classify"], { dataDir: data, input }))).toEqual([]);
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
  });

  it("stats loads no platform SDK or Botkit", () => {
    const loaded = loadedBy(["stats", "--json"]);
    expect(loaded.some((u) => u.includes("/cli/stats."))).toBe(true);
    expect(loaded.filter((u) => SDKS.test(u))).toEqual([]);
  });
});
