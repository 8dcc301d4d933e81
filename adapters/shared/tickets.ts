import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import type { Engine, Logger, Store } from "../../src/index.js";

/** The two store calls a ticket book needs. */
export type TicketSettings = Required<Pick<Store, "getSetting" | "setSetting">>;

/** Seals a platform id for one ticket; `unseal` returns undefined when the key or the ticket differ. */
export interface TicketSealer {
  seal(ticket: string, id: string): string;
  unseal(ticket: string, sealed: string): string | undefined;
}

/**
 * AES-256-GCM under `key`, with the ticket as additional data, so a sealed id moved to another
 * ticket does not open. The format is `v1.<iv>.<body>.<tag>` in base64url.
 */
export function createSealer(key: Buffer): TicketSealer {
  return {
    seal(ticket, id) {
      const iv = randomBytes(12);
      const c = createCipheriv("aes-256-gcm", key, iv).setAAD(Buffer.from(ticket));
      const body = Buffer.concat([c.update(id, "utf8"), c.final()]);
      return ["v1", iv, body, c.getAuthTag()].map((p) => (typeof p === "string" ? p : p.toString("base64url"))).join(".");
    },
    unseal(ticket, sealed) {
      const [v, iv, body, tag] = sealed.split(".");
      if (v !== "v1" || !iv || !body || !tag) return undefined;
      try {
        const d = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url")).setAAD(Buffer.from(ticket));
        d.setAuthTag(Buffer.from(tag, "base64url"));
        return Buffer.concat([d.update(Buffer.from(body, "base64url")), d.final()]).toString("utf8");
      } catch {
        // Another secret or a tampered value: the ticket cannot be followed, as if it were unknown.
        return undefined;
      }
    },
  };
}

/**
 * The sealing key of one platform's tickets, derived through the engine's keyed hash from
 * `purpose` (e.g. `telegram-ticket-seal`), so the adapter never sees the server secret.
 */
export const ticketSealKey = (engine: Pick<Engine, "keyOf">, purpose: string): Buffer =>
  createHash("sha256").update(engine.keyOf({ platform: purpose, userId: "v1" })).digest();

/**
 * The store's settings, or process memory (entries expire after `ttlMs` unless a call names its
 * own) with `warning` logged once, for stores without settings: tickets then last until restart.
 */
export function ticketSettings(store: Store, logger: Logger, ttlMs: number, warning: string): TicketSettings {
  if (store.getSetting && store.setSetting) return { getSetting: store.getSetting.bind(store), setSetting: store.setSetting.bind(store) };
  logger.warn(warning);
  const m = new Map<string, { value: string; expires: number }>();
  return {
    getSetting: async (k) => {
      const v = m.get(k);
      return v && v.expires > Date.now() ? v.value : undefined;
    },
    setSetting: async (k, value, opts) => {
      if (value === undefined) m.delete(k);
      else m.set(k, { value, expires: Date.now() + (opts?.ttlMs ?? ttlMs) });
    },
  };
}
