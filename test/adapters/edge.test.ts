import { randomUUID } from "node:crypto";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { runConsoleSession } from "../../adapters/console/session.js";
import { createSerializer } from "../../adapters/shared/edge.js";
import { splitText } from "../../adapters/shared/split.js";
import { ui, type Engine } from "../../src/index.js";
import { createLogTap } from "../fakes/telegram-harness.js";
import { alice, harness } from "../helpers/engine.js";
import { realPack } from "../helpers/packs.js";
import { socketClient, startTestChat } from "./web/harness.js";

/** An engine that fails every turn whose text says "boom" (a store outage, a bug). */
const failing = (engine: Engine): Engine => ({
  ...engine,
  handle: async (e) => (e.kind === "text" && e.text.includes("boom") ? Promise.reject(new Error("store unavailable")) : engine.handle(e)),
});

describe("the edge policy: a failing turn gets the pack's apology and a log line without text", () => {
  it("terminal: apologizes, logs the kind only, and the session goes on", async () => {
    const pack = await realPack();
    const h = harness(pack);
    const input = new PassThrough();
    const output = new PassThrough();
    let out = "";
    output.on("data", (d: Buffer) => (out += d.toString()));
    const tap = createLogTap();
    const session = runConsoleSession({ engine: failing(h.engine), input, output, user: alice, localeHint: "ko_KR.UTF-8", logger: tap.logger });
    input.end("boom my-private-words\n/help\n");
    await session.done;
    expect(out).toContain(ui(pack, "turnFailed", "ko"));
    expect(out.split(ui(pack, "turnFailed", "ko"))[1]?.trim().length).toBeGreaterThan(0);
    expect(tap.records).toEqual([expect.objectContaining({ msg: "console turn failed", kind: "text", apologized: true, err: expect.objectContaining({ message: "store unavailable" }) })]);
    expect(JSON.stringify(tap.records)).not.toContain("my-private-words");
  });

  it("web: the socket gets the apology in the user's language, and the next message is answered", async () => {
    const t = await startTestChat({ wrap: failing });
    try {
      const pack = t.engine.pack;
      const c = await socketClient(t.chat.url);
      const user = randomUUID();
      c.send({ type: "message", user, text: "boom", locale: "ko-KR" });
      await c.until((got) => got.some((m) => m.error === "internal"));
      expect(c.got.find((m) => m.error === "internal")?.text).toBe(ui(pack, "turnFailed", "ko"));
      c.send({ type: "message", user, text: "/help", locale: "ko-KR" });
      await c.until((got) => got.some((m) => m.quick_replies?.some((q) => q.payload === "m:faq")));
      c.close();
    } finally {
      await t.close();
    }
  });
});

describe("shared edge helpers", () => {
  it("the serializer runs one key's work in order, other keys alongside, and survives a failure", async () => {
    const serial = createSerializer();
    const seen: string[] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const a1 = serial.run("a", async () => {
      await gate;
      seen.push("a1");
    });
    const a2 = serial.run("a", async () => void seen.push("a2"));
    const b1 = serial.run("b", async () => void seen.push("b1"));
    await b1;
    expect(seen).toEqual(["b1"]);
    release();
    await Promise.all([a1, a2]);
    expect(seen).toEqual(["b1", "a1", "a2"]);
    await expect(serial.run("a", async () => Promise.reject(new Error("x")))).rejects.toThrow("x");
    expect(await serial.run("a", async () => "next")).toBe("next");
  });

  it("the splitter cuts at paragraphs, then lines, then spaces, then anywhere, within the limit", () => {
    expect(splitText("one two\n\nthree", 9)).toEqual(["one two", "three"]);
    expect(splitText("aaaa bbbb", 6)).toEqual(["aaaa", "bbbb"]);
    expect(splitText("abcdefgh", 3)).toEqual(["abc", "def", "gh"]);
    expect(splitText("😀😀😀", 3).join("")).toBe("😀😀😀");
    const escaped = String.raw`a\*b`;
    expect(splitText(escaped, 2, { canEndAt: (cut) => escaped[cut - 1] !== "\\" })).toEqual(["a", String.raw`\*`, "b"]);
  });
});
