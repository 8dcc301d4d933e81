import { describe, expect, it } from "vitest";
import { benchScam, formatScamRow } from "../../bench/scam.js";
import { realPack } from "../helpers/packs.js";

describe("bench row: scam check", () => {
  it("measures 2,000-character messages with several links; the checker's own CPU time stays in milliseconds", async () => {
    const b = benchScam(await realPack(), { messages: 100 });
    expect(b?.messageChars).toBe(2000);
    expect(b?.linksPerMessage).toBeGreaterThanOrEqual(3);
    // CPU time, not wall time: the machine running the tests may be shared.
    expect(b?.cpuP50).toBeLessThan(5);
    expect(formatScamRow(b)).toMatch(/^scam check: 2000-char message, [\d.]+ distinct link domains: p50 [\d.]+ ms, p99 [\d.]+ ms wall; CPU p50/);
  });
});
