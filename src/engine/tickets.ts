import { randomInt } from "node:crypto";
import { createSealer } from "../privacy/seal.js";
import type { Store } from "../store/store.js";
import type { UserRef } from "./events.js";

/** How long a ticket finds its way back to the user (longer than any handoff lasts). */
export const TICKET_TTL_MS = 7 * 24 * 60 * 60_000;

/** Ticket ids: `t` and 7 characters without look-alikes (about 34 bits), so they work as hashtags (`#t7k2m9qx`). */
export const TICKET_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz";
const TICKET = new RegExp(`#?(t[${TICKET_ALPHABET}]{7})(?![0-9a-z_])`, "i");

/** A new ticket id. */
export const newTicketId = (): string => `t${Array.from({ length: 7 }, () => TICKET_ALPHABET[randomInt(TICKET_ALPHABET.length)]).join("")}`;

/**
 * The ticket id in a text (`#t…` or a bare id), lower-cased; the first one wins.
 *
 * @example parseTicketId("re: #T7k2m9qx") // "t7k2m9qx"
 */
export function parseTicketId(text: string | undefined): string | undefined {
  return text ? TICKET.exec(text)?.[1]?.toLowerCase() : undefined;
}

/** A user as the support side knows them (platform and platform id, never stored raw). */
export type TicketUser = Pick<UserRef, "platform" | "userId">;

/**
 * The one reverse index of tickets: ticket -> the user's platform and id, sealed (AES-256-GCM
 * under a key derived from the server secret, bound to the ticket), and, for transports whose
 * conversations live in a place of their own (a Discord thread), place -> ticket. Settings with
 * an expiry, owned by the user's pseudonymous key, so `forget` deletes them with the user.
 */
export interface TicketIndex {
  open(ticket: string, user: TicketUser, owner: string): Promise<void>;
  route(ticket: string): Promise<TicketUser | undefined>;
  setPlace(ticket: string, platform: string, place: string, owner: string): Promise<void>;
  byPlace(platform: string, place: string): Promise<string | undefined>;
  drop(ticket: string, place?: { platform: string; place: string }): Promise<void>;
  /** Drops the routes of `owner` kept in process memory (the store's own go with `store.forget`). */
  forgetOwner(owner: string): void;
}

/** Routes kept in process memory at most (the oldest go first beyond it), while the store cannot keep them. */
export const MEMORY_ROUTES_MAX = 10_000;

/** Options of {@link createTicketIndex}. */
export interface TicketIndexOptions {
  /** Called each time a setting could not be read or written in the store and process memory was used instead. */
  onFallback?(err: unknown): void;
  /** Epoch milliseconds, for the expiry of routes kept in memory. */
  clock?: () => number;
}

/**
 * The index over the store's settings. Fallback: when the store has no settings, or a read or
 * write of one fails, the route is kept in process memory (with the same 7-day expiry, at most
 * {@link MEMORY_ROUTES_MAX}, lost on restart), so a staff answer still finds the user while this
 * process runs; a read that finds nothing in the store also looks there. See docs/support.md.
 */
export function createTicketIndex(store: Store, sealKey: Buffer, opts: TicketIndexOptions = {}): TicketIndex {
  const now = opts.clock ?? Date.now;
  const memory = new Map<string, { value: string; expires: number; owner?: string }>();
  const fromMemory = (k: string) => {
    const e = memory.get(k);
    if (e && e.expires <= now()) memory.delete(k);
    return e && e.expires > now() ? e.value : undefined;
  };
  const remember = (k: string, v: string, owner?: string) => {
    memory.delete(k);
    if (memory.size >= MEMORY_ROUTES_MAX) memory.delete(memory.keys().next().value!);
    memory.set(k, { value: v, expires: now() + TICKET_TTL_MS, ...(owner ? { owner } : {}) });
  };
  const get = async (k: string): Promise<string | undefined> => {
    if (typeof store.getSetting === "function") {
      try {
        const v = await store.getSetting(k);
        if (v !== undefined) return v;
      } catch (err) {
        opts.onFallback?.(err);
      }
    }
    return fromMemory(k);
  };
  const set = async (k: string, v: string | undefined, owner?: string) => {
    if (v === undefined) memory.delete(k);
    if (typeof store.setSetting === "function") {
      try {
        return await store.setSetting(k, v, v === undefined ? undefined : { ttlMs: TICKET_TTL_MS, ...(owner ? { owner } : {}) });
      } catch (err) {
        // A delete that fails leaves a route that expires by itself; the handoff state decides whether it is open.
        opts.onFallback?.(err);
      }
    }
    if (v !== undefined) remember(k, v, owner);
  };
  const sealer = createSealer(sealKey);
  const ticketKey = (ticket: string) => `ticket:${ticket}`;
  const placeKey = (platform: string, place: string) => `ticket-place:${platform}:${place}`;
  return {
    open: (ticket, user, owner) => set(ticketKey(ticket), sealer.seal(ticket, JSON.stringify([user.platform, user.userId])), owner),
    async route(ticket) {
      const sealed = await get(ticketKey(ticket));
      const opened = sealed === undefined ? undefined : sealer.unseal(ticket, sealed);
      if (opened === undefined) return undefined;
      const [platform, userId] = JSON.parse(opened) as unknown[];
      return typeof platform === "string" && typeof userId === "string" ? { platform, userId } : undefined;
    },
    setPlace: (ticket, platform, place, owner) => set(placeKey(platform, place), ticket, owner),
    byPlace: (platform, place) => get(placeKey(platform, place)),
    forgetOwner(owner) {
      for (const [k, e] of memory) if (e.owner === owner) memory.delete(k);
    },
    async drop(ticket, place) {
      await set(ticketKey(ticket), undefined);
      if (place && (await get(placeKey(place.platform, place.place))) === ticket) await set(placeKey(place.platform, place.place), undefined);
    },
  };
}
