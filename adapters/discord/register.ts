import { parseArgs } from "node:util";
import { REST, Routes, type APIApplication } from "discord.js";
import { loadPack, packDirs, parseConfig, type CliCommand } from "../../src/index.js";
import { discordConfigSchema, type DiscordConfig } from "./config.js";
import { commandDefinitions } from "./commands/index.js";

/**
 * `afterleak discord-register [--guild ID]`: registers `/leak` and `/leak-admin`, described in
 * every locale of the content pack (`CONTENT_DIR`, ui.yaml `commands:`). With `--guild` they appear in that server at once (for testing); without,
 * globally. The application id comes from `DISCORD_APPLICATION_ID` or is looked up with the token.
 */
export const discordRegisterCommand: CliCommand = {
  name: "discord-register",
  usage: "discord-register [--guild ID]   register the Discord slash commands (in one server, or globally)",
  async run(args, io) {
    let guild: string | undefined;
    try {
      guild = parseArgs({ args, options: { guild: { type: "string" } } }).values.guild;
    } catch (err) {
      io.stderr.write(`${(err as Error).message}\nusage: afterleak discord-register [--guild ID]\n`);
      return 2;
    }
    if (guild !== undefined && !/^\d+$/.test(guild)) {
      io.stderr.write("--guild expects a numeric server id (Discord: Settings > Advanced > Developer Mode, then right-click the server > Copy Server ID)\n");
      return 2;
    }
    const { config, problems } = parseConfig<DiscordConfig>(io.env, [discordConfigSchema]);
    if (!config) {
      for (const p of problems) io.stderr.write(`${p.variable}: ${p.message}\n`);
      return 1;
    }
    if (!config.DISCORD_BOT_TOKEN) {
      io.stderr.write("DISCORD_BOT_TOKEN is not set (Discord Developer Portal > your application > Bot > Reset Token)\n");
      return 1;
    }
    let pack;
    let packs;
    try {
      // With several packs (CONTENT_DIR=a,b) the first names the commands, as it does at run time.
      packs = await Promise.all(packDirs(config.CONTENT_DIR).map((dir) => loadPack(dir)));
      pack = packs[0]!;
    } catch (err) {
      io.stderr.write(`${(err as Error).message}\n`);
      return 1;
    }
    const rest = new REST(config.DISCORD_API_ROOT ? { api: config.DISCORD_API_ROOT.replace(/\/+$/, "") } : {}).setToken(config.DISCORD_BOT_TOKEN);
    try {
      const appId = config.DISCORD_APPLICATION_ID ?? ((await rest.get(Routes.currentApplication())) as APIApplication).id;
      const route = guild ? Routes.applicationGuildCommands(appId, guild) : Routes.applicationCommands(appId);
      const saved = (await rest.put(route, { body: commandDefinitions(pack, packs) })) as unknown[];
      io.stdout.write(
        guild
          ? `registered ${saved.length} commands in server ${guild}\n`
          : `registered ${saved.length} global commands (Discord clients may take a few minutes to show them)\n`,
      );
      return 0;
    } catch (err) {
      io.stderr.write(`Discord refused the registration: ${(err as Error).message}\n`);
      return 1;
    }
  },
};
