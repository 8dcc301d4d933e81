import { ids } from "./choice-ids.js";
import { say, t, type Turn } from "./context.js";
import { mainMenu } from "./menus.js";
import { setPending } from "./pending.js";

/**
 * Incident updates, opt-in only (issue 17). The offer comes after a first helpful answer (👍) and
 * with `/updates`; the decision and its time go into the user's state, and the engine writes or
 * deletes the sealed route back (`turn.subscription`, carried out in engine.ts after the update).
 */

/** Offers updates once: only to a user who has never decided, in a private chat. */
export function offerUpdates(turn: Turn): boolean {
  if (turn.state.updates || turn.event.user.chat !== "private") return false;
  turn.replies.push({
    kind: "choices",
    prompt: t(turn, "updatesOffer"),
    choices: [
      { id: ids.updates(true), label: t(turn, "updatesYes") },
      { id: ids.updates(false), label: t(turn, "updatesNo") },
    ],
  });
  setPending(turn, { kind: "updates", answers: { yes: ids.updates(true), no: ids.updates(false) } });
  return true;
}

/** Records the user's decision (`/updates on|off`, the offer's buttons) and confirms it. */
export function setUpdates(turn: Turn, on: boolean): void {
  turn.state.updates = { on, at: turn.now.toISOString() };
  turn.subscription = on ? "on" : "off";
  turn.analytics.push({ type: "updates_opted", value: on ? "on" : "off" });
  say(turn, t(turn, on ? "updatesOn" : "updatesOff"));
}

/** `/updates [on|off]`: sets the decision, or offers it when no argument says which. */
export function onUpdatesCommand(turn: Turn, args: string | undefined): void {
  const a = args?.trim().toLowerCase();
  if (a === "on" || a === "off") return setUpdates(turn, a === "on");
  turn.replies.push({
    kind: "choices",
    prompt: t(turn, turn.state.updates?.on ? "updatesOn" : "updatesOffer"),
    choices: [
      { id: ids.updates(true), label: t(turn, "updatesYes") },
      { id: ids.updates(false), label: t(turn, "updatesNo") },
    ],
  });
  setPending(turn, { kind: "updates", answers: { yes: ids.updates(true), no: ids.updates(false) } });
}

/** A 👍 thanks the user and, the first time, offers updates instead of the menu. */
export function afterHelpful(turn: Turn): void {
  if (!offerUpdates(turn)) mainMenu(turn);
}
