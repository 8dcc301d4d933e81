import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from "discord.js";
import { beforeAll, describe, expect, it } from "vitest";
import { renderRelay, renderTicketHeader } from "../../../adapters/discord/support-text.js";
import { commandDefinitions } from "../../../adapters/discord/commands/index.js";
import { staffTextsOf, type StaffTexts } from "../../../src/index.js";
import { miniPack, realPack } from "../../helpers/packs.js";
import { customIds } from "./calls.js";

let en: StaffTexts;
let ko: StaffTexts;
beforeAll(async () => {
  en = staffTextsOf(await miniPack());
  ko = staffTextsOf(await realPack());
});
const header = (transcript: string[], staff = en) =>
  renderTicketHeader({ ticket: "tabc2345", roleId: "42", userId: "7", userLocale: "ko", staff, reason: "fallbacks", transcript });

describe("the ticket header", () => {
  it("pings only the support role, shows user text literally, and offers Close", () => {
    const h = header(["@everyone **look** <@&99> <#1> [x](https://evil.example) ```"]);
    expect(h.allowed_mentions).toEqual({ parse: [], roles: ["42"] });
    expect(h.content.match(/(?<!\\)<@&\d+>/g)).toEqual(["<@&42>"]);
    expect(h.content).toContain("<@7>");
    expect(h.content).toContain("> @\u200beveryone \\*\\*look\\*\\* \\<@&99> \\<#1> \\[x](https://evil.example) \\`\\`\\`");
    expect(h.content).toMatch(/Language: 한국어 · Reason: the bot could not answer several questions in a row/);
    expect(customIds(h)).toEqual(["~close:tabc2345"]);
  });

  it("stays under 2,000 characters with a long transcript, and speaks the support team's language (the pack's)", () => {
    const h = header(["*".repeat(5000)], ko);
    expect(h.content.length).toBeLessThanOrEqual(2000);
    expect(h.content).toMatch(/상담 요청 #tabc2345/);
    expect(h.content).toContain("…");
  });

  it("quotes relayed text without pinging anyone", () => {
    const r = renderRelay("7", en, ["line one", "@here line two"]);
    expect(r.allowed_mentions).toEqual({ parse: [] });
    expect(r.content).toBe("<@7> wrote (redacted):\n> line one\n> @\u200bhere line two");
  });
});

describe("registration of the moderator commands", () => {
  it("adds stats (with since and scope) and close, in English and Korean", async () => {
    const admin = commandDefinitions(await realPack()).find((d) => d.name === "leak-admin") as RESTPostAPIChatInputApplicationCommandsJSONBody | undefined;
    const subs = admin?.options ?? [];
    expect(subs.map((o) => o.name)).toEqual(["panel", "language", "stats", "scam-watch", "updates-channel", "close"]);
    const stats = subs.find((o) => o.name === "stats") as { options?: { name: string; name_localizations?: { ko?: string }; description: string }[] };
    expect(stats.options?.map((o) => o.name)).toEqual(["since", "scope"]);
    for (const o of stats.options ?? []) {
      expect(o.name_localizations?.ko).toMatch(/^[-_\p{L}\p{N}]{1,32}$/u);
      expect(o.description.length).toBeLessThanOrEqual(100);
    }
  });

  it("describes the scam-watch options and choices from the pack's ui.yaml commandOptions, in each locale", async () => {
    const pack = await realPack();
    const admin = commandDefinitions(pack).find((d) => d.name === "leak-admin") as RESTPostAPIChatInputApplicationCommandsJSONBody | undefined;
    const watch = admin?.options?.find((o) => o.name === "scam-watch") as { options?: { name: string; description: string; description_localizations?: Record<string, string>; choices?: { name: string; name_localizations?: Record<string, string> }[] }[] };
    const texts = pack.commandOptions ?? {};
    const mode = watch.options?.find((o) => o.name === "mode");
    expect(mode?.description).toBe(texts["mode"]?.en);
    expect(mode?.description_localizations).toMatchObject({ ko: texts["mode"]?.ko });
    expect(mode?.choices?.map((c) => [c.name, c.name_localizations?.ko])).toEqual([[texts["mode.on"]?.en, texts["mode.on"]?.ko], [texts["mode.off"]?.en, texts["mode.off"]?.ko]]);
    const mods = watch.options?.find((o) => o.name === "mods");
    expect(mods?.description_localizations?.ko).toBe(texts["scam-watch.mods"]?.ko);
    // Every option of every subcommand has a real description (not its bare name).
    for (const o of watch.options ?? []) expect(o.description).not.toBe(o.name);
  });
});
