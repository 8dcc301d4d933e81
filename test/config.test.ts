import { describe, expect, it } from "vitest";
import { parseConfig } from "../src/index.js";
import { channels } from "../adapters/index.js";
import { discordConfigSchema, type DiscordConfig } from "../adapters/discord/config.js";
import { telegramConfigSchema, type TelegramConfig } from "../adapters/telegram/config.js";
import { webConfigSchema, type WebConfig } from "../adapters/web/config.js";

const fragments = [telegramConfigSchema, discordConfigSchema, webConfigSchema];

describe("configuration merged from the channels' fragments", () => {
  it("reports every problem of the core and of every channel at once, each with its variable", () => {
    const { config, problems } = parseConfig(
      { RETENTION_DAYS: "0", TELEGRAM_BOT_TOKEN: "nope", DISCORD_SHARDS: "lots", WEB_PORT: "http", WEB_TRUSTED_PROXY_HEADER: "x forwarded" },
      fragments,
    );
    expect(config).toBeUndefined();
    expect(problems.map((p) => p.variable).sort()).toEqual(["DISCORD_SHARDS", "RETENTION_DAYS", "TELEGRAM_BOT_TOKEN", "WEB_PORT", "WEB_TRUSTED_PROXY_HEADER"]);
    expect(problems.find((p) => p.variable === "WEB_PORT")?.message).toBe("expected a whole number");
  });

  it("parses each channel's variables with its defaults, next to the core's", () => {
    const { config } = parseConfig<TelegramConfig & DiscordConfig & WebConfig>({ DISCORD_SHARDS: "2", WEB_TRUSTED_PROXY_HEADER: "X-Forwarded-For" }, fragments);
    expect(config).toMatchObject({ RETENTION_DAYS: 30, TELEGRAM_WEBHOOK_PORT: 8443, DISCORD_SHARDS: 2, WEB_PORT: 3000, WEB_TRUSTED_PROXY_HEADER: "x-forwarded-for" });
    expect(config?.WEB_MAX_SOCKETS_PER_ADDRESS).toBeGreaterThan(0);
  });

  it("HEAP_GROWING_PERCENT: 50 unless set, 0 for V8's own rule, and a bad value names the variable", () => {
    expect(parseConfig({}).config?.HEAP_GROWING_PERCENT).toBe(50);
    expect(parseConfig({ HEAP_GROWING_PERCENT: "0" }).config?.HEAP_GROWING_PERCENT).toBe(0);
    for (const bad of ["-1", "half", "1000"]) expect(parseConfig({ HEAP_GROWING_PERCENT: bad }).problems.map((p) => p.variable)).toEqual(["HEAP_GROWING_PERCENT"]);
  });

  it("the core alone knows no channel variable", () => {
    const { config, problems } = parseConfig({ TELEGRAM_BOT_TOKEN: "nope", WEB_PORT: "http" });
    expect(problems).toEqual([]);
    expect(config).not.toHaveProperty("TELEGRAM_BOT_TOKEN");
  });

  it("every channel declares its variables, and exactly one chats in the terminal", () => {
    for (const c of channels) if (!c.capabilities?.terminal) expect(c.configSchema, c.name).toBeDefined();
    expect(channels.filter((c) => c.capabilities?.terminal).map((c) => c.name)).toEqual(["console"]);
    // Two channels may share one fragment (the web chat and its admin pages); distinct fragments never share a variable.
    const names = [...new Set(channels.map((c) => c.configSchema))].flatMap((f) => Object.keys(f?.shape ?? {}));
    expect(new Set(names).size).toBe(names.length);
  });
});
