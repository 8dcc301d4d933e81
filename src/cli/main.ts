import { parseArgs } from "node:util";
import type { App } from "../app.js";
import type { ChannelModule, RunningChannel } from "../channel.js";
import type { ContentPack } from "../content/pack.js";

/** Longest a stop waits for turns in flight before it closes the store anyway. */
const STOP_DRAIN_MS = 10_000;

// Every module below is loaded by the command that needs it, so `help` and the support commands
// start in a fraction of a second and never load the matcher, the store or a platform SDK.
const createApp: (typeof import("../app.js"))["createApp"] = async (...a) => (await import("../app.js")).createApp(...a);
const loadPack = async (dir: string) => (await import("../content/loader.js")).loadPack(dir);
/** The pack's matcher, its trained model loaded from (or written to) `DATA_DIR/matcher-cache/` when unchanged. */
const matcherFromPack = async (pack: ContentPack, io: CliIo) => {
  const m = await import("../matcher/from-pack.js");
  const { fileModelCache } = await import("../store/model-cache-file.js");
  m.useModelCache(
    fileModelCache(`${io.env.DATA_DIR || "data"}/matcher-cache`, (e) => {
      if (e.kind === "rejected" || e.kind === "save-failed") io.stderr.write(`matcher cache: ${e.file}: ${e.kind} (${e.reason}); trained instead\n`);
      if (e.kind === "saved" && io.env.AFTERLEAK_CACHE_REPORT === "1") io.stderr.write(`matcher cache: wrote ${e.file}\n`);
    }),
  );
  return m.matcherFromPack(pack);
};
/** Configuration, content and store-file problems are reported as their message alone (no stack). */
const EXPECTED_ERRORS = new Set(["ConfigError", "DiagnosticsError", "StoreFileError"]);

const USAGE = `afterleak: a chatbot for people whose personal data leaked

Usage: afterleak <command> [options]

  start                     run the bot on every configured channel (a local chat when no token is set)
  chat                      chat in this terminal (numbered choices; reads piped stdin line by line)
  check-content [DIR] [--strict] [--today YYYY-MM-DD] [--write-cache]   validate a content pack (default: CONTENT_DIR), then lint
                            freshness and wording (warnings; errors with --strict); --write-cache: also train and
                            cache its matcher model in DATA_DIR/matcher-cache/
  new-pack DIR [--id ID] [--locales ko,en] [--default LOCALE]   scaffold a content pack for a new incident (every TODO is
                            reported by check-content as file:line; content/FORMAT.md has the guide)
  reload                    make the running bot re-read its content pack (SIGHUP to the pids in DATA_DIR/run, or Redis pub/sub)
  classify [--pack DIR]     JSON Lines {"text","locale"?} on stdin -> {"topic","score","alternatives"} per line
  eval FILE [--json] [--misses] [--pack DIR]   matcher accuracy on labelled JSON Lines {"text","locale","expect"}
  eval-routing FILE [--json]   several packs (CONTENT_DIR=a,b): routing of {"text","locale","pack"} lines to their pack
  check-message             JSON Lines {"text","locale"?} on stdin -> {"verdict","flags","score"} per line (is it a scam?)
  eval-check FILE [--json] [--misses]   scam checker figures on labelled JSON Lines {"text","locale","verdict"}
  eval-conversations FILE [--json]   conversation moves, prompts and follow-ups on labelled JSON Lines {"id","locale","turns","expect"}
  forget --platform P --user ID   delete everything kept about one user (support staff)
  purge                     delete users idle longer than RETENTION_DAYS
  broadcast FILE.yaml [--dry-run] [--pack ID] [--channel telegram|discord|web] [--json]   send an incident update to
                            every subscriber in their language, once per id (a running lowdb instance sends it)
  stats [--since 7d] [--json] [--top 10]      conversations, deflection, fallbacks, helpfulness, top topics, task funnel
  unanswered [--format jsonl] [--since 30d]   unanswered questions (redacted, grouped) for content work
  help                      this text

Configuration comes from the environment and .env (see .env.example).
`;

/** Extra commands a composition root can add (e.g. `discord-register`), keeping SDKs out of the core. */
export interface CliCommand {
  name: string;
  usage: string;
  run(args: string[], io: CliIo): Promise<number>;
}

/** Streams of a CLI run (tests pass their own). */
export interface CliIo {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: Record<string, string | undefined>;
}

/**
 * Runs the `afterleak` command line. Channels and extra commands are passed in by the
 * composition root so `src/` never imports an adapter.
 */
export async function runCli(
  argv: string[],
  deps: { channels: ChannelModule[]; commands?: CliCommand[] },
  io: CliIo = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env },
): Promise<number> {
  const [cmd = "help", ...rest] = argv;
  try {
    switch (cmd) {
      case "start":
        return await runChannels(io, deps.channels, "start", deps.channels);
      case "chat":
        return await runChannels(io, deps.channels.filter((c) => c.capabilities?.terminal === true), "chat", deps.channels);
      case "check-content": {
        // --write-cache: a pack that passes also gets its trained matcher model in DATA_DIR/matcher-cache/ (a deploy step).
        const write = rest.includes("--write-cache");
        const code = await (await import("./check-content.js")).checkContentCli(rest.filter((a) => a !== "--write-cache"), await contentDir(io), io.stdout, io.stderr);
        if (code === 0 && write) {
          const dir = rest.find((a, i) => !a.startsWith("-") && !/^--today$/.test(rest[i - 1] ?? ""));
          await matcherFromPack(await loadPack(dir ?? (await contentDir(io))), io);
          const { matcherBuilds } = await import("../matcher/from-pack.js");
          io.stdout.write(`matcher model ${matcherBuilds().loaded ? "already cached" : "trained and cached"} in ${io.env.DATA_DIR || "data"}/matcher-cache/\n`);
        }
        return code;
      }
      case "new-pack":
        return await (await import("./new-pack.js")).newPackCli(rest, io.stdout, io.stderr);
      case "classify": {
        const { values } = parseArgs({ args: rest, options: { pack: { type: "string" } } });
        const pack = await loadPack(values.pack ?? (await contentDir(io)));
        return await (await import("./classify.js")).classifyCommand(await matcherFromPack(pack, io), io.stdin, io.stdout);
      }
      case "eval":
        return await evalCommand(rest, io);
      case "eval-routing":
        return await evalRoutingCommand(rest, io);
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
        return await forgetCommand(rest, io);
      case "purge":
        return await withApp(io, async (app) => {
          const n = await app.store.purgeIdle(cutoff(app));
          io.stdout.write(`removed ${n} idle user(s)\n`);
          return 0;
        });
      case "broadcast":
        return await (await import("./broadcast.js")).broadcastCommand(rest, io, deps.channels);
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
        io.stdout.write(USAGE + (deps.commands ?? []).map((c) => `  ${c.usage}\n`).join(""));
        return 0;
      default: {
        const extra = deps.commands?.find((c) => c.name === cmd);
        if (extra) return await extra.run(rest, io);
        io.stderr.write(`unknown command '${cmd}'\n\n${USAGE}`);
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

/** CONTENT_DIR as configured: one pack, a comma list or a folder of packs. */
const contentSpec = async (io: CliIo) => (await import("../config.js")).parseConfig(io.env).config?.CONTENT_DIR ?? (await import("../content/pack-dirs.js")).defaultContentDir();
/** The pack a one-pack command (check-content, classify, eval, …) works on: the first CONTENT_DIR names. */
const contentDir = async (io: CliIo) => {
  const spec = await contentSpec(io);
  return (await import("../content/pack-dirs.js")).packDirs(spec)[0] ?? spec;
};
const cutoff = (app: App) => new Date(Date.now() - app.config.RETENTION_DAYS * 86_400_000);

async function withApp(io: CliIo, fn: (app: App) => Promise<number>): Promise<number> {
  const app = await createApp(io.env);
  try {
    return await fn(app);
  } finally {
    await app.close();
  }
}

/** `eval-routing FILE [--json]`: cross-pack routing over every pack CONTENT_DIR names. */
async function evalRoutingCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: "boolean" } } });
  const file = positionals[0];
  if (!file) {
    io.stderr.write("usage: afterleak eval-routing FILE [--json]   (CONTENT_DIR names two or more packs)\n");
    return 2;
  }
  const { evaluateRouting, formatRouting, readPackLabelled } = await import("./eval-routing.js");
  const { packDirs } = await import("../content/pack-dirs.js");
  const packs = await Promise.all(packDirs(await contentSpec(io)).map((d) => loadPack(d)));
  const { createPackRouter } = await import("../engine/pack-set.js");
  const { items, errors } = await readPackLabelled(file);
  for (const e of errors) io.stderr.write(`${e}\n`);
  const report = evaluateRouting(createPackRouter(packs), packs.map((p) => p.meta.id), items);
  io.stdout.write(values.json ? `${JSON.stringify(report)}\n` : formatRouting(report));
  return errors.length ? 1 : 0;
}

async function evalCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: "boolean" }, misses: { type: "boolean" }, pack: { type: "string" } } });
  const file = positionals[0];
  if (!file) {
    io.stderr.write("usage: afterleak eval FILE [--json] [--misses] [--pack DIR]\n");
    return 2;
  }
  const { evaluate, formatReport, readLabelled } = await import("./eval.js");
  const { items, errors } = await readLabelled(file);
  for (const e of errors) io.stderr.write(`${e}\n`);
  const report = evaluate(await matcherFromPack(await loadPack(values.pack ?? (await contentDir(io))), io), items);
  io.stdout.write(values.json ? `${JSON.stringify({ ...report, misses: values.misses ? report.misses : undefined })}\n` : formatReport(report, { misses: values.misses }));
  return errors.length ? 1 : 0;
}

async function forgetCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: { platform: { type: "string" }, user: { type: "string" } } });
  if (!values.platform || !values.user) {
    io.stderr.write("usage: afterleak forget --platform telegram --user ID\n");
    return 2;
  }
  const { platform, user } = values;
  return withApp(io, async (app) => {
    const removed = await app.engine.forget({ platform, userId: user });
    io.stdout.write(removed ? `deleted everything kept about ${platform} user ${user}\n` : `nothing stored for ${platform} user ${user}\n`);
    return 0;
  });
}

/** Runs `modules`; the configuration is checked against every known channel's variables (`all`), so a bad one is never silently ignored. */
async function runChannels(io: CliIo, modules: ChannelModule[], mode: "start" | "chat", all: ChannelModule[]): Promise<number> {
  const app = await createApp(io.env, {
    configSchemas: all.flatMap((m) => (m.configSchema ? [m.configSchema] : [])),
    handoff: (config) => (platform) => modules.some((m) => m.name === platform && m.handoff?.(config) === true),
    reminders: (platform) => mode === "start" && modules.some((m) => m.name === platform && m.capabilities?.push === true),
  });
  const { config, logger } = app;
  const anyPlatform = modules.some((m) => m.platform && m.enabled(config, { anyPlatform: false }));
  const chosen = mode === "chat" ? modules : modules.filter((m) => m.enabled(config, { anyPlatform }));
  const purge = async () => {
    const n = await app.store.purgeIdle(cutoff(app));
    if (n > 0) logger.info({ removed: n }, "retention purge");
  };
  await purge();
  const daily = setInterval(() => void purge().catch((err: unknown) => logger.error({ err }, "retention purge failed")), 86_400_000);
  daily.unref();
  // Content updates without downtime: SIGHUP, `afterleak reload`, Redis pub/sub (src/reload.ts).
  const reloads = mode === "start" ? await (await import("../reload.js")).startReloadTriggers({ config, reloader: app.reloader, logger }) : undefined;
  const running: RunningChannel[] = [];
  // One outgoing budget per process: users' replies, reminders and broadcasts (src/broadcast/dispatcher.ts).
  const { createDispatcher, limitsFromEnv } = await import("../broadcast/dispatcher.js");
  const dispatcher = createDispatcher({ limits: limitsFromEnv(io.env) });
  let broadcasts: { stop(): Promise<void> } | undefined;
  // Reminders go out through the channels started below (their `push`), from the first scan on.
  let reminders: { stop(): Promise<void> } | undefined;
  let stopping = false;
  let resolveEnded: () => void = () => undefined;
  const ended = new Promise<void>((resolve) => (resolveEnded = resolve));
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    clearInterval(daily);
    await reminders?.stop();
    await broadcasts?.stop();
    await Promise.allSettled(running.map((r) => r.stop()));
    await reloads?.stop();
    // Turns and support actions still in flight finish before the store closes (every channel, one
    // rule), within a bound: a turn is itself bounded by the store deadline, this is the backstop.
    let timer: NodeJS.Timeout | undefined;
    const drained = await Promise.race([app.engine.idle().then(() => true), new Promise<false>((r) => (timer = setTimeout(r, STOP_DRAIN_MS, false)))]);
    clearTimeout(timer);
    if (!drained) logger.warn({ ms: STOP_DRAIN_MS }, "stopping with turns still in flight");
    await app.close();
    resolveEnded();
  };
  // Signals are handled from the start, so a stop during start-up still closes the store.
  const onSignal = (sig: string) => {
    logger.info({ sig }, "shutting down");
    void stop();
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    for (const m of chosen) {
      if (stopping) break;
      const started = await m.start({ engine: app.engine, store: app.store, config, logger, traffic: dispatcher });
      // A signal during this start already ran `stop`; stop this channel too instead of leaking it.
      if (stopping) {
        await started.stop();
        break;
      }
      running.push(started);
      logger.info({ channel: m.name }, "channel started");
    }
  } catch (err) {
    await stop();
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    throw err;
  }
  if (mode === "start" && !stopping) {
    const [{ startReminderService }, { watchBroadcastRequests }, { answerBroadcast }] = await Promise.all([
      import("../reminder-service.js"),
      import("./broadcast-handover.js"),
      import("./broadcast.js"),
    ]);
    // A signal while these loaded already ran `stop`: starting them now would keep the process alive.
    if (!stopping) startServices(startReminderService, watchBroadcastRequests, answerBroadcast);
  }
  function startServices(
    startReminderService: typeof import("../reminder-service.js").startReminderService,
    watchBroadcastRequests: typeof import("./broadcast-handover.js").watchBroadcastRequests,
    answerBroadcast: typeof import("./broadcast.js").answerBroadcast,
  ): void {
    reminders = startReminderService({ engine: app.engine, store: app.store, channels: running, quiet: { timeZone: config.REMINDER_TIME_ZONE, ...config.REMINDER_QUIET_HOURS }, logger, dispatcher });
    // `afterleak broadcast` hands its update to this instance through DATA_DIR/run (the store is opened once).
    broadcasts = watchBroadcastRequests(config.DATA_DIR, (req, progress) => answerBroadcast(req, { app, channels: running, dispatcher }, progress), {
      onError: (err) => logger.error({ err }, "broadcast hand-over failed"),
    });
  }
  const dones = running.map((r) => r.done).filter((d): d is Promise<void> => !!d);
  if (dones.length && dones.length === running.length) void Promise.all(dones).then(stop);
  await ended;
  process.off("SIGINT", onSignal);
  process.off("SIGTERM", onSignal);
  return 0;
}
