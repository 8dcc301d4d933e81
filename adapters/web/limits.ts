import type { IncomingMessage } from "node:http";
import { isIP } from "node:net";

/** Per-address caps of the web chat (from `WEB_MAX_*`; see `.env.example`). */
export interface WebLimits {
  /** Sockets open at once from one address. */
  socketsPerAddress: number;
  /** Distinct browser ids one address may use per hour (returning ones included). */
  browserIdsPerHour: number;
  /** Browser ids unknown to the store (so: new stored users) one address may start per hour. */
  newUsersPerHour: number;
  /** Socket frames one address may send per minute, over all its sockets. */
  messagesPerMinute: number;
}

/** Which notice a refused client gets: too many chats from its network, or too many messages. */
export type LimitNotice = "connections" | "messages";

/** What {@link AddressLimits.admit} decides for a browser id's first frame on a socket. */
export type Admission = "ok" | "too-many-ids" | "too-many-users";

/** Per-address counters; memory is bounded by the caps per address, and idle addresses are swept. */
export interface AddressLimits {
  /** A socket opens; false (and nothing counted) when the address already has the most allowed. */
  open(address: string): boolean;
  /** A socket closes. */
  close(address: string): void;
  /** One frame arrives; false when the address is over its messages per minute. */
  message(address: string): boolean;
  /** A browser id speaks on a socket for the first time; `known` says whether the store has it. */
  admit(address: string, browserId: string, known: boolean): Admission;
}

const MINUTE = 60_000;
const HOUR = 3_600_000;
/** Addresses tracked before idle ones are swept (a sweep is linear, so not on every frame). */
const SWEEP_AT = 10_000;

interface Window {
  start: number;
  n: number;
}
interface Entry {
  sockets: number;
  messages: Window;
  users: Window;
  ids: { start: number; seen: Set<string> };
}

/**
 * Creates the per-address counters: fixed windows (a minute for messages, an hour for browser
 * ids and new users) and a live count of open sockets. `now` is the clock (tests pass their own).
 * A few lines instead of a rate-limiting library because two of the four caps are not rates (open
 * sockets, distinct ids), and the counters must be checked and bumped in one synchronous step.
 */
export function createAddressLimits(limits: WebLimits, now: () => number = Date.now): AddressLimits {
  const table = new Map<string, Entry>();
  const roll = (w: Window, t: number, span: number) => {
    if (t - w.start >= span) {
      w.start = t;
      w.n = 0;
    }
  };
  const entry = (address: string): Entry => {
    let e = table.get(address);
    if (!e) {
      if (table.size >= SWEEP_AT) sweep(now());
      const t = now();
      e = { sockets: 0, messages: { start: t, n: 0 }, users: { start: t, n: 0 }, ids: { start: t, seen: new Set() } };
      table.set(address, e);
    }
    return e;
  };
  const sweep = (t: number) => {
    for (const [a, e] of table) if (e.sockets === 0 && t - e.ids.start >= HOUR && t - e.users.start >= HOUR && t - e.messages.start >= MINUTE) table.delete(a);
  };
  return {
    open(address) {
      const e = entry(address);
      if (e.sockets >= limits.socketsPerAddress) return false;
      e.sockets++;
      return true;
    },
    close(address) {
      const e = table.get(address);
      if (e && e.sockets > 0) e.sockets--;
    },
    message(address) {
      const e = entry(address);
      roll(e.messages, now(), MINUTE);
      if (e.messages.n >= limits.messagesPerMinute) return false;
      e.messages.n++;
      return true;
    },
    admit(address, browserId, known) {
      const e = entry(address);
      const t = now();
      if (t - e.ids.start >= HOUR) e.ids = { start: t, seen: new Set() };
      roll(e.users, t, HOUR);
      if (e.ids.seen.has(browserId)) return "ok";
      if (e.ids.seen.size >= limits.browserIdsPerHour) return "too-many-ids";
      if (!known && e.users.n >= limits.newUsersPerHour) return "too-many-users";
      if (!known) e.users.n++;
      e.ids.seen.add(browserId);
      return "ok";
    },
  };
}

/** An IPv6 address cut to its /64 (what one subscriber usually gets); IPv4 and v4-mapped as they are. */
function addressKey(ip: string): string {
  const v4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)?.[1];
  if (v4) return v4;
  if (isIP(ip) !== 6) return ip;
  const [head = "", tail = ""] = ip.toLowerCase().split("::");
  const h = head ? head.split(":") : [];
  const t = ip.includes("::") ? (tail ? tail.split(":") : []) : [];
  const groups = [...h, ...Array<string>(Math.max(0, 8 - h.length - t.length)).fill("0"), ...t];
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, "")).join(":")}::/64`;
}

/**
 * The address a socket counts against: the socket's peer, or, behind a trusted proxy, the last
 * entry of `trustedHeader` (the one that proxy added; earlier entries are the client's to forge).
 * A header value that is not an IP address falls back to the peer.
 */
export function clientAddress(req: IncomingMessage, trustedHeader?: string): string {
  const peer = req.socket.remoteAddress ?? "unknown";
  if (trustedHeader) {
    const raw = req.headers[trustedHeader];
    const value = (Array.isArray(raw) ? raw[raw.length - 1] : raw)?.split(",").pop()?.trim();
    if (value && isIP(value)) return addressKey(value);
  }
  return addressKey(peer);
}
