import { describe, expect, it } from "vitest";
import { isWebUserId, toWebEvent } from "../../../adapters/web/inbound.js";

const user = "0d6b3c9e-5f7a-4b1e-9c2d-8a7f6e5d4c3b";
const ref = { platform: "web", userId: user, chat: "private" };

describe("toWebEvent", () => {
  it.each([
    ["first visit", { type: "hello", user }, { kind: "start", user: ref }],
    ["return visit with locale and start payload", { type: "welcome_back", user, locale: "en-US", start: "tasks" }, { kind: "start", user: ref, localeHint: "en-US", payload: "tasks" }],
    ["a question", { type: "message", user, text: "  카드번호도 유출됐나요? " }, { kind: "text", user: ref, text: "카드번호도 유출됐나요?" }],
    ["a pressed button", { type: "message", user, text: "▶ 쿠팡 계정 지키기", quick_reply: { payload: "t:secure-account" } }, { kind: "choice", user: ref, choiceId: "t:secure-account" }],
    ["a command with arguments", { type: "message", user, text: "/language en" }, { kind: "command", user: ref, command: "language", args: "en" }],
    ["/forget", { type: "message", user, text: "/FORGET" }, { kind: "command", user: ref, command: "forget" }],
    ["/start with a payload", { type: "message", user, text: "/start task-secure-account" }, { kind: "start", user: ref, payload: "task-secure-account" }],
    ["an unknown command is text", { type: "message", user, text: "/shrug" }, { kind: "text", user: ref, text: "/shrug" }],
    ["a bad locale is ignored", { type: "message", user, text: "hi", locale: "<script>" }, { kind: "text", user: ref, text: "hi" }],
    ["a bad start payload is ignored", { type: "hello", user, start: "../../etc" }, { kind: "start", user: ref }],
  ])("%s", (_name, message, event) => {
    expect(toWebEvent(message)).toEqual(event);
  });

  it.each([
    ["no user", { type: "message", text: "hi" }],
    ["a user id with odd characters", { type: "message", user: "__proto__", text: "hi" }],
    ["a user id that is too long", { type: "message", user: "a".repeat(65), text: "hi" }],
    ["a numeric user", { type: "message", user: 12345678, text: "hi" }],
    ["empty text", { type: "message", user, text: "   " }],
    ["non-string text", { type: "message", user, text: { toString: "x" } }],
    ["an unknown type", { type: "trigger", user, text: "hi" }],
    ["Botkit client's connected event", { type: "event", user, name: "connected" }],
  ])("drops %s", (_name, message) => {
    expect(toWebEvent(message)).toBeUndefined();
  });

  it("treats an oversized or empty button payload as no button", () => {
    expect(toWebEvent({ type: "message", user, text: "x", quick_reply: { payload: "t:" + "가".repeat(30) } })).toEqual({ kind: "text", user: ref, text: "x" });
    expect(toWebEvent({ type: "message", user, text: "x", quick_reply: { payload: "" } })).toEqual({ kind: "text", user: ref, text: "x" });
    expect(toWebEvent({ type: "message", user, text: "x", quick_reply: "t:secure-account" })).toEqual({ kind: "text", user: ref, text: "x" });
  });

  it("accepts UUIDs only as user ids", () => {
    expect(isWebUserId(user)).toBe(true);
    expect(isWebUserId("short")).toBe(false);
    expect(isWebUserId("constructor")).toBe(false);
    expect(isWebUserId(`${user}x`)).toBe(false);
    expect(isWebUserId("a b c d e f g h")).toBe(false);
  });
});
