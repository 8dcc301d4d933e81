const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 } as const;

/**
 * Parses a `--since` value: a span back from `now` (`30m`, `12h`, `7d`, `2w`), a date or time
 * (`2026-11-20`, ISO 8601), or `all`. Returns `undefined` for `all`, an error message for
 * anything else.
 *
 * @example parseSince("7d", new Date("2026-11-27T00:00:00Z")) // { since: 2026-11-20T00:00:00.000Z }
 */
export function parseSince(value: string, now: Date): { since?: Date; error?: string } {
  const v = value.trim();
  if (v === "all") return {};
  const span = /^(\d+)([mhdw])$/.exec(v);
  if (span) return { since: new Date(now.getTime() - Number(span[1]) * UNIT_MS[span[2] as keyof typeof UNIT_MS]) };
  if (/^\d{4}-\d{2}-\d{2}/.test(v) && Number.isFinite(Date.parse(v))) return { since: new Date(Date.parse(v)) };
  return { error: `--since: expected a span such as 7d, 12h, 30m or 2w, a date such as 2026-11-20, or "all"; got '${value}'` };
}
