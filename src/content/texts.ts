import type { CheckInput } from "./check.js";
import type { PathKey, SourceFile } from "./diagnostics.js";
import type { LocalizedText } from "./schema.js";

/** The item a text belongs to: what it cites, when it was checked, whose claim it is. */
export interface TextItem {
  what: string;
  src: SourceFile;
  path: PathKey[];
  sources: readonly string[];
  asOf?: string;
  claim?: string;
}

/** One localized text of a pack, with where it is and the item it belongs to (if any). */
export interface PackText {
  src: SourceFile;
  path: PathKey[];
  locale: string;
  text: string;
  item?: TextItem;
}

/** Every item of a pack that cites sources (FAQ entries, tasks, incident parts), in file order. */
export function packItems(input: CheckInput): TextItem[] {
  const out: TextItem[] = [];
  for (const f of input.faqs) {
    f.value.faq.forEach((e, i) => out.push({ what: `FAQ '${e.id}'`, src: f.src, path: ["faq", i], sources: e.sources, asOf: e.asOf, claim: e.claim }));
  }
  input.tasks.value.tasks.forEach((t, i) =>
    out.push({ what: `task '${t.id}'`, src: input.tasks.src, path: ["tasks", i], sources: t.sources, asOf: t.asOf }),
  );
  const inc = input.incident.value.incident;
  const isrc = input.incident.src;
  out.push({ what: "incident summary", src: isrc, path: ["incident"], sources: inc.sources, asOf: inc.asOf });
  inc.timeline.forEach((x, i) =>
    out.push({ what: `timeline ${x.date}`, src: isrc, path: ["incident", "timeline", i], sources: x.sources, asOf: x.asOf, claim: x.claim }),
  );
  inc.exposed.forEach((x, i) =>
    out.push({ what: `exposed item '${x.id}'`, src: isrc, path: ["incident", "exposed", i], sources: x.sources, asOf: x.asOf, claim: x.claim }),
  );
  inc.notExposed.forEach((x, i) =>
    out.push({ what: `not-exposed item '${x.id}'`, src: isrc, path: ["incident", "notExposed", i], sources: x.sources, asOf: x.asOf, claim: x.claim }),
  );
  return out;
}

/** Every user-visible text of a pack, per locale, with its item. */
export function packTexts(input: CheckInput): PackText[] {
  const out: PackText[] = [];
  const add = (src: SourceFile, path: PathKey[], value: LocalizedText | undefined, item?: TextItem) => {
    for (const [locale, text] of Object.entries(value ?? {})) out.push({ src, path: [...path, locale], locale, text, ...(item ? { item } : {}) });
  };
  const items = packItems(input);
  const itemAt = (src: SourceFile, path: PathKey[]) => items.find((x) => x.src === src && x.path.join(".") === path.join("."));
  for (const f of input.faqs) {
    f.value.faq.forEach((e, i) => {
      const item = itemAt(f.src, ["faq", i]);
      for (const k of ["question", "answer"] as const) add(f.src, ["faq", i, k], e[k], item);
    });
  }
  input.tasks.value.tasks.forEach((t, i) => {
    const item = itemAt(input.tasks.src, ["tasks", i]);
    add(input.tasks.src, ["tasks", i, "summary"], t.summary, item);
    t.steps.forEach((s, j) => add(input.tasks.src, ["tasks", i, "steps", j, "text"], s.text, item));
  });
  const inc = input.incident.value.incident;
  const isrc = input.incident.src;
  add(isrc, ["incident", "summary"], inc.summary, itemAt(isrc, ["incident"]));
  inc.timeline.forEach((x, i) => add(isrc, ["incident", "timeline", i, "text"], x.text, itemAt(isrc, ["incident", "timeline", i])));
  inc.exposed.forEach((x, i) => {
    const item = itemAt(isrc, ["incident", "exposed", i]);
    for (const k of ["risk", "advice"] as const) add(isrc, ["incident", "exposed", i, k], x[k], item);
  });
  inc.notExposed.forEach((x, i) => add(isrc, ["incident", "notExposed", i, "note"], x.note, itemAt(isrc, ["incident", "notExposed", i])));
  for (const [k, v] of Object.entries(input.ui.value.strings)) add(input.ui.src, ["strings", k], v);
  return out;
}

/** Splits a text into sentences (a sentence ends at `.`, `!` or `?` before a space, or at a line end). */
export function sentences(text: string): { text: string; at: number }[] {
  const out: { text: string; at: number }[] = [];
  const re = /[^\s][^\n]*?(?:[.!?。](?=\s|$)|(?=\n)|$)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    out.push({ text: m[0], at: m.index });
  }
  return out;
}
