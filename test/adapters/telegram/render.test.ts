import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { InlineKeyboardButton, Update } from "grammy/types";
import { beforeAll, describe, expect, it } from "vitest";
import { escapeHtml, MAX_MESSAGE_CHARS, toHtml, toHtmlChunks } from "../../../adapters/telegram/html.js";
import { toTelegramEvent } from "../../../adapters/telegram/inbound.js";
import { choiceButton, deepLink, layoutRows, MAX_CALLBACK_DATA_BYTES } from "../../../adapters/telegram/keyboard.js";
import { KEYBOARD_ONLY_TEXT, renderActions, renderTelegram, type TelegramOp } from "../../../adapters/telegram/render.js";
import { createEngine, createMemoryStore, ids, loadPack, pick, type ContentPack, type Reply } from "../../../src/index.js";

const PACK_DIR = join(import.meta.dirname, "../../../content/coupang-2025");
const fixture = (name: string) => JSON.parse(readFileSync(join(import.meta.dirname, "../../fixtures/telegram", `${name}.json`), "utf8")) as Update;
const target = { botUsername: "afterleak_bot", canEdit: false };
const sends = (ops: TelegramOp[]) => ops.filter((o): o is Extract<TelegramOp, { op: "send" | "edit" }> => o.op === "send" || o.op === "edit");
const buttons = (op: TelegramOp) => ("message" in op ? (op.message.keyboard?.inline_keyboard.flat() ?? []) : []) as InlineKeyboardButton[];

describe("HTML", () => {
  it("escapes <, > and & in content and turns **bold** into <b>", () => {
    expect(toHtml("a < b && c > d **<x> & y** end")).toBe("a &lt; b &amp;&amp; c &gt; d <b>&lt;x&gt; &amp; y</b> end");
    expect(escapeHtml("<a href='x'>&amp;</a>")).toBe("&lt;a href='x'&gt;&amp;amp;&lt;/a&gt;");
  });

  it("escapes user text echoed in replies", () => {
    const ops = renderTelegram([{ kind: "text", text: "You wrote: <script>alert(1)</script> & **more**" }], target);
    expect(sends(ops)[0]?.message.html).toBe("You wrote: &lt;script&gt;alert(1)&lt;/script&gt; &amp; <b>more</b>");
  });

  it("keeps short text in one message", () => {
    expect(toHtmlChunks("short")).toEqual(["short"]);
  });

  it("splits over 4096 characters at paragraph boundaries", () => {
    const para = (i: number) => `Paragraph ${i}: ${"word ".repeat(150).trim()}`;
    const text = Array.from({ length: 12 }, (_, i) => para(i)).join("\n\n");
    const chunks = toHtmlChunks(text);
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) {
      expect(c.length).toBeLessThanOrEqual(MAX_MESSAGE_CHARS);
      expect(c).toMatch(/^Paragraph \d+:/);
      expect(c).toMatch(/word$/);
    }
    expect(chunks.join("\n\n")).toBe(text);
  });

  it("falls back to line ends, then to a hard split, never cutting an escape or a surrogate pair", () => {
    const lines = Array.from({ length: 400 }, (_, i) => `line ${i} <&>`).join("\n");
    const byLine = toHtmlChunks(lines);
    expect(byLine.length).toBeGreaterThan(1);
    for (const c of byLine) expect(c).toMatch(/^line \d+ &lt;&amp;&gt;(\nline \d+ &lt;&amp;&gt;)*$/);

    const blob = "😀".repeat(3000) + "&".repeat(3000);
    const hard = toHtmlChunks(blob);
    expect(hard.length).toBeGreaterThan(1);
    for (const c of hard) {
      expect(c.length).toBeLessThanOrEqual(MAX_MESSAGE_CHARS);
      expect(c).not.toMatch(/&(?!amp;)/);
      expect(c).not.toMatch(/^[\udc00-\udfff]|[\ud800-\udbff]$/);
    }
    expect(hard.join("").replace(/&amp;/g, "&")).toBe(blob);
  });

  it("keeps bold spans balanced on both sides of a cut", () => {
    const chunks = toHtmlChunks(`**${"굵게 ".repeat(2000)}**`);
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) expect(c).toMatch(/^<b>[^<]*<\/b>$/);
  });

  it("sends long replies as several messages with the keyboard on the last", () => {
    const long = Array.from({ length: 10 }, () => "가".repeat(900)).join("\n\n");
    const ops = renderTelegram([{ kind: "text", text: long }, { kind: "choices", choices: [{ id: "m:main", label: "Main menu" }] }], target);
    const msgs = sends(ops);
    expect(msgs.length).toBeGreaterThan(2);
    expect(msgs.slice(0, -1).every((m) => !m.message.keyboard)).toBe(true);
    expect(buttons(msgs.at(-1)!)).toEqual([{ text: "Main menu", callback_data: "m:main" }]);
  });
});

describe("keyboards", () => {
  it("refuses callback data over 64 bytes (bytes, not characters)", () => {
    expect(() => choiceButton({ id: "x".repeat(64), label: "ok" })).not.toThrow();
    expect(() => choiceButton({ id: "x".repeat(65), label: "too long" })).toThrow(/65 bytes/);
    expect(() => choiceButton({ id: "가".repeat(22), label: "66 bytes" })).toThrow(/66 bytes/);
    expect(() => choiceButton({ id: "", label: "empty" })).toThrow();
  });

  it("puts two short labels on a row and long ones alone", () => {
    const b = (text: string) => ({ text, callback_data: text.slice(0, 8) });
    const rows = layoutRows([b("✓ 완료"), b("건너뛰기"), b("나중에 하기"), b("쿠팡 계정 지키기 · 진행 중 3/7"), b("처음으로")]);
    expect(rows.map((r) => r.map((x) => x.text))).toEqual([["✓ 완료", "건너뛰기"], ["나중에 하기"], ["쿠팡 계정 지키기 · 진행 중 3/7"], ["처음으로"]]);
  });

  it("builds t.me deep links and drops payloads Telegram would refuse", () => {
    expect(deepLink("afterleak_bot", "task-secure-account")).toBe("https://t.me/afterleak_bot?start=task-secure-account");
    expect(deepLink("afterleak_bot", "bad payload!")).toBe("https://t.me/afterleak_bot");
  });
});

describe("renderTelegram", () => {
  const step: Reply[] = [
    { kind: "text", text: "**Step 2/7**\n\nCheck your devices." },
    { kind: "links", links: [{ label: "Coupang", url: "https://www.coupang.com" }] },
    {
      kind: "choices",
      replaceMenu: true,
      choices: [
        { id: "s:done:secure-account:devices", label: "✓ Done" },
        { id: "s:skip:secure-account:devices", label: "Skip" },
      ],
    },
  ];

  it("puts a step's links and options under its text and edits the pressed message in place", () => {
    const ops = renderTelegram(step, { ...target, canEdit: true });
    expect(ops).toHaveLength(1);
    expect(ops[0]).toEqual({
      op: "edit",
      message: {
        html: "<b>Step 2/7</b>\n\nCheck your devices.",
        keyboard: {
          inline_keyboard: [
            [{ text: "Coupang", url: "https://www.coupang.com" }],
            [
              { text: "✓ Done", callback_data: "s:done:secure-account:devices" },
              { text: "Skip", callback_data: "s:skip:secure-account:devices" },
            ],
          ],
        },
      },
    });
  });

  it("sends instead of editing when nothing was pressed or other messages come first", () => {
    expect(renderTelegram(step, target).map((o) => o.op)).toEqual(["send"]);
    const ops = renderTelegram([{ kind: "text", text: "That button is old." }, ...step], { ...target, canEdit: true });
    expect(ops.map((o) => o.op)).toEqual(["send", "send"]);
  });

  it("gives options without a prompt or text before them a neutral text", () => {
    const ops = renderTelegram([{ kind: "choices", choices: [{ id: "m:main", label: "Menu" }] }], target);
    expect(sends(ops)[0]?.message.html).toBe(KEYBOARD_ONLY_TEXT);
  });

  it("renders `private` as a deep-link button", () => {
    const ops = renderTelegram(
      [{ kind: "private", text: "Let's continue in private.", payload: "task-secure-account", label: "▶ Protect your account", choiceId: "t:secure-account" }],
      target,
    );
    expect(buttons(ops[0]!)).toEqual([{ text: "▶ Protect your account", url: "https://t.me/afterleak_bot?start=task-secure-account" }]);
  });

  it("renders the delete-inbound action as a deletion and a private notice; the handoff's actions are the desk's", () => {
    const ops = renderActions([
      { kind: "relay", ticket: "tab2cd3e", transcript: ["hi"] },
      { kind: "delete-inbound", reason: "pii", notice: "Don't share <card numbers>." },
    ]);
    expect(ops).toEqual([{ op: "delete-inbound" }, { op: "notify-private", message: { html: "Don't share &lt;card numbers&gt;." } }]);
  });
});

describe("with the real pack", () => {
  let pack: ContentPack;
  beforeAll(async () => {
    pack = await loadPack(PACK_DIR);
  });

  it("every choice id the engine can make fits Telegram's callback data", () => {
    const all = [
      ...pack.faq.flatMap((e) => [ids.faq(e.id), ids.group(e.group), ids.feedback(true, e.id), ids.feedback(false, e.id)]),
      ...pack.tasks.flatMap((t) => [ids.task(t.id), ...t.steps.flatMap((s) => (["done", "skip", "back", "pause", "restart"] as const).map((a) => ids.step(a, t.id, s.id)))]),
      ...pack.meta.locales.map(ids.lang),
    ];
    const max = Math.max(...all.map((id) => Buffer.byteLength(id, "utf8")));
    expect(max).toBeLessThanOrEqual(MAX_CALLBACK_DATA_BYTES);
    for (const id of all) expect(() => choiceButton({ id, label: "x" })).not.toThrow();
  });

  it.each(["callback-stale-step", "callback-garbage", "callback-inaccessible"])("a stale button (%s) gets a sensible answer, not a crash", async (name) => {
    const engine = createEngine({ pack, store: createMemoryStore(), secret: "s".repeat(32) });
    const inbound = toTelegramEvent(fixture(name), { id: 7000000001, username: "afterleak_bot" });
    if (inbound.kind !== "event") throw new Error("expected an event");
    const { replies } = await engine.handle(inbound.event);
    const ops = renderTelegram(replies, { ...target, canEdit: true });
    const html = sends(ops).map((o) => o.message.html).join("\n");
    const ids = sends(ops).flatMap((o) => buttons(o).map((b) => ("callback_data" in b ? b.callback_data : "")));
    if (name === "callback-inaccessible") {
      expect(ids).toContain("m:leaked");
    } else {
      expect(html).toContain(escapeHtml(pick(pack, pack.ui.staleChoice, "ko")));
      expect(ids.length).toBeGreaterThan(0);
    }
  });
});

describe('renderTelegram: "Is it one of these?"', () => {
  it("shows the prompt with one button per topic and 'None of these → a person'", async () => {
    const { unsureReplies } = await import("../../helpers/unsure.js");
    const replies = await unsureReplies();
    const ops = renderTelegram(replies, target);
    const json = JSON.stringify(ops);
    expect(json).toContain("Is it one of these?");
    const data = [...json.matchAll(/"callback_data":"([^"]+)"/g)].map((x) => x[1]);
    expect(data[0]).toBe("p:payment-data-exposed");
    expect(data).toHaveLength(4);
    expect(data.at(-1)).toBe("p:-");
    expect(json).toContain("None of these → a person");
  });
});
