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
});
