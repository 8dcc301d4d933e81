/**
 * Zod schemas of a content pack, one file per pack file: pack.yaml and sources.yaml
 * (`pack-meta-schema.ts`), faq.yaml and matcher.yaml (`faq-schema.ts`), tasks.yaml, incident.yaml,
 * ui.yaml (`ui-schema.ts`, its string keys in `ui-keys.ts`); shared fields in `schema-fields.ts`.
 * Types come from `z.infer`; cross-file rules (every locale present, ids resolve, links on the
 * allowlist) live in `check.ts`.
 */
export { contentIdSchema, linkSchema, localizedText, type Link, type LocalizedText } from "./schema-fields.js";
export * from "./pack-meta-schema.js";
export * from "./faq-schema.js";
export * from "./task-schema.js";
export * from "./incident-schema.js";
export * from "./ui-keys.js";
export * from "./ui-schema.js";
