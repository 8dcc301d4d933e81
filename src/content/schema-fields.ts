import { z } from "zod";

/** The id rule of every content id: lower-case words joined by '-', at most 40 characters. */
export const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, "ids are lower-case words joined by '-'")
  .max(40, "ids are at most 40 characters (they travel inside button data)");

/** Task and step ids travel together in one button (64 bytes on Telegram), so they are shorter. */
export const shortId = id.max(24, "task and step ids are at most 24 characters (they travel inside button data)");

/** A text per locale, e.g. `{ en: "…", ko: "…" }`. Locales are checked against the pack. */
export const localizedText = z.record(z.string(), z.string());
export type LocalizedText = z.infer<typeof localizedText>;

/** The `sources:` of an item: ids of sources.yaml entries, at least one. */
export const sourceRefs = z.array(z.string().min(1)).min(1, "cite at least one source");

/** A link shown with an answer or a step: a label per locale and a URL (on the pack's allowlist, checked in `check.ts`). */
export const linkSchema = z.strictObject({
  label: localizedText,
  url: z.string().url(),
});
export type Link = z.infer<typeof linkSchema>;

/** A date written as YYYY-MM-DD (YAML may parse it into a Date; it comes out as the string). */
export const isoDate = z.union([z.string(), z.date()]).transform((v, ctx) => {
  const s = v instanceof Date ? v.toISOString().slice(0, 10) : v;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) {
    ctx.addIssue({ code: "custom", message: "expected a date as YYYY-MM-DD" });
    return z.NEVER;
  }
  return s;
});

/** A date that may name only a month (`YYYY-MM`), as a source's publication date often does. */
export const isoDateOrMonth = z.union([z.string(), z.date()]).transform((v, ctx) => {
  const s = v instanceof Date ? v.toISOString().slice(0, 10) : v;
  if (!/^\d{4}-\d{2}(-\d{2})?$/.test(s)) {
    ctx.addIssue({ code: "custom", message: "expected a date as YYYY-MM-DD or YYYY-MM" });
    return z.NEVER;
  }
  return s;
});

/** Optional fields every answerable item may carry (issue 14: sources and dates a user can see). */
export const checkedFields = {
  /** When this statement was last checked; defaults to the pack's `reviewed`. */
  asOf: isoDate.optional(),
};
/** This text is a party's claim, always shown as "{party} says:". */
export const claimField = { claim: id.optional() };
/** This text may exceed the per-message limit; the value is the reason. */
export const allowLongField = { allowLong: z.string().min(3, "say why this text may be long").optional() };

/** The id rule of every content id, for schemas defined in other files (e.g. conversation.yaml). */
export { id as contentIdSchema };
