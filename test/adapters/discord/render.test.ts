import { ApplicationCommandType, type RESTPostAPIChatInputApplicationCommandsJSONBody } from "discord.js";
import { describe, expect, it } from "vitest";
import { commandDefinitions, toDiscordCommands } from "../../../adapters/discord/commands/index.js";
import { escapeDiscord, formatText, splitContent } from "../../../adapters/discord/format.js";
import { CUSTOM_IDS, LIMITS } from "../../../adapters/discord/limits.js";
import { renderBrief, renderPanel, renderReplies, replacesMenu } from "../../../adapters/discord/render.js";
import type { Choice, Reply } from "../../../src/index.js";
import { customIds, linkUrls } from "./calls.js";
import { loadTestPack } from "./bot.js";

const choices = (n: number): Choice[] => Array.from({ length: n }, (_, i) => ({ id: `f:topic-${i}`, label: `Topic ${i}` }));
const para = (i: number) => `Paragraph ${i}: ${"lorem ipsum dolor sit amet ".repeat(12).trim()}.`;

describe("escaping", () => {
  it("shows user-like markup literally: no bold, no mention pills, no mass pings", () => {
    const out = escapeDiscord("@everyone **x** <@&123> @here <@42> <#7> _i_ `c` ||s|| # h [a](https://x)");
    expect(out).toBe("@\u200beveryone \\*\\*x\\*\\* \\<@&123> @\u200bhere \\<@42> \\<#7> \\_i\\_ \\`c\\` \\|\\|s\\|\\| # h \\[a](https://x)");
    expect(escapeDiscord("# heading")).toBe("\\# heading");
  });

  it("applies only the content's own bold marks and escapes everything inside them", () => {
    expect(formatText("**Careful** with <@&1> and *stars*")).toBe("**Careful** with \\<@&1> and \\*stars\\*");
    expect(formatText("**@everyone**")).toBe("**@\u200beveryone**");
    expect(formatText("- a bullet\n1. a step")).toBe("- a bullet\n1. a step");
  });

  it("renders an engine text holding user text as the safe marks say, never as pings", () => {
    const [m] = renderReplies([{ kind: "text", text: "You wrote: @everyone \u2217\u2217x\u2217\u2217 <@&123>" }], "en");
    expect(m?.content).toBe("You wrote: @\u200beveryone \u2217\u2217x\u2217\u2217 \\<@&123>");
    expect(m?.allowed_mentions).toEqual({ parse: [] });
  });
});

describe("splitting", () => {
  it("splits long answers under 2,000 characters at paragraph breaks", () => {
    const text = Array.from({ length: 20 }, (_, i) => para(i)).join("\n\n");
    expect(text.length).toBeGreaterThan(4000);
    const msgs = renderReplies([{ kind: "text", text }, { kind: "choices", choices: choices(3) }], "en");
    expect(msgs.length).toBeGreaterThanOrEqual(3);
    for (const m of msgs) expect(m.content.length).toBeLessThanOrEqual(LIMITS.content);
    for (const m of msgs) expect(m.content.startsWith("Paragraph")).toBe(true);
    expect(msgs.slice(0, -1).every((m) => m.components.length === 0)).toBe(true);
    expect(customIds(msgs.at(-1))).toHaveLength(3);
    expect(msgs.map((m) => m.content).join("\n\n")).toBe(text);
  });

  it("hard-splits a single huge line without cutting an escape in half", () => {
    const text = `${"a".repeat(1999)}\\*b`;
    const pieces = splitContent(text);
    expect(pieces.every((p) => p.length <= 2000)).toBe(true);
    expect(pieces[0]?.endsWith("\\")).toBe(false);
    expect(pieces.join("")).toBe(text);
  });
});

describe("components", () => {
  it("puts at most 5 buttons in a row and up to 10 choices as buttons", () => {
    const [m] = renderReplies([{ kind: "choices", choices: choices(10) }], "en");
    expect(m?.components).toHaveLength(2);
    for (const row of m?.components ?? []) expect(row.components.length).toBeLessThanOrEqual(LIMITS.buttonsPerRow);
    expect(customIds(m)).toEqual(choices(10).map((c) => c.id));
  });

  it("uses a select menu past ten choices, 25 options per menu, never more than 5 rows", () => {
    const [m] = renderReplies([{ kind: "choices", choices: choices(30) }], "en");
    expect(m?.components).toHaveLength(2);
    expect(m?.components[0]?.components[0]).toMatchObject({ type: 3, custom_id: CUSTOM_IDS.select(0) });
    expect(customIds(m)).toHaveLength(30);
    const [big] = renderReplies([{ kind: "choices", choices: choices(200) }], "en");
    expect(big?.components.length).toBeLessThanOrEqual(LIMITS.rows);
  });

  it("keeps custom ids within 100 characters and unique in a message", () => {
    const long = { id: `f:${"x".repeat(120)}`, label: "too long" };
    const [m] = renderReplies([{ kind: "choices", choices: [...choices(2), choices(1)[0] as Choice, long] }], "en");
    const ids = customIds(m);
    expect(ids).toEqual(["f:topic-0", "f:topic-1"]);
    for (const id of ids) expect(id.length).toBeLessThanOrEqual(LIMITS.customId);
    const [p] = renderReplies([{ kind: "private", text: "Continue in private", payload: "task-secure-account", label: "Start", choiceId: "t:secure-account" }], "en");
    expect(customIds(p)).toEqual(["~p:task-secure-account"]);
  });

  it("truncates labels to Discord's 80 characters", () => {
    const [m] = renderReplies([{ kind: "choices", choices: [{ id: "f:a", label: "L".repeat(120) }] }], "en");
    const label = (m?.components[0]?.components[0] as { label: string }).label;
    expect([...label].length).toBe(LIMITS.buttonLabel);
    expect(label.endsWith("…")).toBe(true);
  });

  it("shows links as link buttons, and as text when no row is left", () => {
    const links = Array.from({ length: 30 }, (_, i) => ({ label: `Site ${i}`, url: `https://example.org/${i}` }));
    const [m] = renderReplies([{ kind: "text", text: "See:" }, { kind: "choices", choices: choices(10) }, { kind: "links", links }], "en");
    expect(m?.components).toHaveLength(5);
    expect(linkUrls(m)).toHaveLength(15);
    expect(m?.content).toContain("Site 29: <https://example.org/29>");
  });

  it("says which batches replace the pressed menu", () => {
    const a: Reply[] = [{ kind: "choices", choices: choices(2), replaceMenu: true }];
    expect(replacesMenu(a)).toBe(true);
    expect(replacesMenu([{ kind: "choices", choices: choices(2) }])).toBe(false);
  });
});

describe("mentions, panel and commands", () => {
  it("answers a mention with the first paragraph (after a heading or lead-in) and a Continue privately button", () => {
    const real = "A first real paragraph that is long enough to stand on its own in a public channel.";
    const brief = renderBrief([{ kind: "text", text: `**Heading**\n\n${real}\n\nSecond paragraph.` }, { kind: "choices", choices: choices(3) }], "en");
    expect(brief.content).toBe(`**Heading**\n\n${real}`);
    expect(customIds(brief)).toEqual([CUSTOM_IDS.more]);
    expect(brief.allowed_mentions).toEqual({ parse: [] });

    const list = Array.from({ length: 20 }, (_, i) => `- item ${i}: ${"x".repeat(40)}`).join("\n");
    const cut = renderBrief([{ kind: "text", text: `Here is the list:\n\n${list}\n\nMore.` }], "en");
    expect(cut.content.startsWith("Here is the list:\n\n- item 0")).toBe(true);
    expect(cut.content.length).toBeLessThanOrEqual(600);
    expect(cut.content).not.toContain("More.");
  });

  it("builds the panel from engine choice ids in the pack's language", async () => {
    const pack = await loadTestPack();
    const panel = renderPanel(pack, "ko");
    expect(customIds(panel)).toEqual(["m:leaked", "m:faq", "m:tasks", "m:human"]);
    expect(panel.content).toMatch(/[가-힣]/);
  });

  it("names Discord's own commands in help texts", () => {
    expect(toDiscordCommands("- /leaked: what leaked\n- /tasks: lists\nType /tasks to continue. https://x.org/faq")).toBe(
      "- /leak what-leaked: what leaked\n- /leak tasks: lists\nType /leak tasks to continue. https://x.org/faq",
    );
  });

  it("registers commands within Discord's rules, in English and Korean, described by the pack", async () => {
    const pack = await loadTestPack();
    const all = commandDefinitions(pack);
    const leakDef = all.find((d) => d.name === "leak") as RESTPostAPIChatInputApplicationCommandsJSONBody;
    // Descriptions come from the pack's ui.yaml `commands:`, in each of its locales.
    const faq = leakDef.options?.find((o) => o.name === "faq");
    expect(faq?.description).toBe(pack.commands.faq.en);
    expect(faq?.description_localizations).toMatchObject({ ko: pack.commands.faq.ko, "en-US": pack.commands.faq.en });
    const lang = leakDef.options?.find((o) => o.name === "language") as { options?: { choices?: { name: string; value: string }[] }[] };
    expect(lang.options?.[0]?.choices).toEqual(pack.meta.locales.map((l) => ({ name: pack.ui.languageName[l], value: l })));
    // The message context-menu command has a name only (no description, no options).
    const menu = all.find((d) => d.type === ApplicationCommandType.Message);
    expect(menu).toMatchObject({ name: "Check this message", name_localizations: { ko: "사기 문자 확인" } });
    const defs = all.flatMap((d) => (d.type === ApplicationCommandType.Message ? [] : [d as RESTPostAPIChatInputApplicationCommandsJSONBody]));
    const admin = defs.find((d) => d.name === "leak-admin");
    expect(admin?.default_member_permissions).toBe("32");
    for (const d of defs) {
      expect(d.name_localizations?.ko).toBeTruthy();
      for (const o of d.options ?? []) {
        expect(o.name).toMatch(/^[-_\p{L}\p{N}]{1,32}$/u);
        expect(o.name_localizations?.ko).toMatch(/^[-_\p{L}\p{N}]{1,32}$/u);
        expect(o.description.length).toBeLessThanOrEqual(100);
        expect(o.description_localizations?.ko?.length ?? 0).toBeLessThanOrEqual(100);
      }
      expect(d.description.length).toBeLessThanOrEqual(100);
    }
    const leak = defs.find((d) => d.name === "leak");
    expect(leak?.options?.map((o) => o.name)).toEqual(["what-leaked", "ask", "check", "faq", "tasks", "human", "language", "forget", "reminders", "updates", "help"]);
  });
});

describe('renderReplies: "Is it one of these?"', () => {
  it("renders the prompt with a button per topic and 'None of these → a person'", async () => {
    const { unsureReplies } = await import("../../helpers/unsure.js");
    const msgs = renderReplies(await unsureReplies(), "en");
    expect(JSON.stringify(msgs)).toContain("Is it one of these?");
    const idsShown = msgs.flatMap((m) => customIds(m));
    expect(idsShown[0]).toBe("p:payment-data-exposed");
    expect(idsShown).toHaveLength(4);
    expect(idsShown.at(-1)).toBe("p:-");
    expect(JSON.stringify(msgs)).toContain("None of these → a person");
  });
});
