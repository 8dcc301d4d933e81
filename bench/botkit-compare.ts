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

/** One side of the comparison: `turn(i)` answers the i-th turn. */
interface Side {
  turn: (i: number) => Promise<void>;
  /** Turns run so far (the next turn's index). */
  n: number;
  turns: number;
  wallMs: number;
  cpuUs: number;
}

/**
 * Runs `side` for `ms`, each turn after a trip through the event loop, as turns arriving over the
 * network do: the store's timers (lowdb's 250 ms journal flush, compaction) run inside the
 * measured time. Adds to the side's totals when `count` is set.
 */
async function slice(side: Side, ms: number, count: boolean): Promise<void> {
  const start = performance.now();
  const end = start + ms;
  const cpu0 = process.cpuUsage();
  let k = 0;
  while (performance.now() < end) {
    await side.turn(side.n++);
    await new Promise<void>((r) => setImmediate(r));
    k++;
  }
  if (!count) return;
  const cpu = process.cpuUsage(cpu0);
  side.turns += k;
  side.wallMs += performance.now() - start;
  side.cpuUs += cpu.user + cpu.system;
}

const side = (turn: (i: number) => Promise<void>): Side => ({ turn, n: 0, turns: 0, wallMs: 0, cpuUs: 0 });
const rate = (s: Side): Rate => ({ wall: s.turns / (s.wallMs / 1000), cpu: s.turns / (s.cpuUs / 1e6) });

async function botkitSide(): Promise<Side> {
  const controller = new Botkit({ disable_webserver: true, disable_console: true });
  const dialog = new BotkitConversation("two-turns", controller);
  dialog.ask("Which card do you use?", async () => undefined, "card");
  dialog.say("Thanks, noted: {{vars.card}}.");
  controller.addDialog(dialog);
  await new Promise<void>((resolve) => controller.ready(() => resolve()));
  const client = new BotkitTestClient("test", controller, ["two-turns"]);
  return side(async (i) => void (await client.sendActivity(i % 2 ? "visa" : "hi")));
}

/**
 * Measures both, `ms` each (default 3 s). Each side first warms up for `warmMs` (default 1.5 s)
 * after its first turn, which for afterleak trains the matcher (start-up, timed in its own row):
 * measured cold, the first second of either side is the JIT compiling it, not the steady rate a
 * server runs at. The measured time is then cut into slices taken in turn from each side, so that
 * a change in the machine's load falls on both alike.
 */
export async function compareWithBotkit(ms = 3000, warmMs = 1500): Promise<CompareResult> {
  const dir = await mkdtemp(join(tmpdir(), "afterleak-compare-"));
  const store = await createLowdbStore({ dir });
  try {
    const pack = await loadPack("content/coupang-2025");
    const engine = createEngine({ pack, store, secret: "b".repeat(32), settings: { rateLimitPerMinute: 1_000_000 } });
    const afterleak = side(async (i) => void (await engine.handle({ kind: "text", text: QUESTIONS[i % QUESTIONS.length]!, user: { platform: "web", userId: `u${i % 500}`, chat: "private" } })));
    const botkit = await botkitSide();
    for (const s of [botkit, afterleak]) {
      await s.turn(s.n++);
      await slice(s, warmMs, false);
    }
    const slices = 10;
    for (let i = 0; i < slices; i++) for (const s of i % 2 ? [afterleak, botkit] : [botkit, afterleak]) await slice(s, ms / slices, true);
    const b = rate(botkit);
    const a = rate(afterleak);
    return { botkitTurnsPerSec: b.wall, engineTurnsPerSec: a.wall, ratio: a.wall / b.wall, botkitTurnsPerCpuSec: b.cpu, engineTurnsPerCpuSec: a.cpu, cpuRatio: a.cpu / b.cpu };
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
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
