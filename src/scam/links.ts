import { createRequire } from "node:module";
import { LinkifyIt } from "linkify-it";
import { domainToUnicode } from "node:url";

/** The full IANA TLD list (`tlds` ships it as JSON), so `acme-refund.kr` and `x.help` are links. */
const TLDS = createRequire(import.meta.url)("tlds") as string[];
/** The same list as a set, for joining a domain whose dots were hidden (see `refang`). */
export const KNOWN_TLDS: ReadonlySet<string> = new Set(TLDS);

const linkify = new LinkifyIt({ fuzzyLink: true, fuzzyEmail: true, fuzzyIP: true, urlAuth: true }).tlds(TLDS);

/** `host.tld:port/path` written without a scheme (group 1: the TLD). */
const PORTED_HOST = /(?<![\w@/.:-])(?:[a-z0-9-]+\.)+([a-z][a-z0-9-]+):\d{2,5}(?:\/[^\s]*)?/giu;

/** A link or e-mail address found in a message. */
export interface FoundLink {
  /** Exactly as written (after cleaning), e.g. `acme-refund.kr/apply`. */
  raw: string;
  /** Where it is in the spaced text (see {@link spaceScripts}). */
  start: number;
  end: number;
  /** An e-mail address: only `host` is meaningful. */
  email: boolean;
  /** Host in ASCII (punycode) form, lower case. */
  host: string;
  /** Host as the user sees it (Unicode). */
  unicodeHost: string;
  /** Written with a scheme (`https://…`). */
  scheme: boolean;
  username: string;
  port: string;
  /** Path, query and fragment. */
  rest: string;
}

/**
 * Puts a space where Hangul touches a Latin letter or digit, so a domain glued to Korean text is
 * found on its own: `확인acme-delivery.com/addr에서` → `확인 acme-delivery.com/addr 에서`.
 * Hangul domains (`택배.kr`) stay whole: a dot is not a letter.
 */
export function spaceScripts(text: string): string {
  return text.replace(/(\p{Script=Hangul})(?=[A-Za-z0-9])|([A-Za-z0-9])(?=\p{Script=Hangul})/gu, "$1$2 ");
}

/**
 * Finds links (with or without a scheme, IP hosts, `user@host` tricks) and e-mail addresses in a
 * text already passed through {@link spaceScripts}. Nothing is fetched.
 *
 * @example extractLinks("신청 acme-refund.kr/apply")[0].host // "acme-refund.kr"
 */
export function extractLinks(spaced: string): FoundLink[] {
  const out: FoundLink[] = [];
  const found = (linkify.match(spaced) ?? []).map((m) => ({ raw: m.raw, index: m.index, lastIndex: m.lastIndex, url: m.url, schema: m.schema }));
  // Forms linkify-it does not read as a link: `host.tld:8080/pay` without a scheme.
  for (const m of spaced.matchAll(PORTED_HOST)) {
    const end = (m.index ?? 0) + m[0].length;
    if (KNOWN_TLDS.has((m[1] ?? "").toLowerCase()) && !found.some((f) => f.index < end && (m.index ?? 0) < f.lastIndex)) found.push({ raw: m[0], index: m.index ?? 0, lastIndex: end, url: `http://${m[0]}`, schema: "" });
  }
  for (const m of found) {
    let email = m.schema === "mailto:" || (!m.schema && m.raw.includes("@") && !m.raw.includes("/"));
    // `acme.com@evil.cc/kr`: a path right after an "address" makes it a link whose user part shows a domain.
    const path = email && !/^mailto:/i.test(m.raw) ? /^\/[^\s]*/.exec(spaced.slice(m.lastIndex))?.[0] : undefined;
    if (path) {
      email = false;
      m.raw += path;
      m.lastIndex += path.length;
      m.url = `http://${m.raw}`;
      m.schema = "";
    }
    let url: URL;
    try {
      url = new URL(email ? `http://${m.raw.replace(/^mailto:/i, "").split("@").pop() ?? ""}` : m.url);
    } catch {
      // linkify-it found something the URL parser refuses (e.g. a bad IDN): not a usable link.
      continue;
    }
    const host = url.hostname.replace(/\.$/, "").toLowerCase();
    if (!host) continue;
    const unicodeHost = domainToUnicode(host) || host;
    out.push({
      raw: m.raw,
      start: m.index,
      end: m.lastIndex,
      email,
      host,
      unicodeHost,
      scheme: m.schema !== "",
      username: email ? "" : decodeURIComponent(url.username),
      port: url.port,
      rest: email ? "" : `${url.pathname === "/" ? "" : url.pathname}${url.search}${url.hash}`,
    });
  }
  return out.sort((a, b) => a.start - b.start);
}
