import { describe, expect, it } from "vitest";
import type { Reply } from "../../../src/index.js";
import { isSafeUrl, renderWeb } from "../../../adapters/web/render.js";

const render = (replies: Reply[], locale = "ko") => renderWeb({ locale, replies, actions: [] });

describe("renderWeb", () => {
  it("turns **bold** into spans and keeps the plain text for other Botkit clients", () => {
    expect(render([{ kind: "text", text: "**쿠팡 계정 지키기: 2/7단계**\n\n비밀번호를 바꾸세요." }])).toEqual([
      {
        type: "message",
        text: "쿠팡 계정 지키기: 2/7단계\n\n비밀번호를 바꾸세요.",
        spans: [
          { text: "쿠팡 계정 지키기: 2/7단계", bold: true },
          { text: "\n\n비밀번호를 바꾸세요.", bold: false },
        ],
        lang: "ko",
      },
    ]);
  });

  it("never turns text into markup: HTML stays literal text in spans", () => {
    const [m] = render([{ kind: "text", text: '<img src=x onerror="alert(1)"> **<b>x</b>** & "q"' }]);
    expect(m?.spans).toEqual([
      { text: '<img src=x onerror="alert(1)"> ', bold: false },
      { text: "<b>x</b>", bold: true },
      { text: ' & "q"', bold: false },
    ]);
    expect(m).not.toHaveProperty("html");
    expect(JSON.stringify(m)).not.toContain("<strong>");
  });

  it("renders choices as quick replies whose payload is the choice id", () => {
    expect(
      render([{ kind: "choices", prompt: "무엇을 도와드릴까요?", choices: [{ id: "m:tasks", label: "내 계정 지키기" }, { id: "l:en", label: "English" }] }]),
    ).toEqual([
      {
        type: "message",
        text: "무엇을 도와드릴까요?",
        spans: [{ text: "무엇을 도와드릴까요?", bold: false }],
        quick_replies: [
          { title: "내 계정 지키기", payload: "m:tasks" },
          { title: "English", payload: "l:en" },
        ],
        lang: "ko",
      },
    ]);
    expect(render([{ kind: "choices", choices: [{ id: "m:main", label: "처음으로" }] }])[0]).toMatchObject({ text: "", spans: [], quick_replies: [{ payload: "m:main" }] });
  });

  it("keeps http(s) links and drops anything else", () => {
    const out = render([
      {
        kind: "links",
        links: [
          { label: "쿠팡", url: "https://www.coupang.com" },
          { label: "bad", url: "javascript:alert(1)" },
          { label: "data", url: "data:text/html,<script>" },
          { label: "creds", url: "https://user:pw@example.com" },
        ],
      },
      { kind: "links", links: [{ label: "only bad", url: "vbscript:x" }] },
    ]);
    expect(out).toEqual([{ type: "message", text: "", spans: [], links: [{ title: "쿠팡", url: "https://www.coupang.com" }], lang: "ko" }]);
    expect(isSafeUrl("not a url")).toBe(false);
  });

  it("renders a private hand-over as a button here, and the delete-inbound action as a notice first", () => {
    const out = renderWeb({
      locale: "en",
      replies: [{ kind: "private", text: "Let's start: **Secure my account**", payload: "task-secure-account", label: "▶ Secure my account", choiceId: "t:secure-account" }],
      actions: [{ kind: "delete-inbound", reason: "pii", notice: "Please don't share card numbers." }],
    });
    expect(out).toEqual([
      { type: "message", text: "Please don't share card numbers.", spans: [{ text: "Please don't share card numbers.", bold: false }], delete_inbound: true, lang: "en" },
      {
        type: "message",
        text: "Let's start: Secure my account",
        spans: [
          { text: "Let's start: ", bold: false },
          { text: "Secure my account", bold: true },
        ],
        quick_replies: [{ title: "▶ Secure my account", payload: "t:secure-account" }],
        lang: "en",
      },
    ]);
  });

});

describe('renderWeb: "Is it one of these?"', () => {
  it("renders the prompt with quick replies per topic and 'None of these → a person'", async () => {
    const { unsureReplies } = await import("../../helpers/unsure.js");
    const [m] = renderWeb({ locale: "en", replies: await unsureReplies(), actions: [] });
    expect(m?.text).toContain("Is it one of these?");
    const payloads = (m?.quick_replies ?? []).map((q) => q.payload);
    expect(payloads[0]).toBe("p:payment-data-exposed");
    expect(payloads).toHaveLength(4);
    expect(payloads.at(-1)).toBe("p:-");
    expect(m?.quick_replies?.at(-1)?.title).toBe("None of these → a person");
  });
});
