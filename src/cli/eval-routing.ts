import { parseArgs } from "node:util";
import { packDirs } from "../content/pack-dirs.js";
import { createPackRouter, routeByText, switchTarget, type PackRouter } from "../engine/pack-set.js";
import { col, nameCol, pctCol, textOf, writeReport } from "./figures.js";
import type { CliIo } from "./io.js";
import { readJsonLines } from "./json-lines.js";
import { contentSpec, loadPack } from "./loaders.js";

/** One line of a cross-pack set: a question and the pack it belongs to. */
export interface PackLabelled {
  text: string;
  locale?: string;
  pack: string;
}

/** Routing figures for one slice (all lines, or one locale). */
export interface RoutingFigures {
  total: number;
  /** A first message (no pack chosen yet) went to the right pack. */
  routed: { correct: number; wrong: number; menu: number; rate: number };
  /** Asked in each other pack: how often the switch to the right one is offered. */
  inOtherPack: { total: number; offered: number; rate: number };
}

const ratio = (a: number, b: number) => (b === 0 ? 1 : Math.round((a / b) * 1000) / 1000);

function figures(router: PackRouter, packs: readonly string[], items: readonly PackLabelled[]): RoutingFigures {
  const routed = { correct: 0, wrong: 0, menu: 0, rate: 0 };
  const other = { total: 0, offered: 0, rate: 0 };
  for (const it of items) {
    const r = routeByText(router, it.text);
    if (!r) routed.menu++;
    else if (r.id === it.pack) routed.correct++;
    else routed.wrong++;
    for (const asked of packs.filter((p) => p !== it.pack)) {
      other.total++;
      // What the pack set does there: offer the switch to the right pack (beside any answer), or not.
      if (switchTarget(router, asked, it.text)?.id === it.pack) other.offered++;
    }
  }
  routed.rate = ratio(routed.correct, items.length);
  other.rate = ratio(other.offered, other.total);
  return { total: items.length, routed, inOtherPack: other };
}

/**
 * Cross-pack routing on labelled lines `{"text","locale","pack"}`: how often a first message is
 * routed to its pack by the matchers' confidence, and how often the question asked in another pack
 * is offered the switch to it; overall and per locale.
 */
export function evaluateRouting(router: PackRouter, packs: readonly string[], items: readonly PackLabelled[]): RoutingFigures & { perLocale: Record<string, RoutingFigures> } {
  const locales = [...new Set(items.map((i) => i.locale ?? "?"))].sort();
  return { ...figures(router, packs, items), perLocale: Object.fromEntries(locales.map((l) => [l, figures(router, packs, items.filter((i) => (i.locale ?? "?") === l))])) };
}

/** Reads `{"text","locale","pack"}` lines; malformed ones are reported by number. */
export function readPackLabelled(file: string): Promise<{ items: PackLabelled[]; errors: string[] }> {
  return readJsonLines(file, (value): PackLabelled => {
    const v = value as Partial<PackLabelled>;
    if (typeof v.text !== "string" || typeof v.pack !== "string") throw new Error("need text and pack");
    return { text: v.text, pack: v.pack, ...(v.locale ? { locale: v.locale } : {}) };
  });
}

/** Human-readable report (figures only, never a line of the set). */
export function formatRouting(r: ReturnType<typeof evaluateRouting>): string {
  const row = (name: string, f: RoutingFigures) =>
    `${nameCol(name, 6)} ${col(f.total, 5)}  ${pctCol(f.routed.rate)} (${f.routed.correct} right, ${f.routed.wrong} wrong, ${f.routed.menu} menu)  ${pctCol(f.inOtherPack.rate)} (${f.inOtherPack.offered}/${f.inOtherPack.total})`;
  return textOf(["locale  lines  first message routed right             asked in another pack: switch offered", row("all", r), ...Object.entries(r.perLocale).map(([l, f]) => row(l, f))]);
}

/** `eval-routing FILE [--json]`: cross-pack routing over every pack CONTENT_DIR names. */
export async function evalRoutingCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: "boolean" } } });
  const file = positionals[0];
  if (!file) {
    io.stderr.write("usage: afterleak eval-routing FILE [--json]   (CONTENT_DIR names two or more packs)\n");
    return 2;
  }
  const packs = await Promise.all(packDirs(await contentSpec(io)).map((d) => loadPack(d)));
  const { items, errors } = await readPackLabelled(file);
  for (const e of errors) io.stderr.write(`${e}\n`);
  const report = evaluateRouting(createPackRouter(packs), packs.map((p) => p.meta.id), items);
  writeReport(io.stdout, values.json, report, () => formatRouting(report));
  return errors.length ? 1 : 0;
}
