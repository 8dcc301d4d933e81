import type { TurnOutcome } from "./outcome.js";

/**
 * What the engine answers. Replies carry meaning; each adapter's renderer decides how it looks
 * (an inline keyboard on Telegram, buttons on Discord, numbered options in the terminal).
 */

/** One option the user can pick. `id` travels back as a `choice` event (at most 64 bytes). */
export interface Choice {
  id: string;
  label: string;
}

/** A link to an allowlisted site. */
export interface LinkOut {
  label: string;
  url: string;
}

/** A reply, tagged by `kind`. */
export type Reply =
  | {
      kind: "text";
      /** Text with the safe marks only: `**bold**`, `- ` bullets, `1. ` lines, blank lines between paragraphs. */
      text: string;
      /**
       * Set on the "a person will come, write here" notice of a handoff: a channel whose support
       * conversation happens elsewhere (a Discord thread) may leave it out. Never compare texts.
       */
      handoffNotice?: "requested" | "taken";
    }
  | {
      kind: "choices";
      /** Optional short prompt shown with the options. */
      prompt?: string;
      choices: Choice[];
      /** The options replace the menu the user just pressed (channels that can edit may do so). */
      replaceMenu?: boolean;
    }
  | { kind: "links"; links: LinkOut[] }
  | {
      kind: "private";
      /** Continue a personal flow in a private chat: the text explains, `payload` is the start parameter. */
      text: string;
      payload: string;
      label: string;
      /** The same flow as a choice, for channels that are already private (web, terminal). */
      choiceId: string;
    };

/**
 * Something that must happen besides what the user sees, decided in the same atomic update as
 * the state change (docs/support.md). `open-ticket`: a new handoff; open the staff-side
 * conversation of `ticket` with the redacted `transcript`. `relay`: the user wrote during the
 * handoff of `ticket`; post `transcript` to the staff (empty: the user asked for a person again).
 * Both are carried out by the core's support desk over each channel's transport; see `SupportDesk`.
 * `delete-inbound`: the user's message held a secret in a shared channel; the adapter deletes it
 * where permitted and tells the user `notice` privately (DM or ephemeral), else in the chat.
 */
export type EngineAction =
  | { kind: "open-ticket"; ticket: string; reason: "requested" | "fallbacks" | "message"; transcript: string[] }
  | { kind: "relay"; ticket: string; /** Where the ticket's conversation lives, once opened. */ place?: string; transcript: string[] }
  | { kind: "delete-inbound"; reason: "pii"; /** Why, in the user's language. */ notice: string };

/** The actions the support desk carries out (a handoff's), as opposed to the adapter's own (`delete-inbound`). */
export type HandoffAction = Extract<EngineAction, { kind: "open-ticket" | "relay" }>;

/** True for an action of a handoff (see {@link HandoffAction}). */
export const isHandoffAction = (a: EngineAction): a is HandoffAction => a.kind === "open-ticket" || a.kind === "relay";

/** The engine's answer to one event. */
export interface EngineResult {
  /** The locale the replies are written in. */
  locale: string;
  /** What the user sees. */
  replies: Reply[];
  /** What must happen besides (never shown to the user as such). */
  actions: EngineAction[];
  /** What happened in the turn (answered topic, move, prompt resolved …), for evaluation and analytics. */
  outcome?: TurnOutcome;
}

/** A run of text, bold or not, as parsed from the safe marks. */
export interface Span {
  text: string;
  bold: boolean;
}

/**
 * Splits text with `**bold**` marks into spans; renderers escape each span for their platform.
 * Unbalanced marks are kept as literal text.
 *
 * @example toSpans("a **b** c") // [{text:"a ",bold:false},{text:"b",bold:true},{text:" c",bold:false}]
 */
export function toSpans(text: string): Span[] {
  const out: Span[] = [];
  const re = /\*\*([^*\n][^*]*?)\*\*/g;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m.index > last) out.push({ text: text.slice(last, m.index), bold: false });
    out.push({ text: m[1] ?? "", bold: true });
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push({ text: text.slice(last), bold: false });
  return out;
}

/**
 * Bidirectional-text controls (embeddings, overrides, isolates, LRM/RLM, the Arabic letter mark):
 * in text from outside they can make a message read differently from what it says
 * ("\u202Eevil" shown as "live").
 */
const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Shows bidi controls literally, as their escape (`\u202E`), so they cannot reorder what the
 * user reads. The engine applies it to every reply it returns (`guardReplies`) and
 * {@link escapeMarks} to outside text, so every channel shows the same thing.
 *
 * @example showBidiControls("a\u202Eb") // "a\\u202Eb"
 */
export function showBidiControls(text: string): string {
  return text.replace(BIDI_CONTROLS, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`);
}

/**
 * Escapes text from outside (a user's quote, a staff answer) so that it is shown literally even
 * where `**` marks are parsed, with its bidi controls shown as escapes ({@link showBidiControls}).
 */
export function escapeMarks(text: string): string {
  return showBidiControls(text.replace(/\*/g, "\u2217"));
}
