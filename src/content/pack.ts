import type { ScamRules } from "../scam/rules.js";
import type { LexiconData } from "./lexicon-schema.js";
import type { ConversationFile } from "./conversation-schema.js";
import type { CommandNames, CommandOptions, CommandTexts, Contact, FaqEntry, Incident, LocalizedText, PackMeta, Party, Source, Task, UiKey } from "./schema.js";

/** A validated content pack, ready for the engine and the matcher. */
export interface ContentPack {
  meta: PackMeta;
  sources: ReadonlyMap<string, Source>;
  incident: Incident;
  faq: readonly FaqEntry[];
  faqById: ReadonlyMap<string, FaqEntry>;
  tasks: readonly Task[];
  taskById: ReadonlyMap<string, Task>;
  ui: Readonly<Record<UiKey, LocalizedText>>;
  /** What each command does, per locale (ui.yaml `commands:`), for the platforms' command menus. */
  commands: Readonly<CommandTexts>;
  /** How commands and their options are typed in other locales, by English name (ui.yaml `commandNames:`), if given. */
  commandNames?: Readonly<CommandNames>;
  /** What commands, subcommands, options and choices say, by dotted English path (ui.yaml `commandOptions:`), if given. */
  commandOptions?: Readonly<CommandOptions>;
  contacts: readonly Contact[];
  /** Out-of-scope anchor phrases per locale (messages the bot must not answer). */
  outOfScope: Readonly<Record<string, readonly string[]>>;
  /** Ordinary customer-service questions about the company per locale (not about the incident). */
  companyService?: Readonly<Record<string, readonly string[]>>;
  /** The concept lexicon (`lexicon.yaml`), if the pack has one. */
  lexicon?: LexiconData;
  /** The suspicious-message checker's rules (`scam.yaml`, compiled), if the pack has them. */
  scam?: ScamRules;
  /** Conversational moves, answer words and follow-ups (conversation.yaml), if the pack has them. */
  conversation?: ConversationFile;
}

/** Picks a localized text, falling back to the pack's default locale. */
export function pick(pack: ContentPack, text: LocalizedText, locale: string): string {
  return text[locale] ?? text[pack.meta.defaultLocale] ?? Object.values(text)[0] ?? "";
}

/** Fills `{name}` placeholders in a UI string. Unknown placeholders are left as they are. */
export function ui(pack: ContentPack, key: UiKey, locale: string, vars: Record<string, string | number> = {}): string {
  return pick(pack, pack.ui[key], locale).replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

/** The date a statement was last checked: its own `asOf`, else the pack's `reviewed`. */
export function checkedOn(pack: Pick<ContentPack, "meta">, asOf: string | undefined): string {
  return asOf ?? pack.meta.reviewed;
}

/** The party a `claim:` names, if the pack declares it. */
export function partyOf(pack: Pick<ContentPack, "meta">, claim: string | undefined): Party | undefined {
  return claim === undefined ? undefined : pack.meta.parties.find((p) => p.id === claim);
}

/** Whole days from `date` (YYYY-MM-DD) to `now`. */
export function ageInDays(date: string, now: Date): number {
  return Math.floor((now.getTime() - Date.parse(`${date}T00:00:00Z`)) / 86_400_000);
}

/** True when the pack's review date is older than its `freshness.maxAgeDays`. */
export function isPackStale(pack: Pick<ContentPack, "meta">, now: Date): boolean {
  return ageInDays(pack.meta.reviewed, now) > pack.meta.freshness.maxAgeDays;
}
