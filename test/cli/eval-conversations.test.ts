import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/main.js";
import type { ConversationReport } from "../../src/cli/eval-conversations.js";
import { captureIo } from "../helpers/cli-io.js";
import { useTempDirs } from "../helpers/temp-dirs.js";

const tempDir = useTempDirs("afterleak-evalconv-");

async function evalConversations(args: string[]) {
  const io = captureIo({ LOG_LEVEL: "silent" });
  const code = await runCli(["eval-conversations", ...args], { channels: [] }, io);
  return { code, out: io.out(), err: io.err() };
}

describe("afterleak eval-conversations", () => {
  it("scores the development set by the outcome of each conversation's last turn", async () => {
    const r = await evalConversations(["test/fixtures/eval/conversations-dev.jsonl", "--json"]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out) as ConversationReport;
    expect(report.total).toBeGreaterThanOrEqual(80);
    expect(Object.keys(report.byKind).sort()).toEqual(["fallback", "move", "pending", "topic"]);
    expect(report.accuracy).toBeGreaterThanOrEqual(0.95);
    expect(report.wrongLocale).toBe(0);
  }, 60_000);

  it("holds the figure measured on the blind set (written without seeing the pack): at least 92.5%", async () => {
    // Measured 2026-12-03: 217/233 = 93.1%; after this session's matcher changes (better on both
    // single-message blind sets) 216/233 = 92.7% (topics 104/113): one follow-up lost. Floor at the
    // measured figure, not a target (issue 21 asks 95%).
    const r = await evalConversations(["test/fixtures/eval/conversations.jsonl", "--json"]);
    const report = JSON.parse(r.out) as ConversationReport;
    expect(report.total).toBeGreaterThanOrEqual(150);
    expect(report.accuracy).toBeGreaterThanOrEqual(0.925);
  }, 60_000);

  it("prints the figures and the failures, and reports malformed lines as file:line", async () => {
    const dir = await tempDir();
    const file = join(dir, "c.jsonl");
    await writeFile(
      file,
      [
        JSON.stringify({ id: "a", locale: "en", turns: ["hi"], expect: { move: "greeting" } }),
        JSON.stringify({ id: "b", locale: "en", turns: ["hi"], expect: { move: "goodbye" } }),
        "{not json",
        JSON.stringify({ id: "c", turns: [], expect: { topic: null } }),
      ].join("\n"),
    );
    const r = await evalConversations([file]);
    expect(r.code).toBe(1);
    expect(r.out).toContain("last turn correct: 50.0% (1/2)");
    expect(r.out).toContain('b: {"move":"goodbye"} -> {"kind":"move","move":"greeting"}');
    expect(r.err).toContain(`${file}:3:`);
    expect(r.err).toContain(`${file}:4: turns:`);
  }, 60_000);
});
