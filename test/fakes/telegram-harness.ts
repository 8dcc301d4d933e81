import { Writable } from "node:stream";
import type { InlineKeyboardButton, InlineKeyboardMarkup } from "grammy/types";
import { createLogger, type Logger } from "../../src/index.js";
import type { ApiCall, TelegramEmulator } from "./telegram-emulator.js";

/** A JSON log line. */
export type LogRecord = Record<string, unknown> & { msg?: string; level?: number };

/** A debug logger whose records tests can read (the adapter logs one line per update it finishes). */
export function createLogTap(): { logger: Logger; records: LogRecord[] } {
  const records: LogRecord[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const line of chunk.toString("utf8").split("\n")) if (line.trim()) records.push(JSON.parse(line) as LogRecord);
      cb();
    },
  });
  return { logger: createLogger("debug", sink), records };
}

/** Polls until `fn` returns something truthy. */
export async function until<T>(fn: () => T | undefined | false, what: string, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const FINISHED = new Set(["telegram: update handled", "telegram: update ignored", "telegram: update failed"]);

/** What one scripted update made the bot do (getUpdates left out). */
export interface Turn {
  record: LogRecord;
  calls: ApiCall[];
  sent: ApiCall[];
  edits: ApiCall[];
  answers: ApiCall[];
}

/**
 * Sends one update and waits until the bot has finished it (its log line with the update id),
 * returning the API calls it made meanwhile.
 */
export async function turn(emu: TelegramEmulator, records: LogRecord[], send: () => Promise<number>): Promise<Turn> {
  const from = emu.calls.length;
  const id = await send();
  const record = await until(() => records.find((r) => r.update_id === id && FINISHED.has(r.msg ?? "")), `update ${id}`);
  const calls = emu.calls.slice(from).filter((c) => c.method !== "getUpdates");
  return {
    record,
    calls,
    sent: calls.filter((c) => c.method === "sendMessage"),
    edits: calls.filter((c) => c.method === "editMessageText"),
    answers: calls.filter((c) => c.method === "answerCallbackQuery"),
  };
}

/** The buttons of a call's inline keyboard. */
export const keyboardOf = (c: ApiCall | undefined): InlineKeyboardButton[] =>
  ((c?.params.reply_markup as InlineKeyboardMarkup | undefined)?.inline_keyboard ?? []).flat();

/** The callback data of a call's buttons. */
export const choiceIds = (c: ApiCall | undefined): string[] =>
  keyboardOf(c).flatMap((b) => ("callback_data" in b ? [b.callback_data] : []));

/** The message id Telegram gave a sent message. */
export const messageIdOf = (c: ApiCall | undefined): number => {
  const id = (c?.response?.result as { message_id?: number } | undefined)?.message_id;
  if (typeof id !== "number") throw new Error("no message id in the response");
  return id;
};

/** The text of a call. */
export const textOf = (c: ApiCall | undefined): string => String(c?.params.text ?? "");
