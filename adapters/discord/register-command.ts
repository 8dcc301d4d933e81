import type { CliCommand } from "../../src/channel-kit.js";

/** `afterleak discord-register`, loading discord.js only when it runs (register.ts). Imports nothing at load (help lists it). */
export const discordRegisterCommand: CliCommand = {
  name: "discord-register",
  usage: "discord-register [--guild ID]   register the Discord slash commands (in one server, or globally)",
  run: async (args, io) => (await import("./register.js")).discordRegisterCommand.run(args, io),
};
