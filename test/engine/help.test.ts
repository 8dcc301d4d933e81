import { describe, expect, it } from "vitest";
import { COMMANDS, loadPack } from "../../src/index.js";
import { harness, texts } from "../helpers/engine.js";

describe("/help", () => {
  it("fills {commands} with every command the engine offers, described by the pack's commands:", async () => {
    const pack = await loadPack("content/skt-2025");
    expect(pack.ui.help.en).toContain("{commands}");
    const h = harness(pack);
    const out = texts(await h.command("help"));
    expect(out).not.toContain("{commands}");
    for (const c of COMMANDS.filter((x) => x !== "start")) expect(out).toContain(`- /${c}: ${pack.commands[c][pack.meta.defaultLocale]}`);
  });
});
