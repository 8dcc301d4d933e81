import type { Context } from "grammy";
import { toPackLocale, watchText, type Engine, type Logger, type ScamWatchBook } from "../../src/index.js";
import { isGroupChat } from "./inbound.js";

/** The group command that turns the watch on or off: `/scamwatch on [remove] [mods chat id]`, `/scamwatch off`. */
export const SCAM_WATCH_COMMAND = "scamwatch";
const PLATFORM = "telegram";

/** What the watch needs on Telegram. */
export interface TelegramWatchDeps {
  engine: Engine;
  book: ScamWatchBook;
  logger: Logger;
}

const ADMIN = new Set(["creator", "administrator"]);

const localeOf = (ctx: Context, engine: Engine) => toPackLocale(engine.pack, ctx.from?.language_code) ?? engine.pack.meta.defaultLocale;

/** `/scamwatch` in a group (or `/scamwatch@bot`), with its arguments; undefined for any other message. */
function watchCommand(ctx: Context): string[] | undefined {
  const m = ctx.message;
  const e = m?.entities?.find((x) => x.type === "bot_command" && x.offset === 0);
  if (!m?.text || !e) return undefined;
  const [name = "", at] = m.text.slice(1, e.length).split("@");
  if (name.toLowerCase() !== SCAM_WATCH_COMMAND || (at && at.toLowerCase() !== ctx.me.username.toLowerCase())) return undefined;
  return m.text.slice(e.length).trim().split(/\s+/).filter(Boolean);
}

/**
 * Handles the watch in a group where the bot is an administrator: `/scamwatch` from a group
 * administrator changes the setting; any other text is checked by the core's rule
 * (`watchMessage`), and a scam gets a plain-text warning reply (no mention, so no one is
 * pinged), the details go to the moderators' chat, and the message is deleted only when removal
 * is on. Returns whether it handled the update (the caller then does nothing else).
 */
export async function onGroupWatch(ctx: Context, d: TelegramWatchDeps): Promise<boolean> {
  const m = ctx.message;
  const chat = ctx.chat;
  if (!m || !chat || !isGroupChat(chat) || !ctx.from || ctx.from.is_bot) return false;
  const args = watchCommand(ctx);
  if (args) {
    await setWatch(ctx, args, d);
    return true;
  }
  const text = m.text ?? m.caption;
  if (!text || text.startsWith("/")) return false;
  const settings = await d.book.get(PLATFORM, String(chat.id));
  if (!settings) return false;
  const locale = settings.locale ?? localeOf(ctx, d.engine);
  const alert = await d.engine.watch({ platform: PLATFORM, place: String(chat.id), text, locale, settings });
  if (!alert) return false;
  await ctx.api.sendMessage(chat.id, alert.warning, { reply_parameters: { message_id: m.message_id, allow_sending_without_reply: true } });
  if (alert.details && alert.modChannel) {
    const where = "title" in chat && chat.title ? chat.title : String(chat.id);
    // The author by name and id, never a mention: the moderators' chat pings no one either.
    const details = alert.details.replace("{author}", `${ctx.from.first_name} (id ${ctx.from.id})`).replace("{where}", where);
    await ctx.api.sendMessage(Number(alert.modChannel), details);
  }
  if (alert.remove) {
    await ctx.api.deleteMessage(chat.id, m.message_id).catch((err: unknown) => d.logger.warn({ err: String(err) }, "scam watch: cannot delete the message"));
  }
  d.logger.debug({ update_id: ctx.update.update_id, watch: "warned", removed: alert.remove }, "telegram: update handled");
  return true;
}

async function setWatch(ctx: Context, args: string[], d: TelegramWatchDeps): Promise<void> {
  const chat = ctx.chat!;
  const locale = localeOf(ctx, d.engine);
  const pack = d.engine.pack;
  const reply = (text: string) => ctx.api.sendMessage(chat.id, text, { reply_parameters: { message_id: ctx.message!.message_id, allow_sending_without_reply: true } });
  const [sender, me] = await Promise.all([ctx.api.getChatMember(chat.id, ctx.from!.id), ctx.api.getChatMember(chat.id, ctx.me.id)]);
  if (!ADMIN.has(sender.status) || !ADMIN.has(me.status)) {
    await reply(watchText(pack, "scamWatchNeedsAdmin", locale));
  } else if (args[0]?.toLowerCase() === "off") {
    await d.book.set(PLATFORM, String(chat.id), undefined);
    await reply(watchText(pack, "scamWatchOff", locale));
  } else {
    const remove = args.some((a) => a.toLowerCase() === "remove");
    const modChannel = args.find((a) => /^-?\d+$/.test(a));
    await d.book.set(PLATFORM, String(chat.id), { channels: [String(chat.id)], ...(modChannel ? { modChannel } : {}), remove, locale });
    const where = "title" in chat && chat.title ? chat.title : String(chat.id);
    const mods = modChannel ?? watchText(pack, "scamWatchNoMods", locale);
    const on = watchText(pack, "scamWatchOn", locale, { channels: where, mods });
    await reply(`${on}\n${watchText(pack, remove ? "scamWatchRemoveOn" : "scamWatchRemoveOff", locale)}`);
  }
  d.logger.debug({ update_id: ctx.update.update_id, watch: "setting" }, "telegram: update handled");
}
