// The bot of bench/broadcast.ts, in a child process so that it can be killed -9: the lowdb store
// in --dir, the Telegram channel polling the emulator at --api-root, a broadcast at --rate/s after
// --delay-ms. It reports on stdout, one JSON line each: its peak RSS and event-loop delay (every
// 250 ms), `ready`, `started`, and the broadcast's report.
//
// Plain JavaScript, so that it can run the compiled dist/ with plain node, as production does
// (bin/afterleak.mjs runs dist/ when it is fresh): the tsx loader alone adds some 45 MB of RSS.
// With --source it runs the TypeScript sources instead (spawn it with `--import tsx`).
import { monitorEventLoopDelay } from "node:perf_hooks";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    source: { type: "boolean", default: false },
    dir: { type: "string" },
    "api-root": { type: "string" },
    rate: { type: "string" },
    concurrency: { type: "string" },
    id: { type: "string" },
    "delay-ms": { type: "string", default: "0" },
    token: { type: "string" },
    secret: { type: "string" },
  },
});
const from = values.source ? "../" : "../dist/";
const { createEngine, createLogger, createLowdbStore, loadPack, parseConfig } = await import(`${from}src/index.js`);
const { startTelegram } = await import(`${from}adapters/telegram/index.js`);
const { telegramConfigSchema } = await import(`${from}adapters/telegram/config.js`);
const { createDispatcher } = await import(`${from}src/broadcast/dispatcher.js`);
const { runBroadcast } = await import(`${from}src/broadcast/run.js`);

const say = (m) => process.stdout.write(`${JSON.stringify(m)}\n`);
let peak = 0;
// The bot's event-loop delay: a long stall shows up in users' reply latency.
const lag = monitorEventLoopDelay({ resolution: 10 });
lag.enable();
// What the RSS was made of when it peaked (MB): the JS heap, and memory outside it (buffers).
let atPeak = {};
const rss = setInterval(() => {
  const m = process.memoryUsage();
  if (m.rss > peak) atPeak = { heapTotal: m.heapTotal >> 20, heapUsed: m.heapUsed >> 20, external: m.external >> 20, arrayBuffers: m.arrayBuffers >> 20 };
  peak = Math.max(peak, m.rss);
  say({ rss: peak, atPeak, lagMaxMs: Math.round(lag.max / 1e6), lagP99Ms: Math.round(lag.percentile(99) / 1e6) });
}, 250);
const { applyHeapGrowth } = await import(`${from}src/runtime.js`);
// As `afterleak start` does with the default HEAP_GROWING_PERCENT (src/config.ts).
applyHeapGrowth(parseConfig({}).config.HEAP_GROWING_PERCENT);
const store = await createLowdbStore({ dir: values.dir });
const pack = await loadPack("content/coupang-2025");
const engine = createEngine({ pack, store, secret: values.secret });
// The matcher trains on the first question: do it before the idle latency is measured.
await engine.handle({ kind: "text", text: "was my card number leaked?", user: { platform: "bench", userId: "warm-up", chat: "private" } });
// In-flight sends: the production default unless --concurrency says otherwise.
const dispatcher = createDispatcher({ limits: { telegram: { perSecond: Number(values.rate), ...(values.concurrency ? { concurrency: Number(values.concurrency) } : {}) } } });
const { config } = parseConfig({ TELEGRAM_BOT_TOKEN: values.token, TELEGRAM_API_ROOT: values["api-root"] }, [telegramConfigSchema]);
const channel = await startTelegram({ engine, store, config, logger: createLogger("silent"), traffic: dispatcher }, { minEmptyPollMs: 20 });
say({ ready: true });
await new Promise((r) => setTimeout(r, Number(values["delay-ms"])));
lag.reset(); // start-up (the matcher's training) is not the broadcast's
say({ started: Date.now() });
const report = await runBroadcast({
  file: { id: values.id, text: { en: "Bench update: the regulator announced a fine.", ko: "벤치 소식: 과징금이 발표됐어요." } },
  engine,
  store,
  channels: [channel],
  dispatcher,
  worker: "bench-worker",
});
say({ report, rss: Math.max(peak, process.memoryUsage.rss()) });
clearInterval(rss);
await channel.stop();
await store.close();
process.exit(0);
