import { describe, expect, it } from "vitest";
import { createEngine, createMemoryStore, type Engine, type InboundEvent, type Reply, type Store, type UserRef } from "../../src/index.js";
import { createOutbox } from "../../src/engine/outbox.js";
import { createReminderScheduler, type PushOutcome } from "../../src/engine/reminder-scheduler.js";
import { DEFAULT_QUIET_HOURS, isQuiet, nextAllowed } from "../../src/engine/quiet-hours.js";
import { choiceId, choices, fixedClock, texts } from "../helpers/engine.js";
import { realPack } from "../helpers/packs.js";
import { parseConfig } from "../../src/config.js";

const SECRET = "test-secret-test-secret-test-secret";
const DAY = 86_400_000;
const bob: UserRef = { platform: "telegram", userId: "4242", chat: "private" };
const TASK = "payment-safety";
const STEP = "unknown-charge";

/** A sender that records what it was asked to send and answers `outcome`. */
function recordingSender(outcome: () => PushOutcome = () => "sent") {
  const sent: { to: { platform: string; userId: string }; locale: string; replies: Reply[] }[] = [];
  return {
    sent,
    send: async (to: { platform: string; userId: string }, m: { locale: string; replies: Reply[] }) => {
      const o = outcome();
      if (o === "sent") sent.push({ to, ...m });
      return o;
    },
  };
}

async function setup(opts: { store?: Store; start?: string; clock?: ReturnType<typeof fixedClock> } = {}) {
  const clock = opts.clock ?? fixedClock(opts.start);
  const store = opts.store ?? createMemoryStore({ clock: () => clock.now().getTime() });
  const engine: Engine = createEngine({ pack: await realPack(), store, secret: SECRET, clock: clock.now });
  const say = async (e: Omit<InboundEvent, "user">, user = bob) => (await engine.handle({ localeHint: "en", ...e, user } as InboundEvent)).replies;
  const sender = recordingSender();
  const scheduler = (send = sender.send) =>
    createReminderScheduler({ book: engine.reminders, pack: () => engine.pack, outbox: createOutbox(store, { worker: "w1" }), send, clock: clock.now, quiet: DEFAULT_QUIET_HOURS });
  return { clock, store, engine, say, sender, scheduler };
}

/** Walks the card-safety task to the step that offers a reminder. */
async function toReminderStep(say: (e: Omit<InboundEvent, "user">) => Promise<Reply[]>) {
  let r = await say({ kind: "choice", choiceId: `t:${TASK}` } as never);
  for (let i = 0; i < 3; i++) r = await say({ kind: "choice", choiceId: choiceId(r, `s:done:${TASK}:`) } as never);
  return r;
}

const choose = (choiceId: string) => ({ kind: "choice", choiceId }) as never;

describe("reminders", () => {
  it("a step offers one; a typed yes accepts it, marks the step done and stores no message text", async () => {
    const { say, store, engine } = await setup();
    const step = await toReminderStep(say);
    expect(texts(step)).toContain("Shall I remind you to check again in 30 days?");
    expect(choiceId(step, "r:a:")).toBe(`r:a:${TASK}:${STEP}`);
    const r = await say({ kind: "text", text: "yes" } as never);
    // 2026-11-27T09:00Z + 30 days is 18:00 in Seoul, outside quiet hours.
    expect(texts(r)).toContain("I'll remind you on December 27, 2026 (never between 21:00 and 08:00)");
    expect(texts(r)).toContain("step 5/5");
    const key = engine.keyOf(bob);
    expect((await store.get(key))?.tasks[TASK]?.done).toContain(STEP);
    const stored: string[] = [];
    for await (const kv of store.listSettings("")) stored.push(kv.join("="));
    stored.push(JSON.stringify(await store.get(key)));
    const all = stored.join("\n");
    expect(all).toContain(`reminder:${key}:${TASK}:${STEP}`);
    expect(all).not.toMatch(/card statements|명세서|charges|4242/);
    expect(await engine.reminders.list(key)).toEqual([{ key, task: TASK, step: STEP, due: new Date(Date.parse("2026-12-27T09:00:00Z")), locale: "en" }]);
  });

  it("is delivered within a scan once due (not before), once, with snooze and stop, through the outbox", async () => {
    const { say, clock, sender, scheduler, store, engine } = await setup();
    await toReminderStep(say);
    await say(choose(`r:a:${TASK}:${STEP}`));
    const s = scheduler();
    clock.advance(30 * DAY - 60_000);
    expect(await s.scan()).toMatchObject({ sent: 0 });
    clock.advance(60_000);
    expect(await s.scan()).toMatchObject({ sent: 1 });
    expect(sender.sent).toHaveLength(1);
    const m = sender.sent[0]!;
    expect(m.to).toEqual({ platform: "telegram", userId: "4242", key: engine.keyOf(bob) });
    expect(texts(m.replies)).toContain("Reminder: Make card payments safer");
    expect(texts(m.replies)).toContain("Look through your card statements again");
    expect(choices(m.replies).map((c) => c.id)).toEqual([`r:z:${TASK}:${STEP}`, `r:x:${TASK}:${STEP}`]);
    expect(await s.scan()).toMatchObject({ sent: 0, waiting: 0 });
    expect(await engine.reminders.list(engine.keyOf(bob))).toEqual([]);
    const outbox = createOutbox(store, { worker: "check" });
    expect(await outbox.status(`reminder.${TASK}.${STEP}.${Date.parse("2026-12-27T09:00:00Z")}`, engine.keyOf(bob))).toBe("sent");

    // Snooze a week: back seven days later.
    const snoozed = await say(choose(`r:z:${TASK}:${STEP}`));
    expect(texts(snoozed)).toContain("I'll remind you again on January 3, 2027");
    clock.advance(7 * DAY - 60_000);
    expect(await s.scan()).toMatchObject({ sent: 0 });
    clock.advance(60_000);
    expect(await s.scan()).toMatchObject({ sent: 1 });
    expect(sender.sent).toHaveLength(2);
    // Stop: nothing more.
    const stopped = await say(choose(`r:x:${TASK}:${STEP}`));
    expect(texts(stopped)).toContain("no more reminders about this");
    expect(await engine.reminders.list(engine.keyOf(bob))).toEqual([]);
  });

  it("waits out quiet hours in the user's time zone and goes at 08:00", async () => {
    // 13:00Z is 22:00 in Seoul: the reminder falls due in quiet hours 30 days later.
    const { say, clock, sender, scheduler } = await setup({ start: "2026-11-27T13:00:00.000Z" });
    await toReminderStep(say);
    const r = await say(choose(`r:a:${TASK}:${STEP}`));
    expect(texts(r)).toContain("December 28, 2026"); // announced for the morning after
    const ko = await say({ kind: "command", command: "reminders", localeHint: "ko" } as never, { ...bob, userId: "other" });
    expect(texts(ko)).toContain("예약된 알림이 없어요");
    const s = scheduler();
    clock.advance(30 * DAY);
    expect(await s.scan()).toMatchObject({ sent: 0, waiting: 1 });
    clock.advance(9 * 3_600_000 + 59 * 60_000); // 07:59 in Seoul
    expect(await s.scan()).toMatchObject({ sent: 0, waiting: 1 });
    expect(sender.sent).toHaveLength(0);
    clock.advance(60_000); // 08:00
    expect(await s.scan()).toMatchObject({ sent: 1 });
  });

  it("quiet hours wrap midnight and follow the configured zone", () => {
    const at = (iso: string) => new Date(iso);
    expect(isQuiet(at("2026-12-03T11:59:00Z"), DEFAULT_QUIET_HOURS)).toBe(false); // 20:59 KST
    expect(isQuiet(at("2026-12-03T12:00:00Z"), DEFAULT_QUIET_HOURS)).toBe(true); // 21:00 KST
    expect(isQuiet(at("2026-12-03T22:59:00Z"), DEFAULT_QUIET_HOURS)).toBe(true); // 07:59 KST
    expect(nextAllowed(at("2026-12-03T14:30:00Z"), DEFAULT_QUIET_HOURS).toISOString()).toBe("2026-12-03T23:00:00.000Z");
    expect(nextAllowed(at("2026-12-03T18:00:00Z"), DEFAULT_QUIET_HOURS).toISOString()).toBe("2026-12-03T23:00:00.000Z");
    const berlin = { timeZone: "Europe/Berlin", start: 21, end: 8 };
    // 30 March 2026, after the change to summer time: 08:00 in Berlin is 06:00Z.
    expect(nextAllowed(at("2026-03-29T22:00:00Z"), berlin).toISOString()).toBe("2026-03-30T06:00:00.000Z");
    expect(nextAllowed(at("2026-12-03T12:00:00Z"), { ...berlin, start: 8, end: 8 }).toISOString()).toBe("2026-12-03T12:00:00.000Z");
  });

  it("/reminders lists and cancels them; /forget and engine.forget delete them", async () => {
    const { say, engine, store } = await setup();
    expect(texts(await say({ kind: "command", command: "reminders" } as never))).toContain("You have no reminders");
    await toReminderStep(say);
    await say(choose(`r:a:${TASK}:${STEP}`));
    const list = await say({ kind: "command", command: "reminders" } as never);
    expect(texts(list)).toContain("1. Make card payments safer: December 27, 2026");
    const cancelled = await say(choose(choiceId(list, "r:c:")));
    expect(texts(cancelled)).toContain("Cancelled the reminder: Make card payments safer.");
    expect(texts(cancelled)).toContain("You have no reminders");
    expect(await engine.reminders.list(engine.keyOf(bob))).toEqual([]);

    await say(choose(`r:z:${TASK}:${STEP}`)); // snooze re-creates one
    expect(await engine.reminders.list(engine.keyOf(bob))).toHaveLength(1);
    await say({ kind: "command", command: "forget" } as never);
    await say(choose("x:yes"));
    expect(await engine.reminders.list(engine.keyOf(bob))).toEqual([]);
    expect(await store.get(engine.keyOf(bob))).toBeUndefined();

    await say(choose(`r:z:${TASK}:${STEP}`));
    expect(await engine.forget(bob)).toBe(true);
    expect(await engine.reminders.list(engine.keyOf(bob))).toEqual([]);
  });

  it("a user who blocked the bot has every reminder cancelled; a channel not running keeps it for later", async () => {
    const { say, clock, scheduler, engine } = await setup();
    await toReminderStep(say);
    await say(choose(`r:a:${TASK}:${STEP}`));
    clock.advance(30 * DAY);
    const later = scheduler(async () => "later");
    expect(await later.scan()).toMatchObject({ sent: 0, waiting: 1 });
    expect(await engine.reminders.list(engine.keyOf(bob))).toHaveLength(1);
    const blocked = recordingSender(() => "unsubscribed");
    // A later scan: the lease of the first try has to expire first (2 minutes).
    clock.advance(3 * 60_000);
    const s = scheduler(blocked.send);
    expect(await s.scan()).toMatchObject({ unsubscribed: 1 });
    expect(await engine.reminders.list(engine.keyOf(bob))).toEqual([]);
  });

  it("time zone and quiet hours are configuration, checked at start", () => {
    expect(parseConfig({}).config).toMatchObject({ REMINDER_TIME_ZONE: "Asia/Seoul", REMINDER_QUIET_HOURS: { start: 21, end: 8 } });
    expect(parseConfig({ REMINDER_TIME_ZONE: "Europe/Berlin", REMINDER_QUIET_HOURS: "22-7" }).config).toMatchObject({ REMINDER_TIME_ZONE: "Europe/Berlin", REMINDER_QUIET_HOURS: { start: 22, end: 7 } });
    expect(parseConfig({ REMINDER_QUIET_HOURS: "off" }).config?.REMINDER_QUIET_HOURS).toEqual({ start: 0, end: 0 });
    const bad = parseConfig({ REMINDER_TIME_ZONE: "Mars/Base", REMINDER_QUIET_HOURS: "9pm-8am" });
    expect(bad.problems.map((p) => p.variable).sort()).toEqual(["REMINDER_QUIET_HOURS", "REMINDER_TIME_ZONE"]);
  });

  it("is offered only on channels that can start a message", async () => {
    const clock = fixedClock();
    const engine = createEngine({ pack: await realPack(), store: createMemoryStore(), secret: SECRET, clock: clock.now, settings: { remindersAvailable: (p) => p === "telegram" } });
    const walk = async (user: UserRef) => {
      const say = async (e: Omit<InboundEvent, "user">) => (await engine.handle({ localeHint: "en", ...e, user } as InboundEvent)).replies;
      return toReminderStep(say);
    };
    const web = await walk({ platform: "web", userId: "0d6b3c9e-5f7a-4b1e-9c2d-8a7f6e5d4c3b", chat: "private" });
    expect(choices(web).some((c) => c.id.startsWith("r:a:"))).toBe(false);
    expect(texts(web)).not.toContain("Shall I remind you");
    expect(choices(await walk(bob)).some((c) => c.id.startsWith("r:a:"))).toBe(true);
  });

  it("a running scheduler scans at start and then on its interval, so a reminder goes out soon after its time", async () => {
    const store = createMemoryStore();
    const engine = createEngine({ pack: await realPack(), store, secret: SECRET });
    const key = engine.keyOf(bob);
    const due = new Date(Date.now() + 150);
    await engine.reminders.set(bob, { key, task: TASK, step: STEP, due, locale: "en" });
    await engine.reminders.set(bob, { key, task: "block-identity-theft", step: "account-info", due: new Date(Date.now() - DAY), locale: "en" });
    const sent: number[] = [];
    const s = createReminderScheduler({
      book: engine.reminders,
      pack: () => engine.pack,
      outbox: createOutbox(store, { worker: "timer" }),
      send: async () => (sent.push(Date.now()), "sent"),
      quiet: { ...DEFAULT_QUIET_HOURS, start: 0, end: 0 },
      intervalMs: 50,
    });
    s.start();
    // The overdue one goes at start, the other on a later tick, no sooner than its time.
    const until = async (n: number) => {
      for (let i = 0; i < 200 && sent.length < n; i++) await new Promise((r) => setTimeout(r, 10));
    };
    await until(2);
    await s.stop();
    expect(sent).toHaveLength(2);
    expect(sent[1]! - due.getTime()).toBeGreaterThanOrEqual(0);
    expect(sent[1]! - due.getTime()).toBeLessThan(1000);
    expect(await engine.reminders.list(key)).toEqual([]);
  });
});
