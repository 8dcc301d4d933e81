import { describe, expect, it } from "vitest";
import { toConsoleEvent } from "../../adapters/console/inbound.js";
import { commandDefinitions } from "../../adapters/discord/commands/index.js";
import { toInteractionAction, type InteractionView } from "../../adapters/discord/inbound.js";
import { commandMenu } from "../../adapters/telegram/commands.js";
import { toWebEvent } from "../../adapters/web/inbound.js";
import type { InboundEvent } from "../../src/index.js";
import { alice, harness, texts } from "../helpers/engine.js";
import { realPack } from "../helpers/packs.js";

/** `/reminders` is defined once in the core; every channel reaches it its own way. */
describe("/reminders on every channel", () => {
  it("terminal, web and Discord turn it into the engine's command, which lists the reminders", async () => {
    const h = harness(await realPack());
    const web = "0d6b3c9e-5f7a-4b1e-9c2d-8a7f6e5d4c3b";
    const discord: InteractionView = { type: "command", command: "leak", subcommand: "reminders", options: {}, userId: "1", guildId: "7", locale: "en-US" };
    const action = toInteractionAction(discord, "en");
    const events: InboundEvent[] = [
      toConsoleEvent("/reminders", alice, [], "en")!,
      toWebEvent({ type: "message", user: web, text: "/reminders", locale: "en" })!,
      ...(action.kind === "event" ? [action.event] : []),
    ];
    expect(events.map((e) => (e.kind === "command" ? e.command : e.kind))).toEqual(["reminders", "reminders", "reminders"]);
    for (const e of events) expect(texts((await h.engine.handle(e)).replies)).toContain("You have no reminders");
  });

  it("is in Telegram's command menu and among Discord's /leak subcommands, described by the pack", async () => {
    const pack = await realPack();
    expect(commandMenu(pack, "ko").find((c) => c.command === "reminders")?.description).toBe(pack.commands.reminders.ko);
    const leak = commandDefinitions(pack).find((c) => c.name === "leak") as { options?: { name: string; name_localizations?: Record<string, string> }[] };
    const sub = leak.options?.find((o) => o.name === "reminders");
    expect(sub?.name_localizations?.ko).toBe("알림");
  });
});
