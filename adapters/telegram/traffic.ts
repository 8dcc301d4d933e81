import type { Transformer } from "grammy";
import type { TrafficMeter } from "../../src/index.js";

/** Bot API methods that put a message in front of a user (what Telegram's flood limits count). */
const SENDS = /^(send|copyMessage|forwardMessage|editMessage)/;

/**
 * Reports every message the bot sends to the process's outgoing budget (the core's dispatcher),
 * so broadcasts and reminders yield to users' replies, and every 429 with its `retry_after`, so
 * no message of the bot's own starts before Telegram allows it. Installed innermost (before
 * auto-retry), it sees each attempt.
 */
export function meterTraffic(traffic: TrafficMeter): Transformer {
  return async (prev, method, payload, signal) => {
    if (SENDS.test(method)) traffic.spend("telegram");
    const res = await prev(method, payload, signal);
    if (!res.ok && res.error_code === 429) traffic.pause("telegram", (res.parameters?.retry_after ?? 1) * 1000);
    return res;
  };
}
