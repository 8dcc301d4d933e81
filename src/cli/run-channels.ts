import type { ChannelModule, RunningChannel } from "../channel.js";
import type { CliIo } from "./io.js";
import { applyHeapGrowth } from "../runtime.js";
import { createApp, cutoff } from "./loaders.js";

/** Longest a stop waits for turns in flight before it closes the store anyway. */
const STOP_DRAIN_MS = 10_000;

/**
 * `start` / `chat`: runs `modules` until a signal or until every channel has ended. The configuration
 * is checked against every known channel's variables (`all`), so a bad one is never silently ignored.
 */
export async function runChannels(io: CliIo, modules: ChannelModule[], mode: "start" | "chat", all: ChannelModule[]): Promise<number> {
  const app = await createApp(io.env, {
    configSchemas: all.flatMap((m) => (m.configSchema ? [m.configSchema] : [])),
    handoff: (config) => (platform) => modules.some((m) => m.name === platform && m.handoff?.(config) === true),
    reminders: (platform) => mode === "start" && modules.some((m) => m.name === platform && m.capabilities?.push === true),
  });
  const { config, logger } = app;
  applyHeapGrowth(config.HEAP_GROWING_PERCENT);
  const anyPlatform = modules.some((m) => m.platform && m.enabled(config, { anyPlatform: false }));
  const chosen = mode === "chat" ? modules : modules.filter((m) => m.enabled(config, { anyPlatform }));
  // The retention purge reads every stored user (~0.5 s at 100k on lowdb), so it runs beside the
  // channels, never before them; stop waits for it before the store closes.
  let purging: Promise<void> | undefined;
  const purge = () =>
    (purging ??= app.store
      .purgeIdle(cutoff(app))
      .then((n) => void (n > 0 && logger.info({ removed: n }, "retention purge")))
      .catch((err: unknown) => logger.error({ err }, "retention purge failed"))
      .finally(() => (purging = undefined)));
  const daily = setInterval(() => void purge(), 86_400_000);
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
    await purging;
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
  if (!stopping) void purge();
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
