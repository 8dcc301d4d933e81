/**
 * Turn rate of afterleak's engine with the embedded store (lowdb, persisted) against Botkit 4 with
 * an in-memory two-turn dialog, in the same process and run (`npm run bench` prints it; the target
 * is at least 5x). Both sides are warmed up first; each side runs for the same wall time.
 *
 * Botkit: a `BotkitConversation` that asks one question and answers it, driven through
 * `BotkitTestClient` (botbuilder's TestAdapter, MemoryStorage): one dialog = two turns.
 * afterleak: `engine.handle` on text turns from rotating users, the pack's real matcher, guards,
 * router and analytics, and the lowdb store writing to a temporary folder. Both sides go through
 * the event loop between turns, so the store's writes are part of what is measured.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { Botkit, BotkitConversation, BotkitTestClient } from "botkit";
import { createEngine, createLowdbStore, loadPack } from "../src/index.js";

export interface CompareResult {
  botkitTurnsPerSec: number;
  engineTurnsPerSec: number;
  ratio: number;
  /** The same per second of this process's CPU time (user + system): steadier than wall time on a busy machine. */
  botkitTurnsPerCpuSec: number;
  engineTurnsPerCpuSec: number;
  cpuRatio: number;
}

interface Rate {
  wall: number;
  cpu: number;
}

const QUESTIONS = ["was my card number leaked?", "how do I change my password", "카드번호도 유출됐나요?", "스미싱 문자 받았어요", "what should I do first", "was my address leaked"];

async function timed(ms: number, turn: (i: number) => Promise<void>): Promise<Rate> {
  const end = performance.now() + ms;
  const start = performance.now();
  const cpu0 = process.cpuUsage();
  let n = 0;
  // Each turn after a trip through the event loop, as turns arriving over the network do: the
  // store's timers (lowdb's 250 ms journal flush, compaction) run inside the measured time.
  while (performance.now() < end) {
    await turn(n++);
    await new Promise<void>((r) => setImmediate(r));
  }
  const cpu = process.cpuUsage(cpu0);
  return { wall: n / ((performance.now() - start) / 1000), cpu: n / ((cpu.user + cpu.system) / 1e6) };
}

async function botkitRate(ms: number): Promise<Rate> {
  const controller = new Botkit({ disable_webserver: true, disable_console: true });
  const dialog = new BotkitConversation("two-turns", controller);
  dialog.ask("Which card do you use?", async () => undefined, "card");
  dialog.say("Thanks, noted: {{vars.card}}.");
  controller.addDialog(dialog);
  await new Promise<void>((resolve) => controller.ready(() => resolve()));
  const client = new BotkitTestClient("test", controller, ["two-turns"]);
  await timed(300, async (i) => void (await client.sendActivity(i % 2 ? "visa" : "hi")));
  return timed(ms, async (i) => void (await client.sendActivity(i % 2 ? "visa" : "hi")));
}

async function engineRate(ms: number): Promise<Rate> {
  const dir = await mkdtemp(join(tmpdir(), "afterleak-compare-"));
  const store = await createLowdbStore({ dir });
  try {
    const pack = await loadPack("content/coupang-2025");
    const engine = createEngine({ pack, store, secret: "b".repeat(32), settings: { rateLimitPerMinute: 1_000_000 } });
    const ask = (i: number) => engine.handle({ kind: "text", text: QUESTIONS[i % QUESTIONS.length]!, user: { platform: "web", userId: `u${i % 500}`, chat: "private" } });
    await timed(300, async (i) => void (await ask(i)));
    return await timed(ms, async (i) => void (await ask(i)));
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Measures both, `ms` each (default 3 s). */
export async function compareWithBotkit(ms = 3000): Promise<CompareResult> {
  const botkit = await botkitRate(ms);
  const engine = await engineRate(ms);
  return {
    botkitTurnsPerSec: botkit.wall,
    engineTurnsPerSec: engine.wall,
    ratio: engine.wall / botkit.wall,
    botkitTurnsPerCpuSec: botkit.cpu,
    engineTurnsPerCpuSec: engine.cpu,
    cpuRatio: engine.cpu / botkit.cpu,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await compareWithBotkit(Number(process.env.COMPARE_MS ?? 3000));
  const f = (n: number) => Math.round(n).toLocaleString("en");
  process.stdout.write(
    `\nafterleak engine (lowdb, persisted) vs Botkit 4 (in-memory two-turn dialog), same process:\n` +
      `  Botkit     ${f(r.botkitTurnsPerSec)} turns/s (${f(r.botkitTurnsPerCpuSec)} per CPU-second)\n` +
      `  afterleak  ${f(r.engineTurnsPerSec)} turns/s (${f(r.engineTurnsPerCpuSec)} per CPU-second)\n` +
      `  ratio      ${r.ratio.toFixed(1)}x wall, ${r.cpuRatio.toFixed(1)}x CPU time (target >= 5x); load ${loadavg().map((x) => x.toFixed(2)).join(" ")}\n`,
  );
}
