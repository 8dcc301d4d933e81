import { randomInt } from "node:crypto";
import type { Engine, Logger, Store } from "../../src/index.js";
import { createSealer, ticketSealKey, ticketSettings } from "../shared/tickets.js";
import { PLATFORM } from "./inbound.js";

/** How long a ticket finds its thread and its user (longer than any handoff lasts). */
export const TICKET_TTL_MS = 7 * 24 * 60 * 60_000;

/** Where a ticket lives and whose it is. */
export interface Ticket {
  ticket: string;
  threadId: string;
  userId: string;
}

/**
 * The support desk's memory: ticket -> (private thread, user), user -> their open ticket, and
 * thread -> ticket. Kept in the core store as settings with a 7-day expiry, owned by the user's
 * pseudonymous key (so `/leak forget` and `afterleak forget` delete them), hence shared by every
 * bot instance and kept across restarts. The user id is the one raw platform id kept (closing a
 * ticket must reach the user's state); it is sealed (AES-256-GCM under a key derived from the
 * server secret, bound to its ticket), so a copy of the store alone does not reveal it.
 */
export interface TicketBook {
  /** Records a new ticket, replacing the user's previous one. */
  open(t: Ticket): Promise<void>;
  /** A ticket by its id, if it is still known. */
  get(ticket: string): Promise<Ticket | undefined>;
  /** The user's current ticket, if any. */
  ofUser(userId: string): Promise<Ticket | undefined>;
  /** The ticket of a support thread, if the channel is one. */
  inThread(threadId: string): Promise<Ticket | undefined>;
  /** Forgets a ticket (closed, or its thread is gone). */
  drop(t: Ticket): Promise<void>;
}

const ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

/** A new ticket id: `d` and 7 characters without look-alikes (about 34 bits). */
export const newTicket = (): string => `d${Array.from({ length: 7 }, () => ALPHABET[randomInt(ALPHABET.length)]).join("")}`;

/**
 * The ticket book over the core store. The sealing key is derived through the engine's keyed
 * hash, so the adapter never sees the server secret.
 */
export function createTicketBook(store: Store, engine: Pick<Engine, "keyOf">, logger: Logger): TicketBook {
  const settings = ticketSettings(store, logger, TICKET_TTL_MS, "this store keeps no settings: support tickets last until restart");
  const owner = (userId: string) => engine.keyOf({ platform: PLATFORM, userId });
  const sealer = createSealer(ticketSealKey(engine, "discord-ticket-seal"));
  /** A sealed user id back, if the key and ticket match and it is a Discord snowflake. */
  const unseal = (ticket: string, sealed: string) => {
    const id = sealer.unseal(ticket, sealed);
    return id !== undefined && /^\d+$/.test(id) ? id : undefined;
  };
  const K = {
    ticket: (ticket: string) => `discord-ticket:${ticket}`,
    user: (key: string) => `discord-ticket-of:${key}`,
    thread: (threadId: string) => `discord-ticket-in:${threadId}`,
  };

  async function read(ticket: string | undefined): Promise<Ticket | undefined> {
    const raw = ticket ? await settings.getSetting(K.ticket(ticket)) : undefined;
    if (!ticket || !raw) return undefined;
    const [threadId, sealed] = raw.split(":");
    const userId = sealed ? unseal(ticket, sealed) : undefined;
    return threadId && userId ? { ticket, threadId, userId } : undefined;
  }

  async function drop(t: Ticket): Promise<void> {
    const key = owner(t.userId);
    await settings.setSetting(K.ticket(t.ticket), undefined);
    if ((await settings.getSetting(K.thread(t.threadId))) === t.ticket) await settings.setSetting(K.thread(t.threadId), undefined);
    if ((await settings.getSetting(K.user(key))) === t.ticket) await settings.setSetting(K.user(key), undefined);
  }

  return {
    async open(t) {
      const key = owner(t.userId);
      const old = await read(await settings.getSetting(K.user(key)));
      if (old) await drop(old);
      const opts = { ttlMs: TICKET_TTL_MS, owner: key };
      await settings.setSetting(K.ticket(t.ticket), `${t.threadId}:${sealer.seal(t.ticket, t.userId)}`, opts);
      await settings.setSetting(K.thread(t.threadId), t.ticket, opts);
      await settings.setSetting(K.user(key), t.ticket, opts);
    },
    get: read,
    ofUser: async (userId) => read(await settings.getSetting(K.user(owner(userId)))),
    inThread: async (threadId) => read(await settings.getSetting(K.thread(threadId))),
    drop,
  };
}
