import type { CheckInput } from "./check.js";
import type { createFindings } from "./findings.js";
import { ageInDays } from "./pack.js";
import type { Contact } from "./schema.js";
import { packItems, packTexts, sentences } from "./texts.js";

type Report = ReturnType<typeof createFindings>["report"];

/** Pack review date and every item's `asOf` older than `freshness.maxAgeDays`. */
export function lintStale(input: CheckInput, today: Date, report: Report): void {
  const meta = input.meta.value;
  const max = meta.freshness.maxAgeDays;
  const age = ageInDays(meta.reviewed, today);
  if (age > max) report(input.meta.src, ["reviewed"], "stale", `pack reviewed ${meta.reviewed}, ${age} days ago (limit ${max} days, freshness.maxAgeDays): re-check the facts and bump 'reviewed'`);
  for (const item of packItems(input)) {
    if (!item.asOf) continue;
    const a = ageInDays(item.asOf, today);
    if (a > max) report(item.src, [...item.path, "asOf"], "stale", `${item.what}: asOf ${item.asOf} is ${a} days old (limit ${max} days): re-check it against its sources`);
  }
}

/** Sources defined in sources.yaml that nothing cites. */
export function lintUnusedSources(input: CheckInput, report: Report): void {
  const used = new Set(packItems(input).flatMap((i) => i.sources));
  input.sources.value.sources.forEach((s, i) => {
    if (!used.has(s.id)) report(input.sources.src, ["sources", i, "id"], "source-unused", `source '${s.id}' is defined but nothing cites it`);
  });
}

/** Phone-like numbers: 1577-7011, 02-123-4567, 010-1234-5678 (bare short numbers are too like other figures). */
const PHONE = /(?<![\d,.-])(?:\d{2,4}-\d{3,4}(?:-\d{4})?|\d{3,4})(?![\d,.-])/g;

const namesOf = (c: Contact, locale: string): string[] => {
  const name = c.name[locale] ?? "";
  const short = name.split(/\s*[(（]/)[0]?.trim() ?? "";
  return [...new Set([name, short, ...(c.aliases?.[locale] ?? [])])].filter((n) => n.length >= 2);
};

/**
 * A text naming an official service next to a number that is not the one pack.yaml gives for it
 * (the same service with different numbers in different answers).
 */
export function lintPhones(input: CheckInput, report: Report): void {
  const contacts = input.meta.value.contacts.filter((c): c is Contact & { phone: string } => !!c.phone);
  const known = new Set(contacts.map((c) => c.phone));
  for (const t of packTexts(input)) {
    for (const s of sentences(t.text)) {
      const lower = s.text.toLowerCase();
      const named = contacts.filter((c) => namesOf(c, t.locale).some((n) => lower.includes(n.toLowerCase())));
      if (named.length === 0) continue;
      // Another official number in the same sentence ("or call 112") is fine; an unknown one is not.
      const numbers = [...s.text.matchAll(PHONE)].map((m) => m[0]).filter((n) => n.includes("-") && !known.has(n));
      for (const n of numbers) {
        const who = named.map((c) => `${c.id} ${c.phone}`).join(", ");
        report(t.src, t.path, "phone-mismatch", `phone number ${n} next to ${named.map((c) => `'${namesOf(c, t.locale)[0]}'`).join(", ")} (${t.locale}), but pack.yaml contacts give ${who}`, s.text);
      }
    }
  }
}
