import type { Diagnostic, PathKey, SourceFile } from "./diagnostics.js";
import type { ConversationFile, LocalizedPhrases } from "./conversation-schema.js";
import type { LocalizedText } from "./schema.js";

/** What the conversation rules need from the rest of the pack. */
export interface ConversationRefs {
  locales: readonly string[];
  faqIds: ReadonlySet<string>;
  taskIds: ReadonlySet<string>;
  /** Checks a localized text (every locale, safe marks); reports through the pack's checker. */
  text: (src: SourceFile, path: PathKey[], value: LocalizedText, what: string) => void;
}

/**
 * Rules of `conversation.yaml` that span files: phrases and texts in every pack locale, move ids
 * unique, every topic and task id known, sibling topics listed once per group.
 */
export function checkConversation(src: SourceFile, c: ConversationFile, refs: ConversationRefs, diags: Diagnostic[]): void {
  const report = (path: PathKey[], message: string, key?: string) => diags.push({ file: src.file, line: src.lineOf(path, key), message });
  const phrases = (path: PathKey[], value: LocalizedPhrases, what: string) => {
    for (const loc of refs.locales) if (!value[loc]?.length) report(path, `${what}: phrases missing for locale '${loc}'`);
    for (const loc of Object.keys(value)) if (!refs.locales.includes(loc)) report([...path, loc], `${what}: locale '${loc}' is not declared in pack.yaml`);
  };
  const optionalLocales = (path: PathKey[], value: Record<string, unknown>, what: string) => {
    for (const loc of Object.keys(value)) if (!refs.locales.includes(loc)) report([...path, loc], `${what}: locale '${loc}' is not declared in pack.yaml`);
  };
  const topic = (path: PathKey[], t: string, key?: string) => {
    if (!refs.faqIds.has(t)) report(path, `unknown FAQ id '${t}'`, key);
  };

  for (const w of ["yes", "no", "done", "skip"] as const) phrases(["answers", w], c.answers[w], `answer '${w}'`);
  const seen = new Set<string>();
  c.moves.forEach((m, i) => {
    const p: PathKey[] = ["moves", i];
    if (seen.has(m.id)) report([...p, "id"], `duplicate move id '${m.id}'`);
    seen.add(m.id);
    phrases([...p, "phrases"], m.phrases, `move '${m.id}'`);
    refs.text(src, [...p, "reply"], m.reply, `move '${m.id}' reply`);
    if (m.short) refs.text(src, [...p, "short"], m.short, `move '${m.id}' short`);
    m.offer.topics.forEach((t, j) => topic([...p, "offer", "topics", j], t));
    m.offer.tasks.forEach((t, j) => {
      if (!refs.taskIds.has(t)) report([...p, "offer", "tasks", j], `unknown task id '${t}'`);
    });
  });
  const f = c.followUps;
  phrases(["followUps", "fillers"], f.fillers, "follow-up fillers");
  optionalLocales(["followUps", "suffixes"], f.suffixes, "follow-up suffixes");
  optionalLocales(["padding"], c.padding, "padding");
  f.siblings.forEach((g, i) => {
    const ids = Object.keys(g.topics);
    if (ids.length < 2) report(["followUps", "siblings", i], `sibling group '${g.id}' needs at least two topics`);
    optionalLocales(["followUps", "siblings", i, "fillers"], g.fillers, `sibling group '${g.id}' fillers`);
    for (const t of ids) {
      topic(["followUps", "siblings", i, "topics"], t, t);
      phrases(["followUps", "siblings", i, "topics", t], g.topics[t] ?? {}, `sibling '${t}' subject`);
    }
  });
  f.after.forEach((r, i) => {
    r.from.forEach((t, j) => topic(["followUps", "after", i, "from", j], t));
    topic(["followUps", "after", i, "to"], r.to);
    phrases(["followUps", "after", i, "phrases"], r.phrases, `follow-up to '${r.to}'`);
  });
  phrases(["several", "separators"], c.several.separators, "several-question separators");
  optionalLocales(["several", "corrections"], c.several.corrections, "corrections");
  for (const k of ["answerWithoutPrompt", "alsoAsked"] as const) refs.text(src, ["strings", k], c.strings[k], `conversation string '${k}'`);
  if (c.scripts) {
    for (const loc of Object.keys(c.scripts)) if (!refs.locales.includes(loc)) report(["scripts", loc], `locale '${loc}' is not declared in pack.yaml`);
    for (const [loc, script] of Object.entries(c.scripts)) {
      try {
        new RegExp(`\\p{Script=${script}}`, "u");
      } catch {
        // The regex engine rejects unknown script names: that is the diagnostic.
        report(["scripts", loc], `unknown Unicode script '${script}'`);
      }
    }
  }
}
