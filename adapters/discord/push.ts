import { DiscordAPIError, HTTPError, RateLimitError, Routes, type Client } from "discord.js";
import type { ChannelPush, Logger } from "../../src/index.js";
import { isDmClosed } from "./errors.js";
import { renderAnswer } from "./render.js";

/**
 * The push capability on Discord: a DM, only ever to a user who asked for it (a reminder they
 * accepted), rendered like a DM answer (buttons). discord.js's REST client keeps within the rate
 * limits and waits out 429s; a closed DM (50007) is an unsubscribe; Discord's own failures and a
 * rate limit that outlasted the wait are tried again later.
 */
export function createDiscordPush(client: Client, logger: Logger): ChannelPush {
  return async (to, message) => {
    try {
      // Without a gateway session (pushOnly) discord.js's DM cache is not there: open the DM over REST.
      const channel = client.user ? await client.users.createDM(to.userId) : ((await client.rest.post(Routes.userChannels(), { body: { recipient_id: to.userId } })) as { id: string });
      for (const body of renderAnswer({ locale: message.locale, replies: message.replies })) await client.rest.post(Routes.channelMessages(channel.id), { body });
      return "sent";
    } catch (err) {
      if (isDmClosed(err)) return "unsubscribed";
      if (err instanceof RateLimitError || err instanceof HTTPError || (err instanceof DiscordAPIError && err.status >= 500)) return "later";
      if (err instanceof DiscordAPIError) {
        logger.warn({ code: err.code, status: err.status }, "discord: push refused");
        return "failed";
      }
      throw err;
    }
  };
}
