import type { ChannelPlace, RunningChannel } from "../channel.js";
import type { Outbox } from "./outbox.js";
import type { Reply } from "./replies.js";

/** How posting one update to the channels' public places went. */
export interface PlacesReport {
  sent: number;
  failed: number;
  /** Places the bot can no longer post to (dropped from the channel's list). */
  unsubscribed: number;
  /** Already posted by an earlier run (or another instance): not posted again. */
  done: number;
  /** Held by another worker, or the platform asked to wait: left for a later run. */
  later: number;
}

/** What {@link postToPlaces} needs. */
export interface PostToPlacesOptions {
  /** The update's id: the outbox records each place's post under it, once. */
  update: string;
  channels: readonly RunningChannel[];
  outbox: Outbox;
  /** The message for a place, in the place's language (undefined: the pack's default). */
  message(locale: string | undefined): { locale: string; replies: Reply[] };
  /** Waits for the channel's rate (the broadcast's limiter); default: none. */
  pace?(channel: string, place: ChannelPlace): Promise<void>;
}

/**
 * Posts an update to every public place of every running channel that has the `places`
 * capability (e.g. each Discord server's updates channel), each place once per update id: the
 * outbox takes the place's key before the post and records the outcome after, so a rerun, a
 * resume after kill -9 or a second instance never posts it again. A place that refuses for good
 * ("unsubscribed": deleted channel, access removed) is dropped from the channel's list.
 *
 * @example
 * await postToPlaces({ update: file.id, channels, outbox, message: (l) => render(file, l) });
 */
export async function postToPlaces(o: PostToPlacesOptions): Promise<PlacesReport> {
  const report: PlacesReport = { sent: 0, failed: 0, unsubscribed: 0, done: 0, later: 0 };
  for (const channel of o.channels) {
    const places = channel.places;
    if (!places) continue;
    for await (const place of places.list()) {
      const took = await o.outbox.take(o.update, place.key);
      if (took !== "taken") {
        report[took === "done" ? "done" : "later"]++;
        continue;
      }
      await o.pace?.(channel.name, place);
      const outcome = await places.post(place, o.message(place.locale));
      if (outcome === "later") {
        report.later++; // the lease runs out and a later run takes it again
        continue;
      }
      await o.outbox.settle(o.update, place.key, outcome);
      if (outcome === "unsubscribed") await places.drop(place);
      report[outcome]++;
    }
  }
  return report;
}
