import { createHmac } from "node:crypto";
import type { UserRef } from "../engine/events.js";

/**
 * The pseudonymous key a user is stored under: HMAC-SHA256 of platform and user id with a
 * server secret, base64url. Without the secret the key cannot be linked back to the platform id.
 *
 * @example userKey({ platform: "telegram", userId: "42", chat: "private" }, secret) // "tg…"
 */
export function userKey(user: Pick<UserRef, "platform" | "userId">, secret: string): string {
  return createHmac("sha256", secret).update(`${user.platform}\u0000${user.userId}`).digest("base64url").slice(0, 32);
}

/** A keyed hash of a short value (e.g. a message, for repeat dampening) that reveals nothing about it. */
export function keyedHash(value: string, secret: string): string {
  return createHmac("sha256", secret).update(value).digest("base64url").slice(0, 16);
}

/**
 * A pseudonym for an id that is not a user (a Discord server, a sealing purpose) in its own
 * namespace: HMAC-SHA256 of namespace and id with the server secret, base64url. Unlike
 * {@link userKey} it is never a store key of a user, so the two cannot collide.
 *
 * @example pseudonym("discord-guild", "1234", secret)
 */
export function pseudonym(namespace: string, id: string, secret: string): string {
  return createHmac("sha256", secret).update(`pseudonym\u0000${namespace}\u0000${id}`).digest("base64url").slice(0, 32);
}

/** A 32-byte key for one purpose (e.g. sealing ticket routes), derived from the server secret. */
export function deriveKey(purpose: string, secret: string): Buffer {
  return createHmac("sha256", secret).update(`key\u0000${purpose}`).digest();
}
