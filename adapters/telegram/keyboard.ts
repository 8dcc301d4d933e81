import type { InlineKeyboardButton } from "grammy/types";
import type { Choice, LinkOut } from "../../src/index.js";

/** Telegram's limit for `callback_data`, in bytes. */
export const MAX_CALLBACK_DATA_BYTES = 64;
/** Labels up to this display width (wide characters count twice) may share a row with another. */
export const PAIR_LABEL_WIDTH = 16;
/** Deep-link start parameters: 1-64 characters of A-Z a-z 0-9 _ - (Telegram's rule). */
const START_PARAM = /^[A-Za-z0-9_-]{1,64}$/;

/** Display width of a label: East Asian wide and full-width characters count as two columns. */
export function labelWidth(label: string): number {
  let w = 0;
  for (const ch of label) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch) ? 2 : 1;
  return w;
}

/**
 * A callback button for a choice. Throws when the id does not fit Telegram's 64 bytes of
 * callback data: the engine promises that it does, so a longer id is a bug to surface, not hide.
 */
export function choiceButton(c: Choice): InlineKeyboardButton.CallbackButton {
  const bytes = Buffer.byteLength(c.id, "utf8");
  if (bytes === 0 || bytes > MAX_CALLBACK_DATA_BYTES) {
    throw new Error(`choice id '${c.id}' is ${bytes} bytes; Telegram callback data must be 1-${MAX_CALLBACK_DATA_BYTES} bytes`);
  }
  return { text: c.label, callback_data: c.id };
}

/** Lays buttons out two to a row when both labels are short, else one to a row. */
export function layoutRows<B extends InlineKeyboardButton>(buttons: readonly B[]): B[][] {
  const rows: B[][] = [];
  for (let i = 0; i < buttons.length; i++) {
    const a = buttons[i] as B;
    const b = buttons[i + 1];
    if (b && labelWidth(a.text) <= PAIR_LABEL_WIDTH && labelWidth(b.text) <= PAIR_LABEL_WIDTH) {
      rows.push([a, b]);
      i++;
    } else rows.push([a]);
  }
  return rows;
}

/** True for links Telegram accepts on a URL button. */
export const isButtonUrl = (url: string): boolean => /^https?:\/\/[^\s]+$/i.test(url);

/** URL buttons, one per row (link labels tend to be long). */
export const linkRows = (links: readonly LinkOut[]): InlineKeyboardButton.UrlButton[][] =>
  links.filter((k) => isButtonUrl(k.url)).map((k) => [{ text: k.label, url: k.url }]);

/**
 * The `t.me` deep link that opens a private chat with the bot and sends `/start <payload>`.
 * A payload Telegram would refuse is left out (the chat still opens).
 */
export function deepLink(botUsername: string, payload: string): string {
  const base = `https://t.me/${encodeURIComponent(botUsername)}`;
  return START_PARAM.test(payload) ? `${base}?start=${payload}` : base;
}
