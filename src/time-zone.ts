/** True when `timeZone` is an IANA zone `Intl` knows (configuration checks; kept apart from the engine so `config` stays cheap to load). */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
    return true;
  } catch {
    // RangeError: Intl does not know this zone.
    return false;
  }
}
