import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEngine, createLowdbStore, type InboundEvent, type Reply, type Store, type UserRef } from "../../src/index.js";
import { Redis } from "ioredis";
import { createRedisStore } from "../../src/store/redis.js";
import { createOutbox } from "../../src/engine/outbox.js";
import { createReminderScheduler } from "../../src/engine/reminder-scheduler.js";
import { DEFAULT_QUIET_HOURS } from "../../src/engine/quiet-hours.js";
import { choiceId, fixedClock, texts } from "../helpers/engine.js";
import { realPack } from "../helpers/packs.js";
import { useTempDirs } from "../helpers/temp-dirs.js";
import { startRedisServer, type RedisServer } from "../fakes/redis-server.js";

const SECRET = "test-secret-test-secret-test-secret";
const DAY = 86_400_000;
const carol: UserRef = { platform: "telegram", userId: "777", chat: "private" };
const tempDir = useTempDirs("afterleak-reminders-");

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.stop();
});

/** Accepts the card-statement reminder as `carol` on a fresh engine over `store`. */
async function accept(store: Store, clock: ReturnType<typeof fixedClock>) {
  const engine = createEngine({ pack: await realPack(), store, secret: SECRET, clock: clock.now });
  const say = async (choice: string) => (await engine.handle({ kind: "choice", choiceId: choice, user: carol, localeHint: "en" } as InboundEvent)).replies;
  let r = await say("t:payment-safety");
  for (let i = 0; i < 3; i++) r = await say(choiceId(r, "s:done:payment-safety:"));
  r = await say(choiceId(r, "r:a:"));
  expect(texts(r)).toContain("I'll remind you on");
}

/** A new process: a new engine and scheduler over `store`, scanning once. */
async function scanAfterRestart(store: Store, clock: ReturnType<typeof fixedClock>, worker = "after-restart") {
  const engine = createEngine({ pack: await realPack(), store, secret: SECRET, clock: clock.now });
  const sent: { userId: string; replies: Reply[] }[] = [];
  const scheduler = createReminderScheduler({
    book: engine.reminders,
    pack: () => engine.pack,
    outbox: createOutbox(store, { worker }),
    send: async (to, m) => (sent.push({ userId: to.userId, replies: m.replies }), "sent"),
    clock: clock.now,
    quiet: DEFAULT_QUIET_HOURS,
  });
  return { scheduler, sent, engine };
}

const stores: [string, (clock: () => Date) => Promise<{ open: () => Promise<Store>; dump: () => Promise<string> }>][] = [
  [
    "lowdb",
    async (clock) => {
      const dir = await tempDir();
      return {
        open: () => createLowdbStore({ dir, shards: 4, flushMs: 20, clock: () => clock().getTime() }),
        async dump() {
          const files = await readdir(dir, { recursive: true, withFileTypes: true });
          return (await Promise.all(files.filter((f) => f.isFile()).map((f) => readFile(join(f.parentPath, f.name), "utf8")))).join("\n");
        },
      };
    },
  ],
  [
    "redis",
    async (clock) => {
      const prefix = `afterleak:rem${Math.random().toString(36).slice(2, 8)}:`;
      return {
        open: () => createRedisStore({ url: redis.url, prefix, retentionDays: 30, clock: () => clock().getTime() }),
        async dump() {
          const admin = new Redis(redis.url);
          const out: string[] = [];
          for (const k of await admin.keys(`${prefix}*`)) {
            const type = await admin.type(k);
            const v = type === "string" ? await admin.get(k) : type === "hash" ? JSON.stringify(await admin.hgetall(k)) : type === "zset" ? JSON.stringify(await admin.zrange(k, "0", "-1")) : type === "list" ? JSON.stringify(await admin.lrange(k, 0, -1)) : type === "set" ? JSON.stringify(await admin.smembers(k)) : type;
            out.push(`${k}=${v}`);
          }
          await admin.quit();
          return out.join("\n");
        },
      };
    },
  ],
];

describe.each(stores)("reminders across a restart (%s)", (_name, make) => {
  it("a reminder that fell due while the bot was down is sent at start, once", async () => {
    const clock = fixedClock();
    const place = await make(clock.now);
    const first = await place.open();
    await accept(first, clock);
    await first.close();
    // What is kept (the lowdb files, every Redis key and value): the step and due time, never the text or the platform id.
    const kept = await place.dump();
    expect(kept).toContain(":payment-safety:unknown-charge");
    expect(kept).not.toMatch(/card statements|명세서|"777"|telegram\u0000777/);

    // Down for 31 days; the reminder fell due a day ago, at 18:00 in Seoul.
    clock.advance(31 * DAY);
    const second = await place.open();
    const { scheduler, sent, engine } = await scanAfterRestart(second, clock);
    expect(await scheduler.scan()).toMatchObject({ sent: 1 });
    expect(sent).toHaveLength(1);
    expect(sent[0]?.userId).toBe("777");
    expect(texts(sent[0]!.replies)).toContain("Look through your card statements again");
    await second.close();

    // Restarted again: nothing is sent twice.
    const third = await place.open();
    const again = await scanAfterRestart(third, clock);
    expect(await again.scheduler.scan()).toMatchObject({ sent: 0, waiting: 0 });
    expect(again.sent).toHaveLength(0);
    expect(await again.engine.reminders.list(engine.keyOf(carol))).toEqual([]);
    await third.close();
  });
});

describe("reminders on one Redis shared by two instances", () => {
  it("both scan at the same time; the user gets the reminder once", async () => {
    const clock = fixedClock();
    const prefix = "afterleak:remshare:";
    const open = () => createRedisStore({ url: redis.url, prefix, retentionDays: 30, clock: () => clock.now().getTime() });
    const a = await open();
    await accept(a, clock);
    clock.advance(30 * DAY);
    const b = await open();
    const one = await scanAfterRestart(a, clock, "instance-a");
    const two = await scanAfterRestart(b, clock, "instance-b");
    const [ra, rb] = await Promise.all([one.scheduler.scan(), two.scheduler.scan()]);
    expect(ra.sent + rb.sent).toBe(1);
    expect(one.sent.length + two.sent.length).toBe(1);
    await a.close();
    await b.close();
  });
});
