/**
 * Markup that content must not contain: every channel renders content through its own escaping
 * renderer, and a mention or tag that slipped through would ping a whole server or change how a
 * message looks. Content uses only `**bold**`, bullets and links in `links:` (see FORMAT.md).
 */
const RULES: readonly { re: RegExp; message: (match: string) => string }[] = [
  { re: /@(?:everyone|here)\b/i, message: (m) => `mass mention '${m}' in text` },
  { re: /<[@#!]/, message: (m) => `platform mention syntax '${m}' in text` },
  { re: /<script\b/i, message: () => "'<script' in text" },
  { re: /<\/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?\/?>/, message: (m) => `HTML tag '${m}' in text; use **bold** for emphasis` },
  { re: /!?\[[^\]\n]*\]\([^)\n]*\)/, message: (m) => `Markdown link '${m}' in text; put links in 'links:'` },
];

/**
 * Returns one message per kind of forbidden markup found in a content text.
 *
 * @example findUnsafeMarkup("Hi @everyone, see <b>this</b>") // ["mass mention '@everyone' in text", "HTML tag '<b>' in text; …"]
 */
export function findUnsafeMarkup(text: string): string[] {
  return RULES.flatMap(({ re, message }) => {
    const m = re.exec(text);
    return m ? [message(m[0].length > 40 ? `${m[0].slice(0, 40)}…` : m[0])] : [];
  });
}
