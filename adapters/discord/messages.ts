import { GuildFeature, Routes, type Client, type Message } from "discord.js";
import type { Engine, Logger, ScamWatchBook, SupportDesk } from "../../src/index.js";
import { onWatchedMessage } from "./scam-watch.js";
import { createSerializer, failTurn } from "../shared/edge.js";
import { isDmClosed, isMissingAccess } from "./errors.js";
import type { GuildSettings } from "./guild-settings.js";
import { PLATFORM, toMessageEvent, toMessageView } from "./inbound.js";
import { renderAnswer, renderBrief, renderNotice, type DiscordMessage } from "./render.js";
import { toAnswer, type Answer, type Asker } from "./support.js";
import type { StaffDesk } from "./support-staff.js";
import { str } from "./strings.js";

/** What the message handler needs. */
export interface MessageDeps {
  client: Client;
  engine: Engine;
  settings: GuildSettings;
  desk: SupportDesk<Asker>;
  staff: StaffDesk;
  /** The moderators' scam watch settings (adapters/discord/scam-watch.ts). */
  watch: ScamWatchBook;
  logger: Logger;
}

/** A channel message body, optionally replying to a message (without failing if it is gone). */
type ChannelMessageBody = DiscordMessage & { message_reference?: { message_id: string; fail_if_not_exists: boolean } };

/**
 * Creates the `messageCreate` listener. DMs get the full answer. A mention in a server gets a
 * brief public answer with a "Continue privately" button; a mention that holds personal data
 * is deleted where permitted, and the user is told by DM (in the channel if DMs are closed).
 * Messages in a support thread are the support conversation and never reach the engine.
 */
export function createMessageHandler(d: MessageDeps): (m: Message) => Promise<void> {
  const post = (channelId: string, body: ChannelMessageBody) => d.client.rest.post(Routes.channelMessages(channelId), { body });
  const dm = async (userId: string, messages: DiscordMessage[]) => {
    const channel = await d.client.users.createDM(userId);
    for (const body of messages) await post(channel.id, body);
  };

  // One user's messages are answered in order.
  const serial = createSerializer();
  return (m) => serial.run(m.author.id, () => onMessage(m));

  async function onMessage(m: Message): Promise<void> {
    const botId = d.client.user?.id;
    if (!botId) return;
    const view = toMessageView(m, botId);
    const log = d.logger.child({ message: m.id, guild: m.guildId ?? undefined });
    try {
      if (await d.staff.onThreadMessage(m)) return;
      const serverLocale = view.guildId ? await d.settings.locale(view.guildId) : undefined;
      // Only Community servers choose a preferred locale; elsewhere it is always "en-US".
      const community = m.guild?.features.includes(GuildFeature.Community) ? m.guild.preferredLocale : undefined;
      // A watched channel's message is checked first; a warned message is not also answered.
      if (view.guildId && !view.mentionsBot && (await onWatchedMessage(m, { client: d.client, engine: d.engine, book: d.watch, logger: log }, serverLocale ?? community))) return;
      const event = toMessageEvent(view, botId, serverLocale ?? community);
      if (!event) return;
      // With several packs, the server's default pack for members who chose none.
      const serverPack = view.guildId && "packs" in d.engine ? await d.settings.pack(view.guildId) : undefined;
      if (serverPack) event.packHint = serverPack;
      log.debug({ kind: event.kind, chat: event.user.chat }, "discord message");
      const parent = m.channel?.isThread() ? m.channel.parentId : m.channelId;
      const asker: Asker = { guildId: view.guildId, channelId: view.guildId ? parent : null };
      const result = toAnswer(await d.desk.carryOut({ platform: PLATFORM, userId: m.author.id }, await d.engine.handle(event), asker));
      if (!view.guildId) {
        for (const body of renderAnswer(result)) await post(m.channelId, body);
        return;
      }
      const removal = result.actions.find((a) => a.kind === "delete-inbound");
      if (removal) return await removeAndTell(m, result, removal.notice);
      // A handoff answer in public only says where the support thread is.
      const notice = result.notes?.length ? renderAnswer({ locale: result.locale, replies: [], notes: result.notes })[0] : undefined;
      const brief = { ...(notice ?? renderBrief(result.replies, result.locale)), message_reference: { message_id: m.id, fail_if_not_exists: false } };
      try {
        await post(m.channelId, brief);
      } catch (err) {
        if (!isMissingAccess(err)) throw err;
        log.warn("cannot post in this channel; answering by DM");
        await dm(m.author.id, renderAnswer(result));
      }
    } catch (err) {
      if (isDmClosed(err)) return log.warn("user does not accept DMs");
      const dmChannel = !view.guildId ? m.channelId : undefined;
      await failTurn(err, {
        logger: log,
        pack: d.engine.pack,
        ids: { message: m.id },
        kind: "message",
        msg: "discord message failed",
        apologize: (text) => post(dmChannel ?? m.channelId, { ...renderNotice(text), ...(dmChannel ? {} : { message_reference: { message_id: m.id, fail_if_not_exists: false } }) }),
      });
    }
  }

  /** The engine's `delete-inbound` action: delete the message where permitted, tell the user why by DM, else in the channel. */
  async function removeAndTell(m: Message, result: Answer, notice: string): Promise<void> {
    let deleted = false;
    try {
      await d.client.rest.delete(Routes.channelMessage(m.channelId, m.id));
      deleted = true;
    } catch (err) {
      if (!isMissingAccess(err)) throw err;
      d.logger.warn({ message: m.id }, "cannot delete a message holding personal data (Manage Messages missing)");
    }
    try {
      await dm(m.author.id, renderAnswer({ ...result, replies: [{ kind: "text", text: notice }, ...result.replies] }));
    } catch (err) {
      if (!isDmClosed(err)) throw err;
      if (deleted) return void (await post(m.channelId, renderNotice(str("deletedPublic", result.locale))));
      await post(m.channelId, { ...renderNotice(notice), message_reference: { message_id: m.id, fail_if_not_exists: false } });
    }
  }
}
