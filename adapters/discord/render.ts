import { ButtonStyle, ComponentType } from "discord.js";
import { ids, pick, ui, type Choice, type ContentPack, type LinkOut, type Reply } from "../../src/index.js";
import { unhandledReply } from "../shared/unhandled-reply.js";
import { toDiscordCommands } from "./commands/index.js";
import { renderComponents, type Row } from "./components.js";
import { escapeDiscord, formatText, paragraphs, splitContent } from "./format.js";
import { CUSTOM_IDS, LIMITS } from "./limits.js";
import { str } from "./strings.js";

/** A message body in Discord's JSON shape; every one forbids pings from its content. */
export interface DiscordMessage {
  content: string;
  components: Row[];
  allowed_mentions: { parse: [] };
}

const NO_PINGS = { parse: [] as [] };

/** An engine text for Discord: command names as typed here, marks rendered, the rest escaped. */
const fmt = (text: string) => formatText(toDiscordCommands(text));

const message = (content: string, components: Row[] = []): DiscordMessage => ({ content, components, allowed_mentions: { ...NO_PINGS } });

/**
 * Renders a batch of engine replies as Discord messages: texts joined and split under 2,000
 * characters, every choice in the batch as buttons (or select menus past ten), links as link
 * buttons, all components on the last message. Returns no message when there is nothing to show.
 */
export function renderReplies(replies: readonly Reply[], locale: string): DiscordMessage[] {
  const blocks: string[] = [];
  const choices: Choice[] = [];
  const links: LinkOut[] = [];
  for (const r of replies) {
    switch (r.kind) {
      case "text":
        blocks.push(fmt(r.text));
        break;
      case "choices":
        if (r.prompt) blocks.push(fmt(r.prompt));
        choices.push(...r.choices);
        break;
      case "links":
        links.push(...r.links);
        break;
      case "private": {
        blocks.push(fmt(r.text));
        const id = CUSTOM_IDS.privateStart(r.payload);
        if (id.length <= LIMITS.customId) choices.push({ id, label: r.label });
        break;
      }
      default:
        unhandledReply(r);
    }
  }
  const { rows, overflowLinks } = renderComponents(choices, links, str("chooseOption", locale));
  for (const k of overflowLinks) blocks.push(`${escapeDiscord(k.label)}: <${k.url}>`);
  const pieces = splitContent(blocks.map((b) => b.trim()).filter(Boolean).join("\n\n"));
  if (pieces.length === 0) return rows.length ? [message("", rows)] : [];
  return pieces.map((p, i) => message(p, i === pieces.length - 1 ? rows : []));
}

/**
 * Renders an engine result with `notes`: Discord markup the adapter adds after the replies (a
 * link to a support thread), on the last message when it fits, else in one more message.
 */
export function renderAnswer(a: { replies: readonly Reply[]; locale: string; notes?: readonly string[] }): DiscordMessage[] {
  const out = renderReplies(a.replies, a.locale);
  const notes = (a.notes ?? []).join("\n\n");
  if (!notes) return out;
  const last = out.at(-1);
  if (last && last.content.length + notes.length + 2 <= LIMITS.content) {
    last.content = last.content ? `${last.content}\n\n${notes}` : notes;
    return out;
  }
  return [...out, message(splitContent(notes)[0] ?? "")];
}

/** True when a batch asks to replace the menu the user just pressed. */
export const replacesMenu = (replies: readonly Reply[]): boolean => replies.some((r) => r.kind === "choices" && r.replaceMenu === true);

/** Longest public answer to a mention, so a channel is not flooded; shorter openings get the next paragraph too. */
const BRIEF_CHARS = 600;
const BRIEF_MIN_CHARS = 80;

/**
 * The short public answer to a mention: the answer's first paragraph, continued while it is only
 * a heading or a short lead-in ("Here is what was exposed:"), cut at whole lines within
 * {@link BRIEF_CHARS}; and a "Continue privately" button for the full answer.
 */
export function renderBrief(replies: readonly Reply[], locale: string): DiscordMessage {
  const texts = replies.flatMap((r) => (r.kind === "text" ? [r.text] : []));
  const prompts = replies.flatMap((r) => (r.kind === "choices" && r.prompt ? [r.prompt] : []));
  const taken: string[] = [];
  let size = 0;
  for (const p of paragraphs((texts.length ? texts : prompts).join("\n\n"))) {
    const lines: string[] = [];
    for (const line of p.split("\n")) {
      if (size + line.length + 2 > BRIEF_CHARS && (taken.length || lines.length)) break;
      lines.push(line);
      size += line.length + 2;
    }
    if (lines.length) taken.push(lines.join("\n"));
    const heading = /^\*\*[^*]+\*\*$/.test(p);
    if (lines.length < p.split("\n").length || (!heading && !p.endsWith(":") && size >= BRIEF_MIN_CHARS)) break;
  }
  const text = fmt(taken.length ? taken.join("\n\n") : str("briefFallback", locale));
  const row: Row = {
    type: ComponentType.ActionRow,
    components: [{ type: ComponentType.Button, style: ButtonStyle.Primary, custom_id: CUSTOM_IDS.more, label: str("continuePrivately", locale) }],
  };
  return message(splitContent(text)[0] ?? "", [row]);
}

/**
 * The persistent help panel a moderator posts: the welcome text and buttons that are engine
 * choice ids, so they keep working after restarts and content updates.
 */
export function renderPanel(pack: ContentPack, locale: string): DiscordMessage {
  const vars = { title: pick(pack, pack.meta.title, locale), incident: pick(pack, pack.meta.incident, locale) };
  const button = (id: string, key: Parameters<typeof ui>[1]) => ({
    type: ComponentType.Button as const,
    style: ButtonStyle.Secondary as const,
    custom_id: id,
    label: ui(pack, key, locale),
  });
  const row: Row = {
    type: ComponentType.ActionRow,
    components: [
      button(ids.menu("leaked"), "menuLeaked"),
      button(ids.menu("faq"), "menuFaq"),
      button(ids.menu("tasks"), "menuTasks"),
      button(ids.menu("human"), "menuHuman"),
    ],
  };
  return message(splitContent(fmt(ui(pack, "welcome", locale, vars)))[0] ?? "", [row]);
}

/** A plain notice (moderator tools, errors) with the safe marks rendered. */
export const renderNotice = (text: string): DiscordMessage => message(splitContent(formatText(text))[0] ?? "");
