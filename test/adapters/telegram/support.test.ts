import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { MAX_MESSAGE_CHARS } from "../../../adapters/telegram/html.js";
import { parseStaffCommand, parseTicket, relayHtml, splitEscaped, staffAnswerHtml, ticketHeaderHtml } from "../../../adapters/telegram/support-text.js";
import { chatSeal, createTicketBook, newTicket } from "../../../adapters/telegram/tickets.js";
import { createLogger, createMemoryStore, type Store } from "../../../src/index.js";
import { createLogTap } from "../../fakes/telegram-harness.js";

const keyOf = (u: { platform: string; userId: string }) => `k-${u.platform}-${u.userId}`;
const logger = createLogger("silent");

describe("support group text", () => {
  it("ticket ids are hashtags without look-alike characters, and are read back from any message", () => {
    const ids = new Set(Array.from({ length: 500 }, newTicket));
    expect(ids.size).toBe(500);
    for (const id of ids) expect(id).toMatch(/^h[2-9a-hjkmnp-z]{7}$/);
    expect(parseTicket("🙋 Handoff #hab2cd3e: user Minji")).toBe("hab2cd3e");
    expect(parseTicket("/close HAB2CD3E")).toBe("hab2cd3e");
    expect(parseTicket("#hab2cd3e · Minji:\nsee #hzzzzzzz")).toBe("hab2cd3e");
    for (const no of ["", "#hab2cd3", "#hab2cd3ef", "#hab2cd3e_x", "#h0b2cd3e", "hello"]) expect(parseTicket(no)).toBeUndefined();
  });

  it("the header names the user by first name only, escaped, and says how to answer", () => {
    const h = ticketHeaderHtml("hab2cd3e", "requested", { firstName: "  <b>Min</b>  & ji ", locale: "ko", fromGroup: false });
    expect(h.split("\n")[0]).toBe("🙋 <b>Handoff</b> #hab2cd3e: user <b>&lt;b&gt;Min&lt;/b&gt; &amp; ji</b>, language ko, reason: asked for a person");
    expect(h).toContain("/close hab2cd3e");
    expect(h).not.toContain("group");
    const long = ticketHeaderHtml("hab2cd3e", "fallbacks", { firstName: "x".repeat(100), locale: "en", fromGroup: true });
    expect(long).toContain(`${"x".repeat(31)}…`);
    expect(long).toContain("could not answer");
    expect(long).toContain("Asked in a group chat");
    expect(ticketHeaderHtml("hab2cd3e", "message", { firstName: "", locale: "en", fromGroup: false })).toContain("user <b>(no name)</b>");
  });

  it("relays escape the user's text and repeat the tag on every piece of a long message", () => {
    expect(relayHtml("hab2cd3e", { firstName: "Minji" }, "a<b>&c")).toEqual(["#hab2cd3e · Minji:\na&lt;b&gt;&amp;c"]);
    const parts = relayHtml("hab2cd3e", { firstName: "Minji" }, "<&>".repeat(3000));
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) {
      expect(p.length).toBeLessThanOrEqual(MAX_MESSAGE_CHARS);
      expect(parseTicket(p)).toBe("hab2cd3e");
      expect(p).not.toMatch(/&(?!lt;|gt;|amp;)/);
    }
    expect(parts[1]).toMatch(/^#hab2cd3e · Minji \(cont\.\):\n/);
  });

  it("staff answers carry the localized label once, and splitting keeps words and surrogate pairs whole", () => {
    expect(staffAnswerHtml("상담원:", "네 <확인>")).toEqual(["<b>상담원:</b>\n네 &lt;확인&gt;"]);
    const text = `${"word ".repeat(900)}${"😀".repeat(900)}`;
    const parts = splitEscaped(text, (i) => (i === 0 ? "<b>L</b>\n" : ""), 1000);
    expect(parts.every((p) => p.length <= 1000)).toBe(true);
    expect(parts.join("").replace("<b>L</b>\n", "").replace(/\s+/g, "")).toBe(text.replace(/\s+/g, ""));
    expect(parts.some((p) => /[\ud800-\udbff]$/.test(p))).toBe(false);
    expect(parts[0]!.endsWith("word")).toBe(true);
  });

  it("reads /close, /close@thisbot and commands for other bots", () => {
    const e = (n: number) => [{ type: "bot_command", offset: 0, length: n }];
    expect(parseStaffCommand("/close", e(6), "TestNameBot")).toEqual({ name: "close", args: "" });
    expect(parseStaffCommand("/close@testnamebot #hab2cd3e", e(18), "TestNameBot")).toEqual({ name: "close", args: "#hab2cd3e" });
    expect(parseStaffCommand("/close@OtherBot", e(15), "TestNameBot")).toBe("other-bot");
    expect(parseStaffCommand("close it", undefined, "TestNameBot")).toBeUndefined();
  });
});

describe("ticket book", () => {
  it("seals chat ids: readable only with the same key and for the same ticket", () => {
    const key = randomBytes(32);
    const s = chatSeal(key);
    const sealed = s.seal("hab2cd3e", 4242);
    expect(sealed).not.toContain("4242");
    expect(s.unseal("hab2cd3e", sealed)).toBe(4242);
    expect(s.unseal("hzzzzzzz", sealed)).toBeUndefined();
    expect(chatSeal(randomBytes(32)).unseal("hab2cd3e", sealed)).toBeUndefined();
    const [v, iv, body = "", tag] = sealed.split(".");
    const tampered = [v, iv, (body.startsWith("A") ? "B" : "A") + body.slice(1), tag].join(".");
    expect(s.unseal("hab2cd3e", tampered)).toBeUndefined();
    expect(s.unseal("hab2cd3e", "garbage")).toBeUndefined();
    expect(s.seal("hab2cd3e", -1001234567890)).not.toBe(s.seal("hab2cd3e", -1001234567890));
    expect(s.unseal("hab2cd3e", s.seal("hab2cd3e", -1001234567890))).toBe(-1001234567890);
  });

  it("opens, finds, replaces and drops tickets; the user owns them, so forget removes them", async () => {
    const store = createMemoryStore();
    const book = createTicketBook(store, { keyOf }, logger);
    const first = await book.open(4242);
    expect(await book.ticketOf(4242)).toBe(first);
    expect(await book.chatOf(first)).toBe(4242);
    const second = await book.open(4242);
    expect(await book.chatOf(first)).toBeUndefined();
    expect(await book.ticketOf(4242)).toBe(second);
    await book.drop(second, 4242);
    expect(await book.ticketOf(4242)).toBeUndefined();
    expect(await book.chatOf(second)).toBeUndefined();

    const third = await book.open(4242);
    const other = await book.open(5151);
    expect(await store.forget(keyOf({ platform: "telegram", userId: "4242" }))).toBe(true);
    expect(await book.chatOf(third)).toBeUndefined();
    expect(await book.ticketOf(4242)).toBeUndefined();
    expect(await book.chatOf(other)).toBe(5151);
  });

  it("falls back to process memory, with a warning, on a store without settings", async () => {
    const { getSetting: _g, setSetting: _s, ...bare } = createMemoryStore();
    const tap = createLogTap();
    const book = createTicketBook(bare as Store, { keyOf }, tap.logger);
    expect(tap.records.map((r) => r.msg)).toContain("telegram: this store keeps no settings; support tickets last until restart");
    const t = await book.open(7);
    expect(await book.chatOf(t)).toBe(7);
  });
});
