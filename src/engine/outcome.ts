import type { AnswerWord, PendingKind } from "../store/state.js";

/**
 * What happened in one turn, as a value (for evaluation and analytics), independent of the
 * reply texts. Set by the part of the engine that decided the turn; the last decision wins.
 */
export type TurnOutcome =
  /** A FAQ topic was answered (or offered first in "did you mean"). */
  | { kind: "topic"; topic: string; via: "matcher" | "choice" | "follow-up" | "did-you-mean" | "several" }
  /** The message could not be answered (out of scope, not understood, "yes" with nothing asked). */
  | { kind: "fallback"; reason: string }
  /** A conversational move from the pack (greeting, thanks, distress, …) was answered alone. */
  | { kind: "move"; move: string }
  /**
   * The user answered the prompt the bot was waiting on, by button, answer word or number.
   * `value` is what the chosen option means (yes / no / done / skip, or its 1-based number in a
   * list); `answer` is the answer word or number the user typed, if they typed one.
   */
  | { kind: "pending"; pending: PendingKind; value: string; answer?: AnswerWord | number }
  /** Anything else: a menu, a command, a task screen. */
  | { kind: "other"; what: string };
