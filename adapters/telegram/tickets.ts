import { createCipheriv, createDecipheriv, createHash, randomBytes, randomInt } from "node:crypto";
import type { Engine, Logger, Store } from "../../src/index.js";
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

type Settings = Required<Pick<Store, "getSetting" | "setSetting">>;

/** Process memory for stores without settings: tickets then last until restart. */
function memorySettings(): Settings {
  const m = new Map<string, { value: string; expires: number }>();
  return {
    getSetting: async (k) => {
      const v = m.get(k);
      return v && v.expires > Date.now() ? v.value : undefined;
    },
    setSetting: async (k, value, opts) => {
      if (value === undefined) m.delete(k);
      else m.set(k, { value, expires: Date.now() + (opts?.ttlMs ?? TICKET_TTL_MS) });
    },
  };
}

/** A new ticket id, `h` and 7 random characters (about 34 bits). */
export const newTicket = (): string =>
  `h${Array.from({ length: 7 }, () => TICKET_ALPHABET[randomInt(TICKET_ALPHABET.length)]).join("")}`;

/** Seals a chat id for one ticket; `unseal` returns undefined when the key or ticket differ. */
export function chatSeal(key: Buffer) {
  return {
    seal(ticket: string, chat: number): string {
      const iv = randomBytes(12);
      const c = createCipheriv("aes-256-gcm", key, iv).setAAD(Buffer.from(ticket));
      const body = Buffer.concat([c.update(String(chat), "utf8"), c.final()]);
      return ["v1", iv, body, c.getAuthTag()].map((p) => (typeof p === "string" ? p : p.toString("base64url"))).join(".");
    },
    unseal(ticket: string, sealed: string): number | undefined {
      const [v, iv, body, tag] = sealed.split(".");
      if (v !== "v1" || !iv || !body || !tag) return undefined;
      try {
        const d = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url")).setAAD(Buffer.from(ticket));
        d.setAuthTag(Buffer.from(tag, "base64url"));
        const chat = Number(Buffer.concat([d.update(Buffer.from(body, "base64url")), d.final()]).toString("utf8"));
        return Number.isSafeInteger(chat) ? chat : undefined;
      } catch {
        // A different secret or a tampered value: the ticket cannot be followed, as if unknown.
        return undefined;
      }
    },
  };
}

/**
 * The ticket book over the core store. The sealing key is derived from the server secret
 * through the engine's keyed hash (the adapter never sees the secret itself).
 */
export function createTicketBook(store: Store, engine: Pick<Engine, "keyOf">, logger: Logger): TicketBook {
  let settings: Settings;
  if (store.getSetting && store.setSetting) settings = { getSetting: store.getSetting.bind(store), setSetting: store.setSetting.bind(store) };
  else {
    logger.warn("telegram: this store keeps no settings; support tickets last until restart");
    settings = memorySettings();
  }
  const keyOf = (userId: number) => engine.keyOf({ platform: "telegram", userId: String(userId) });
  const sealer = chatSeal(createHash("sha256").update(engine.keyOf({ platform: "telegram-ticket-seal", userId: "v1" })).digest());
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
