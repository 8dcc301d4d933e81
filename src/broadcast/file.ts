import { z } from "zod";
import type { Diagnostic, PathKey, SourceFile } from "../content/diagnostics.js";
import { parseYamlFile } from "../content/yaml-file.js";
import { findUrls, isAllowedLink } from "../content/links.js";
import { findUnsafeMarkup } from "../content/markup.js";
import type { ContentPack } from "../content/pack.js";
import { contentIdSchema, linkSchema, localizedText, type LocalizedText } from "../content/schema.js";
import type { Reply } from "../engine/replies.js";

/** Longest update text per locale, in characters: well inside one Telegram (4096) and Discord (2000) message with its links. */
export const BROADCAST_TEXT_MAX = 1500;
/** Longest link label, as in the pack. */
const LABEL_MAX = 64;

/**
 * The broadcast file (`afterleak broadcast FILE.yaml`): one incident update. `id` names the
 * update in the outbox, so the same id never reaches the same person twice however often the
 * command runs. `packs` limits it to some packs of the deployment (default: every pack);
 * `expires` (YYYY-MM-DD) makes the command refuse to send it after that day (old news).
 */
export const broadcastFileSchema = z.strictObject({
  id: contentIdSchema,
  text: localizedText,
  links: z.array(linkSchema).max(5, "at most 5 links").optional(),
  packs: z.array(contentIdSchema).min(1).optional(),
  expires: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "expires is a date YYYY-MM-DD")
    .optional(),
});
/** A validated broadcast file. */
export type BroadcastFile = z.infer<typeof broadcastFileSchema>;

/** The outcome of reading a broadcast file: the file when it is valid, and every problem as `file:line: message`. */
export interface BroadcastFileResult {
  file?: BroadcastFile;
  diagnostics: Diagnostic[];
}

/**
 * Validates a broadcast file's text against the packs it goes to, like pack content
 * (src/content/check.ts): every locale of every target pack present and non-empty, at most
 * {@link BROADCAST_TEXT_MAX} characters, no URL in the text, no mass mention, HTML or Markdown
 * link, every link https on the pack's allowlist.
 */
export function checkBroadcast(src: SourceFile, file: BroadcastFile, packs: readonly ContentPack[], diags: Diagnostic[], today?: string): void {
  const report = (path: PathKey[], message: string, key?: string) => diags.push({ file: src.file, line: src.lineOf(path, key), message });
  const ids = packs.map((p) => p.meta.id);
  for (const [i, id] of (file.packs ?? []).entries()) if (!ids.includes(id)) report(["packs", i], `pack '${id}' is not one of the configured packs [${ids.join(", ")}]`);
  const targets = targetPacks(file, packs);
  const locales = [...new Set(targets.flatMap((p) => p.meta.locales))];
  const text = (path: PathKey[], value: LocalizedText, what: string, max: number) => {
    for (const loc of locales) {
      const v = value[loc];
      if (v === undefined) report(path, `${what}: text missing for locale '${loc}'`);
      else if (!v.trim()) report([...path, loc], `${what}: empty text for locale '${loc}'`);
      else {
        if ([...v].length > max) report([...path, loc], `${what}: longer than ${max} characters`);
        for (const url of findUrls(v)) report([...path, loc], `${what}: URL '${url}' in text; put links in 'links:'`);
        for (const problem of findUnsafeMarkup(v)) report([...path, loc], `${what}: ${problem}`);
      }
    }
    for (const loc of Object.keys(value)) if (!locales.includes(loc)) report([...path, loc], `${what}: locale '${loc}' is not declared by the packs`);
  };
  text(["text"], file.text, "update text", BROADCAST_TEXT_MAX);
  for (const [i, l] of (file.links ?? []).entries()) {
    text(["links", i, "label"], l.label, "update link label", LABEL_MAX);
    for (const p of targets) if (!isAllowedLink(l.url, p.meta.links.allow)) report(["links", i, "url"], `update link ${l.url} is not on the allowlist of pack '${p.meta.id}'`);
  }
  if (file.expires && today && file.expires < today) report(["expires"], `the update expired on ${file.expires}; not sent`);
}

/** The packs a broadcast goes to: those it names, or all. */
export function targetPacks(file: Pick<BroadcastFile, "packs">, packs: readonly ContentPack[]): ContentPack[] {
  return file.packs ? packs.filter((p) => file.packs?.includes(p.meta.id)) : [...packs];
}

/**
 * Validates the text of a broadcast file (YAML) against the deployment's packs; `shown` names
 * the file in diagnostics. Reading the file is the CLI's (src/cli/broadcast-file.ts).
 *
 * @example
 * const { file, diagnostics } = parseBroadcastFile("update.yaml", text, packs);
 * if (!file) console.error(formatDiagnostics(diagnostics));
 */
export function parseBroadcastFile(shown: string, raw: string, packs: readonly ContentPack[], opts: { today?: string } = {}): BroadcastFileResult {
  const diagnostics: Diagnostic[] = [];
  const src = parseYamlFile(shown, raw, diagnostics);
  if (!src) return { diagnostics };
  const res = broadcastFileSchema.safeParse(src.data);
  if (!res.success) {
    for (const issue of res.error.issues) {
      const p = issue.path as PathKey[];
      const keys = issue.code === "unrecognized_keys" ? issue.keys : [undefined];
      for (const key of keys) {
        const at = p.length ? ` (at ${p.join(".")})` : "";
        diagnostics.push({ file: src.file, line: src.lineOf(p, key), message: key === undefined ? `${issue.message}${at}` : `unknown key '${key}'${at}` });
      }
    }
    return { diagnostics };
  }
  checkBroadcast(src, res.data, packs, diagnostics, opts.today);
  return diagnostics.length ? { diagnostics } : { file: res.data, diagnostics };
}

/** The update as engine replies in one locale (text, then its links), for a channel's `push` or a place's post. */
export function broadcastReplies(file: BroadcastFile, locale: string, fallback: string): Reply[] {
  const pick = (t: LocalizedText) => t[locale] ?? t[fallback] ?? Object.values(t)[0] ?? "";
  const replies: Reply[] = [{ kind: "text", text: pick(file.text) }];
  if (file.links?.length) replies.push({ kind: "links", links: file.links.map((l) => ({ label: pick(l.label), url: l.url })) });
  return replies;
}
