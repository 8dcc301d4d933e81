import type { ContentPack } from "../src/content/pack.js";
import { ids } from "../src/engine/choice-ids.js";
import type { Engine } from "../src/engine/engine.js";
import type { InboundEvent, UserRef } from "../src/engine/events.js";
import type { EngineResult } from "../src/engine/replies.js";
import type { UserState } from "../src/store/state.js";

/** A user the benchmark talks as: `bench` platform, user id `u<index>`, Korean when the index is even. */
export const benchUser = (i: number): UserRef => ({ platform: "bench", userId: `u${i}`, chat: "private" });
const localeOf = (i: number) => (i % 2 === 0 ? "ko" : "en");

/** Small deterministic PRNG (mulberry32), so runs are comparable. */
export function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pickOf = <T>(rnd: () => number, list: readonly T[]): T => list[Math.floor(rnd() * list.length)] as T;

/**
 * A stored user's state as a real conversation leaves it: a language, a last topic, rate and
 * repeat windows, and for some users a task in progress or done. Used to fill stores quickly.
 */
export function syntheticState(pack: ContentPack, i: number, now: number): UserState {
  const lastSeen = now - ((i * 7_919_113) % (7 * 86_400_000));
  const tasks: UserState["tasks"] = {};
  const task = pack.tasks[i % pack.tasks.length];
  let activeTask: string | undefined;
  if (task && i % 3 === 0) {
    const k = i % task.steps.length;
    const at = new Date(lastSeen).toISOString();
    tasks[task.id] = { at: task.steps[k]?.id ?? "", done: task.steps.slice(0, k).map((s) => s.id), skipped: [], status: "active", updatedAt: at };
    activeTask = task.id;
  }
  const done = pack.tasks[(i + 1) % pack.tasks.length];
  if (done && done !== task && i % 5 === 0) {
    tasks[done.id] = { at: done.steps.at(-1)?.id ?? "", done: done.steps.map((s) => s.id), skipped: [], status: "completed", updatedAt: new Date(lastSeen).toISOString() };
  }
  const topic = pack.faq[i % pack.faq.length]?.id;
  return {
    v: 1,
    channel: "bench",
    locale: localeOf(i),
    localeChosen: i % 7 === 0,
    ...(activeTask ? { activeTask } : {}),
    tasks,
    createdAt: new Date(lastSeen - 86_400_000).toISOString(),
    lastSeen: new Date(lastSeen).toISOString(),
    fallbacks: i % 2,
    ...(topic ? { lastTopic: topic } : {}),
    rate: { start: lastSeen, count: 1 + (i % 5), notified: false },
    repeat: { hash: (i * 2_654_435_761).toString(36).padStart(16, "x").slice(0, 16), count: 1 },
    feedback: i % 4 === 0 && topic ? [topic] : [],
  };
}

/** Questions people type, per locale: every FAQ question and phrasing, and some out-of-scope messages. */
export function benchQuestions(pack: ContentPack): { faq: Record<string, string[]>; outOfScope: Record<string, string[]> } {
  const faq: Record<string, string[]> = {};
  for (const locale of pack.meta.locales) {
    faq[locale] = pack.faq.flatMap((e) => [e.question[locale], ...(e.phrases[locale] ?? [])]).filter((q): q is string => !!q);
  }
  const outOfScope = Object.fromEntries(Object.entries(pack.outOfScope).map(([k, v]) => [k, [...v]]));
  return { faq, outOfScope };
}

/** What the workload did, by kind. */
export interface WorkloadCounts {
  text: number;
  choice: number;
  stale: number;
}

/**
 * One synthetic user session, the way people use the bot: a question, a guided task with a few
 * step presses (pressing the buttons the bot just sent), more questions, a menu. About 40 % of
 * messages are typed questions (Korean or English, ~10 % out of scope), the rest button presses.
 * `send` is called per message and awaited, as a person waits for the answer.
 */
export async function runSession(
  pack: ContentPack,
  questions: ReturnType<typeof benchQuestions>,
  rnd: () => number,
  user: number,
  send: (event: InboundEvent) => Promise<EngineResult>,
  counts: WorkloadCounts,
): Promise<void> {
  const u = benchUser(user);
  const locale = localeOf(user);
  const localeHint = locale;
  const stale = (r: EngineResult) => r.replies.some((x) => x.kind === "text" && x.text === staleText(pack, locale));
  const ask = async () => {
    const pool = rnd() < 0.1 ? questions.outOfScope[locale] : questions.faq[locale];
    counts.text++;
    await send({ kind: "text", user: u, text: pickOf(rnd, pool ?? ["?"]), localeHint });
  };
  let last: EngineResult | undefined;
  const choose = async (choiceId: string) => {
    counts.choice++;
    last = await send({ kind: "choice", user: u, choiceId, localeHint });
    if (stale(last)) counts.stale++;
  };
  const press = async () => {
    const offered = last?.replies.flatMap((x) => (x.kind === "choices" ? x.choices.map((c) => c.id) : [])) ?? [];
    const step = offered.find((id) => id.startsWith(rnd() < 0.8 ? "s:done:" : "s:skip:")) ?? offered.find((id) => id.startsWith("s:"));
    await choose(step ?? ids.menu("main"));
  };
  await ask();
  await choose(ids.task(pickOf(rnd, pack.tasks).id));
  await press();
  await ask();
  await press();
  await press();
  await ask();
  await choose(rnd() < 0.5 ? ids.menu("faq") : ids.faq(pickOf(rnd, pack.faq).id));
}

const staleCache = new Map<string, string>();
function staleText(pack: ContentPack, locale: string): string {
  let s = staleCache.get(locale);
  if (s === undefined) staleCache.set(locale, (s = pack.ui.staleChoice[locale] ?? pack.ui.staleChoice[pack.meta.defaultLocale] ?? ""));
  return s;
}

/** One acknowledged message. Times in ms. */
export interface MessageTiming {
  /** From the engine.handle() call to its result. */
  handle: number;
  /** From the message's arrival (open loop: its scheduled time) to the result, waiting in the event loop included. */
  total: number;
  event: InboundEvent;
  /** When it was handed to the engine (ISO), for the durability probe. */
  handedAt: string;
}

/**
 * How load is offered: `closed` keeps `concurrency` sessions busy back to back (the most the
 * process can do); `open` starts sessions at random (Poisson) moments so messages arrive at
 * about `rate` per second whatever the bot's speed, which is what latency targets are about.
 */
export type LoadShape = { kind: "closed"; concurrency: number } | { kind: "open"; rate: number };

const SESSION_MESSAGES = 8;

/** Drives sessions of random users (never two at once on one user) until `until()` says stop. */
export async function driveLoad(opts: {
  engine: Engine;
  users: number;
  shape: LoadShape;
  seed: number;
  until: () => boolean;
  onMessage: (m: MessageTiming) => void;
  onError: (err: unknown) => void;
  counts: WorkloadCounts;
}): Promise<void> {
  const { engine } = opts;
  const questions = benchQuestions(engine.pack);
  const busy = new Set<number>();
  const sender = (firstArrival?: number) => {
    let arrival = firstArrival;
    return async (event: InboundEvent): Promise<EngineResult> => {
      const arrived = arrival ?? performance.now();
      arrival = undefined;
      // A real message arrives in its own I/O callback; without this the whole run is one chain of
      // microtasks and timers (the store's flush, the probes) would starve.
      await new Promise((r) => setImmediate(r));
      const handedAt = new Date().toISOString();
      const t0 = performance.now();
      try {
        const r = await engine.handle(event);
        const t1 = performance.now();
        opts.onMessage({ handle: t1 - t0, total: t1 - arrived, event, handedAt });
        return r;
      } catch (err) {
        opts.onError(err);
        return { locale: "", replies: [], actions: [] };
      }
    };
  };
  const session = async (rnd: () => number, firstArrival?: number) => {
    let user = Math.floor(rnd() * opts.users);
    while (busy.has(user) && busy.size < opts.users) user = Math.floor(rnd() * opts.users);
    busy.add(user);
    try {
      await runSession(engine.pack, questions, rnd, user, sender(firstArrival), opts.counts);
    } finally {
      busy.delete(user);
    }
  };
  if (opts.shape.kind === "closed") {
    const worker = async (w: number) => {
      const rnd = createRandom(opts.seed * 1000 + w);
      while (!opts.until()) await session(rnd);
    };
    await Promise.all(Array.from({ length: opts.shape.concurrency }, (_, w) => worker(w)));
    return;
  }
  const rnd = createRandom(opts.seed);
  const meanGap = (1000 * SESSION_MESSAGES) / opts.shape.rate;
  const running = new Set<Promise<void>>();
  let next = performance.now();
  while (!opts.until()) {
    const now = performance.now();
    for (; next <= now; next += -Math.log(1 - rnd()) * meanGap) {
      const p = session(createRandom(Math.floor(rnd() * 2 ** 32)), next);
      running.add(p);
      void p.finally(() => running.delete(p));
    }
    await new Promise((r) => setTimeout(r, Math.min(5, Math.max(1, next - now))));
  }
  await Promise.all(running);
}
