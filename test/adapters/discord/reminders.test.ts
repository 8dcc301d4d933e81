import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger, DEFAULT_QUIET_HOURS, type InboundEvent } from "../../../src/index.js";
import { startReminderService } from "../../../src/reminder-service.js";
import type { FakeDiscord } from "../../fakes/discord/fake-discord.js";
import { user } from "../../fakes/discord/payloads.js";
import { customIds, messageBodies } from "./calls.js";
import { startRig, stopRig, type TestBot } from "./bot.js";

const DAY = 86_400_000;
const TASK = "payment-safety";

let fake: FakeDiscord;
let bot: TestBot;
let dir: string;
beforeAll(async () => {
  ({ fake, dir, bot } = await startRig({ prefix: "afterleak-discord-reminders-" }));
});
afterAll(() => stopRig({ fake, dir, bot }));

/** Walks `userId` through the card-safety task to its reminder step and accepts it (as the buttons would). */
async function accept(userId: string): Promise<void> {
  const ref = { platform: "discord", userId, chat: "private" as const };
  const press = async (choiceId: string) => (await bot.engine.handle({ kind: "choice", choiceId, user: ref, localeHint: "en" } as InboundEvent)).replies;
  let r = await press(`t:${TASK}`);
  const next = (prefix: string) => r.flatMap((x) => (x.kind === "choices" ? x.choices : [])).find((c) => c.id.startsWith(prefix))!.id;
  for (let i = 0; i < 3; i++) r = await press(next(`s:done:${TASK}:`));
  r = await press(next("r:a:"));
}

/** A scan as the running bot's reminder service does it, 31 days from now. */
const scanLater = async () => {
  const s = startReminderService({
    engine: bot.engine,
    store: bot.store,
    channels: [bot.channel],
    quiet: { ...DEFAULT_QUIET_HOURS, start: 0, end: 0 },
    logger: createLogger("silent"),
    clock: () => new Date(Date.now() + 31 * DAY),
    autoStart: false,
    paceMs: 0,
  });
  const [report] = await s.scan();
  await s.stop();
  return report;
};

describe("reminders on Discord (fake REST and gateway)", () => {
  it("arrive as a DM with snooze and stop buttons, and the snooze button works from there", async () => {
    const erin = user("71001", "erin");
    await accept(erin.id);
    const mark = fake.calls.length;
    expect(await scanLater()).toMatchObject({ sent: 1 });
    const calls = fake.since(mark);
    expect(calls.some((c) => c.method === "POST" && c.path === "/users/@me/channels" && c.body.recipient_id === erin.id)).toBe(true);
    const bodies = messageBodies(calls);
    expect(bodies).toHaveLength(1);
    expect(bodies[0].content).toContain("Look through your card statements again");
    expect(customIds(bodies[0])).toEqual([`r:z:${TASK}:unknown-charge`, `r:x:${TASK}:unknown-charge`]);
    expect(await scanLater()).toMatchObject({ sent: 0, waiting: 0 });

    const dm = [...fake.messages.values()].find((m) => m.content.includes("Look through your card statements again"))!;
    const click = await fake.click(erin, dm, `r:z:${TASK}:unknown-charge`);
    expect(JSON.stringify(click.callback.body)).toContain("remind you again on");
    expect(await bot.engine.reminders.list(bot.engine.keyOf({ platform: "discord", userId: erin.id }))).toHaveLength(1);
  });

  it("a user whose DMs are closed has their reminders cancelled", async () => {
    const finn = user("71002", "finn");
    await accept(finn.id);
    fake.dmClosed.add(finn.id);
    const report = await scanLater();
    expect(report?.unsubscribed).toBe(1);
    expect(await bot.engine.reminders.list(bot.engine.keyOf({ platform: "discord", userId: finn.id }))).toEqual([]);
  });
});
