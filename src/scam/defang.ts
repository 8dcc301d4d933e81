/**
 * Makes a link from a checked message unclickable when it is quoted back: `acme-bosang.kr` →
 * `acme-bosang[.]kr`, `https://` → `hxxps://`. Telegram, Discord and the web would otherwise
 * turn the scam's own domain into a link in the bot's answer.
 *
 * @example defang("https://acme-bosang.kr/claim") // "hxxps://acme-bosang[.]kr/claim"
 */
export function defang(text: string): string {
  return text.replace(/\bhttp(s?):\/\//gi, "hxxp$1://").replace(/(?<=[\p{L}\p{N}])\.(?=\p{L})/gu, "[.]");
}

/** A hostname-like chain whose dots are written out of the way: `x[.]com`, `x (dot) com`, `x . com`, `x .com`. */
const HIDDEN_DOT = /(?<![\p{L}\p{N}.-])([a-z0-9][a-z0-9-]*)((?:(?:\s*[[({]\s*(?:\.|dot)\s*[\])}]\s*|\s+\.\s*|\s*\.(?=[a-z0-9]))[a-z0-9][a-z0-9-]*)+)(?![\p{L}\p{N}-])/giu;
const SEPARATOR = /\s*[[({]\s*(?:\.|dot)\s*[\])}]\s*|\s+\.\s*|\s*\.(?=[a-z0-9])/giu;

/**
 * Undoes the tricks a scam uses to keep its link from being recognised (and that a careful user
 * uses when quoting one): `hxxps://` → `https://`, `x[.]com`, `x(dot)com`, `x . com` → `x.com`. A
 * chain is joined only when its last part is a top-level domain in `tlds` and at least one dot
 * was hidden, so "3 . 5" and "home. It" in a sentence stay as written.
 *
 * @example refang("hxxps://acme-bosang[.]kr", tlds) // "https://acme-bosang.kr"
 */
export function refang(text: string, tlds: ReadonlySet<string>): string {
  const schemes = text.replace(/\bh(?:xx|\*\*|tt)p(s?)(?:\[:\]|:)\/\//gi, "http$1://");
  return schemes.replace(HIDDEN_DOT, (whole: string, head: string, tail: string) => {
    if (!/\s\.|[[({]/.test(tail)) return whole;
    const parts = [head, ...tail.split(SEPARATOR).filter((p) => p.length > 0)];
    const last = parts.at(-1) ?? "";
    // "x . Com" at a sentence's end is prose; a hidden dot before a lower-case TLD is a domain.
    const domain = parts.length >= 2 && tlds.has(last) && (last === last.toLowerCase() || /[[({]/.test(tail));
    const ip = parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p));
    return domain || ip ? parts.join(".") : whole;
  });
}
