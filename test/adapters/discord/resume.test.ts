import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FakeDiscord } from "../../fakes/discord/fake-discord.js";
import { snowflake, user } from "../../fakes/discord/payloads.js";
import { customIds } from "./calls.js";
import { startRig, stopRig, type TestBot } from "./bot.js";

let fake: FakeDiscord;
let bot: TestBot;
let dir: string;
beforeAll(async () => {
  ({ fake, dir, bot } = await startRig({ fake: { heartbeatMs: 250 } }));
});
afterAll(() => stopRig({ fake, dir, bot }));

/** Polls a condition about the fake (a positive wait: something must happen), bounded. */
async function eventually(what: string, ok: () => boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe("Discord gateway dropped and resumed", () => {
  it("resumes the session (no new IDENTIFY) and answers interactions after the reconnect", async () => {
    const alice = user(snowflake(), "alice");
    const before = await fake.slash(alice, "leak", "help");
    expect(before.callback.body.type).toBe(4);
    const identifies = fake.gateway.identifies.length;

    fake.gateway.drop();
    await eventually("a RESUME", () => fake.gateway.resumes >= 1);
    await eventually("a live session", () => fake.gateway.live === 1);
    expect(fake.gateway.identifies.length).toBe(identifies);

    const after = await fake.slash(alice, "leak", "help");
    expect(after.callback.body.type).toBe(4);
    expect(customIds(after.callback.body.data)).toContain("m:tasks");
  });
});
