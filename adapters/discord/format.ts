import { escapeMarkdown } from "discord.js";
import { toSpans } from "../../src/index.js";
import { splitText } from "../shared/split.js";
import { LIMITS } from "./limits.js";

/**
 * Escapes text so Discord shows it literally: Markdown (bold, italics, code, spoilers, headings,
 * masked links), mention syntax (`<@id>`, `<@&role>`, `<#channel>`) and `@everyone` / `@here`.
 * `allowed_mentions` already stops pings; this also stops them from *looking* like mentions.
 */
export function escapeDiscord(text: string): string {
  return escapeMarkdown(text, { heading: true, maskedLink: true })
    .replace(/</g, "\\<")
    .replace(/@(everyone|here)/gi, "@\u200b$1");
}

/** Renders the safe marks of a reply text: every span escaped, bold spans as `**…**`. */
export function formatText(text: string): string {
  return toSpans(text)
    .map((s) => (s.bold && s.text.trim() ? `**${escapeDiscord(s.text)}**` : escapeDiscord(s.text)))
    .join("");
}

/** The paragraphs of a text (separated by blank lines). */
export const paragraphs = (text: string): string[] =>
  text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);

/**
 * Splits rendered content into messages of at most `max` characters with the shared splitter;
 * never ends a piece on an escaping backslash.
 */
export const splitContent = (text: string, max: number = LIMITS.content): string[] =>
  splitText(text, max, { canEndAt: (cut) => text[cut - 1] !== "\\" });

/** Shortens a label to `max` characters with an ellipsis. */
export function truncate(label: string, max: number): string {
  const chars = [...label];
  return chars.length <= max ? label : `${chars.slice(0, max - 1).join("")}…`;
}
