import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

/** Seals a value for one context (a ticket id); `unseal` returns undefined when the key or the context differ. */
export interface Sealer {
  seal(context: string, value: string): string;
  unseal(context: string, sealed: string): string | undefined;
}

/**
 * AES-256-GCM under `key`, with `context` as additional data, so a sealed value moved to another
 * context does not open. The format is `v1.<iv>.<body>.<tag>` in base64url.
 *
 * @example const s = createSealer(key); s.unseal("t2b4c6d8", s.seal("t2b4c6d8", "42")) // "42"
 */
export function createSealer(key: Buffer): Sealer {
  return {
    seal(context, value) {
      const iv = randomBytes(12);
      const c = createCipheriv("aes-256-gcm", key, iv).setAAD(Buffer.from(context));
      const body = Buffer.concat([c.update(value, "utf8"), c.final()]);
      return ["v1", iv, body, c.getAuthTag()].map((p) => (typeof p === "string" ? p : p.toString("base64url"))).join(".");
    },
    unseal(context, sealed) {
      const [v, iv, body, tag] = sealed.split(".");
      if (v !== "v1" || !iv || !body || !tag) return undefined;
      try {
        const d = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url")).setAAD(Buffer.from(context));
        d.setAuthTag(Buffer.from(tag, "base64url"));
        return Buffer.concat([d.update(Buffer.from(body, "base64url")), d.final()]).toString("utf8");
      } catch {
        // Another secret or a tampered value: it cannot be opened, as if it were unknown.
        return undefined;
      }
    },
  };
}
