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
