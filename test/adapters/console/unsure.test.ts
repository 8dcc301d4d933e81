import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { runConsoleSession } from "../../../adapters/console/session.js";
import type { AnalyticsEvent } from "../../../src/index.js";
import { alice } from "../../helpers/engine.js";
import { UNSURE_QUESTION, unsureEngine } from "../../helpers/unsure.js";

async function session(lines: string[]) {
  const { engine, store } = await unsureEngine();
  const input = new PassThrough();
  const output = new PassThrough();
  let out = "";
  output.on("data", (d: Buffer) => (out += d.toString()));
  const s = runConsoleSession({ engine, input, output, user: alice, localeHint: "en_US.UTF-8" });
  input.end(lines.map((l) => `${l}\n`).join(""));
  await s.done;
  const events: AnalyticsEvent[] = [];
  for await (const e of store.events()) events.push(e);
  return { out, events };
}

describe('terminal: "Is it one of these?"', () => {
  it("offers the top three topics and a person; picking one answers it and logs a labelled example", async () => {
    const { out, events } = await session([UNSURE_QUESTION, "1"]);
    const asked = out.slice(out.indexOf("Is it one of these?"));
    expect(asked).toMatch(/ {2}1\) Was my card leaked\?\n {2}2\) .+\n {2}3\) .+\n {2}4\) None of these → a person/);
    expect(asked).toContain("4) None of these → a person");
    expect(out).toMatch(/not exposed|Not exposed|were not|was not/i);
    const ask = events.find((e) => e.type === "unsure_asked");
    expect(ask?.text).toBe(UNSURE_QUESTION);
    expect(ask?.value?.split(",")[0]).toBe("payment-data-exposed");
    const picked = events.find((e) => e.type === "unsure_picked");
    expect(picked).toMatchObject({ topic: "payment-data-exposed", key: ask?.key });
    expect(ask?.key).not.toContain("alice");
  });

  it("'None of these' asks for a person", async () => {
    const { out, events } = await session([UNSURE_QUESTION, "4"]);
    expect(events.find((e) => e.type === "unsure_picked")?.value).toBe("none");
    expect(events.some((e) => e.type === "handoff_requested")).toBe(true);
    expect(out).toMatch(/1577-7011|person/);
  });

  it("a typed number picks the matching option", async () => {
    const { events } = await session([UNSURE_QUESTION, "2"]);
    const ask = events.find((e) => e.type === "unsure_asked");
    expect(events.find((e) => e.type === "unsure_picked")?.topic).toBe(ask?.value?.split(",")[1]);
  });
});
