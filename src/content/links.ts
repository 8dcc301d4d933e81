/**
 * True when `url` is https and its host is on the allowlist (exactly or as a subdomain).
 *
 * @example isAllowedLink("https://www.msafer.or.kr/", ["msafer.or.kr"]) // true
 */
export function isAllowedLink(url: string, allow: readonly string[]): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol !== "https:" || u.username || u.password) return false;
  const host = u.hostname.toLowerCase();
  return allow.some((a) => {
    const h = a.toLowerCase().replace(/^https?:\/\//, "").replace(/\/.*$/, "");
    return host === h || host.endsWith(`.${h}`);
  });
}

/** Finds URLs written inside a text (they belong in `links:` instead). */
export function findUrls(text: string): string[] {
  return text.match(/\b(?:https?:\/\/|www\.)[^\s)]+/gi) ?? [];
}
