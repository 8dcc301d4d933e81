import { execFile } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config.js";
import { telegramConfigSchema } from "../../adapters/telegram/config.js";
import { miniCopy } from "../helpers/packs.js";

const run = promisify(execFile);
async function cli(args: string[], opts: { input?: string; env?: Record<string, string> } = {}) {
  const p = run("node", ["bin/afterleak.mjs", ...args], { env: { ...process.env, LOG_LEVEL: "silent", ...opts.env }, timeout: 60_000 });
  if (opts.input !== undefined) {
    p.child.stdin?.end(opts.input);
  }
  try {
    const r = await p;
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe("afterleak CLI", () => {
  it("check-content passes on the default pack and lists every problem of a broken one", async () => {
    expect((await cli(["check-content"])).code).toBe(0);
    const dir = await miniCopy({
      "faq/main.yaml": (s) => s.replace("followUps: [password-change]", "followUps: [ghost]").replace("https://www.example.org/help", "https://phish.example.net/help"),
    });
    const r = await cli(["check-content", dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/faq\/main\.yaml:\d+: FAQ 'card-leaked': unknown follow-up id 'ghost'/);
    expect(r.stderr).toMatch(/faq\/main\.yaml:\d+: FAQ 'password-change': link https:\/\/phish\.example\.net\/help is not on the allowlist/);
  });

  it("classify writes one JSON line per input line", async () => {
    const r = await cli(["classify"], { input: '{"text":"카드번호도 유출됐나요?"}\n{"text":"weather in Seoul?","locale":"en"}\nnot json\n' });
    const lines = r.stdout.trim().split("\n").map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ topic: "payment-data-exposed" });
    expect(Array.isArray(lines[0].alternatives)).toBe(true);
    expect(lines[1]).toMatchObject({ topic: null });
    expect(lines[2]).toHaveProperty("error");
    expect(r.code).toBe(1);
  });

  it("eval --json reports accuracy, rejection, per-topic errors and confusions", async () => {
    const r = await cli(["eval", "test/fixtures/eval/holdout.jsonl", "--json"]);
    const j = JSON.parse(r.stdout);
    expect(j.inScope.accuracy).toBeGreaterThanOrEqual(0.9);
    expect(j.outOfScope.rate).toBeGreaterThanOrEqual(0.85);
    expect(j).toHaveProperty("perTopic");
    expect(Array.isArray(j.confusions)).toBe(true);
  });

  it("chat works with piped stdin and a broken config names the variable", async () => {
    const data = await mkdtemp(join(tmpdir(), "afterleak-cli-"));
    const ok = await cli(["chat"], { input: "/help\n", env: { DATA_DIR: data } });
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain("/forget");
    const bad = await cli(["chat"], { input: "", env: { DATA_DIR: data, WEB_PORT: "eighty" } });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/WEB_PORT: expected a whole number/);
  });

  it("refuses to start with a broken content pack, listing the problems", async () => {
    const dir = await miniCopy({ "tasks.yaml": (s) => s.replace("next: cards", "next: nowhere") });
    const r = await cli(["chat"], { input: "", env: { CONTENT_DIR: dir, DATA_DIR: await mkdtemp(join(tmpdir(), "afterleak-cli-")) } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/tasks\.yaml:\d+: task 'secure': unknown next task 'nowhere'/);
  });
});

describe("configuration", () => {
  it("names each bad variable and what is allowed", () => {
    const { problems } = parseConfig({ RETENTION_DAYS: "0", TELEGRAM_BOT_TOKEN: "nope", LOG_LEVEL: "loud" }, [telegramConfigSchema]);
    expect(problems.map((p) => p.variable).sort()).toEqual(["LOG_LEVEL", "RETENTION_DAYS", "TELEGRAM_BOT_TOKEN"]);
    expect(parseConfig({}).config?.RETENTION_DAYS).toBe(30);
  });
});
