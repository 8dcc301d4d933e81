import { parseArgs } from "node:util";
import type { ChannelModule } from "../channel.js";
import type { CliCommand, CliIo } from "./io.js";
import { contentDir, loadPack, matcherFromPack } from "./loaders.js";
import { USAGE, USAGE_FOOTER } from "./usage.js";

export type { CliCommand, CliIo } from "./io.js";

/** Configuration, content and store-file problems are reported as their message alone (no stack). */
const EXPECTED_ERRORS = new Set(["ConfigError", "DiagnosticsError", "StoreFileError"]);

/**
 * Runs the `afterleak` command line. Channels (or a function loading them, so `help` never imports
 * them) and extra commands are passed in by the composition root so `src/` never imports an adapter.
 */
export async function runCli(
  argv: string[],
  deps: { channels: ChannelModule[] | (() => Promise<ChannelModule[]>); commands?: CliCommand[] },
  io: CliIo = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env },
): Promise<number> {
  const [cmd = "help", ...rest] = argv;
  // The channels may be passed as a loader: commands that need none (help) never import their descriptors (zod).
  const channels = async () => (typeof deps.channels === "function" ? await deps.channels() : deps.channels);
  try {
    switch (cmd) {
      case "start":
        return await (await import("./run-channels.js")).runChannels(io, await channels(), "start", await channels());
      case "chat":
        return await (await import("./run-channels.js")).runChannels(io, (await channels()).filter((c) => c.capabilities?.terminal === true), "chat", await channels());
      case "check-content": {
        // --write-cache: a pack that passes also gets its trained matcher model in DATA_DIR/matcher-cache/ (a deploy step).
        const write = rest.includes("--write-cache");
        const code = await (await import("./check-content.js")).checkContentCli(rest.filter((a) => a !== "--write-cache"), await contentDir(io), io.stdout, io.stderr);
        if (code === 0 && write) {
          const dir = rest.find((a, i) => !a.startsWith("-") && !/^--today$/.test(rest[i - 1] ?? ""));
          await matcherFromPack(await loadPack(dir ?? (await contentDir(io)), io), io);
          const { matcherBuilds } = await import("../matcher/from-pack.js");
          io.stdout.write(`matcher model ${matcherBuilds().loaded ? "already cached" : "trained and cached"} in ${io.env.DATA_DIR || "data"}/matcher-cache/\n`);
        }
        return code;
      }
      case "new-pack":
        return await (await import("./new-pack.js")).newPackCli(rest, io.stdout, io.stderr);
      case "classify": {
        const { values } = parseArgs({ args: rest, options: { pack: { type: "string" } } });
        const pack = await loadPack(values.pack ?? (await contentDir(io)), io);
        return await (await import("./classify.js")).classifyCommand(await matcherFromPack(pack, io), io.stdin, io.stdout);
      }
      case "eval":
        return await (await import("./eval.js")).evalCommand(rest, io);
      case "eval-routing":
        return await (await import("./eval-routing.js")).evalRoutingCommand(rest, io);
      case "check-message": {
        const { checkMessageCommand } = await import("./check-message.js");
        const rules = (await loadPack(await contentDir(io))).scam;
        if (!rules) {
          io.stderr.write("the content pack has no scam.yaml: nothing to check with\n");
          return 1;
        }
        return await checkMessageCommand(rules, io.stdin, io.stdout);
      }
      case "eval-check": {
        const { evalCheckCli } = await import("./eval-check.js");
        return await evalCheckCli(rest, async () => (await loadPack(await contentDir(io))).scam, io.stdout, io.stderr);
      }
      case "eval-conversations": {
        const { evalConversationsCommand } = await import("./eval-conversations.js");
        return await evalConversationsCommand(rest, io, async () => {
          const pack = await loadPack(await contentDir(io));
          return { pack, matcher: await matcherFromPack(pack, io) };
        });
      }
      case "forget":
        return await (await import("./forget.js")).forgetCommand(rest, io);
      case "purge":
        return await (await import("./forget.js")).purgeCommand(io);
      case "broadcast":
        return await (await import("./broadcast.js")).broadcastCommand(rest, io, await channels());
      case "reload": {
        const { reloadCommand } = await import("./reload.js");
        return await reloadCommand(rest, io);
      }
      case "stats": {
        const { statsCommand } = await import("./stats.js");
        return await statsCommand(rest, io);
      }
      case "unanswered": {
        const { unansweredCommand } = await import("./unanswered.js");
        return await unansweredCommand(rest, io);
      }
      case "help":
      case "--help":
      case "-h":
        io.stdout.write(USAGE + (deps.commands ?? []).map((c) => `  ${c.usage}\n`).join("") + USAGE_FOOTER);
        return 0;
      default: {
        const extra = deps.commands?.find((c) => c.name === cmd);
        if (extra) return await extra.run(rest, io);
        io.stderr.write(`unknown command '${cmd}'\n\n${USAGE}${USAGE_FOOTER}`);
        return 2;
      }
    }
  } catch (err) {
    if (err instanceof Error && EXPECTED_ERRORS.has(err.name)) {
      io.stderr.write(`${err.message}\n`);
      return 1;
    }
    // Anything else (a channel that cannot start, a refused token): one clear line, the stack on request.
    const e = err instanceof Error ? err : new Error(String(err));
    io.stderr.write(`afterleak ${cmd}: ${e.message}\n${io.env.LOG_LEVEL === "debug" ? `${e.stack ?? ""}\n` : ""}`);
    return 1;
  }
}
