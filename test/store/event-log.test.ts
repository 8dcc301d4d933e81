import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createEventLog } from "../../src/store/event-log.js";

const ev = (key: string, at = "2026-11-27T09:00:00.000Z") => ({ at, key, channel: "web", locale: "ko", type: "fallback" as const });

describe("event log", () => {
  it("forgetting a key removes its lines but keeps lines it cannot read", async () => {
    const dir = await mkdtemp(join(tmpdir(), "afterleak-events-"));
    const file = join(dir, "2026-11-27.jsonl");
    await writeFile(file, [JSON.stringify(ev("alice")), "{not json at all", JSON.stringify(ev("bob")), '{"cut short by a crash, key alice'].join("\n") + "\n");
    const log = await createEventLog(dir);
    expect(await log.removeKey("alice")).toBe(true);
    const lines = (await readFile(file, "utf8")).trim().split("\n");
    expect(lines).toEqual(["{not json at all", JSON.stringify(ev("bob"))]);
    expect(await log.removeKey("nobody")).toBe(false);
    expect((await readFile(file, "utf8")).trim().split("\n")).toEqual(lines);
  });

  it("reads past a line cut short by a crash", async () => {
    const dir = await mkdtemp(join(tmpdir(), "afterleak-events-"));
    await writeFile(join(dir, "2026-11-27.jsonl"), `${JSON.stringify(ev("a"))}\n{"at":"2026-11-27T09:0`);
    const log = await createEventLog(dir);
    log.append([ev("b", "2026-11-27T10:00:00.000Z")]);
    const keys: string[] = [];
    for await (const e of log.read()) keys.push(e.key);
    expect(keys).toEqual(["a", "b"]);
  });

  it("reads a large day in chunks, giving the event loop back while it reads", async () => {
    const dir = await mkdtemp(join(tmpdir(), "afterleak-events-"));
    const n = 20_000;
    const lines = Array.from({ length: n }, (_, i) => JSON.stringify(ev(`k${i}`, `2026-11-27T09:00:${String(i % 60).padStart(2, "0")}.000Z`)));
    // A multi-byte character straddling chunk borders must not break a line.
    lines[7_000] = JSON.stringify({ ...ev("키-한글"), at: "2026-11-27T09:30:00.000Z" });
    await writeFile(join(dir, "2026-11-27.jsonl"), `${lines.join("\n")}\n`);
    const log = await createEventLog(dir);
    let immediateRan = false;
    let seenWhenImmediateRan = -1;
    const keys: string[] = [];
    for await (const e of log.read()) {
      if (keys.length === 0) setImmediate(() => ((immediateRan = true), (seenWhenImmediateRan = keys.length)));
      keys.push(e.key);
    }
    expect(keys).toHaveLength(n);
    expect(keys[7_000]).toBe("키-한글");
    // Parsed all at once, every event would be yielded before the loop turns once more.
    expect(immediateRan).toBe(true);
    expect(seenWhenImmediateRan).toBeGreaterThan(0);
    expect(seenWhenImmediateRan).toBeLessThan(n);
  });
});
