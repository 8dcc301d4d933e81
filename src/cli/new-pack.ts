import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { basename, dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { isPair, isScalar, isSeq, parseDocument, visit, type Document, type YAMLMap } from "yaml";
import { COMMANDS } from "../engine/events.js";
import { PACK_SET_UI_KEYS, SCAM_UI_KEYS, SCAM_WATCH_UI_KEYS, UI_KEYS, UPDATES_CHANNEL_UI_KEYS } from "../content/schema.js";

/** The locales the template is written in; any other locale gets a TODO translation of the English text. */
const TEMPLATE_LOCALES = ["en", "ko"];
const ID = /^[a-z0-9][a-z0-9-]{1,62}$/;
const LOCALE = /^[a-z]{2,3}(-[A-Z]{2})?$/;

/** The repository's `templates/new-pack/`, from the sources or from dist/. */
function templateDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++, dir = dirname(dir)) if (existsSync(join(dir, "templates/new-pack/pack.yaml"))) return join(dir, "templates/new-pack");
  throw new Error("templates/new-pack/ not found beside the afterleak installation");
}

async function* walk(dir: string): AsyncGenerator<string> {
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* walk(p);
    else if (e.name.endsWith(".yaml")) yield p;
  }
}

const todoText = (text: string, locale: string) => `TODO (${locale}): ${text.replace(/^TODO:?\s*/, "")}`;

/** Rewrites every localized map of a template file to `locales`: drops the others, adds TODO translations. */
function relocalize(doc: Document, locales: readonly string[]): void {
  visit(doc, {
    Map(_, map, path) {
      const keys = map.items.map((p) => (isScalar(p.key) ? String(p.key.value) : ""));
      if (!keys.length || !keys.every((k) => TEMPLATE_LOCALES.includes(k))) return;
      map.items = map.items.filter((p) => locales.includes(String((p.key as { value: unknown }).value)));
      // commandNames: localizations of English names only; a missing one is simply untranslated.
      const underNames = path.some((n) => isPair(n) && isScalar(n.key) && n.key.value === "commandNames");
      if (underNames) return;
      const source = (map as YAMLMap).get("en", true) ?? (map as YAMLMap).get("ko", true);
      for (const loc of locales.filter((l) => !keys.includes(l))) {
        const from = doc.createNode(source === undefined ? "TODO" : (source as { toJSON(): unknown }).toJSON());
        if (isScalar(from)) from.value = todoText(String(from.value), loc);
        if (isSeq(from)) from.items = from.items.slice(0, 3).map((x) => doc.createNode(todoText(String(isScalar(x) ? x.value : x), loc)));
        (map as YAMLMap).set(loc, from);
      }
    },
  });
}

/** ui.yaml: a TODO for every UI string or command the engine needs that the template lacks; none it does not know. */
function completeUi(doc: Document, locales: readonly string[]): void {
  const fill = (section: string, keys: readonly string[], required: (k: string) => boolean) => {
    const map = doc.get(section) as YAMLMap | undefined;
    if (!map) return;
    map.items = map.items.filter((p) => keys.includes(String((p.key as { value: unknown }).value)));
    for (const k of keys) if (required(k) && !map.has(k)) map.set(k, doc.createNode(Object.fromEntries(locales.map((l) => [l, `TODO (${l}): the ${section === "commands" ? `/${k} command's description` : `'${k}' text`}`]))));
  };
  const optional = new Set<string>([...SCAM_UI_KEYS, ...PACK_SET_UI_KEYS, ...SCAM_WATCH_UI_KEYS, ...UPDATES_CHANNEL_UI_KEYS]);
  fill("strings", [...UI_KEYS, ...SCAM_UI_KEYS, ...PACK_SET_UI_KEYS, ...SCAM_WATCH_UI_KEYS, ...UPDATES_CHANNEL_UI_KEYS], (k) => !optional.has(k));
  fill("commands", [...COMMANDS, "ask"], () => true);
}

/** Options of {@link newPack}. */
export interface NewPackOptions {
  id: string;
  locales: readonly string[];
  defaultLocale: string;
  /** The review and source dates written into the pack (YYYY-MM-DD). */
  today: string;
}

/**
 * Writes a pack skeleton to `dir` (which must be missing or empty): every file and key the schema
 * requires, generic interface wording, and a TODO at every place the author must fill in
 * (check-content reports each as `file:line`, rule `todo`). Returns the files written.
 *
 * @example await newPack("content/acme-2026", { id: "acme-2026", locales: ["ko", "en"], defaultLocale: "ko", today: "2026-12-03" });
 */
export async function newPack(dir: string, opts: NewPackOptions): Promise<string[]> {
  if (existsSync(dir) && (await readdir(dir)).length) throw new Error(`${dir} exists and is not empty`);
  const from = templateDir();
  const written: string[] = [];
  const standard = [...opts.locales].sort().join(",") === "en,ko";
  for await (const file of walk(from)) {
    const text = (await readFile(file, "utf8")).replaceAll("{{id}}", opts.id).replaceAll("{{today}}", opts.today);
    const doc = parseDocument(text);
    const name = relative(from, file);
    if (!standard) relocalize(doc, opts.locales);
    if (name === "ui.yaml") completeUi(doc, opts.locales);
    if (name === "pack.yaml") {
      doc.set("locales", doc.createNode([...opts.locales], { flow: true }));
      doc.set("defaultLocale", opts.defaultLocale);
    }
    const out = join(dir, name);
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, doc.toString({ lineWidth: 0 }));
    written.push(out);
  }
  return written;
}

const USAGE = "usage: afterleak new-pack DIR [--id ID] [--locales ko,en] [--default LOCALE]\n";

/** `afterleak new-pack DIR [--id ID] [--locales ko,en] [--default LOCALE]`. */
export async function newPackCli(args: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream, today = new Date()): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { id: { type: "string" }, locales: { type: "string" }, default: { type: "string" } } });
  const dir = positionals[0];
  if (!dir) return err.write(USAGE), 2;
  const id = values.id ?? basename(dir);
  const locales = (values.locales ?? "ko,en").split(",").map((l) => l.trim()).filter(Boolean);
  const defaultLocale = values.default ?? locales[0] ?? "";
  if (!ID.test(id)) return err.write(`new-pack: --id '${id}': lower-case letters, digits and '-'\n${USAGE}`), 2;
  if (!locales.length || !locales.every((l) => LOCALE.test(l))) return err.write(`new-pack: --locales '${values.locales ?? ""}': a comma list such as ko,en\n${USAGE}`), 2;
  if (!locales.includes(defaultLocale)) return err.write(`new-pack: --default '${defaultLocale}' is not one of ${locales.join(",")}\n${USAGE}`), 2;
  try {
    const files = await newPack(dir, { id, locales, defaultLocale, today: today.toISOString().slice(0, 10) });
    out.write(`${dir}: wrote ${files.length} files (${files.map((f) => relative(dir, f)).join(", ")})\nnext: replace every TODO (npx afterleak check-content ${dir} lists them as file:line), then see content/FORMAT.md "Writing a pack for a new incident"\n`);
    return 0;
  } catch (e) {
    err.write(`new-pack: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}
