import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseSince } from "../../src/cli/since.js";
import { statsCommand } from "../../src/cli/stats.js";
import { unansweredCommand } from "../../src/cli/unanswered.js";
import { createLowdbStore } from "../../src/index.js";
import { playScript } from "../analytics/script.js";
import { captureIo } from "../helpers/cli-io.js";
import { MINI, miniPack } from "../helpers/packs.js";

let data: string;
const NOW = () => new Date("2026-11-28T09:00:00.000Z");

const io = () => captureIo({ DATA_DIR: data, STORE_URL: `lowdb:${join(data, "store")}`, CONTENT_DIR: MINI, LOG_LEVEL: "silent" });

beforeAll(async () => {
  data = await mkdtemp(join(tmpdir(), "afterleak-support-"));
  const store = await createLowdbStore({ dir: join(data, "store") });
  await playScript(await miniPack(), store);
  await store.close();
});
afterAll(() => rm(data, { recursive: true, force: true }));

describe("afterleak stats", () => {
  it("--json prints the summary read from the configured store", async () => {
    const c = io();
    expect(await statsCommand(["--json"], c, NOW)).toBe(0);
    const j = JSON.parse(c.out());
    expect(j.since).toBe("2026-11-21T09:00:00.000Z");
    expect(j.total).toMatchObject({ conversations: 6, deflectionRate: 0.5, fallbackRate: 0.333, helpfulness: 0.667 });
    expect(j.byChannel.discord.conversations).toBe(2);
    expect(j.funnel).toEqual([{ task: "secure", started: 2, completed: 1, rate: 0.5 }]);
  });

  it("prints a readable report, and nothing for a window without events", async () => {
    const c = io();
    expect(await statsCommand(["--since", "all"], c, NOW)).toBe(0);
    expect(c.out()).toContain("30 events");
    expect(c.out()).toMatch(/all\s+6\s+3\/6 \(50\.0%\)\s+3\/9 \(33\.3%\)\s+2\/3 \(66\.7%\)\s+2\/1\/1/);
    expect(c.out()).toMatch(/channel telegram\s+4\s+3\/4 \(75\.0%\)/);
    expect(c.out()).toMatch(/2 {2}\[en\] how can I return my item\?/);
    expect(c.out()).toMatch(/secure\s+2\s+->\s+1\s+\(50\.0%\)/);
    const empty = io();
    expect(await statsCommand(["--since", "2026-12-01"], empty, NOW)).toBe(0);
    expect(empty.out()).toContain(": 0 events");
  });

  it("rejects a bad --since or --top with exit code 2", async () => {
    const c = io();
    expect(await statsCommand(["--since", "last week"], c, NOW)).toBe(2);
    expect(c.err()).toContain("--since: expected a span such as 7d");
    expect(await statsCommand(["--top", "0"], io(), NOW)).toBe(2);
    expect(await statsCommand(["--nope"], io(), NOW)).toBe(2);
  });
});

describe("afterleak unanswered", () => {
  it("writes grouped, redacted JSON Lines with exactly text, locale, count, lastSeen", async () => {
    const c = io();
    expect(await unansweredCommand(["--format", "jsonl"], c, NOW)).toBe(0);
    const lines = c.out().trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toEqual([
      { text: "how can I return my item?", locale: "en", count: 2, lastSeen: "2026-11-27T09:34:10.000Z" },
      { text: "반품 어떻게 해요", locale: "ko", count: 1, lastSeen: "2026-11-27T09:33:30.000Z" },
    ]);
    for (const l of lines) expect(Object.keys(l)).toEqual(["text", "locale", "count", "lastSeen"]);
  });

  it("honours --since and refuses other formats", async () => {
    const c = io();
    expect(await unansweredCommand(["--since", "2026-11-28"], c, NOW)).toBe(0);
    expect(c.out()).toBe("");
    const bad = io();
    expect(await unansweredCommand(["--format", "csv"], bad, NOW)).toBe(2);
    expect(bad.err()).toContain("only jsonl");
  });
});

describe("parseSince", () => {
  it.each([
    ["7d", "2026-11-21T09:00:00.000Z"],
    ["12h", "2026-11-27T21:00:00.000Z"],
    ["30m", "2026-11-28T08:30:00.000Z"],
    ["2w", "2026-11-14T09:00:00.000Z"],
    ["2026-11-20", "2026-11-20T00:00:00.000Z"],
  ])("%s", (v, iso) => {
    expect(parseSince(v, NOW()).since?.toISOString()).toBe(iso);
  });
  it("takes all and rejects garbage", () => {
    expect(parseSince("all", NOW())).toEqual({});
    expect(parseSince("7 days", NOW()).error).toBeDefined();
  });
});
