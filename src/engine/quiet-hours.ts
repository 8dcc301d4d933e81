/**
 * Quiet hours for messages the bot starts (reminders): a daily window of local hours in a time
 * zone, computed with `Intl` (no time-zone database of our own). The window may wrap midnight
 * (21 → 8 is 21:00 to 08:00).
 */

/** When the bot keeps quiet: from `start` to `end` (whole hours, 0–23) in `timeZone`; start = end means never. */
export interface QuietHours {
  timeZone: string;
  start: number;
  end: number;
}

/** Default: 21:00–08:00 in Korea. */
export const DEFAULT_QUIET_HOURS: QuietHours = { timeZone: "Asia/Seoul", start: 21, end: 8 };

const formatters = new Map<string, Intl.DateTimeFormat>();
const formatter = (timeZone: string) => {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric" });
    formatters.set(timeZone, f);
  }
  return f;
};

/** The wall-clock fields of `at` in `timeZone`. */
function wall(at: Date, timeZone: string): { y: number; mo: number; d: number; h: number; mi: number; s: number } {
  const parts = Object.fromEntries(formatter(timeZone).formatToParts(at).map((p) => [p.type, p.value]));
  const n = (k: string) => Number(parts[k]);
  return { y: n("year"), mo: n("month"), d: n("day"), h: n("hour") % 24, mi: n("minute"), s: n("second") };
}

/** The zone's offset from UTC at `at`, in ms (Seoul: +9 h). */
function offsetMs(at: Date, timeZone: string): number {
  const w = wall(at, timeZone);
  return Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s) - Math.floor(at.getTime() / 1000) * 1000;
}

/** True when `Intl` knows the zone (re-exported for the engine's users). */
export { isTimeZone } from "../time-zone.js";

/** True when `at` falls inside the quiet window. */
export function isQuiet(at: Date, q: QuietHours): boolean {
  if (q.start === q.end) return false;
  const h = wall(at, q.timeZone).h;
  return q.start < q.end ? h >= q.start && h < q.end : h >= q.start || h < q.end;
}

/**
 * The first moment at or after `at` outside the quiet window: `at` itself, or the window's end
 * (`end`:00 local time, the same day or the next).
 *
 * @example nextAllowed(new Date("2026-12-03T13:30:00Z"), DEFAULT_QUIET_HOURS) // 22:30 in Seoul → 2026-12-03T23:00:00Z (08:00 on the 4th)
 */
export function nextAllowed(at: Date, q: QuietHours): Date {
  if (!isQuiet(at, q)) return at;
  const w = wall(at, q.timeZone);
  const day = w.h >= q.end ? w.d + 1 : w.d;
  const localEnd = Date.UTC(w.y, w.mo - 1, day, q.end, 0, 0);
  // Two passes so a daylight-saving change between `at` and the window's end is accounted for.
  let t = localEnd - offsetMs(at, q.timeZone);
  t = localEnd - offsetMs(new Date(t), q.timeZone);
  return new Date(Math.max(t, at.getTime()));
}
