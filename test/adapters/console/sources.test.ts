import { describe, expect, it } from "vitest";
import { toConsoleEvent } from "../../../adapters/console/inbound.js";
import { renderConsole } from "../../../adapters/console/render.js";
import { loadPack, type Choice } from "../../../src/index.js";
import { alice, harness } from "../../helpers/engine.js";
import { overlayPack } from "../../helpers/packs.js";

/**
 * Sources and dates a user can see (issue 14): `/leaked` one item at a time, each item's and each
 * answer's sources with the date last checked, and a company's claim shown as its claim, through
 * the terminal adapter. Each step picks an option by its label, as a user reads the screen.
 */
describe("sources and claims in the terminal", () => {
  it("walks /leaked item by item, shows sources with dates, renders claims as claims", async () => {
    const h = harness(await loadPack(await overlayPack("sources-display")));
    let choices: Choice[] = [];
    const say = async (line: string) => {
      const event = toConsoleEvent(line, alice, choices, "en");
      if (!event) throw new Error(`no event for ${line}`);
      const view = renderConsole((await h.engine.handle(event)).replies);
      choices = view.choices;
      return view.text;
    };
    const pick = (label: string) => {
      const i = choices.findIndex((c) => c.label === label);
      if (i < 0) throw new Error(`no option '${label}' in ${choices.map((c) => c.label).join(" | ")}`);
      return say(String(i + 1));
    };

    const leaked = await say("/leaked");
    expect(leaked).toContain("Names and emails leaked.");
    expect(leaked).toContain("2026-10-30");
    expect(choices.map((c) => c.label)).toEqual(expect.arrayContaining(["Names", "Email addresses", "What was not exposed", "Refund text?", "📚 Sources"]));

    const names = await pick("Names");
    expect(names).toContain("Names\nScammers can address you by name.\n→ Don't trust a caller");
    expect(names).not.toContain("Expect phishing email");
    expect(names).toContain("Next: Email addresses");

    const sources = await pick("📚 Sources");
    expect(sources).toContain("Sources · last checked 2026-10-30");
    expect(sources).toContain("- Example news: what leaked (2026-10-01)");
    // Linked only when the source's site is on the pack's allowlist (news.example.org is).
    expect(sources).toContain("🔗 Example news: what leaked: https://news.example.org/a");

    await pick("All items");
    await pick("Email addresses");
    const not = await pick("Next: What was not exposed");
    expect(not).toContain("- Card numbers: Example Corp says: card numbers were not exposed.");

    const notSources = await pick("📚 Sources");
    expect(notSources).toContain("last checked 2026-10-02");
    expect(notSources).toContain("- Other paper: the company's statement (2026-10-02)");
    // other-news.example.net is not on the allowlist: named, never linked.
    expect(notSources).not.toContain("other-news.example.net");

    const answer = await say("was my card leaked");
    expect(answer).toContain("card numbers were reported as not exposed");
    const faqSources = await pick("📚 Sources");
    // No asOf on the entry: the pack's review date.
    expect(faqSources).toContain("Sources · last checked 2026-11-01");
  });
});
