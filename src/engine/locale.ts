import type { ContentPack } from "../content/pack.js";
import { hasHangul } from "../matcher/features.js";
import type { UserState } from "../store/state.js";
import type { InboundEvent } from "./events.js";

/** Maps a platform locale such as "en-US" or "ko" to a pack locale, if the pack has it. */
export function toPackLocale(pack: ContentPack, hint: string | undefined): string | undefined {
  if (!hint) return undefined;
  const base = hint.toLowerCase().split(/[-_]/)[0] ?? "";
  return pack.meta.locales.includes(base) ? base : undefined;
}

/**
 * Chooses the reply language: the user's explicit choice wins; otherwise the script of the
 * message (Hangul means Korean; several Latin words mean English), then what was remembered,
 * then the platform's hint, then the pack default.
 */
export function resolveLocale(pack: ContentPack, state: UserState | undefined, event: InboundEvent): string {
  if (state?.localeChosen && state.locale && pack.meta.locales.includes(state.locale)) return state.locale;
  if (event.kind === "text") {
    if (hasHangul(event.text) && pack.meta.locales.includes("ko")) return "ko";
    const latinWords = event.text.match(/[A-Za-z]{2,}/g)?.length ?? 0;
    if (latinWords >= 2 && pack.meta.locales.includes("en")) return "en";
  }
  if (state?.locale && pack.meta.locales.includes(state.locale)) return state.locale;
  return toPackLocale(pack, event.localeHint) ?? pack.meta.defaultLocale;
}
