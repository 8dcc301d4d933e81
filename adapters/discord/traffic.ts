import { RESTEvents, type Client } from "discord.js";
import type { TrafficMeter } from "../../src/index.js";

/** REST routes that put a message in front of someone: channel and DM messages, interaction answers and their follow-ups. */
const SENDS = /^\/(channels\/\d+\/messages|interactions\/\d+\/[^/]+\/callback|webhooks\/\d+\/[^/]+)$/;

/**
 * Reports every message the bot sends on Discord to the process's outgoing budget (the core's
 * dispatcher), so broadcasts and reminders yield to members' answers, and each rate limit
 * discord.js meets, so no message of the bot's own starts before Discord allows it. The count
 * is taken where the request is made, so a send made for a broadcast is not counted twice.
 */
export function meterDiscordTraffic(client: Client, traffic: TrafficMeter): void {
  const rest = client.rest;
  const request = rest.request.bind(rest);
  rest.request = (options) => {
    if (options.method === "POST" && SENDS.test(options.fullRoute)) traffic.spend("discord");
    return request(options);
  };
  rest.on(RESTEvents.RateLimited, (info) => traffic.pause("discord", info.retryAfter));
}
