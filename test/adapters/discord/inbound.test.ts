import { describe, expect, it } from "vitest";
import { toInteractionAction, toMessageEvent, type InteractionView, type MessageView } from "../../../adapters/discord/inbound.js";

const BOT = "999";
const guildCmd = (subcommand: string | null, options: Record<string, string> = {}, command = "leak"): InteractionView => ({
  type: "command",
  command,
  subcommand,
  options,
  userId: "1",
  guildId: "7",
  locale: "ko",
});
const click = (customId: string, values: string[] = []): InteractionView => ({
  type: "component",
  customId,
  values,
  messageEphemeral: true,
  userId: "1",
  guildId: "7",
  locale: "en-US",
});
const user = { platform: "discord", userId: "1", chat: "private" };

describe("interactions", () => {
  it.each([
    ["what-leaked", {}, { kind: "command", command: "leaked" }],
    ["tasks", {}, { kind: "command", command: "tasks" }],
    ["faq", {}, { kind: "command", command: "faq" }],
    ["human", {}, { kind: "command", command: "human" }],
    ["forget", {}, { kind: "command", command: "forget" }],
    ["help", {}, { kind: "command", command: "help" }],
    ["language", { language: "en" }, { kind: "command", command: "language", args: "en" }],
    ["language", {}, { kind: "command", command: "language" }],
    ["ask", { question: "카드번호도 유출됐나요?" }, { kind: "text", text: "카드번호도 유출됐나요?" }],
    ["renamed-later", {}, { kind: "command", command: "help" }],
  ])("/leak %s -> engine event", (sub, options, event) => {
    expect(toInteractionAction(guildCmd(sub, options), "ko")).toEqual({ kind: "event", event: { ...event, user, localeHint: "ko" } });
  });

  it("maps moderator subcommands to adapter actions", () => {
    expect(toInteractionAction(guildCmd("panel", {}, "leak-admin"), "ko")).toEqual({ kind: "panel" });
    expect(toInteractionAction(guildCmd("language", { language: "ko" }, "leak-admin"), "ko")).toEqual({ kind: "set-language", locale: "ko" });
    expect(toInteractionAction(guildCmd("stats", {}, "leak-admin"), "ko")).toEqual({ kind: "stats", since: "7d", scope: "discord" });
    expect(toInteractionAction(guildCmd("stats", { since: " 30d ", scope: "all" }, "leak-admin"), "ko")).toEqual({ kind: "stats", since: "30d", scope: "all" });
    expect(toInteractionAction(guildCmd("close", {}, "leak-admin"), "ko")).toEqual({ kind: "close-ticket" });
  });

  it("maps a ticket's Close button to closing that ticket", () => {
    expect(toInteractionAction(click("~close:dabc2345"), undefined)).toEqual({ kind: "close-ticket", ticket: "dabc2345" });
  });

  it("maps buttons and select menus to choices, start payloads and Continue privately", () => {
    expect(toInteractionAction(click("m:tasks"), undefined)).toEqual({ kind: "event", event: { kind: "choice", choiceId: "m:tasks", user } });
    expect(toInteractionAction(click("~sel:0", ["f:card-reissue"]), "en")).toEqual({ kind: "event", event: { kind: "choice", choiceId: "f:card-reissue", user, localeHint: "en" } });
    expect(toInteractionAction(click("~p:task-secure-account"), undefined)).toEqual({ kind: "event", event: { kind: "start", payload: "task-secure-account", user } });
    expect(toInteractionAction(click("~more"), undefined)).toEqual({ kind: "more", user });
  });
});

describe("messages", () => {
  const msg = (over: Partial<MessageView>): MessageView => ({ authorId: "5", fromBot: false, guildId: "7", content: "", mentionsBot: false, ...over });

  it("answers mentions in servers as a group chat, without the mention", () => {
    expect(toMessageEvent(msg({ content: `<@${BOT}> was my card leaked?`, mentionsBot: true }), BOT)).toEqual({
      kind: "text",
      text: "was my card leaked?",
      user: { platform: "discord", userId: "5", chat: "group" },
    });
    expect(toMessageEvent(msg({ content: `<@!${BOT}>`, mentionsBot: true }), BOT, "ko")).toEqual({
      kind: "start",
      user: { platform: "discord", userId: "5", chat: "group" },
      localeHint: "ko",
    });
  });

  it("answers every DM privately, and ignores bots and unaddressed server messages", () => {
    expect(toMessageEvent(msg({ guildId: null, content: "hello" }), BOT)).toMatchObject({ kind: "text", user: { chat: "private" } });
    expect(toMessageEvent(msg({ content: "was my card leaked?" }), BOT)).toBeUndefined();
    expect(toMessageEvent(msg({ content: `<@${BOT}> hi`, mentionsBot: true, fromBot: true }), BOT)).toBeUndefined();
  });
});
