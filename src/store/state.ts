import { z } from "zod";

/** Progress of one guided task for one user. Steps are tracked by id so content updates don't scramble progress. */
export const taskProgressSchema = z.object({
  /** The step the user is on (an id from the pack). */
  at: z.string(),
  done: z.array(z.string()).default([]),
  skipped: z.array(z.string()).default([]),
  status: z.enum(["active", "paused", "completed"]),
  updatedAt: z.string(),
});
export type TaskProgress = z.infer<typeof taskProgressSchema>;

/** Kinds of prompt the bot can be waiting on. */
export const PENDING_KINDS = ["feedback", "forget", "did-you-mean", "pick-list", "task-step", "updates"] as const;
export type PendingKind = (typeof PENDING_KINDS)[number];

/** Answer words the pack defines (conversation.yaml `answers:`). */
export const ANSWER_WORDS = ["yes", "no", "done", "skip"] as const;
export type AnswerWord = (typeof ANSWER_WORDS)[number];

/**
 * A prompt the bot is waiting on: its kind, the choice ids it offered (in the order they were
 * shown, so a typed number picks one), the choice an answer word stands for, and when it expires.
 * Choice ids only, never message text.
 */
export const pendingPromptSchema = z.object({
  kind: z.enum(PENDING_KINDS),
  choices: z.array(z.string()).max(24).default([]),
  answers: z.partialRecord(z.enum(ANSWER_WORDS), z.string()).default({}),
  /** ISO time after which the prompt no longer takes answers. */
  expires: z.string(),
});
export type PendingPrompt = z.infer<typeof pendingPromptSchema>;

/** Everything the bot keeps about one user, stored under a pseudonymous key. No message text. */
export const userStateSchema = z.object({
  v: z.literal(1).default(1),
  /** Platform name only (for statistics); never the platform id. */
  channel: z.string(),
  locale: z.string().optional(),
  /** True when the user chose the language explicitly (then it wins over detection). */
  localeChosen: z.boolean().default(false),
  /** True once a message's script showed the remembered locale (then its own "ok" keeps it). */
  localeFromText: z.boolean().optional(),
  activeTask: z.string().optional(),
  tasks: z.record(z.string(), taskProgressSchema).default({}),
  createdAt: z.string(),
  lastSeen: z.string(),
  /** Consecutive messages the bot could not answer. */
  fallbacks: z.number().int().default(0),
  /** Last FAQ answered (for feedback, "more" and follow-ups read against it). */
  lastTopic: z.string().optional(),
  /** The user typed `/check` alone: the next text is checked as a suspicious message. */
  checkNext: z.boolean().optional(),
  /** The question the bot just asked, so "yes", "no" or a typed number answer it (see src/engine/pending.ts). */
  pending: pendingPromptSchema.optional(),
  /** Inbound rate window: start (epoch ms), count, and whether the user was told. */
  rate: z.object({ start: z.number(), count: z.number(), notified: z.boolean() }).optional(),
  /** Keyed hash of the last message and how often it repeated (repeat dampening), never the text. */
  repeat: z.object({ hash: z.string(), count: z.number() }).optional(),
  /**
   * Support handoff in progress: its ticket (the core's id; the route back to the user is a sealed
   * setting `ticket:<id>`) and, once the support side opened it, where it lives on the platform
   * (`place`, e.g. a Discord thread id; never a user id).
   */
  handoff: z
    .object({ status: z.enum(["requested", "active"]), since: z.string(), ticket: z.string().optional(), place: z.string().optional() })
    .optional(),
  /**
   * Incident updates (issue 17): whether the user asked for them and when they decided. Absent
   * until they answer the offer or type `/updates`; the route back is the sealed setting
   * `subscriber:<key>` (src/engine/subscribers.ts), deleted with the user.
   */
  updates: z.object({ on: z.boolean(), at: z.string() }).optional(),
  /** Topics that got feedback, so we ask once per answer. */
  feedback: z.array(z.string()).default([]),
});
export type UserState = z.infer<typeof userStateSchema>;

/** A pseudonymous, redacted analytics event. */
export const analyticsEventSchema = z.object({
  at: z.string(),
  key: z.string(),
  channel: z.string(),
  locale: z.string(),
  /** The content pack the event belongs to, in a deployment of several packs (absent with one). */
  pack: z.string().optional(),
  type: z.enum([
    "conversation_started",
    "topic_answered",
    "fallback",
    "did_you_mean",
    "unsure_asked",
    "unsure_picked",
    "feedback",
    "task_started",
    "task_step",
    "task_completed",
    "handoff_requested",
    "handoff_taken",
    "handoff_closed",
    "scam_checked",
    "updates_opted",
    "move_answered",
    "update_delivered",
  ]),
  topic: z.string().optional(),
  score: z.number().optional(),
  task: z.string().optional(),
  step: z.string().optional(),
  /** done / skipped, or up / down for feedback. */
  value: z.string().optional(),
  /** Redacted text of an unanswered question (fallback and unsure_asked only). */
  text: z.string().optional(),
  /** scam_checked: keyed hash of the normalized message (never the message), its flag kinds and registrable domains. */
  hash: z.string().optional(),
  flags: z.array(z.string()).optional(),
  domains: z.array(z.string()).optional(),
  /** scam_checked: `watch` when the moderators' scam watch saw the message in a watched place (no user asked). */
  via: z.enum(["watch"]).optional(),
});
export type AnalyticsEvent = z.infer<typeof analyticsEventSchema>;
