import { ui, type ContentPack } from "../content/pack.js";
import type { UiKey } from "../content/schema.js";
import { serializeError, type Logger } from "../logger.js";
import { escapeMarks, isHandoffAction, type EngineResult, type Reply } from "./replies.js";
import type { HandoffApi, HandoffUser } from "./handoff.js";

/**
 * The support desk: one state machine for every channel that hands users over to people. It
 * carries out the engine's handoff actions (open a ticket, relay) over a narrow transport that
 * each adapter implements, and runs the staff's side (answer, take, close) by ticket. No
 * transport, or one that cannot be reached, ends the handoff at once with the official contact,
 * so a user is never left in a silent handoff. See docs/support.md.
 */

/** The staff-side texts of the pack (ui.yaml), as `supportX` keys. */
export type StaffKey = Extract<UiKey, `support${string}`>;

/**
 * Staff texts in the staff's language. One policy for every channel: the pack's default locale
 * (the people answering work in the incident's language, whatever the user writes in).
 */
export interface StaffTexts {
  locale: string;
  text(key: StaffKey, vars?: Record<string, string | number>): string;
  /** A locale's name for the staff (the pack's `languageNames`, else the code). */
  languageName(locale: string): string;
}

/** A platform could not reach the support place; `notice` tells the user why (their language), if the transport knows. */
export class SupportUnreachableError extends Error {
  constructor(
    readonly notice?: string,
    options?: { cause?: unknown },
  ) {
    super("the support place cannot be reached", options);
    this.name = "SupportUnreachableError";
  }
}

/** A new ticket for the staff. */
export interface OpenRequest<C> {
  ticket: string;
  reason: "requested" | "fallbacks" | "message";
  /** Redacted text from the user. */
  transcript: readonly string[];
  user: HandoffUser;
  /** The user's language (the bot's answers to them). */
  userLocale: string;
  staff: StaffTexts;
  /** What the adapter knows of the turn (a first name, the channel asked in). */
  context: C;
}

/**
 * What an adapter implements to connect the desk to a place where people work. Errors thrown
 * are the transport's: a {@link SupportUnreachableError}, or a platform error `isUnreachable`
 * recognizes, is an expected outcome; anything else is logged as a failure. Both end the
 * handoff with the official contact when opening or relaying.
 */
export interface SupportTransport<C = undefined> {
  /** Opens the staff-side conversation of a ticket (a message in a group, a private thread) and posts its header. */
  openConversation(o: OpenRequest<C>): Promise<{ place?: string }>;
  /** Posts what the user wrote (redacted) to the ticket's conversation. */
  postToStaff(o: { ticket: string; place?: string; transcript: readonly string[]; user: HandoffUser; userLocale: string; staff: StaffTexts; context: C }): Promise<void>;
  /** Delivers replies to the ticket's user (their private chat, or the ticket's thread). */
  postToUser(user: HandoffUser, result: EngineResult, o: { ticket: string; place?: string }): Promise<void>;
  /** True for a platform error meaning the other side cannot be reached (blocked, gone, refused). */
  isUnreachable(err: unknown): boolean;
}

/** What carrying out a turn's actions did. */
export interface Carried {
  /** What the user sees now: the engine's replies, or the official contact when no person can be reached. */
  result: EngineResult;
  /** A ticket was opened (and where its conversation lives). */
  opened?: { ticket: string; place?: string };
  /** The user's words went to the ticket (`again`: they only asked for a person again). */
  relayed?: { ticket: string; place?: string; again: boolean };
  /** The handoff ended because no person could be reached. */
  unavailable?: boolean;
}

/** What a staff action did, with the notice for the staff (their language). */
export interface StaffOutcome {
  ticket: string;
  code: "answered" | "taken" | "already-taken" | "closed" | "not-open" | "unknown" | "undeliverable";
  /** True when this action marked the ticket taken. */
  taken?: boolean;
  notice?: string;
  /** Where the ticket's conversation lives. */
  place?: string;
}

/** The desk's API for adapters. */
export interface SupportDesk<C = undefined> {
  readonly staff: StaffTexts;
  /** Carries out a turn's handoff actions for its user; call before delivering `result` (it may change; the adapter's own actions stay in it). */
  carryOut(user: HandoffUser, result: EngineResult, context: C): Promise<Carried>;
  /** A staff member answers a ticket: the first answer takes it; the text reaches the user under the pack's label. */
  answer(ticket: string, text: string, by: string | undefined): Promise<StaffOutcome>;
  /** A staff member joins a ticket whose user reads the place itself (a thread): take it and tell the user. */
  take(ticket: string): Promise<StaffOutcome>;
  /** Ends a ticket's handoff; the user is told and gets the menu. */
  close(ticket: string): Promise<StaffOutcome>;
  /** The ticket whose conversation lives in `place`. */
  ticketIn(platform: string, place: string): Promise<string | undefined>;
}

/** What the desk needs. */
export interface SupportDeskOptions<C> {
  engine: { pack: ContentPack; handoff: HandoffApi };
  /** Unset: no support place on this channel, every request gets the official contact. */
  transport?: SupportTransport<C>;
  logger: Logger;
}

/** The actions left to the adapter once the desk has carried out the handoff's (`delete-inbound`). */
const adapterActions = (result: EngineResult) => result.actions.filter((a) => !isHandoffAction(a));

/** The staff texts of a pack, in its default locale. */
export function staffTextsOf(pack: ContentPack): StaffTexts {
  const locale = pack.meta.defaultLocale;
  return {
    locale,
    text: (key, vars) => ui(pack, key, locale, vars),
    languageName: (l) => (pack.meta.locales.includes(l) ? ui(pack, "languageName", l) : l),
  };
}

/**
 * Creates the support desk of one channel.
 *
 * @example
 * const desk = createSupportDesk({ engine, transport, logger });
 * const { result } = await desk.carryOut(user, await engine.handle(event), context);
 */
export function createSupportDesk<C>(o: SupportDeskOptions<C>): SupportDesk<C> {
  const { engine, transport, logger } = o;
  const staff = staffTextsOf(engine.pack);
  const notice = (key: StaffKey, ticket: string, vars: Record<string, string> = {}) => staff.text(key, { ticket, ...vars });

  async function fallBack(user: HandoffUser, result: EngineResult, err: unknown, action: string): Promise<Carried> {
    const expected = err instanceof SupportUnreachableError || (transport?.isUnreachable(err) ?? true);
    const cause = err instanceof SupportUnreachableError && err.cause !== undefined ? err.cause : err;
    if (expected) logger.warn({ action, err: serializeError(cause) }, "support: the support place cannot be reached; official contact given");
    else logger.error({ action, err: serializeError(cause) }, "support: handoff failed; official contact given");
    const ended = await engine.handoff.unavailable(user);
    const why: Reply[] = err instanceof SupportUnreachableError && err.notice ? [{ kind: "text", text: err.notice }] : [];
    const kept = result.replies.filter((r) => !(r.kind === "text" && r.handoffNotice));
    return { result: { locale: result.locale, replies: [...kept, ...why, ...ended.replies], actions: adapterActions(result) }, unavailable: true };
  }

  async function deliverTo(ticket: string, r: { user?: HandoffUser; place?: string }, result: EngineResult): Promise<"ok" | "undeliverable"> {
    if (!transport || !r.user || result.replies.length === 0) return "ok";
    try {
      await transport.postToUser(r.user, result, { ticket, ...(r.place ? { place: r.place } : {}) });
      return "ok";
    } catch (err) {
      if (!transport.isUnreachable(err)) throw err;
      logger.warn({ ticket, err: serializeError(err) }, "support: the user cannot be reached");
      return "undeliverable";
    }
  }

  return {
    staff,
    async carryOut(user, result, context) {
      const out: Carried = { result: { ...result, actions: adapterActions(result) } };
      for (const a of result.actions.filter(isHandoffAction)) {
        try {
          if (!transport) throw new SupportUnreachableError();
          if (a.kind === "open-ticket") {
            const { place } = await transport.openConversation({ ticket: a.ticket, reason: a.reason, transcript: a.transcript, user, userLocale: result.locale, staff, context });
            if (place) await engine.handoff.attach(a.ticket, place);
            out.opened = { ticket: a.ticket, ...(place ? { place } : {}) };
            logger.info({ ticket: a.ticket, reason: a.reason }, "support: ticket opened");
          } else {
            const again = !a.transcript.join("").trim();
            if (!again) await transport.postToStaff({ ticket: a.ticket, ...(a.place ? { place: a.place } : {}), transcript: a.transcript, user, userLocale: result.locale, staff, context });
            out.relayed = { ticket: a.ticket, ...(a.place ? { place: a.place } : {}), again };
          }
        } catch (err) {
          return fallBack(user, result, err, a.kind);
        }
      }
      return out;
    },

    async answer(ticket, text, by) {
      const taken = await engine.handoff.take(ticket);
      if (taken.code === "unknown" || taken.code === "not-open") return { ticket, code: taken.code, notice: notice(taken.code === "unknown" ? "supportUnknown" : "supportNotOpen", ticket) };
      const label = ui(engine.pack, "handoffSupportLabel", taken.locale);
      const answer: Reply = { kind: "text", text: `**${escapeMarks(label)}**\n${escapeMarks(text)}` };
      const delivered = await deliverTo(ticket, taken, { locale: taken.locale, replies: [...taken.replies, answer], actions: [] });
      if (delivered === "undeliverable") return { ticket, code: "undeliverable", notice: notice("supportUndeliverable", ticket) };
      const first = taken.code === "taken";
      return {
        ticket,
        code: "answered",
        taken: first,
        ...(first ? { notice: notice("supportTaken", ticket, { by: by ?? staff.text("supportAnonymous") }) } : {}),
        ...(taken.place ? { place: taken.place } : {}),
      };
    },

    async take(ticket) {
      const taken = await engine.handoff.take(ticket);
      if (taken.code !== "taken") return { ticket, code: taken.code };
      await deliverTo(ticket, taken, taken);
      logger.info({ ticket }, "support: ticket taken");
      return { ticket, code: "taken", taken: true, ...(taken.place ? { place: taken.place } : {}) };
    },

    async close(ticket) {
      const closed = await engine.handoff.close(ticket);
      if (closed.code !== "closed") return { ticket, code: closed.code, notice: notice(closed.code === "unknown" ? "supportUnknown" : "supportNotOpen", ticket) };
      // Closed all the same when the notice cannot be delivered: the bot answers the user whenever they come back.
      await deliverTo(ticket, closed, closed);
      logger.info({ ticket }, "support: ticket closed");
      return { ticket, code: "closed", notice: notice("supportClosed", ticket), ...(closed.place ? { place: closed.place } : {}) };
    },

    ticketIn: (platform, place) => engine.handoff.byPlace(platform, place),
  };
}
