import { z } from "zod";
import { allowLongField, checkedFields, linkSchema, localizedText, shortId, sourceRefs } from "./schema-fields.js";

/** A reminder delay: a whole number of hours, days or weeks (`12h`, `30d`, `2w`), from 1 hour to 366 days. */
export const reminderDelaySchema = z
  .string()
  .regex(/^[1-9][0-9]{0,3}[hdw]$/, "a delay like 12h, 30d or 2w (hours, days or weeks)")
  .refine((s) => {
    const ms = Number(s.slice(0, -1)) * { h: 3_600_000, d: 86_400_000, w: 604_800_000 }[s.slice(-1) as "h" | "d" | "w"];
    return ms <= 366 * 86_400_000;
  }, "a reminder is at most 366 days away");

/** One step of a task: its text, links and an optional reminder. */
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
/** A guided task (tasks.yaml): steps the user ticks off, with progress saved. */
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
/** tasks.yaml. */
export const tasksFileSchema = z.strictObject({ tasks: z.array(taskSchema) });
