import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Update } from "grammy/types";
import { describe, expect, it } from "vitest";
import { toTelegramEvent, type BotIdentity } from "../../../adapters/telegram/inbound.js";

const fixture = (name: string) => JSON.parse(readFileSync(join(import.meta.dirname, "../../fixtures/telegram", `${name}.json`), "utf8")) as Update;
const me: BotIdentity = { id: 7000000001, username: "afterleak_bot" };
const privateUser = { platform: "telegram", userId: "5512345678", chat: "private" };
const groupUser = { ...privateUser, chat: "group" };

describe("toTelegramEvent: private chats get everything", () => {
  it.each([
    ["private-start", { kind: "start", user: privateUser, localeHint: "ko" }],
    ["private-start-deeplink", { kind: "start", payload: "task-secure-account", user: privateUser, localeHint: "ko" }],
    ["private-text-ko", { kind: "text", text: "카드번호도 유출됐나요?", user: privateUser, localeHint: "ko" }],
    ["private-text-html", { kind: "text", text: "<b>카드</b> & <script>alert(1)</script> 유출?", user: privateUser }],
    ["private-unknown-command", { kind: "text", text: "/refund now", user: privateUser }],
  ])("%s", (name, event) => {
    const r = toTelegramEvent(fixture(name), me);
    expect(r.kind).toBe("event");
    expect(r.kind === "event" && r.event).toMatchObject(event);
  });

  it("tells a private chat what it cannot read (a photo), reads captions, and ignores edits", () => {
    const photo = fixture("private-photo");
    expect(toTelegramEvent(photo, me)).toMatchObject({ kind: "event", event: { kind: "unsupported", what: "photo", user: { chat: "private" } } });
    const captioned = structuredClone(photo);
    (captioned.message as { caption?: string }).caption = "이 문자 스미싱인가요?";
    expect(toTelegramEvent(captioned, me)).toMatchObject({ kind: "event", event: { kind: "text", text: "이 문자 스미싱인가요?" } });
    const inGroup = structuredClone(photo);
    (inGroup.message as { chat: { type: string } }).chat.type = "group";
    expect(toTelegramEvent(inGroup, me)).toEqual({ kind: "ignore", reason: "not-text" });
    expect(toTelegramEvent(fixture("private-edited"), me)).toEqual({ kind: "ignore", reason: "not-a-message" });
  });
});

describe("toTelegramEvent: groups answer only what is addressed to the bot", () => {
  it.each([
    ["group-mention", { kind: "text", text: "카드번호도 유출됐나요?", user: groupUser }],
    ["group-command-at", { kind: "command", command: "help", user: groupUser }],
    ["group-command-plain", { kind: "command", command: "tasks", user: groupUser }],
    ["group-reply-to-bot", { kind: "text", text: "비밀번호는 어떻게 바꿔요?", user: groupUser }],
    ["group-mention-only", { kind: "start", user: groupUser }],
  ])("answers %s", (name, event) => {
    const r = toTelegramEvent(fixture(name), me);
    expect(r.kind === "event" && r.event).toMatchObject(event);
  });

  it.each([
    ["group-plain", "not-addressed"],
    ["group-mention-other", "not-addressed"],
    ["group-reply-to-person", "not-addressed"],
    ["group-command-other-bot", "other-bot"],
    ["group-from-bot", "from-a-bot"],
  ])("ignores %s", (name, reason) => {
    expect(toTelegramEvent(fixture(name), me)).toEqual({ kind: "ignore", reason });
  });

  it("matches the bot's username without regard to case", () => {
    const u = fixture("group-command-at");
    expect(toTelegramEvent(u, { ...me, username: "AfterLeak_Bot" }).kind).toBe("event");
  });
});

describe("toTelegramEvent: button presses", () => {
  it("passes any callback data on as a choice, even garbage", () => {
    const r = toTelegramEvent(fixture("callback-garbage"), me);
    expect(r.kind === "event" && r.event).toEqual({ kind: "choice", choiceId: "zz:garbage", user: privateUser, localeHint: "ko" });
  });

  it("marks presses in groups as group events", () => {
    const r = toTelegramEvent(fixture("callback-group"), me);
    expect(r.kind === "event" && r.event).toMatchObject({ kind: "choice", choiceId: "t:secure-account", user: groupUser });
  });

  it("treats a press without data as an empty (stale) choice", () => {
    const u = fixture("callback-garbage");
    delete (u.callback_query as { data?: string }).data;
    const r = toTelegramEvent(u, me);
    expect(r.kind === "event" && r.event).toMatchObject({ kind: "choice", choiceId: "" });
  });
});
