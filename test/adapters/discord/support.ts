import type { AnalyticsEvent, Store } from "../../../src/index.js";
import type { FakeDiscord, RecordedCall } from "../../fakes/discord/fake-discord.js";
import { user } from "../../fakes/discord/payloads.js";
import { messageBody } from "./calls.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- recorded JSON bodies
type Json = any;

/**
 * What the user finally sees of an interaction: the callback's message, or (after a deferred
 * "thinking…", type 5) the edit of the original response.
 */
export async function answerOf(fake: FakeDiscord, res: { callback: RecordedCall; mark: number; interaction: { token: string } }): Promise<Json> {
  if (res.callback.body.type !== 5) return res.callback.body.data;
  const edit = await fake.waitFor((c) => c.method === "PATCH" && c.path.endsWith(`/${res.interaction.token}/messages/@original`), res.mark);
  return edit.body;
}

/** Message bodies the bot posted in a channel since `mark`. */
export const postedIn = (fake: FakeDiscord, channelId: string, mark = 0): Json[] =>
  fake
    .since(mark)
    .filter((c) => c.method === "POST" && c.path === `/channels/${channelId}/messages` && c.status < 300)
    .map((c) => messageBody(c));

/** Every analytics event in the store. */
export async function eventsOf(store: Store): Promise<AnalyticsEvent[]> {
  const out: AnalyticsEvent[] = [];
  for await (const e of store.events()) out.push(e);
  return out;
}

/** Resolves after `ms`, for checks that nothing happens. */
export const settle = (ms = 150) => new Promise((r) => setTimeout(r, ms));

/** The user the idle barrier writes as; the calls it causes are left out by {@link notProbe}. */
export const PROBE = user("1999999999999999999", "probe");

/**
 * The idle barrier for "nothing happened" checks, instead of a fixed sleep: a DM from a probe
 * user goes through the same gateway after the events under test, so once its answer is out
 * and the bot is idle, every earlier event has been handled in full.
 */
export async function quiet(fake: FakeDiscord, bot: { idle(): Promise<void> }): Promise<void> {
  const { mark } = fake.post(PROBE, "/help", { dm: true });
  await fake.waitFor((c) => c.method === "POST" && c.path === `/channels/${fake.rest.dmChannel(PROBE.id)}/messages`, mark);
  await bot.idle();
}

/** Calls that are not the probe's (its DM channel, and opening it). */
export const notProbe =
  (fake: FakeDiscord) =>
  (c: RecordedCall): boolean =>
    !c.path.startsWith(`/channels/${fake.rest.dmChannel(PROBE.id)}`) && !(c.path === "/users/@me/channels" && JSON.stringify(c.body ?? {}).includes(PROBE.id));
