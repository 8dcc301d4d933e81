import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { discordChannel, discordRegisterCommand } from "../../../adapters/discord/index.js";
import { parseConfig } from "../../../src/index.js";
import { discordConfigSchema, type DiscordConfig } from "../../../adapters/discord/config.js";
import { FakeDiscord } from "../../fakes/discord/fake-discord.js";
import { snowflake, user } from "../../fakes/discord/payloads.js";
import { captureIo } from "../../helpers/cli-io.js";
import { startBot } from "./bot.js";

let fake: FakeDiscord;
beforeAll(async () => {
  fake = await FakeDiscord.start();
});
afterAll(async () => {
  await fake?.close();
});

async function run(args: string[], env: Record<string, string>) {
  const io = captureIo(env);
  const code = await discordRegisterCommand.run(args, io);
  return { code, stdout: io.out(), stderr: io.err() };
}

describe("afterleak discord-register", () => {
  it("registers both commands in one server, looking up the application id from the token", async () => {
    const mark = fake.calls.length;
    const r = await run(["--guild", fake.guild.id], { DISCORD_BOT_TOKEN: fake.token, DISCORD_API_ROOT: fake.apiRoot });
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(r.stdout).toMatch(/registered 3 commands in server/);
    const calls = fake.since(mark);
    expect(calls[0]).toMatchObject({ method: "GET", path: "/applications/@me" });
    const put = calls.find((c) => c.method === "PUT");
    expect(put?.path).toBe(`/applications/${fake.applicationId}/guilds/${fake.guild.id}/commands`);
    expect(put?.body.map((c: { name: string }) => c.name)).toEqual(["leak", "leak-admin", "Check this message"]);
    expect(put?.body[2].type).toBe(3);
    expect(put?.body[0].name_localizations).toEqual({ ko: "유출" });
    expect(put?.body[1].default_member_permissions).toBe("32");
  });

  it("registers globally with DISCORD_APPLICATION_ID", async () => {
    const mark = fake.calls.length;
    const r = await run([], { DISCORD_BOT_TOKEN: fake.token, DISCORD_API_ROOT: fake.apiRoot, DISCORD_APPLICATION_ID: fake.applicationId });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/registered 3 global commands/);
    expect(fake.since(mark).map((c) => `${c.method} ${c.path}`)).toEqual([`PUT /applications/${fake.applicationId}/commands`]);
  });

  it("explains what is missing or wrong", async () => {
    expect((await run([], {})).stderr).toMatch(/DISCORD_BOT_TOKEN is not set/);
    expect((await run(["--guild", "abc"], { DISCORD_BOT_TOKEN: fake.token })).code).toBe(2);
    const refused = await run([], { DISCORD_BOT_TOKEN: fake.token, DISCORD_API_ROOT: fake.apiRoot, DISCORD_APPLICATION_ID: "123" });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/Missing Access/);
  });
});

describe("the channel module", () => {
  it("is a platform channel, enabled by DISCORD_BOT_TOKEN", () => {
    const on = parseConfig<DiscordConfig>({ DISCORD_BOT_TOKEN: fake.token }, [discordConfigSchema]).config;
    const off = parseConfig<DiscordConfig>({}, [discordConfigSchema]).config;
    expect(on && discordChannel.enabled(on, { anyPlatform: false })).toBe(true);
    expect(off && discordChannel.enabled(off, { anyPlatform: false })).toBe(false);
    expect(discordChannel.platform).toBe(true);
  });

  it("refuses to start with a token Discord rejects", async () => {
    const dir = await mkdtemp(join(tmpdir(), "afterleak-discord-"));
    try {
      await expect(startBot(fake, dir, { env: { DISCORD_BOT_TOKEN: "not-the-right-token-at-all" } })).rejects.toThrow(/invalid token/i);
      expect(fake.gateway.live).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("uses DISCORD_GATEWAY_URL over the gateway that GET /gateway/bot advertises", async () => {
    const proxied = await FakeDiscord.start({ advertisedGateway: "ws://127.0.0.1:9/unreachable" });
    const dir = await mkdtemp(join(tmpdir(), "afterleak-discord-"));
    try {
      const bot = await startBot(proxied, dir, { env: { DISCORD_GATEWAY_URL: proxied.gatewayUrl } });
      expect(proxied.gateway.live).toBe(1);
      const { callback } = await proxied.slash(user(snowflake(), "x"), "leak", "help");
      expect(callback.body.type).toBe(4);
      await bot.stop();
    } finally {
      await proxied.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
