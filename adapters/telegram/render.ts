import type { InlineKeyboardButton, InlineKeyboardMarkup } from "grammy/types";
import type { EngineAction, Reply } from "../../src/index.js";
import { unhandledReply } from "../shared/unhandled-reply.js";
import { toHtml, toHtmlChunks } from "./html.js";
import { choiceButton, deepLink, isButtonUrl, layoutRows, linkRows } from "./keyboard.js";

/** One Telegram message: HTML text (already escaped) and an optional inline keyboard. */
export interface TelegramMessage {
  html: string;
  keyboard?: InlineKeyboardMarkup;
}

/** What to do on Telegram for a batch of replies, in order. */
export type TelegramOp =
  | { op: "send"; message: TelegramMessage }
  /** Edit the message whose button was pressed; the deliverer sends a new message if editing fails. */
  | { op: "edit"; message: TelegramMessage }
  /** Delete the user's message (it held a secret in a group). */
  | { op: "delete-inbound" }
  /** Tell the user in a private chat; where the bot cannot write to them, post it in the chat. */
  | { op: "notify-private"; message: TelegramMessage };

/** What the renderer needs to know about where the replies go. */
export interface RenderTarget {
  /** The bot's username, for `t.me` deep links. */
  botUsername: string;
  /** A button of a bot message was pressed, so that message can be edited in place. */
  canEdit: boolean;
}

/** Text shown with a keyboard that has no text of its own to sit under. */
export const KEYBOARD_ONLY_TEXT = "👇";

interface Draft {
  text: string;
  rows: InlineKeyboardButton[][];
  /** Carries options marked `replaceMenu`. */
  replace: boolean;
}

/**
 * Renders a batch of engine replies as Telegram operations. Text becomes HTML with every span
 * escaped and split at 4096 characters; choices become an inline keyboard under their prompt (or
 * under the text before them); links become URL buttons; `private` becomes a deep-link button.
 * The first message may edit the pressed menu in place when its options have `replaceMenu`.
 *
 * @example renderTelegram([{ kind: "text", text: "a < **b**" }], { botUsername: "bot", canEdit: false })
 * // [{ op: "send", message: { html: "a &lt; <b>b</b>" } }]
 */
export function renderTelegram(replies: readonly Reply[], target: RenderTarget): TelegramOp[] {
  const ops: TelegramOp[] = [];
  let draft: Draft | undefined;
  let sentAny = false;

  const flush = () => {
    const d = draft;
    draft = undefined;
    if (!d || (!d.text.trim() && d.rows.length === 0)) return;
    const chunks = d.text.trim() ? toHtmlChunks(d.text) : [KEYBOARD_ONLY_TEXT];
    const edit = d.replace && target.canEdit && !sentAny && chunks.length === 1;
    chunks.forEach((html, i) => {
      const last = i === chunks.length - 1;
      const message: TelegramMessage = last && d.rows.length ? { html, keyboard: { inline_keyboard: d.rows } } : { html };
      ops.push(edit ? { op: "edit", message } : { op: "send", message });
    });
    sentAny = true;
  };
  const open = (text: string) => {
    flush();
    draft = { text, rows: [], replace: false };
    return draft;
  };

  for (const r of replies) {
    switch (r.kind) {
      case "text":
        open(r.text);
        break;
      case "choices": {
        const d = r.prompt || !draft ? open(r.prompt ?? "") : draft;
        d.rows.push(...layoutRows(r.choices.map(choiceButton)));
        d.replace ||= !!r.replaceMenu;
        break;
      }
      case "links": {
        const d = draft ?? open("");
        d.rows.push(...linkRows(r.links));
        const plain = r.links.filter((k) => !isButtonUrl(k.url)).map((k) => `${k.label}: ${k.url}`);
        if (plain.length) d.text = [d.text, ...plain].filter(Boolean).join("\n");
        break;
      }
      case "private":
        open(r.text).rows.push([{ text: r.label, url: deepLink(target.botUsername, r.payload) }]);
        break;
      default:
        unhandledReply(r);
    }
  }
  flush();
  return ops;
}

/**
 * The Telegram operations of the engine's own actions for the adapter (the support desk carries
 * out the handoff's): `delete-inbound` deletes the user's message and tells them privately why.
 * They go before the replies' operations.
 */
export function renderActions(actions: readonly EngineAction[]): TelegramOp[] {
  return actions.flatMap((a): TelegramOp[] => (a.kind === "delete-inbound" ? [{ op: "delete-inbound" }, { op: "notify-private", message: { html: toHtml(a.notice) } }] : []));
}
