import { z } from "zod";
import { COMMANDS, type CommandName } from "../engine/events.js";

/**
 * Zod schemas of a content pack. Types come from `z.infer`; cross-file rules
 * (every locale present, ids resolve, links on the allowlist) live in `check.ts`.
 */

const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, "ids are lower-case words joined by '-'")
  .max(40, "ids are at most 40 characters (they travel inside button data)");

/** Task and step ids travel together in one button (64 bytes on Telegram), so they are shorter. */
const shortId = id.max(24, "task and step ids are at most 24 characters (they travel inside button data)");

/** A text per locale, e.g. `{ en: "…", ko: "…" }`. Locales are checked against the pack. */
export const localizedText = z.record(z.string(), z.string());
export type LocalizedText = z.infer<typeof localizedText>;

const sourceRefs = z.array(z.string().min(1)).min(1, "cite at least one source");

export const linkSchema = z.strictObject({
  label: localizedText,
  url: z.string().url(),
});
export type Link = z.infer<typeof linkSchema>;

export const contactSchema = z.strictObject({
  id,
  name: localizedText,
  phone: z.string().optional(),
  url: z.string().url().optional(),
  /** Other names of this service in texts; check-content flags one written next to a different phone number. */
  aliases: z.record(z.string(), z.array(z.string().min(2))).optional(),
});
export type Contact = z.infer<typeof contactSchema>;

const isoDate = z.union([z.string(), z.date()]).transform((v, ctx) => {
  const s = v instanceof Date ? v.toISOString().slice(0, 10) : v;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) {
    ctx.addIssue({ code: "custom", message: "expected a date as YYYY-MM-DD" });
    return z.NEVER;
  }
  return s;
});

/** A date that may name only a month (`YYYY-MM`), as a source's publication date often does. */
const isoDateOrMonth = z.union([z.string(), z.date()]).transform((v, ctx) => {
  const s = v instanceof Date ? v.toISOString().slice(0, 10) : v;
  if (!/^\d{4}-\d{2}(-\d{2})?$/.test(s)) {
    ctx.addIssue({ code: "custom", message: "expected a date as YYYY-MM-DD or YYYY-MM" });
    return z.NEVER;
  }
  return s;
});

/** A party whose claims the pack reports without endorsing them (`claim: <id>` on an item). */
export const partySchema = z.strictObject({
  id,
  name: localizedText,
  /** Regexes (case-insensitive) of this party's claims; a sentence matching one must be attributed. */
  claims: z.record(z.string(), z.array(z.string().min(1))).optional(),
  /** Extra regexes that count as attributing a sentence to this party. */
  attribution: z.record(z.string(), z.array(z.string().min(1))).optional(),
});
export type Party = z.infer<typeof partySchema>;

/** Optional fields every answerable item may carry (issue 14: sources and dates a user can see). */
const checkedFields = {
  /** When this statement was last checked; defaults to the pack's `reviewed`. */
  asOf: isoDate.optional(),
};
/** This text is a party's claim, always shown as "{party} says:". */
const claimField = { claim: id.optional() };
/** This text may exceed the per-message limit; the value is the reason. */
const allowLongField = { allowLong: z.string().min(3, "say why this text may be long").optional() };

export const packMetaSchema = z.strictObject({
  id,
  title: localizedText,
  incident: localizedText,
  locales: z.array(z.string().regex(/^[a-z]{2}$/, "locales are two-letter codes")).min(1),
  defaultLocale: z.string(),
  reviewed: isoDate,
  links: z.strictObject({ allow: z.array(z.string().min(3)).min(1) }),
  contacts: z.array(contactSchema).min(1),
  /** How old `reviewed` or an item's `asOf` may get before check-content and the start-up log call it stale. */
  freshness: z.strictObject({ maxAgeDays: z.number().int().min(1).max(3650).default(90) }).default({ maxAgeDays: 90 }),
  parties: z.array(partySchema).default([]),
  /** The FAQ menu's groups, in menu order; each FAQ entry's `group` names one. */
  groups: z.array(z.strictObject({ id, label: localizedText })).min(1, "declare at least one FAQ group"),
});
export type PackMeta = z.infer<typeof packMetaSchema>;

export const sourcesFileSchema = z.strictObject({
  sources: z.array(z.strictObject({
      id: z.string().min(1),
      url: z.string().url(),
      title: z.string().min(1),
      /** Publication date; an "as of …" phrase must match the date of a source it cites. */
      date: isoDateOrMonth.optional(),
      /** When someone last checked the source still says this. */
      checked: isoDate.optional(),
    })),
});
export type Source = z.infer<typeof sourcesFileSchema>["sources"][number];

export const faqEntrySchema = z.strictObject({
  id,
  /** One of pack.yaml `groups` (checked across files). */
  group: id,
  question: localizedText,
  label: localizedText,
  phrases: z.record(z.string(), z.array(z.string().min(1))),
  answer: localizedText,
  links: z.array(linkSchema).optional(),
  followUps: z.array(id).max(3, "at most 3 follow-up suggestions").default([]),
  task: id.optional(),
  sources: sourceRefs,
  ...checkedFields,
  ...claimField,
  ...allowLongField,
});
export type FaqEntry = z.infer<typeof faqEntrySchema>;
export const faqFileSchema = z.strictObject({ faq: z.array(faqEntrySchema) });

/** A reminder delay: a whole number of hours, days or weeks (`12h`, `30d`, `2w`), from 1 hour to 366 days. */
export const reminderDelaySchema = z
  .string()
  .regex(/^[1-9][0-9]{0,3}[hdw]$/, "a delay like 12h, 30d or 2w (hours, days or weeks)")
  .refine((s) => {
    const ms = Number(s.slice(0, -1)) * { h: 3_600_000, d: 86_400_000, w: 604_800_000 }[s.slice(-1) as "h" | "d" | "w"];
    return ms <= 366 * 86_400_000;
  }, "a reminder is at most 366 days away");

export const taskStepSchema = z
  .strictObject({
    id: shortId,
    text: localizedText,
    links: z.array(linkSchema).optional(),
    /** Offer a reminder to come back to this step after this delay (`30d`); needs `remindText`. */
    remindAfter: reminderDelaySchema.optional(),
    /** What the reminder says, per locale (see content/FORMAT.md, Reminders). */
    remindText: localizedText.optional(),
    ...allowLongField,
  })
  .refine((s) => (s.remindAfter === undefined) === (s.remindText === undefined), {
    message: "remindAfter and remindText go together",
    path: ["remindAfter"],
  });
export const taskSchema = z.strictObject({
  id: shortId,
  title: localizedText,
  summary: localizedText,
  next: shortId.optional(),
  sources: sourceRefs,
  ...checkedFields,
  steps: z.array(taskStepSchema).min(1, "a task needs at least one step"),
});
export type Task = z.infer<typeof taskSchema>;
export const tasksFileSchema = z.strictObject({ tasks: z.array(taskSchema) });

export const incidentFileSchema = z.strictObject({
  incident: z.strictObject({
    summary: localizedText,
    timeline: z.array(z.strictObject({ date: isoDate, text: localizedText, sources: sourceRefs, ...checkedFields, ...claimField })).min(1),
    exposed: z.array(
      z.strictObject({
        id,
        label: localizedText,
        risk: localizedText,
        advice: localizedText,
        sources: sourceRefs,
        ...checkedFields,
        ...claimField,
        ...allowLongField,
      }),
    ),
    notExposed: z.array(
      z.strictObject({ id, label: localizedText, note: localizedText, sources: sourceRefs, ...checkedFields, ...claimField, ...allowLongField }),
    ),
    sources: sourceRefs,
    /** FAQ ids offered after the incident explanation. */
    followUps: z.array(id).max(5, "at most 5 follow-up suggestions").default([]),
    ...checkedFields,
    ...allowLongField,
  }),
});
export type Incident = z.infer<typeof incidentFileSchema>["incident"];

export const matcherFileSchema = z.strictObject({
  outOfScope: z.record(z.string(), z.array(z.string().min(1))),
  /** Ordinary customer-service questions about the company (orders, deliveries, returns): answered with `companyService`. */
  companyService: z.record(z.string(), z.array(z.string().min(1))).optional(),
});

/** Interface strings every pack must provide; `{name}` placeholders are filled by the engine. */
export const UI_KEYS = [
  "welcome",
  "help",
  "menuPrompt",
  "menuLeaked",
  "menuFaq",
  "menuTasks",
  "menuLanguage",
  "menuHuman",
  "menuBack",
  "faqListPrompt",
  "leakedIntro",
  "leakedNotExposed",
  "leakedReviewed",
  "tasksPrompt",
  "taskStarted",
  "taskResumed",
  "taskProgress",
  "taskDone",
  "taskSkip",
  "taskBack",
  "taskPause",
  "taskRestart",
  "taskPaused",
  "taskCompleted",
  "taskNextSuggestion",
  "taskAlreadyDone",
  "taskStatusDone",
  "taskStatusActive",
  "taskStatusNew",
  "followUpsPrompt",
  "didYouMean",
  "fallback",
  "fallbackNoSuggestions",
  "languagePrompt",
  "languageChanged",
  "forgetConfirmPrompt",
  "forgetYes",
  "forgetNo",
  "forgetDone",
  "forgetCancelled",
  "staleChoice",
  "handoffOffline",
  "handoffRequested",
  "handoffPrivate",
  "handoffTaken",
  "handoffClosed",
  "handoffSupportLabel",
  "languageName",
  "turnFailed",
  "privacyNotice",
  "storeDown",
  "storeStillDown",
  "supportTicketTitle",
  "supportTicketFacts",
  "supportTicketFromGroup",
  "supportTicketWrote",
  "supportTicketHelp",
  "supportReasonRequested",
  "supportReasonFallbacks",
  "supportReasonMessage",
  "supportRelayFrom",
  "supportTaken",
  "supportAnonymous",
  "supportClosed",
  "supportNotOpen",
  "supportUnknown",
  "supportUndeliverable",
  "supportTextOnly",
  "supportCloseButton",
  "feedbackPrompt",
  "feedbackUp",
  "feedbackDown",
  "feedbackThanks",
  "feedbackSorry",
  "unsupportedMessage",
  "tooLong",
  "rateLimited",
  "limitConnections",
  "limitMessages",
  "repeated",
  "piiWarning",
  "sourcesLine",
  "companyService",
  "unsurePrompt",
  "unsureNone",
  "sourcesChoice",
  "sourcesHeader",
  "claimBy",
  "leakedItemsPrompt",
  "leakedItemNext",
  "leakedAllItems",
  "leakedNotExposedChoice",
  "taskStepRemoved",
  "updatesOffer",
  "updatesYes",
  "updatesNo",
  "updatesOn",
  "updatesOff",
  "updateHeader",
  "updateFooter",
  "reminderOffer",
  "reminderAccept",
  "reminderSet",
  "reminderHeader",
  "reminderSnooze",
  "reminderStop",
  "reminderSnoozed",
  "reminderStopped",
  "reminderListPrompt",
  "reminderListItem",
  "reminderCancel",
  "reminderCancelled",
  "reminderNone",
] as const;
export type UiKey = (typeof UI_KEYS)[number];

/**
 * UI strings of the suspicious-message checker (`/check`): optional in ui.yaml, required (in every
 * locale) when the pack has a `scam.yaml`.
 */
export const SCAM_UI_KEYS = [
  "scamCheckPrompt",
  "scamVerdictScam",
  "scamVerdictSuspicious",
  "scamVerdictNoFlags",
  "scamFlagsHeader",
  "scamFlagLookalike",
  "scamFlagSubdomain",
  "scamFlagInPath",
  "scamFlagUserinfo",
  "scamFlagHomoglyph",
  "scamFlagApp",
  "scamFlagAttachment",
  "scamFlagShortener",
  "scamFlagIp",
  "scamFlagPort",
  "scamFlagUnknownLink",
  "scamFlagBrandLink",
  "scamFlagNumber",
  "scamFlagCallback",
  "scamFlagSender",
  "scamFlagLure",
  "scamFlagSecret",
  "scamFlagRemoteApp",
  "scamFlagGiftCard",
  "scamFlagFamily",
  "scamFlagMoney",
  "scamFlagAuthority",
  "scamFlagQr",
  "scamFlagUrgency",
  "scamFlagLinkAction",
  "scamAdvice",
  "scamAdviceNoFlags",
  "scamReportLine",
  "scamSeenToday",
  "scamAfterTask",
] as const;
export type ScamUiKey = (typeof SCAM_UI_KEYS)[number];

/**
 * Optional UI strings of the moderators' scam watch (src/scam/watch.ts): the public warning, the
 * moderators' details (`{author}`, `{where}`, `{score}`), the setting replies and how to enable
 * what the platform needs (Discord's Message Content intent, Telegram admin rights).
 */
export const SCAM_WATCH_UI_KEYS = [
  "scamWatchWarning",
  "scamWatchDetails",
  "scamWatchRemoved",
  "scamWatchKept",
  "scamWatchOn",
  "scamWatchOff",
  "scamWatchRemoveOn",
  "scamWatchRemoveOff",
  "scamWatchNoMods",
  "scamWatchNeedsIntent",
  "scamWatchNeedsAdmin",
] as const;
export type ScamWatchUiKey = (typeof SCAM_WATCH_UI_KEYS)[number];

/** Optional UI strings of a deployment of several packs (src/engine/pack-set.ts): the incident menu's prompt, the switch offer (`{incident}`). */
export const PACK_SET_UI_KEYS = ["incidentPrompt", "incidentSwitchOffer"] as const;
export type PackSetUiKey = (typeof PACK_SET_UI_KEYS)[number];

/** Optional UI strings of a server's updates channel (Discord `/leak-admin updates-channel`): set (`{channel}`) and cleared. */
export const UPDATES_CHANNEL_UI_KEYS = ["updatesChannelSet", "updatesChannelCleared"] as const;
export type UpdatesChannelUiKey = (typeof UPDATES_CHANNEL_UI_KEYS)[number];

/**
 * What each command does, per locale: Telegram's command menu, Discord's slash commands (their
 * descriptions, at most 100 characters) and the help text draw on it. `ask` describes asking in
 * one's own words (Discord's `/… ask`).
 */
export const commandsSchema = z.strictObject({
  ...(Object.fromEntries(COMMANDS.map((c) => [c, localizedText])) as Record<CommandName, typeof localizedText>),
  ask: localizedText,
  /** Optional: `/incident` (choose or switch the incident), in the command menus when several packs are served. */
  incident: localizedText.optional(),
  /** Optional: `/scamwatch` (the moderators' scam watch in a Telegram group), in the menu Telegram shows group administrators. */
  scamwatch: localizedText.optional(),
});
export type CommandTexts = z.infer<typeof commandsSchema>;

/**
 * Optional: how a command, subcommand or option is typed in other locales, keyed by its English
 * name (`leak`, `what-leaked`, `question`, `check-this-message` for the message menu): Discord's
 * `name_localizations`. Slash command names are lower case without spaces (Discord refuses others),
 * at most 32 characters. Without it, commands are typed by their English names.
 */
export const commandNamesSchema = z.record(
  z.string().regex(/^[a-z][a-z-]{0,31}$/, "an English command or option name"),
  z.record(z.string(), z.string().regex(/^\S(?:.{0,30}\S)?$/u, "at most 32 characters, no space at either end")),
);
export type CommandNames = z.infer<typeof commandNamesSchema>;

/**
 * Optional: what a command, subcommand, option or choice says (Discord's descriptions and choice
 * labels, at most 100 characters), keyed by its dotted English path (`leak-admin`,
 * `leak-admin.scam-watch`, `leak-admin.scam-watch.mode`, `leak-admin.scam-watch.mode.on`). The most
 * specific key given wins (`leak-admin.scam-watch.mode`, then `scam-watch.mode`, then `mode`), so a
 * shared option is described once; without any, the English name is shown.
 */
export const commandOptionsSchema = z.record(
  z.string().regex(/^[a-z][a-z-]{0,31}(?:\.[a-z][a-z-]{0,31}){0,3}$/, "a dotted English command path such as leak-admin.scam-watch.mode"),
  localizedText,
);
export type CommandOptions = z.infer<typeof commandOptionsSchema>;

export const uiFileSchema = z.strictObject({
  commands: commandsSchema,
  commandNames: commandNamesSchema.optional(),
  commandOptions: commandOptionsSchema.optional(),
  strings: z.strictObject({
    ...(Object.fromEntries(UI_KEYS.map((k) => [k, localizedText])) as Record<UiKey, typeof localizedText>),
    ...(Object.fromEntries(SCAM_UI_KEYS.map((k) => [k, localizedText.optional()])) as Record<ScamUiKey, z.ZodOptional<typeof localizedText>>),
    ...(Object.fromEntries(PACK_SET_UI_KEYS.map((k) => [k, localizedText.optional()])) as Record<PackSetUiKey, z.ZodOptional<typeof localizedText>>),
    ...(Object.fromEntries(SCAM_WATCH_UI_KEYS.map((k) => [k, localizedText.optional()])) as Record<ScamWatchUiKey, z.ZodOptional<typeof localizedText>>),
    ...(Object.fromEntries(UPDATES_CHANNEL_UI_KEYS.map((k) => [k, localizedText.optional()])) as Record<UpdatesChannelUiKey, z.ZodOptional<typeof localizedText>>),
  }),
});

/** The id rule of every content id, for schemas defined in other files (e.g. conversation.yaml). */
export { id as contentIdSchema };
