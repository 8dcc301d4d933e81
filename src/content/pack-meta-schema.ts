import { z } from "zod";
import { id, isoDate, isoDateOrMonth, localizedText } from "./schema-fields.js";

/** A service a user can reach (pack.yaml `contacts`): the official contact of a handoff, a phone number an answer names. */
export const contactSchema = z.strictObject({
  id,
  name: localizedText,
  phone: z.string().optional(),
  url: z.string().url().optional(),
  /** Other names of this service in texts; check-content flags one written next to a different phone number. */
  aliases: z.record(z.string(), z.array(z.string().min(2))).optional(),
});
export type Contact = z.infer<typeof contactSchema>;

/** A party whose claims the pack reports without endorsing them (`claim: <id>` on an item). */
export const partySchema = z.strictObject({
  id,
  name: localizedText,
  /** Regexes (case-insensitive) of this party's claims; a sentence matching one must be attributed. */
  claims: z.record(z.string(), z.array(z.string().min(1))).optional(),
  /** Extra regexes that count as attributing a sentence to this party. */
  attribution: z.record(z.string(), z.array(z.string().min(1))).optional(),
});
export type Party = z.infer<typeof partySchema>;

/** pack.yaml: the pack's id, titles, locales, review date, link allowlist, contacts, parties and FAQ groups. */
export const packMetaSchema = z.strictObject({
  id,
  title: localizedText,
  incident: localizedText,
  locales: z.array(z.string().regex(/^[a-z]{2}$/, "locales are two-letter codes")).min(1),
  defaultLocale: z.string(),
  reviewed: isoDate,
  links: z.strictObject({ allow: z.array(z.string().min(3)).min(1) }),
  contacts: z.array(contactSchema).min(1),
  /** How old `reviewed` or an item's `asOf` may get before check-content and the start-up log call it stale. */
  freshness: z.strictObject({ maxAgeDays: z.number().int().min(1).max(3650).default(90) }).default({ maxAgeDays: 90 }),
  parties: z.array(partySchema).default([]),
  /** The FAQ menu's groups, in menu order; each FAQ entry's `group` names one. */
  groups: z.array(z.strictObject({ id, label: localizedText })).min(1, "declare at least one FAQ group"),
});
export type PackMeta = z.infer<typeof packMetaSchema>;

/** sources.yaml: the sources items cite by id. */
export const sourcesFileSchema = z.strictObject({
  sources: z.array(z.strictObject({
      id: z.string().min(1),
      url: z.string().url(),
      title: z.string().min(1),
      /** Publication date; an "as of …" phrase must match the date of a source it cites. */
      date: isoDateOrMonth.optional(),
      /** When someone last checked the source still says this. */
      checked: isoDate.optional(),
    })),
});
export type Source = z.infer<typeof sourcesFileSchema>["sources"][number];
