import { randomBytes } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { sameSecret } from "./auth.js";

/** Session cookie and the pre-sign-in CSRF cookie (double submit for the sign-in form). */
export const SESSION_COOKIE = "afterleak_admin";
export const LOGIN_COOKIE = "afterleak_admin_login";

/** A fresh random CSRF token. */
export const newCsrfToken = () => randomBytes(24).toString("base64url");

/** True when the submitted `_csrf` field is the expected token. */
export function csrfOk(expected: string | undefined, submitted: string | undefined): boolean {
  return !!expected && !!submitted && sameSecret(expected, submitted);
}

/** The request's cookies by name. */
export function readCookies(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const i = part.indexOf("=");
    if (i > 0) out[part.slice(0, i).trim()] = decodeURIComponent(part.slice(i + 1).trim());
  }
  return out;
}

/** A `Set-Cookie` value: HttpOnly, SameSite=Strict, scoped to /admin, Secure when the request came over HTTPS. */
export function cookie(name: string, value: string, o: { secure: boolean; maxAgeSeconds?: number }): string {
  return [
    `${name}=${encodeURIComponent(value)}`,
    "Path=/admin",
    "HttpOnly",
    "SameSite=Strict",
    ...(o.secure ? ["Secure"] : []),
    ...(o.maxAgeSeconds !== undefined ? [`Max-Age=${o.maxAgeSeconds}`] : []),
  ].join("; ");
}
