import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadPack } from "../../src/content/loader.js";
import { ui, type ContentPack } from "../../src/content/pack.js";
import type { Task } from "../../src/content/schema.js";
import { ids } from "../../src/engine/choice-ids.js";
import type { InboundEvent, UserRef } from "../../src/engine/events.js";
import type { EngineResult } from "../../src/engine/replies.js";
import { matcherFromPack } from "../../src/matcher/from-pack.js";
import { userKey } from "../../src/privacy/keys.js";
import type { AnalyticsEvent } from "../../src/store/state.js";
import type { Store } from "../../src/store/store.js";
import { createRedisStore } from "../../src/store/redis.js";
import { startRedisServer, type RedisServer } from "../fakes/redis-server.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const SECRET = "multi-instance-test-secret-0123456789abcdef";

/** A bot instance in a child process (test/store/engine-worker.ts), driven over stdin/stdout. */
interface Instance {
  handle(event: InboundEvent): Promise<EngineResult>;
  /** Resolves once the instance has finished its turns and written its buffered analytics. */
  flush(): Promise<void>;
  stop(): Promise<void>;
}

function startInstance(storeUrl: string): Instance {
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "test/store/engine-worker.ts"], {
    cwd: ROOT,
    env: { ...process.env, STORE_URL: storeUrl, SECRET },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  const waiting = new Map<number, { resolve: (r: EngineResult) => void; reject: (e: Error) => void }>();
  let next = 0;
  void (async () => {
    for await (const line of createInterface({ input: child.stdout! })) {
      const msg = JSON.parse(line) as { id: number; result?: EngineResult | null; error?: string };
      const w = waiting.get(msg.id);
      waiting.delete(msg.id);
      if (msg.result !== undefined) w?.resolve(msg.result as EngineResult);
      else w?.reject(new Error(msg.error));
    }
    for (const w of waiting.values()) w.reject(new Error(`instance exited: ${stderr}`));
  })();
  return {
    handle(event) {
      const id = next++;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        child.stdin!.write(`${JSON.stringify({ id, event })}\n`);
      });
    },
    flush() {
      const id = next++;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve: () => resolve(), reject });
        child.stdin!.write(`${JSON.stringify({ id, flush: true })}\n`);
      });
    },
    stop: () =>
      new Promise((resolve) => {
        child.once("exit", () => resolve());
        child.stdin!.end();
      }),
  };
}

let server: RedisServer;
let a: Instance;
let b: Instance;
let store: Store;
let pack: ContentPack;
let task: Task;
let staleText: string;

const user = (name: string): UserRef => ({ platform: "test", userId: name, chat: "private" });
const choice = (u: UserRef, choiceId: string): InboundEvent => ({ kind: "choice", user: u, choiceId, localeHint: "en" });
const texts = (r: EngineResult) => r.replies.flatMap((x) => (x.kind === "text" ? [x.text] : []));
const choiceIds = (r: EngineResult) => r.replies.flatMap((x) => (x.kind === "choices" ? x.choices.map((c) => c.id) : []));
const isStale = (r: EngineResult) => texts(r).includes(staleText);
const done = (i: number) => ids.step("done", task.id, task.steps[i]!.id);

async function eventsOf(u: UserRef): Promise<AnalyticsEvent[]> {
  const key = userKey(u, SECRET);
  const out: AnalyticsEvent[] = [];
  for await (const e of store.events()) if (e.key === key) out.push(e);
  return out;
}
const count = (events: AnalyticsEvent[], type: AnalyticsEvent["type"]) => events.filter((e) => e.type === type).length;

/** After a press of step i, the reply is not the stale notice and shows step i+1's buttons, or the completion. */
const advancedPast = (r: EngineResult, i: number) =>
  !isStale(r) && (i + 1 < task.steps.length ? choiceIds(r).includes(done(i + 1)) : !choiceIds(r).some((c) => c.startsWith("s:done:")));

async function expectCompleted(u: UserRef) {
  const s = await store.get(userKey(u, SECRET));
  expect(s?.tasks[task.id]).toMatchObject({ status: "completed", done: task.steps.map((x) => x.id), skipped: [] });
  // Each instance writes analytics in batches a moment later: barrier on both having written
  // everything, then check nothing was counted twice.
  await Promise.all([a.flush(), b.flush()]);
  const ev = await eventsOf(u);
  expect(count(ev, "task_started")).toBe(1);
  expect(count(ev, "task_step")).toBe(task.steps.length);
  expect(count(ev, "task_completed")).toBe(1);
  return { state: s!, events: ev };
}

beforeAll(async () => {
  pack = await loadPack(`${ROOT}content/coupang-2025`);
  task = [...pack.tasks].sort((x, y) => y.steps.length - x.steps.length)[0]!;
  staleText = ui(pack, "staleChoice", "en");
  server = await startRedisServer();
  [a, b] = [startInstance(server.url), startInstance(server.url)];
  store = await createRedisStore({ url: server.url });
});

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await store?.close();
  await server?.stop();
});

describe("two engine instances on one Redis", () => {
  it("keeps every user's progress when their presses alternate between instances", async () => {
    const users = Array.from({ length: 24 }, (_, i) => user(`alternate-${i}`));
    await Promise.all(
      users.map(async (u, n) => {
        const first = await (n % 2 ? a : b).handle(choice(u, ids.task(task.id)));
        expect(choiceIds(first)).toContain(done(0));
        for (let i = 0; i < task.steps.length; i++) {
          const r = await ((n + i) % 2 ? a : b).handle(choice(u, done(i)));
          expect(isStale(r), `user ${n} step ${i}`).toBe(false);
          expect(advancedPast(r, i)).toBe(true);
        }
      }),
    );
    for (const u of users) await expectCompleted(u);
  });

  it("answers a press delivered to both instances at once exactly once", async () => {
    const users = Array.from({ length: 16 }, (_, i) => user(`duplicate-${i}`));
    await Promise.all(
      users.map(async (u) => {
        await a.handle(choice(u, ids.task(task.id)));
        for (let i = 0; i < task.steps.length; i++) {
          const [ra, rb] = await Promise.all([a.handle(choice(u, done(i))), b.handle(choice(u, done(i)))]);
          const advanced = [ra, rb].filter((r) => advancedPast(r, i));
          expect(advanced, `step ${i}`).toHaveLength(1);
          expect([ra, rb].filter(isStale)).toHaveLength(1);
        }
      }),
    );
    for (const u of users) await expectCompleted(u);
  });

  it("applies a question on one instance and a step press on the other, sent at the same moment", async () => {
    const matcher = matcherFromPack(pack);
    const questions = pack.faq
      .map((e) => ({ id: e.id, text: e.question.en }))
      .filter((q): q is { id: string; text: string } => !!q.text && matcher.classify(q.text).topic === q.id && !matcher.classify(q.text).ambiguous);
    expect(questions.length).toBeGreaterThanOrEqual(task.steps.length);
    const users = Array.from({ length: 16 }, (_, i) => user(`mixed-${i}`));
    await Promise.all(
      users.map(async (u, n) => {
        await b.handle(choice(u, ids.task(task.id)));
        for (let i = 0; i < task.steps.length; i++) {
          const q = questions[(n + i) % questions.length]!;
          const [press, answer] = await Promise.all([
            (i % 2 ? a : b).handle(choice(u, done(i))),
            (i % 2 ? b : a).handle({ kind: "text", user: u, text: q.text, localeHint: "en" }),
          ]);
          expect(advancedPast(press, i)).toBe(true);
          expect(isStale(answer)).toBe(false);
          expect(choiceIds(answer)).toContain(ids.menu("main"));
        }
      }),
    );
    for (const [n, u] of users.entries()) {
      const { state, events } = await expectCompleted(u);
      expect(state.lastTopic).toBe(questions[(n + task.steps.length - 1) % questions.length]!.id);
      expect(count(events, "topic_answered")).toBe(task.steps.length);
    }
  });
});
