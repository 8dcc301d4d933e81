import { userInfo } from "node:os";
import type { ChannelModule } from "../../src/channel-kit.js";

/** The terminal chat: `afterleak chat`. `npm start` runs the web chat instead when no platform is configured. */
export const consoleChannel: ChannelModule = {
  name: "console",
  capabilities: { terminal: true },
  platform: false,
  enabled: () => false,
  async start({ engine, logger }) {
    const { runConsoleSession } = await import("./session.js");
    const interactive = !!process.stdin.isTTY;
    const session = runConsoleSession({
      engine,
      logger,
      input: process.stdin,
      output: process.stdout,
      user: { platform: "console", userId: userInfo().username, chat: "private" },
      localeHint: process.env.LANG,
      interactive,
    });
    if (interactive) process.stdout.write("(Ctrl-C to quit)\n");
    return { name: "console", done: session.done, stop: async () => session.close() };
  },
};
