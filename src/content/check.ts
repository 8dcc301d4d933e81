import type { z } from "zod";
import { checkConversation } from "./conversation-check.js";
import type { ConversationFile } from "./conversation-schema.js";
import type { Diagnostic, PathKey, SourceFile } from "./diagnostics.js";
import { checkLexicon } from "./lexicon-check.js";
import type { lexiconFileSchema } from "./lexicon-schema.js";
import { findUrls, isAllowedLink } from "./links.js";
import { findUnsafeMarkup } from "./markup.js";
import type { ContentPack } from "./pack.js";
import {
  PACK_SET_UI_KEYS,
  SCAM_WATCH_UI_KEYS,
  UPDATES_CHANNEL_UI_KEYS,
  UI_KEYS,
  type faqFileSchema,
  type incidentFileSchema,
  type Link,
  type LocalizedText,
  type matcherFileSchema,
  type PackMeta,
  type sourcesFileSchema,
  type tasksFileSchema,
  type uiFileSchema,
} from "./schema.js";

interface Parsed<T> {
  src: SourceFile;
  value: T;
}

/** The schema-valid files of a pack, before the rules that span files. */
export interface CheckInput {
  meta: Parsed<PackMeta>;
  sources: Parsed<z.infer<typeof sourcesFileSchema>>;
  incident: Parsed<z.infer<typeof incidentFileSchema>>;
  tasks: Parsed<z.infer<typeof tasksFileSchema>>;
  ui: Parsed<z.infer<typeof uiFileSchema>>;
  faqs: Parsed<z.infer<typeof faqFileSchema>>[];
  matcher?: Parsed<z.infer<typeof matcherFileSchema>>;
  lexicon?: Parsed<z.infer<typeof lexiconFileSchema>>;
  conversation?: Parsed<ConversationFile>;
}

const LABEL_MAX = 40;

/**
 * Applies the rules that span files: every locale present, ids unique and resolvable,
 * links on the allowlist, no empty answers, no mentions, HTML or Markdown links in texts.
 * Pushes diagnostics; returns the assembled pack.
 */
export function checkPack(input: CheckInput, diags: Diagnostic[]): ContentPack {
  const { meta } = input;
  const locales = meta.value.locales;
  const allow = meta.value.links.allow;
  const report = (src: SourceFile, path: PathKey[], message: string, key?: string) =>
    diags.push({ file: src.file, line: src.lineOf(path, key), message });

  if (!locales.includes(meta.value.defaultLocale)) {
    report(meta.src, ["defaultLocale"], `defaultLocale '${meta.value.defaultLocale}' is not one of locales [${locales.join(", ")}]`);
  }

  const text = (src: SourceFile, path: PathKey[], value: LocalizedText, what: string, opts: { max?: number } = {}) => {
    for (const loc of locales) {
      const v = value[loc];
      if (v === undefined) report(src, path, `${what}: text missing for locale '${loc}'`);
      else if (!v.trim()) report(src, [...path, loc], `${what}: empty text for locale '${loc}'`);
      else {
        if (opts.max && [...v].length > opts.max) report(src, [...path, loc], `${what}: longer than ${opts.max} characters`);
        for (const url of findUrls(v)) report(src, [...path, loc], `${what}: URL '${url}' in text; put links in 'links:'`);
        for (const problem of findUnsafeMarkup(v)) report(src, [...path, loc], `${what}: ${problem}`);
      }
    }
    for (const loc of Object.keys(value)) {
      if (!locales.includes(loc)) report(src, [...path, loc], `${what}: locale '${loc}' is not declared in pack.yaml`);
    }
  };
  const links = (src: SourceFile, path: PathKey[], list: readonly Link[] | undefined, what: string) =>
    (list ?? []).forEach((l, i) => {
      text(src, [...path, i, "label"], l.label, `${what} link label`, { max: 64 });
      if (!isAllowedLink(l.url, allow)) report(src, [...path, i, "url"], `${what}: link ${l.url} is not on the allowlist`);
    });
  const unique = (seen: Map<string, string>, id: string, src: SourceFile, path: PathKey[], what: string) => {
    const prev = seen.get(id);
    if (prev) report(src, path, `duplicate ${what} id '${id}' (first defined at ${prev})`);
    else seen.set(id, `${src.file}:${src.lineOf(path)}`);
  };

  meta.value.contacts.forEach((c, i) => text(meta.src, ["contacts", i, "name"], c.name, `contact '${c.id}' name`));
  for (const c of meta.value.contacts) {
    if (c.url && !isAllowedLink(c.url, allow)) report(meta.src, ["contacts"], `contact '${c.id}': link ${c.url} is not on the allowlist`);
  }
  text(meta.src, ["title"], meta.value.title, "title");
  text(meta.src, ["incident"], meta.value.incident, "incident name");
  const groupIds = new Map<string, string>();
  meta.value.groups.forEach((g, i) => {
    unique(groupIds, g.id, meta.src, ["groups", i, "id"], "FAQ group");
    text(meta.src, ["groups", i, "label"], g.label, `FAQ group '${g.id}' label`, { max: LABEL_MAX });
  });

  const sourceIds = new Map<string, string>();
  input.sources.value.sources.forEach((s, i) => unique(sourceIds, s.id, input.sources.src, ["sources", i, "id"], "source"));
  const cite = (src: SourceFile, path: PathKey[], refs: readonly string[]) =>
    refs.forEach((r, i) => {
      if (!sourceIds.has(r)) report(src, [...path, i], `unknown source id '${r}'`);
    });

  // FAQ
  const faqIds = new Map<string, string>();
  for (const f of input.faqs) {
    f.value.faq.forEach((e, i) => {
      const p: PathKey[] = ["faq", i];
      unique(faqIds, e.id, f.src, [...p, "id"], "FAQ");
      text(f.src, [...p, "question"], e.question, `FAQ '${e.id}' question`);
      text(f.src, [...p, "label"], e.label, `FAQ '${e.id}' label`, { max: LABEL_MAX });
      for (const loc of locales) {
        if (!e.answer[loc]?.trim()) report(f.src, [...p, "answer"], `FAQ '${e.id}': empty answer for locale '${loc}'`);
        const ph = e.phrases[loc];
        if (!ph || ph.length === 0) report(f.src, [...p, "phrases"], `FAQ '${e.id}': training phrases missing for locale '${loc}'`);
      }
      text(f.src, [...p, "answer"], e.answer, `FAQ '${e.id}' answer`);
      links(f.src, [...p, "links"], e.links, `FAQ '${e.id}'`);
      cite(f.src, [...p, "sources"], e.sources);
    });
  }
  const tasksById = new Map<string, string>();
  input.tasks.value.tasks.forEach((t, i) => unique(tasksById, t.id, input.tasks.src, ["tasks", i, "id"], "task"));
  for (const f of input.faqs) {
    f.value.faq.forEach((e, i) => {
      e.followUps.forEach((fu, j) => {
        if (!faqIds.has(fu)) report(f.src, ["faq", i, "followUps", j], `FAQ '${e.id}': unknown follow-up id '${fu}'`);
        else if (fu === e.id) report(f.src, ["faq", i, "followUps", j], `FAQ '${e.id}' lists itself as a follow-up`);
      });
      if (e.task && !tasksById.has(e.task)) report(f.src, ["faq", i, "task"], `FAQ '${e.id}': unknown task id '${e.task}'`);
      if (!groupIds.has(e.group)) {
        report(f.src, ["faq", i, "group"], `FAQ '${e.id}': unknown group '${e.group}' (declare it in pack.yaml 'groups': ${[...groupIds.keys()].join(", ")})`);
      }
    });
  }
  if (faqIds.size === 0) diags.push({ file: input.meta.src.file, line: 1, message: "the pack has no FAQ entries" });

  // Tasks
  input.tasks.value.tasks.forEach((t, i) => {
    const p: PathKey[] = ["tasks", i];
    text(input.tasks.src, [...p, "title"], t.title, `task '${t.id}' title`, { max: LABEL_MAX });
    text(input.tasks.src, [...p, "summary"], t.summary, `task '${t.id}' summary`);
    if (t.next && !tasksById.has(t.next)) report(input.tasks.src, [...p, "next"], `task '${t.id}': unknown next task '${t.next}'`);
    cite(input.tasks.src, [...p, "sources"], t.sources);
    const stepIds = new Map<string, string>();
    t.steps.forEach((s, j) => {
      unique(stepIds, s.id, input.tasks.src, [...p, "steps", j, "id"], `step (task '${t.id}')`);
      text(input.tasks.src, [...p, "steps", j, "text"], s.text, `task '${t.id}' step '${s.id}'`);
      links(input.tasks.src, [...p, "steps", j, "links"], s.links, `task '${t.id}' step '${s.id}'`);
      if (s.remindText) text(input.tasks.src, [...p, "steps", j, "remindText"], s.remindText, `task '${t.id}' step '${s.id}' reminder`, { max: 600 });
    });
  });

  // Incident
  const inc = input.incident.value.incident;
  const isrc = input.incident.src;
  text(isrc, ["incident", "summary"], inc.summary, "incident summary");
  cite(isrc, ["incident", "sources"], inc.sources);
  inc.timeline.forEach((t, i) => {
    text(isrc, ["incident", "timeline", i, "text"], t.text, `timeline ${t.date}`);
    cite(isrc, ["incident", "timeline", i, "sources"], t.sources);
  });
  const itemIds = new Map<string, string>();
  inc.exposed.forEach((x, i) => {
    const p: PathKey[] = ["incident", "exposed", i];
    unique(itemIds, x.id, isrc, [...p, "id"], "incident item");
    for (const k of ["label", "risk", "advice"] as const) text(isrc, [...p, k], x[k], `exposed item '${x.id}' ${k}`);
    cite(isrc, [...p, "sources"], x.sources);
  });
  inc.notExposed.forEach((x, i) => {
    const p: PathKey[] = ["incident", "notExposed", i];
    unique(itemIds, x.id, isrc, [...p, "id"], "incident item");
    for (const k of ["label", "note"] as const) text(isrc, [...p, k], x[k], `not-exposed item '${x.id}' ${k}`);
    cite(isrc, [...p, "sources"], x.sources);
  });

  // Parties, claims, incident follow-ups (issue 14)
  const partyIds = new Set<string>();
  meta.value.parties.forEach((party, i) => {
    partyIds.add(party.id);
    text(meta.src, ["parties", i, "name"], party.name, `party '${party.id}' name`);
    for (const field of ["claims", "attribution"] as const) {
      for (const [loc, patterns] of Object.entries(party[field] ?? {})) {
        patterns.forEach((re, j) => {
          try {
            new RegExp(re, "i");
          } catch (err) {
            report(meta.src, ["parties", i, field, loc, j], `party '${party.id}' ${field}: invalid pattern (${(err as Error).message})`);
          }
        });
      }
    }
  });
  const claimOk = (src: SourceFile, path: PathKey[], claim: string | undefined) => {
    if (claim !== undefined && !partyIds.has(claim)) report(src, [...path, "claim"], `claim '${claim}' names no party in pack.yaml 'parties'`);
  };
  for (const f of input.faqs) f.value.faq.forEach((e, i) => claimOk(f.src, ["faq", i], e.claim));
  inc.timeline.forEach((x, i) => claimOk(isrc, ["incident", "timeline", i], x.claim));
  inc.exposed.forEach((x, i) => claimOk(isrc, ["incident", "exposed", i], x.claim));
  inc.notExposed.forEach((x, i) => claimOk(isrc, ["incident", "notExposed", i], x.claim));
  inc.followUps.forEach((fu, j) => {
    if (!faqIds.has(fu)) report(isrc, ["incident", "followUps", j], `incident: unknown follow-up FAQ id '${fu}'`);
  });

  // UI strings
  for (const k of UI_KEYS) text(input.ui.src, ["strings", k], input.ui.value.strings[k], `UI string '${k}'`);
  for (const k of [...PACK_SET_UI_KEYS, ...SCAM_WATCH_UI_KEYS, ...UPDATES_CHANNEL_UI_KEYS]) {
    const v = input.ui.value.strings[k];
    if (v) text(input.ui.src, ["strings", k], v, `UI string '${k}'`);
  }
  for (const [k, v] of Object.entries(input.ui.value.commands)) text(input.ui.src, ["commands", k], v, `command '${k}' description`, { max: 100 });
  for (const [k, v] of Object.entries(input.ui.value.commandOptions ?? {})) text(input.ui.src, ["commandOptions", k], v, `command option '${k}' text`, { max: 100 });

  const outOfScope = input.matcher?.value.outOfScope ?? {};
  if (input.matcher) {
    for (const loc of Object.keys(outOfScope)) {
      if (!locales.includes(loc)) report(input.matcher.src, ["outOfScope", loc], `locale '${loc}' is not declared in pack.yaml`);
    }
  }

  if (input.conversation) {
    const refs = { locales, faqIds: new Set(faqIds.keys()), taskIds: new Set(tasksById.keys()), text };
    checkConversation(input.conversation.src, input.conversation.value, refs, diags);
  }

  const companyService = input.matcher?.value.companyService;
  if (input.matcher && companyService) {
    for (const loc of Object.keys(companyService)) {
      if (!locales.includes(loc)) report(input.matcher.src, ["companyService", loc], `locale '${loc}' is not declared in pack.yaml`);
    }
  }
  const lexicon = input.lexicon?.value.lexicon;
  if (input.lexicon && lexicon) checkLexicon(input.lexicon.src, lexicon, { locales, topicIds: new Set(faqIds.keys()) }, diags);

  const faq = input.faqs.flatMap((f) => f.value.faq);
  const tasks = input.tasks.value.tasks;
  return {
    meta: meta.value,
    sources: new Map(input.sources.value.sources.map((s) => [s.id, s])),
    incident: inc,
    faq,
    faqById: new Map(faq.map((e) => [e.id, e])),
    tasks,
    taskById: new Map(tasks.map((t) => [t.id, t])),
    ui: input.ui.value.strings,
    commands: input.ui.value.commands,
    ...(input.ui.value.commandNames ? { commandNames: input.ui.value.commandNames } : {}),
    ...(input.ui.value.commandOptions ? { commandOptions: input.ui.value.commandOptions } : {}),
    contacts: meta.value.contacts,
    outOfScope,
    ...(companyService ? { companyService } : {}),
    ...(lexicon ? { lexicon } : {}),
    ...(input.conversation ? { conversation: input.conversation.value } : {}),
  };
}
