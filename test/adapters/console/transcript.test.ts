import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { runConsoleSession } from "../../../adapters/console/session.js";
import { renderConsole } from "../../../adapters/console/render.js";
import { toConsoleEvent } from "../../../adapters/console/inbound.js";
import { alice, harness } from "../../helpers/engine.js";
import { realPack } from "../../helpers/packs.js";

/** Feeds lines to a terminal session and returns everything it printed. */
async function transcript(lines: string[]): Promise<string> {
  const h = harness(await realPack());
  const input = new PassThrough();
  const output = new PassThrough();
  let out = "";
  output.on("data", (d: Buffer) => (out += d.toString()));
  const session = runConsoleSession({ engine: h.engine, input, output, user: alice, localeHint: "en_US.UTF-8" });
  input.end(lines.map((l) => `${l}\n`).join(""));
  await session.done;
  return out;
}

describe("terminal chat transcript", () => {
  it("greets, shows numbered choices, answers Korean free text, and walks a task", async () => {
    const out = await transcript(["3", "1", "1", "/tasks", "카드번호도 유출됐나요?"]);
    const turns = out.split("\n\n");
    expect(out).toContain("Hello. I'm **".replace("**", "")); // marks are rendered, not shown
    expect(out).toMatch(/ {2}1\) What leaked\?\n {2}2\) Common questions\n {2}3\) Protect my accounts/);
    expect(out).toContain("Step-by-step checklists");
    expect(out).toContain("Secure my Coupang account: step 1/");
    expect(out).toContain("Secure my Coupang account: step 2/");
    expect(out).toMatch(/Secure my Coupang account · 2\//);
    expect(out).toMatch(/결제정보|카드번호/);
    expect(out).not.toContain("**");
    expect(turns.length).toBeGreaterThan(5);
  });

  it("ends cleanly at end of input", async () => {
    const out = await transcript([]);
    expect(out).toContain("What would you like to do?");
  });
});

describe("terminal inbound and render", () => {
  it("maps commands, numbers and text", () => {
    const choices = [{ id: "m:faq", label: "FAQ" }];
    expect(toConsoleEvent("/language ko", alice, [])).toMatchObject({ kind: "command", command: "language", args: "ko" });
    expect(toConsoleEvent("/start tasks", alice, [])).toMatchObject({ kind: "start", payload: "tasks" });
    expect(toConsoleEvent("1", alice, choices)).toMatchObject({ kind: "choice", choiceId: "m:faq" });
    expect(toConsoleEvent("7", alice, choices)).toMatchObject({ kind: "text", text: "7" });
    expect(toConsoleEvent("/unknown", alice, [])).toMatchObject({ kind: "text" });
    expect(toConsoleEvent("   ", alice, [])).toBeUndefined();
  });

  it("strips terminal control sequences from text", () => {
    const v = renderConsole([{ kind: "text", text: "a\u001b[2Jb **c**\u202e" }]);
    expect(v.text).toBe("a[2Jb c");
  });
});
