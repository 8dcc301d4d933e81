/** One table of a console page: what its HTML shows and its CSV export holds. */
export interface AdminTable {
  /** Stable name, used in `?format=csv&table=name` and as the file name. */
  name: string;
  headers: string[];
  rows: (string | number | null)[][];
}

const cell = (v: string | number | null) => {
  const s = v === null ? "" : String(v);
  // Quotes where needed; a leading = + - @ is defused so a spreadsheet never runs it as a formula.
  const safe = /^[=+\-@\t\r]/.test(s) && typeof v !== "number" ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** The table as RFC 4180 CSV (CRLF line ends). */
export function toCsv(t: AdminTable): string {
  return [t.headers, ...t.rows].map((r) => r.map(cell).join(",")).join("\r\n") + "\r\n";
}
