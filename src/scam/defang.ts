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
