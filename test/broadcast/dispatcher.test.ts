import { expect, it } from "vitest";
import { createDispatcher, WINDOW_MS } from "../../src/broadcast/dispatcher.js";

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
/** The most entries of `times` (sorted) within any `span` ms. */
const mostWithin = (times: number[], span: number) => {
  let most = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i]! - times[j]! >= span) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
};

// The bucket spaces the starts 20.3 ms apart at 50/s. When the sender's own step before its request
// (the outbox's durable mark) is slow for a while and then fast again, the late requests and the
// on-time ones after them land together: some 55 in one second if nothing else held them back.
it("never lets more than perSecond requests out in any second, whatever delay the sender adds before its request", async () => {
  const perSecond = 50;
  const d = createDispatcher({ limits: { test: { perSecond, burst: 1, perRecipientMs: 0, concurrency: 8 } } });
  const out: number[] = [];
  await Promise.all(
    Array.from({ length: 130 }, (_, i) =>
      d.send("test", `r${i}`, async (go) => {
        if (i < 60) await sleep(100); // a slow "sending" mark for the first 60
        await go();
        out.push(Date.now());
        return "sent";
      }),
    ),
  );
  out.sort((a, b) => a - b);
  expect(out).toHaveLength(130);
  expect(mostWithin(out, 1000)).toBeLessThanOrEqual(perSecond);
  expect(mostWithin(out, WINDOW_MS - 1)).toBeLessThanOrEqual(perSecond);
  // And the rate holds: 130 at 50/s take some 2.6 s, not much more.
  expect(out.at(-1)! - out[0]!).toBeLessThan(3500);
});
