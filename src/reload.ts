import type { Config } from "./config.js";
import { formatDiagnostics, type Diagnostic } from "./content/diagnostics.js";
import { parsePackDir } from "./content/loader.js";
import { ageInDays, isPackStale, type ContentPack } from "./content/pack.js";
import type { Engine } from "./engine/engine.js";
import type { Logger } from "./logger.js";
import { matcherFromPack } from "./matcher/from-pack.js";
import { writePidFile, writeReloadStatus, type ReloadStatus } from "./store/run-files.js";

/** What a reload did: the new pack is serving, or the pack was refused and the old one still serves. */
export type ReloadOutcome =
  | { outcome: "reloaded"; pack: ContentPack }
  | { outcome: "refused"; diagnostics: readonly Diagnostic[] };

/** Re-reads the content pack on request; reloads run one after another. */
export interface Reloader {
  reload(trigger: string): Promise<ReloadOutcome>;
}

/**
 * Logs a warning when the pack's `reviewed` date is older than its `freshness.maxAgeDays`. Called
 * once per loaded pack (start-up and each reload), so the log says it once, not per message.
 */
export function warnIfStale(pack: ContentPack, logger: Logger, now: Date): boolean {
  if (!isPackStale(pack, now)) return false;
  logger.warn(
    { pack: pack.meta.id, reviewed: pack.meta.reviewed, ageDays: ageInDays(pack.meta.reviewed, now), maxAgeDays: pack.meta.freshness.maxAgeDays },
    "content pack is stale: re-check its facts and bump 'reviewed' (afterleak check-content lists what is old)",
  );
  return true;
}

/**
 * Creates the reloader of a running engine: reads and validates the pack in `dir`, trains its
 * matcher, then swaps both into the engine at once. A broken pack is refused with every problem
 * logged, and the old pack keeps serving. Conversations keep their state; a task whose step was
 * removed continues at the next step (engine/tasks.ts).
 *
 * @example
 * const reloader = createReloader({ dir: config.CONTENT_DIR, engine, logger });
 * process.on("SIGHUP", () => void reloader.reload("SIGHUP"));
 */
export function createReloader(opts: { dir: string; engine: Engine; logger: Logger; clock?: () => Date }): Reloader {
  const { dir, engine, logger } = opts;
  const clock = opts.clock ?? (() => new Date());
  let last: Promise<unknown> = Promise.resolve();

  async function run(trigger: string): Promise<ReloadOutcome> {
    const { pack, diagnostics } = await parsePackDir(dir);
    if (!pack) {
      logger.error(
        { trigger, dir, problems: diagnostics.length, serving: engine.pack.meta.id, reviewed: engine.pack.meta.reviewed },
        `content pack reload refused; the old pack keeps serving:\n${formatDiagnostics(diagnostics)}`,
      );
      return { outcome: "refused", diagnostics };
    }
    // Trained here, before the swap, so no conversation waits for it.
    const matcher = matcherFromPack(pack);
    engine.swap(pack, matcher);
    logger.info({ trigger, dir, pack: pack.meta.id, reviewed: pack.meta.reviewed, faq: pack.faq.length, tasks: pack.tasks.length }, "content pack reloaded");
    warnIfStale(pack, logger, clock());
    return { outcome: "reloaded", pack };
  }

  return {
    reload(trigger) {
      const next = last.then(() => run(trigger));
      last = next.catch(() => undefined);
      return next;
    },
  };
}

/**
 * Starts what triggers a reload in a running bot: SIGHUP, a pid file in `DATA_DIR/run/` for
 * `afterleak reload`, and with a Redis store a subscription on `RELOAD_CHANNEL`. Each outcome is
 * written to `DATA_DIR/run/<pid>.reload.json`. `stop` removes all of it.
 */
export async function startReloadTriggers(deps: { config: Config; reloader: Reloader; logger: Logger }): Promise<{ stop(): Promise<void> }> {
  const { config, reloader, logger } = deps;
  const url = config.STORE_URL;
  // The Redis client is loaded only with a Redis store (it is not small).
  const bus = url && /^rediss?:/.test(url) ? (await import("./store/reload-bus.js")).createReloadBus(url, config.RELOAD_CHANNEL) : undefined;
  const reload = (trigger: string) =>
    void reloader
      .reload(trigger)
      .then(async (r) => {
        const status: ReloadStatus = {
          at: new Date().toISOString(),
          outcome: r.outcome,
          ...(r.outcome === "reloaded"
            ? { pack: r.pack.meta.id, reviewed: r.pack.meta.reviewed }
            : { problems: formatDiagnostics(r.diagnostics).split("\n") }),
        };
        await writeReloadStatus(config.DATA_DIR, status);
        if (bus && trigger === "pubsub") await bus.report(status);
      })
      .catch((err: unknown) => logger.error({ err, trigger }, "content pack reload failed"));
  const onHup = () => reload("SIGHUP");
  process.on("SIGHUP", onHup);
  const pid = await writePidFile(config.DATA_DIR);
  if (bus) {
    await bus.subscribe(() => reload("pubsub")).catch((err: unknown) => logger.error({ err }, "could not subscribe to reload messages"));
  }
  return {
    async stop() {
      process.off("SIGHUP", onHup);
      await bus?.close();
      await pid.remove();
    },
  };
}
