import { randomInt } from "node:crypto";
import type { Engine, Logger, Store } from "../../src/index.js";
import { createSealer, ticketSealKey, ticketSettings } from "../shared/tickets.js";
import { TICKET_ALPHABET } from "./support-text.js";

/** How long a ticket finds its way back to the user (longer than any handoff lasts). */
export const TICKET_TTL_MS = 7 * 24 * 60 * 60_000;

/**
 * The support desk's memory: ticket -> the user's private chat, and user -> their open ticket.
 * Kept in the core store (settings with an expiry, owned by the user's pseudonymous key, so
 * `/forget` and `afterleak forget` delete them) and therefore shared by every bot instance and
 * kept across restarts. The chat id is the one raw platform id the bot keeps: a staff reply
 * cannot be delivered without it. It is stored sealed (AES-256-GCM under a key derived from
 * the server secret, bound to its ticket), so a copy of the store alone does not reveal it.
 */
export interface TicketBook {
  /** Opens a new ticket for a user, replacing the one they had. */
  open(userId: number): Promise<string>;
  /** The user's current ticket, if any. */
  ticketOf(userId: number): Promise<string | undefined>;
  /** The private chat (= Telegram user id) a ticket answers to. */
  chatOf(ticket: string): Promise<number | undefined>;
  /** Forgets a ticket (closed). */
  drop(ticket: string, userId: number): Promise<void>;
}

/** A new ticket id, `h` and 7 random characters (about 34 bits). */
export const newTicket = (): string =>
  `h${Array.from({ length: 7 }, () => TICKET_ALPHABET[randomInt(TICKET_ALPHABET.length)]).join("")}`;

/** Seals a chat id for one ticket; `unseal` returns undefined when the key or ticket differ. */
export function chatSeal(key: Buffer) {
  const sealer = createSealer(key);
  return {
    seal: (ticket: string, chat: number): string => sealer.seal(ticket, String(chat)),
    unseal(ticket: string, sealed: string): number | undefined {
      const opened = sealer.unseal(ticket, sealed);
      if (opened === undefined) return undefined;
      const chat = Number(opened);
      return Number.isSafeInteger(chat) ? chat : undefined;
    },
  };
}

/**
 * The ticket book over the core store. The sealing key is derived from the server secret
 * through the engine's keyed hash (the adapter never sees the secret itself).
 */
export function createTicketBook(store: Store, engine: Pick<Engine, "keyOf">, logger: Logger): TicketBook {
  const settings = ticketSettings(store, logger, TICKET_TTL_MS, "telegram: this store keeps no settings; support tickets last until restart");
  const keyOf = (userId: number) => engine.keyOf({ platform: "telegram", userId: String(userId) });
  const sealer = chatSeal(ticketSealKey(engine, "telegram-ticket-seal"));
  const ticketKey = (ticket: string) => `telegram-ticket:${ticket}`;
  const userKey = (key: string) => `telegram-ticket-of:${key}`;

  return {
    async open(userId) {
      const owner = keyOf(userId);
      const old = await settings.getSetting(userKey(owner));
      if (old) await settings.setSetting(ticketKey(old), undefined);
      const ticket = newTicket();
      const opts = { ttlMs: TICKET_TTL_MS, owner };
      await settings.setSetting(ticketKey(ticket), sealer.seal(ticket, userId), opts);
      await settings.setSetting(userKey(owner), ticket, opts);
      return ticket;
    },
    ticketOf: (userId) => settings.getSetting(userKey(keyOf(userId))),
    async chatOf(ticket) {
      const sealed = await settings.getSetting(ticketKey(ticket));
      return sealed === undefined ? undefined : sealer.unseal(ticket, sealed);
    },
    async drop(ticket, userId) {
      const owner = keyOf(userId);
      await settings.setSetting(ticketKey(ticket), undefined);
      if ((await settings.getSetting(userKey(owner))) === ticket) await settings.setSetting(userKey(owner), undefined);
    },
  };
}
