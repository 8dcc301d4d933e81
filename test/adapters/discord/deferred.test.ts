import { afterAll, beforeAll, expect, it } from "vitest";
import type { Engine } from "../../../src/index.js";
import type { FakeDiscord } from "../../fakes/discord/fake-discord.js";
import { snowflake, user } from "../../fakes/discord/payloads.js";
import { customIds } from "./calls.js";
import { startRig, stopRig, type TestBot } from "./bot.js";

const ENGINE_DELAY_MS = 600;

/** Takes its time over questions containing "slowly" (a store under load, a slow network). */
const slow = (e: Engine): Engine => ({
  ...e,
  handle: async (ev) => {
    if (ev.kind === "text" && ev.text.includes("slowly")) await new Promise((r) => setTimeout(r, ENGINE_DELAY_MS));
    return e.handle(ev);
  },
});

let fake: FakeDiscord;
let bot: TestBot;
let dir: string;
beforeAll(async () => {
  ({ fake, dir, bot } = await startRig({ bot: () => ({ wrap: slow, ackBudgetMs: 100 }) }));
});
afterAll(() => stopRig({ fake, dir, bot }));

it("defers a slow answer (type 5, ephemeral) at once, then edits in the answer", async () => {
  const alice = user(snowflake(), "alice");
  const t0 = Date.now();
  const { interaction, callback, mark } = await fake.slash(alice, "leak", "ask", { question: "slowly: was my card number leaked?" });
  const ackMs = Date.now() - t0;
  expect(callback.body).toEqual({ type: 5, data: { flags: 64 } });
  expect(ackMs).toBeLessThan(ENGINE_DELAY_MS);
  const edit = await fake.waitFor((c) => c.method === "PATCH" && c.path === `/webhooks/${fake.applicationId}/${interaction.token}/messages/@original`, mark);
  expect(edit.body.content).toMatch(/card/i);
  expect(edit.body.allowed_mentions).toEqual({ parse: [] });
  expect(customIds(edit.body)).toContain("m:main");
  expect(fake.responseMessage(interaction).flags).toBe(64);
});

it("answers fast questions directly (type 4) under the same budget", async () => {
  const bob = user(snowflake(), "bob");
  const { callback } = await fake.slash(bob, "leak", "ask", { question: "was my card number leaked?" });
  expect(callback.body.type).toBe(4);
});
