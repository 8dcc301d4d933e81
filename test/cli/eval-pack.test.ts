import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/main.js";
import { captureIo } from "../helpers/cli-io.js";

describe("eval and eval-routing choose their packs", () => {
  it("eval --pack DIR scores that pack, whatever CONTENT_DIR says", async () => {
    const io = captureIo({ CONTENT_DIR: "content/coupang-2025", LOG_LEVEL: "silent" });
    expect(await runCli(["eval", "test/fixtures/eval/skt-probe-en.jsonl", "--pack", "content/skt-2025", "--json"], { channels: [] }, io)).toBe(0);
    const r = JSON.parse(io.out()) as { inScope: { accuracy: number } };
    expect(r.inScope.accuracy).toBeGreaterThan(0.85);
  });

  it("eval-routing reads every pack of a CONTENT_DIR list", async () => {
    const io = captureIo({ CONTENT_DIR: "content/coupang-2025,content/skt-2025", LOG_LEVEL: "silent" });
    expect(await runCli(["eval-routing", "test/fixtures/eval/cross-pack.jsonl", "--json"], { channels: [] }, io)).toBe(0);
    const r = JSON.parse(io.out()) as { total: number; routed: { rate: number } };
    expect(r.total).toBe(64);
    expect(r.routed.rate).toBeGreaterThan(0.8);
  });

  it("eval reports a line that expects a topic the pack does not have as file:line, and scores the rest", async () => {
    const file = join(await mkdtemp(join(tmpdir(), "afterleak-eval-")), "set.jsonl");
    const lines = [
      { text: "how do I change my password", locale: "en", expect: "change-password" },
      { text: "what's a good pasta recipe", locale: "en", expect: "out_of_scope" },
      { text: "what's a good pasta recipe", locale: "en", expect: null },
    ];
    await writeFile(file, lines.map((l) => JSON.stringify(l)).join("\n"));
    const io = captureIo({ CONTENT_DIR: "content/coupang-2025", LOG_LEVEL: "silent" });
    expect(await runCli(["eval", file, "--json"], { channels: [] }, io)).toBe(1);
    expect(io.err()).toContain(`${file}:2: unknown topic "out_of_scope"`);
    const r = JSON.parse(io.out()) as { total: number; inScope: { total: number }; outOfScope: { total: number } };
    expect([r.total, r.inScope.total, r.outOfScope.total]).toEqual([2, 1, 1]);
  });
});
