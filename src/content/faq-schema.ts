import { z } from "zod";
import { allowLongField, checkedFields, claimField, id, linkSchema, localizedText, sourceRefs } from "./schema-fields.js";

/** One FAQ entry (faq.yaml): the question, phrases the matcher learns from, the answer and its sources. */
export const faqEntrySchema = z.strictObject({
  id,
  /** One of pack.yaml `groups` (checked across files). */
  group: id,
  question: localizedText,
  label: localizedText,
  phrases: z.record(z.string(), z.array(z.string().min(1))),
  answer: localizedText,
  links: z.array(linkSchema).optional(),
  followUps: z.array(id).max(3, "at most 3 follow-up suggestions").default([]),
  task: id.optional(),
  sources: sourceRefs,
  ...checkedFields,
  ...claimField,
  ...allowLongField,
});
export type FaqEntry = z.infer<typeof faqEntrySchema>;
/** faq.yaml. */
export const faqFileSchema = z.strictObject({ faq: z.array(faqEntrySchema) });

/** matcher.yaml: examples of what the pack does not answer (out of scope, ordinary customer service). */
export const matcherFileSchema = z.strictObject({
  outOfScope: z.record(z.string(), z.array(z.string().min(1))),
  /** Ordinary customer-service questions about the company (orders, deliveries, returns): answered with `companyService`. */
  companyService: z.record(z.string(), z.array(z.string().min(1))).optional(),
});
