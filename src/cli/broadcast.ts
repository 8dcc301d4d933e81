import { hostname } from "node:os";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { ConfigError, type App } from "../app.js";
import { createDispatcher, limitsFromEnv, type Dispatcher } from "../broadcast/dispatcher.js";
import { broadcastReplies } from "../broadcast/file.js";
import { loadBroadcastFile } from "./broadcast-file.js";
import { awaitBroadcast, requestBroadcast, type BroadcastAnswer, type BroadcastRequest, type DryRun } from "./broadcast-handover.js";
import { localeOf, recipients, runBroadcast, type BroadcastProgress, type BroadcastReport } from "../broadcast/run.js";
import type { ChannelModule, RunningChannel } from "../channel.js";
import { parseConfig, type Config } from "../config.js";
import { formatDiagnostics } from "../content/diagnostics.js";
import { loadPack } from "../content/loader.js";
import { packDirs, defaultContentDir } from "../content/pack-dirs.js";
import { listPidFiles } from "../store/run-files.js";
import type { CliIo } from "./io.js";

/** The channels a broadcast can reach: those that can start a message to a user (the `push` capability). */
const pushChannels = (modules: readonly ChannelModule[]) => modules.filter((m) => m.capabilities?.push).map((m) => m.name);
const usage = (modules: readonly ChannelModule[]) => `usage: afterleak broadcast FILE.yaml [--dry-run] [--pack ID] [--channel ${pushChannels(modules).join("|")}] [--json]\n`;

/** The outbox worker id: the lowdb folder has one owner at a time, so its id is stable and a restart takes its leases back; on Redis each process has its own. */
export function broadcastWorker(config: Pick<Config, "STORE_URL" | "DATA_DIR">): string {
  const url = config.STORE_URL;
  return url && /^rediss?:/.test(url) ? `${hostname()}-${process.pid}` : `local:${resolve(config.DATA_DIR)}`;
}

const isLowdb = (config: Pick<Config, "STORE_URL">) => !config.STORE_URL || config.STORE_URL.startsWith("lowdb:");
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
};

/** Recipients per channel and locale and one plain sample per channel (the channel's renderer adds only its formatting). */
export async function dryRun(app: Pick<App, "engine" | "store">, req: BroadcastRequest, channels: readonly RunningChannel[] | undefined): Promise<DryRun> {
  const out: DryRun = { recipients: {}, samples: {}, unreachable: [] };
  for await (const { sub, pack } of recipients({ file: req.file, engine: app.engine, ...(req.pack ? { pack: req.pack } : {}), ...(req.channel ? { channel: req.channel } : {}) })) {
    const locale = await localeOf(app.store, sub.key, pack);
    const per = (out.recipients[sub.platform] ??= {});
    per[locale] = (per[locale] ?? 0) + 1;
    if (!out.samples[sub.platform]) {
      const text = broadcastReplies(req.file, locale, pack.meta.defaultLocale)
        .map((r) => (r.kind === "text" ? r.text : r.kind === "links" ? r.links.map((l) => `${l.label}: ${l.url}`).join("\n") : ""))
        .join("\n");
      out.samples[sub.platform] = { locale, text };
    }
  }
  if (channels) out.unreachable = Object.keys(out.recipients).filter((p) => !channels.some((c) => c.name === p && c.push));
  return out;
}

/** What an instance does with a handed-over request (and the command itself when no instance runs). */
export async function answerBroadcast(
  req: BroadcastRequest,
  ctx: { app: Pick<App, "engine" | "store" | "config" | "logger">; channels: readonly RunningChannel[]; dispatcher: Dispatcher },
  onProgress?: (p: BroadcastProgress) => void,
): Promise<BroadcastAnswer> {
  if (req.dryRun) return { dryRun: await dryRun(ctx.app, req, ctx.channels) };
  // The bar's 100%: the subscribers this run goes to (one pass over the index, before sending).
  let total: number | undefined;
  if (onProgress) {
    total = 0;
    for await (const _ of recipients({ file: req.file, engine: ctx.app.engine, ...(req.pack ? { pack: req.pack } : {}), ...(req.channel ? { channel: req.channel } : {}) })) total++;
  }
  const report = await runBroadcast({
    file: req.file,
    engine: ctx.app.engine,
    store: ctx.app.store,
    channels: ctx.channels,
    dispatcher: ctx.dispatcher,
    worker: broadcastWorker(ctx.app.config),
    logger: ctx.app.logger,
    ...(req.pack ? { pack: req.pack } : {}),
    ...(req.channel ? { channel: req.channel } : {}),
    ...(onProgress ? { onProgress: (p: BroadcastProgress) => onProgress({ ...p, ...(total !== undefined ? { total } : {}) }) } : {}),
  });
  return { report };
}

/** A progress line (a bar on a terminal). */
function progressWriter(io: CliIo): (p: BroadcastProgress) => void {
  const tty = (io.stderr as NodeJS.WriteStream).isTTY === true;
  let last = 0;
  return (p) => {
    if (!tty || (Date.now() - last < 100 && p.seen !== p.total)) return;
    last = Date.now();
    // Recipients handled so far (sent, failed, unsubscribed, done earlier or left for later) of all of them.
    const total = Math.max(1, p.total ?? p.seen, p.seen);
    const width = 24;
    const filled = Math.min(width, Math.round((p.seen / total) * width));
    io.stderr.write(`\r[${"#".repeat(filled)}${" ".repeat(width - filled)}] ${p.seen}/${p.total ?? "?"}: ${p.sent} sent, ${p.failed} failed, ${p.unsubscribed} unsubscribed, ${p.remaining} remaining`);
  };
}

const formatReport = (r: BroadcastReport) =>
  `broadcast ${r.id}: sent ${r.sent}, failed ${r.failed}, unsubscribed ${r.unsubscribed}, remaining ${r.remaining}` +
  (r.done ? ` (${r.done} already delivered earlier)` : "") +
  (r.unconfirmed ? `; unconfirmed ${r.unconfirmed} (a sender was killed mid-request: not sent again, see docs/faults.md)` : "") +
  (r.places ? `; places: posted ${r.places.sent}, failed ${r.places.failed}, dropped ${r.places.unsubscribed}, later ${r.places.later}` : "") +
  (r.remaining ? "\nrun the command again later to deliver the remaining ones\n" : "\n");

function formatDryRun(id: string, d: DryRun): string {
  const lines = [`dry run of ${id}: nothing sent`];
  for (const [ch, per] of Object.entries(d.recipients)) {
    lines.push(`  ${ch}: ${Object.values(per).reduce((a, b) => a + b, 0)} recipient(s) (${Object.entries(per).map(([l, n]) => `${l} ${n}`).join(", ")})`);
  }
  if (!Object.keys(d.recipients).length) lines.push("  no subscribers");
  for (const ch of d.unreachable) lines.push(`  ${ch}: no channel can send here (token not configured?)`);
  for (const [ch, s] of Object.entries(d.samples)) lines.push(`--- sample for ${ch} (${s.locale}) ---`, s.text);
  return `${lines.join("\n")}\n`;
}

/**
 * `afterleak broadcast FILE.yaml [--dry-run] [--pack ID] [--channel P] [--json]`: validates the
 * update against the packs, then sends it. With lowdb and a running instance the instance sends
 * (handover.ts); otherwise this process starts the channels for sending only and sends itself.
 */
export async function broadcastCommand(args: string[], io: CliIo, modules: readonly ChannelModule[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { "dry-run": { type: "boolean" }, pack: { type: "string" }, channel: { type: "string" }, json: { type: "boolean" } },
  });
  const path = positionals[0];
  if (!path) return (io.stderr.write(usage(modules)), 2);
  if (values.channel && !pushChannels(modules).includes(values.channel)) return (io.stderr.write(`unknown channel '${values.channel}'\n${usage(modules)}`), 2);
  const configSchemas = modules.flatMap((m) => (m.configSchema ? [m.configSchema] : []));
  const { config, problems } = parseConfig(io.env, configSchemas);
  if (!config) throw new ConfigError(problems);
  const packs = await Promise.all(packDirs(config.CONTENT_DIR ?? defaultContentDir()).map((d) => loadPack(d)));
  if (values.pack && !packs.some((p) => p.meta.id === values.pack)) return (io.stderr.write(`unknown pack '${values.pack}' (configured: ${packs.map((p) => p.meta.id).join(", ")})\n`), 2);
  const { file, diagnostics } = await loadBroadcastFile(path, packs, { today: new Date().toISOString().slice(0, 10) });
  if (!file) return (io.stderr.write(`${formatDiagnostics(diagnostics)}\n`), 1);
  const req: BroadcastRequest = { file, ...(values.pack ? { pack: values.pack } : {}), ...(values.channel ? { channel: values.channel } : {}), ...(values["dry-run"] ? { dryRun: true } : {}) };
  const progress = progressWriter(io);

  let answer: BroadcastAnswer | undefined;
  const owner = isLowdb(config) ? (await listPidFiles(config.DATA_DIR)).find((pid) => pid !== process.pid && alive(pid)) : undefined;
  if (owner !== undefined) {
    io.stderr.write(`handing the broadcast to the running instance (pid ${owner})\n`);
    const id = await requestBroadcast(config.DATA_DIR, req);
    const takeMs = Number(io.env.BROADCAST_HANDOVER_WAIT_MS);
    answer = await awaitBroadcast(config.DATA_DIR, id, { alive: () => alive(owner), onProgress: progress, ...(takeMs > 0 ? { takeMs } : {}) });
    if (!answer) return (io.stderr.write("\nthe running instance stopped before it finished; run the command again to resume\n"), 1);
  } else {
    answer = await sendHere(io, configSchemas, modules, req, progress);
  }
  if ((io.stderr as NodeJS.WriteStream).isTTY) io.stderr.write("\n");
  if (answer.error) return (io.stderr.write(`broadcast failed: ${answer.error}\n`), 1);
  if (values.json) io.stdout.write(`${JSON.stringify(answer.report ?? answer.dryRun)}\n`);
  else io.stdout.write(answer.dryRun ? formatDryRun(file.id, answer.dryRun) : formatReport(answer.report as BroadcastReport));
  return 0;
}

/** No instance owns the store: open it here, start the channels that can push (sending only), send, close. */
async function sendHere(io: CliIo, configSchemas: NonNullable<Parameters<typeof parseConfig>[1]>, modules: readonly ChannelModule[], req: BroadcastRequest, progress: (p: BroadcastProgress) => void): Promise<BroadcastAnswer> {
  const { createApp } = await import("../app.js");
  const app = await createApp(io.env, { configSchemas });
  (await import("../runtime.js")).applyHeapGrowth(app.config.HEAP_GROWING_PERCENT);
  const running: RunningChannel[] = [];
  try {
    if (req.dryRun) return { dryRun: await dryRun(app, req, undefined) };
    const dispatcher = createDispatcher({ limits: limitsFromEnv(io.env) });
    const anyPlatform = modules.some((m) => m.platform && m.enabled(app.config, { anyPlatform: false }));
    for (const m of modules) {
      if (m.capabilities?.push !== true || !m.enabled(app.config, { anyPlatform }) || (req.channel && m.name !== req.channel)) continue;
      running.push(await m.start({ engine: app.engine, store: app.store, config: app.config, logger: app.logger, traffic: dispatcher, pushOnly: true }));
    }
    return await answerBroadcast(req, { app, channels: running, dispatcher }, progress);
  } finally {
    await Promise.allSettled(running.map((r) => r.stop()));
    await app.close();
  }
}
