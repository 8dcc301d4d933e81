import { describe, expect, it } from "vitest";
import { threadLinkOf } from "../../../adapters/web/admin/index.js";
import { handoffsPage } from "../../../adapters/web/admin/pages.js";
import { webConfigSchema } from "../../../adapters/web/config.js";
import { computeDashboard } from "../../../src/index.js";

describe("Handoffs page: link to the ticket's thread", () => {
  it("links a Discord ticket to its thread when the server is configured, nothing else", () => {
    expect(threadLinkOf({})).toBeUndefined();
    const link = threadLinkOf(webConfigSchema.parse({ ADMIN_DISCORD_GUILD_ID: "111" }))!;
    expect(link("discord", "222")).toBe("https://discord.com/channels/111/222");
    expect(link("telegram", "222")).toBeUndefined();
    expect(link("discord", "../admin")).toBeUndefined();
    expect(webConfigSchema.safeParse({ ADMIN_DISCORD_GUILD_ID: "my-server" }).success).toBe(false);
  });

  it("renders the link as an anchor in the open tickets table", () => {
    const now = new Date("2026-12-03T12:00:00.000Z");
    const page = handoffsPage(computeDashboard([], {}, { now: now.toISOString() }), "en", { since: "7d", lang: "en" }, [
      { channel: "discord", locale: "en", since: "2026-12-03T11:00:00.000Z", taken: false, ticket: "K7", link: "https://discord.com/channels/111/222" },
      { channel: "telegram", locale: "ko", since: "2026-12-03T11:30:00.000Z", taken: true, ticket: "M2" },
    ], now);
    expect(page.html).toContain('<a href="https://discord.com/channels/111/222" rel="noreferrer">');
    expect(page.html.match(/<a href="https:\/\/discord/g)).toHaveLength(1);
  });
});
