import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { stringify } from "yaml";
import type { ContentPack } from "../../../src/index.js";

/** A YAML snippet for the pack, and the file it belongs in. */
export interface Snippet {
  file: string;
  yaml: string;
}

/** The faq file of `packDir` that defines entry `id` (by its `- id: …` line). */
async function faqFileOf(packDir: string, id: string): Promise<string | undefined> {
  const dir = join(packDir, "faq");
  const pattern = new RegExp(`^\\s*-\\s*id:\\s*["']?${id.replace(/[^\w-]/g, "")}["']?\\s*$`, "m");
  for (const f of (await readdir(dir)).filter((n) => n.endsWith(".yaml")).sort()) {
    if (pattern.test(await readFile(join(dir, f), "utf8"))) return join(dir, f);
  }
  return undefined;
}

/**
 * The `phrases:` block of faq entry `topic` with `text` added for `locale` (not twice): paste it over
 * the entry's block, then `afterleak check-content`. Undefined when the pack has no such entry.
 */
export async function phrasesSnippet(pack: ContentPack, packDir: string, topic: string, locale: string, text: string): Promise<Snippet | undefined> {
  const entry = pack.faqById.get(topic);
  if (!entry) return undefined;
  const phrases: Record<string, string[]> = Object.fromEntries(Object.entries(entry.phrases).map(([k, v]) => [k, [...v]]));
  const list = phrases[locale] ?? (phrases[locale] = []);
  const clean = text.replace(/\s+/g, " ").trim();
  if (clean && !list.some((p) => p.trim().toLowerCase() === clean.toLowerCase())) list.push(clean);
  const file = (await faqFileOf(packDir, topic)) ?? join(packDir, "faq");
  return { file: `${file} (id: ${topic})`, yaml: stringify({ phrases }, { lineWidth: 0 }) };
}

/** A new faq entry's scaffold with `text` as its first phrase; the TODOs must be written before check-content passes. */
export function topicScaffold(pack: ContentPack, packDir: string, locale: string, text: string): Snippet {
  const slug =
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .split("-")
      .slice(0, 5)
      .join("-") || "new-topic";
  const each = (v: string) => Object.fromEntries(pack.meta.locales.map((l) => [l, v]));
  const entry = {
    id: slug,
    // A group the pack declares (pack.yaml groups); move it to the right one.
    group: pack.meta.groups[0]?.id ?? "TODO",
    question: each("TODO"),
    label: each("TODO"),
    phrases: Object.fromEntries(pack.meta.locales.map((l) => [l, l === locale ? [text.replace(/\s+/g, " ").trim()] : ["TODO"]])),
    answer: each("TODO"),
    sources: ["TODO-source-id"],
  };
  return { file: join(packDir, "faq", "<file>.yaml"), yaml: stringify({ faq: [entry] }, { lineWidth: 0 }) };
}
