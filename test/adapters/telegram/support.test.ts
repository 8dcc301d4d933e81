import { describe, expect, it } from "vitest";
import { MAX_MESSAGE_CHARS } from "../../../adapters/telegram/html.js";
import { parseStaffCommand, relayHtml, ticketHeaderHtml } from "../../../adapters/telegram/support-text.js";
import { parseTicketId, staffTextsOf } from "../../../src/index.js";
import { miniPack } from "../../helpers/packs.js";

describe("support group text", () => {
  it("the header names the user by first name only, escaped, in the staff's language, and says how to close", async () => {
    const staff = staffTextsOf(await miniPack());
    const head = (firstName: string, reason: "requested" | "fallbacks" | "message", fromGroup = false) =>
      ticketHeaderHtml({ ticket: "tab2cd3e", reason, userLocale: "ko", staff, context: { firstName, fromGroup } });
    const h = head("  <b>Min</b>  & **ji** ", "requested");
    expect(h.split("\n")[0]).toBe("🙋 <b>Support ticket #tab2cd3e</b>");
    expect(h.split("\n")[1]).toBe("User: <b>&lt;b&gt;Min&lt;/b&gt; &amp; ∗∗ji∗∗</b> · Language: 한국어 · Reason: asked for a person");
    expect(parseTicketId(h)).toBe("tab2cd3e");
    expect(h).toContain("/close tab2cd3e");
    expect(h).not.toContain("group chat");
    const long = head("x".repeat(100), "fallbacks", true);
    expect(long).toContain(`${"x".repeat(31)}…`);
    expect(long).toContain("could not answer");
    expect(long).toContain("Asked in a group chat");
    expect(head("", "message")).toContain("User: <b>—</b>");
  });

  it("relays escape the user's text and repeat the tag on every piece of a long message", () => {
    expect(relayHtml("tab2cd3e", { firstName: "Minji" }, "a<b>&c **d**")).toEqual(["#tab2cd3e · Minji:\na&lt;b&gt;&amp;c ∗∗d∗∗"]);
    const parts = relayHtml("tab2cd3e", { firstName: "Minji" }, "<&> ".repeat(3000));
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) {
      expect(p.length).toBeLessThanOrEqual(MAX_MESSAGE_CHARS);
      expect(parseTicketId(p)).toBe("tab2cd3e");
      expect(p).not.toMatch(/&(?!lt;|gt;|amp;)/);
    }
  });

  it("reads /close, /close@thisbot and commands for other bots", () => {
    const e = (n: number) => [{ type: "bot_command", offset: 0, length: n }];
    expect(parseStaffCommand("/close", e(6), "TestNameBot")).toEqual({ name: "close", args: "" });
    expect(parseStaffCommand("/close@testnamebot #tab2cd3e", e(18), "TestNameBot")).toEqual({ name: "close", args: "#tab2cd3e" });
    expect(parseStaffCommand("/close@OtherBot", e(15), "TestNameBot")).toBe("other-bot");
    expect(parseStaffCommand("close it", undefined, "TestNameBot")).toBeUndefined();
  });
});
