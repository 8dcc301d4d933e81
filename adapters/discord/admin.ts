import {
  MessageFlags,
  PermissionFlagsBits,
  Routes,
  type ChatInputCommandInteraction,
  type Client,
  type PermissionsBitField,
} from "discord.js";
import { pick, toPackLocale, ui, type ContentPack } from "../../src/index.js";
import { isMissingAccess } from "./errors.js";
import type { GuildSettings } from "./guild-settings.js";
import { renderPanel } from "./render.js";
import { ephemeral, notice } from "./reply.js";
import { str, type StringKey } from "./strings.js";

/** What the moderator tools need. */
export interface AdminDeps {
  client: Client;
  pack: ContentPack;
  /** Every pack the engine serves (one, or several: src/engine/pack-set.ts). */
  packs: readonly ContentPack[];
  settings: GuildSettings;
}

const PERMISSION_NAMES = {
  ViewChannel: { en: "View Channel", ko: "채널 보기" },
  SendMessages: { en: "Send Messages", ko: "메시지 보내기" },
  SendMessagesInThreads: { en: "Send Messages in Threads", ko: "스레드에서 메시지 보내기" },
  CreatePrivateThreads: { en: "Create Private Threads", ko: "비공개 스레드 만들기" },
} as const;
/** A channel permission the bot may need, by discord.js flag name. */
export type ChannelPermission = keyof typeof PERMISSION_NAMES;


/** Why a member may not use the moderator tools here, or undefined when they may. */
export function moderatorRefusal(i: Pick<ChatInputCommandInteraction, "guildId" | "memberPermissions">): StringKey | undefined {
  if (!i.guildId) return "guildOnly";
  return i.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ? undefined : "needManageGuild";
}

/** The channel permissions the bot lacks to post a message here. */
export function missingToPost(app: Readonly<PermissionsBitField> | null, inThread: boolean): ChannelPermission[] {
  return missingOf(app, ["ViewChannel", inThread ? "SendMessagesInThreads" : "SendMessages"]);
}

/** The permissions of `needed` that `app` lacks. */
export const missingOf = (app: Readonly<PermissionsBitField> | null, needed: readonly ChannelPermission[]): ChannelPermission[] =>
  needed.filter((p) => !app?.has(PermissionFlagsBits[p]));

/** Permission names as Discord shows them in `locale`, comma-separated. */
export const permissionNames = (list: readonly ChannelPermission[], locale: string) =>
  list.map((p) => (PERMISSION_NAMES[p] as Record<string, string>)[locale] ?? PERMISSION_NAMES[p].en).join(", ");

/**
 * `/leak-admin panel`: posts the persistent help panel in this channel. Refuses members without
 * Manage Server, and explains which permission the bot lacks instead of failing.
 */
export async function postPanel(i: ChatInputCommandInteraction, d: AdminDeps, locale: string): Promise<void> {
  const refusal = moderatorRefusal(i);
  if (refusal) {
    await i.reply(ephemeral(str(refusal, locale)));
    return;
  }
  const inThread = i.channel?.isThread() ?? false;
  const missing = missingToPost(i.appPermissions, inThread);
  if (missing.length) {
    await i.reply(ephemeral(str("cannotPost", locale, { missing: permissionNames(missing, locale) })));
    return;
  }
  await i.deferReply({ flags: MessageFlags.Ephemeral });
  const chosen = i.guildId ? await d.settings.locale(i.guildId) : undefined;
  const panelLocale = toPackLocale(d.pack, chosen) ?? toPackLocale(d.pack, i.locale) ?? d.pack.meta.defaultLocale;
  try {
    await d.client.rest.post(Routes.channelMessages(i.channelId), { body: renderPanel(d.pack, panelLocale) });
  } catch (err) {
    if (!isMissingAccess(err)) throw err;
    const all: ChannelPermission[] = ["ViewChannel", inThread ? "SendMessagesInThreads" : "SendMessages"];
    await i.editReply(notice(str("cannotPost", locale, { missing: permissionNames(all, locale) })));
    return;
  }
  await i.editReply(notice(str("panelPosted", locale)));
}

/** `/leak-admin pack`: with several packs, sets the incident members of this server get who chose none. */
export async function setServerPack(i: ChatInputCommandInteraction, want: string, d: AdminDeps, locale: string): Promise<void> {
  const refusal = moderatorRefusal(i);
  if (refusal || !i.guildId) {
    await i.reply(ephemeral(str(refusal ?? "guildOnly", locale)));
    return;
  }
  const pack = d.packs.find((p) => p.meta.id === want);
  if (!pack) {
    await i.reply(ephemeral(str("unknownPack", locale, { packs: d.packs.map((p) => p.meta.id).join(", ") })));
    return;
  }
  await d.settings.setPack(i.guildId, want);
  await i.reply(ephemeral(str("packSet", locale, { incident: pick(pack, pack.meta.incident, locale) })));
}

/** `/leak-admin language`: sets the server's default answer language. */
export async function setServerLanguage(i: ChatInputCommandInteraction, want: string, d: AdminDeps, locale: string): Promise<void> {
  const refusal = moderatorRefusal(i);
  if (refusal || !i.guildId) {
    await i.reply(ephemeral(str(refusal ?? "guildOnly", locale)));
    return;
  }
  if (!d.pack.meta.locales.includes(want)) {
    const languages = d.pack.meta.locales.map((l) => ui(d.pack, "languageName", l)).join(", ");
    await i.reply(ephemeral(str("unknownLanguage", locale, { languages })));
    return;
  }
  await d.settings.setLocale(i.guildId, want);
  await i.reply(ephemeral(str("languageSet", want, { language: ui(d.pack, "languageName", want) })));
}
