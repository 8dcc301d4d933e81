import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

describe("afterleak help", () => {
  it("lists the adapters' commands with the others, before the configuration note", () => {
    const r = spawnSync(process.execPath, ["bin/afterleak.mjs", "help"], { encoding: "utf8", timeout: 60_000, env: { ...process.env, LOG_LEVEL: "silent" } });
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.split("\n");
    const at = (re: RegExp) => lines.findIndex((l) => re.test(l));
    expect(at(/^ {2}discord-register /)).toBeGreaterThan(at(/^ {2}help /));
    expect(at(/^Configuration comes from/)).toBeGreaterThan(at(/^ {2}discord-register /));
    expect(r.stdout.trimEnd().endsWith("(see .env.example).")).toBe(true);
  });
});
