import { z } from "zod";
import { allowLongField, checkedFields, claimField, id, isoDate, localizedText, sourceRefs } from "./schema-fields.js";

/** incident.yaml: the summary, the timeline, what was and was not exposed, the follow-ups. */
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
