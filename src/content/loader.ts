import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import type { z } from "zod";
import { checkPack, type CheckInput } from "./check.js";
import { conversationFileSchema } from "./conversation-schema.js";
import { lexiconFileSchema } from "./lexicon-schema.js";
import { checkScam } from "./scam-check.js";
import { scamFileSchema } from "./scam-schema.js";
import { DiagnosticsError, type Diagnostic, type SourceFile } from "./diagnostics.js";
import {
  faqFileSchema,
  incidentFileSchema,
  matcherFileSchema,
  packMetaSchema,
  sourcesFileSchema,
  tasksFileSchema,
  uiFileSchema,
} from "./schema.js";
import type { ContentPack } from "./pack.js";

interface Parsed<T> {
  src: SourceFile;
  value: T;
}

/**
 * Reads and validates a content pack folder, collecting every problem.
 *
 * @example
 * const { pack, diagnostics } = await parsePackDir("content/my-pack");
 * if (!pack) console.error(formatDiagnostics(diagnostics));
 */
export async function parsePackDir(
  dir: string,
  opts: { displayRoot?: string } = {},
): Promise<{ pack?: ContentPack; diagnostics: Diagnostic[]; input?: CheckInput }> {
  const diags: Diagnostic[] = [];
  const root = opts.displayRoot ?? process.cwd();
  const show = (p: string) => relative(root, p) || p;

  const read = async <S extends z.ZodType>(path: string, schema: S, required = true) => {
    let text: string;
    try {
      text = await readFile(path, "utf8");
    } catch {
      // A missing optional file is fine; a missing required one is a diagnostic.
      if (required) diags.push({ file: show(path), line: 1, message: "file is missing" });
      return undefined;
    }
    const { parseYamlFile } = await import("./yaml-file.js");
    const src = parseYamlFile(show(path), text, diags);
    if (!src) return undefined;
    const res = schema.safeParse(src.data);
    if (!res.success) {
      for (const issue of res.error.issues) {
        const path = issue.path as (string | number)[];
        const keys = issue.code === "unrecognized_keys" ? issue.keys : [undefined];
        for (const key of keys) {
          const where = key === undefined ? "" : ` '${key}'`;
          const at = path.length ? ` (at ${path.join(".")})` : "";
          diags.push({
            file: src.file,
            line: src.lineOf(path, key),
            message: issue.code === "unrecognized_keys" ? `unknown key${where}${at}` : `${issue.message}${at}`,
          });
        }
      }
      return undefined;
    }
    return { src, value: res.data as z.infer<S> } satisfies Parsed<z.infer<S>>;
  };

  const meta = await read(join(dir, "pack.yaml"), packMetaSchema);
  const sources = await read(join(dir, "sources.yaml"), sourcesFileSchema);
  const incident = await read(join(dir, "incident.yaml"), incidentFileSchema);
  const tasks = await read(join(dir, "tasks.yaml"), tasksFileSchema);
  const ui = await read(join(dir, "ui.yaml"), uiFileSchema);
  const matcher = await read(join(dir, "matcher.yaml"), matcherFileSchema, false);
  const conversation = await read(join(dir, "conversation.yaml"), conversationFileSchema, false);
  const lexicon = await read(join(dir, "lexicon.yaml"), lexiconFileSchema, false);
  const scam = await read(join(dir, "scam.yaml"), scamFileSchema, false);

  let faqFiles: string[] = [];
  try {
    faqFiles = (await readdir(join(dir, "faq"))).filter((f) => /\.ya?ml$/.test(f)).sort();
  } catch {
    // Reported below as "no FAQ entries".
  }
  const faqs: Parsed<z.infer<typeof faqFileSchema>>[] = [];
  for (const f of faqFiles) {
    const parsed = await read(join(dir, "faq", f), faqFileSchema);
    if (parsed) faqs.push(parsed);
  }
  if (faqFiles.length === 0) diags.push({ file: show(join(dir, "faq")), line: 1, message: "no FAQ files found" });

  if (!meta || !sources || !incident || !tasks || !ui || diags.length > 0) return { diagnostics: diags };
  const input: CheckInput = { meta, sources, incident, tasks, ui, faqs, matcher, conversation, lexicon };
  const pack = checkPack(input, diags);
  if (scam && diags.length === 0) {
    const rules = checkScam(scam.src, scam.value, pack, diags);
    if (rules) pack.scam = rules;
  }
  // `input` keeps the parsed files with their positions, for the wording and freshness lint.
  return diags.length > 0 ? { diagnostics: diags } : { pack, diagnostics: diags, input };
}

/** Loads a pack or throws a {@link DiagnosticsError} listing every problem. */
export async function loadPack(dir: string): Promise<ContentPack> {
  const { pack, diagnostics } = await parsePackDir(dir);
  if (!pack) throw new DiagnosticsError(`content pack ${dir} is invalid`, diagnostics);
  return pack;
}
