import { z } from "zod";
import { pick, type ContentPack } from "../content/pack.js";
import type { ScamWatchUiKey } from "../content/schema.js";
import { flagLines } from "../engine/scam.js";
import type { Store } from "../store/store.js";
import { checkMessage } from "./check.js";
import { eventFlags } from "./event-flags.js";

/**
 * What moderators chose for one place (a Discord server, a Telegram group): where the watch
 * reads messages, where the details go, and whether scam messages are removed. Channel ids only;
 * no message text is ever stored.
 */
export const scamWatchSettingsSchema = z.strictObject({
  /** Watched channel ids (Discord); a Telegram group watches itself (its own id). */
  channels: z.array(z.string().min(1)).max(50),
  /** Where the details go (a channel or chat id), if set. */
  modChannel: z.string().min(1).optional(),
  /** Remove a message called a scam (off unless the moderators turned it on). */
  remove: z.boolean(),
  /** The language of the warning, when the place has one (a Telegram group: the admin's who turned it on). */
  locale: z.string().min(2).max(16).optional(),
});
export type ScamWatchSettings = z.infer<typeof scamWatchSettingsSchema>;

/** Settings of the watch per platform and place, kept in the store under a pseudonym of the place's id. */
export interface ScamWatchBook {
  get(platform: string, place: string): Promise<ScamWatchSettings | undefined>;
  /** `undefined` turns the watch off (the setting is deleted). */
  set(platform: string, place: string, settings: ScamWatchSettings | undefined): Promise<void>;
}

/** Keeps watch settings as store settings `scam-watch:<platform>:<pseudonym>` (JSON, ids only). */
export function createScamWatchBook(store: Store, pseudonym: (namespace: string, id: string) => string): ScamWatchBook {
  const key = (platform: string, place: string) => `scam-watch:${platform}:${pseudonym(`${platform}-scam-watch`, place)}`;
  return {
    async get(platform, place) {
      const raw = await store.getSetting(key(platform, place));
      if (!raw) return undefined;
      try {
        const parsed = scamWatchSettingsSchema.safeParse(JSON.parse(raw));
        return parsed.success ? parsed.data : undefined;
      } catch {
        return undefined;
      }
    },
    async set(platform, place, settings) {
      await store.setSetting(key(platform, place), settings ? JSON.stringify(scamWatchSettingsSchema.parse(settings)) : undefined);
    },
  };
}

/** What the watch does about one message: a public warning, details for the moderators, maybe removal. */
export interface WatchAlert {
  /** The short public reply (pings no one: adapters send it with mentions off). */
  warning: string;
  /**
   * The moderators' details, with `{author}` and `{where}` left for the adapter to fill with its
   * own markup (a mention that does not notify, a link to the channel). Absent without a mods' channel.
   */
  details?: string;
  modChannel?: string;
  /** Remove the message (only when the moderators turned removal on). */
  remove: boolean;
  /** A keyed hash of the normalized message (for counting a wave; never the text). */
  hash: string;
  /** What the checker found, as the `scam_checked` event keeps it: score, flag kinds (and `lure:<id>` per lure, see event-flags.ts), registrable domains. */
  check: { score: number; flags: string[]; domains: string[] };
}

/** A watch UI string from the pack (optional in ui.yaml; the key itself when missing). */
export function watchText(pack: ContentPack, key: ScamWatchUiKey, locale: string, vars: Record<string, string | number> = {}): string {
  const text = (pack.ui as Partial<Record<ScamWatchUiKey, Record<string, string>>>)[key];
  return (text ? pick(pack, text, locale) : key).replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

/**
 * The watch's rule, once for every platform: a message in a watched channel that the checker
 * calls a scam gets a short public warning; its red flags (defanged, never the message text) go
 * to the moderators' channel; it is removed only when the moderators turned removal on. Any
 * other verdict (suspicious, no red flags) gets nothing: a public warning must be sure.
 *
 * @example watchMessage(pack, settings, "123", "[국제발신] … acme-bosang.kr", "ko", hash) // { warning, details, remove: false, … }
 */
export function watchMessage(
  pack: ContentPack,
  settings: ScamWatchSettings | undefined,
  channel: string,
  text: string,
  locale: string,
  hash: (normalized: string) => string,
): WatchAlert | undefined {
  const rules = pack.scam;
  if (!rules || !settings || !settings.channels.includes(channel) || !text.trim()) return undefined;
  const c = checkMessage(rules, text);
  if (c.verdict !== "scam") return undefined;
  const kinds = [...new Set(c.flags.map((f) => f.kind))];
  const flags = flagLines({ pack, locale }, c.flags).join("\n");
  const alert: WatchAlert = {
    warning: watchText(pack, "scamWatchWarning", locale, { count: kinds.length }),
    remove: settings.remove,
    hash: hash(`scam\u0000${c.normalized}`),
    check: { score: c.score, flags: eventFlags(c.flags), domains: c.domains },
  };
  if (settings.modChannel) {
    alert.modChannel = settings.modChannel;
    const action = watchText(pack, settings.remove ? "scamWatchRemoved" : "scamWatchKept", locale);
    alert.details = `${watchText(pack, "scamWatchDetails", locale, { score: c.score })}\n${flags}\n${action}`;
  }
  return alert;
}
