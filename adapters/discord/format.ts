import { escapeMarkdown } from "discord.js";
import { toSpans } from "../../src/index.js";
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
 * Splits rendered content into messages of at most `max` characters, preferring paragraph
 * breaks, then line breaks, then spaces; never ends a piece on a lone escaping backslash.
 */
export function splitContent(text: string, max: number = LIMITS.content): string[] {
  const out: string[] = [];
  let rest = text.trim();
  while (rest.length > max) {
    const window = rest.slice(0, max + 1);
    let cut = window.lastIndexOf("\n\n");
    if (cut < max / 2) cut = window.lastIndexOf("\n");
    if (cut < max / 2) cut = window.lastIndexOf(" ");
    if (cut <= 0 || cut > max) cut = max;
    while (cut > 1 && rest[cut - 1] === "\\") cut--;
    out.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest) out.push(rest);
  return out;
}

/** Shortens a label to `max` characters with an ellipsis. */
export function truncate(label: string, max: number): string {
  const chars = [...label];
  return chars.length <= max ? label : `${chars.slice(0, max - 1).join("")}…`;
}
