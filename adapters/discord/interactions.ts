import {
  MessageFlags,
  Routes,
  type APIMessage,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Client,
  type Interaction,
  type MessageContextMenuCommandInteraction,
  type StringSelectMenuInteraction,
} from "discord.js";
import { serializeError, toPackLocale, type ScamWatchBook, type Engine, type EngineResult, type Logger, type PackSetEngine, type Store, type SupportDesk, type UserRef } from "../../src/index.js";
import { createSerializer, failTurn } from "../shared/edge.js";
import { postPanel, setServerLanguage, setServerPack, type AdminDeps } from "./admin.js";
import { isExpiredInteraction } from "./errors.js";
import type { GuildSettings } from "./guild-settings.js";
import { stripMention, toInteractionAction, toInteractionView, type InteractionView } from "./inbound.js";
import { renderAnswer, renderNotice, replacesMenu, type DiscordMessage } from "./render.js";
import { ephemeral, notice } from "./reply.js";
import { setScamWatch } from "./scam-watch.js";
import { setUpdatesChannel } from "./updates-channel.js";
import { postStats } from "./stats.js";
import { PLATFORM } from "./inbound.js";
import { toAnswer, type Answer, type Asker } from "./support.js";
import type { StaffDesk } from "./support-staff.js";

type Handled = ChatInputCommandInteraction | ButtonInteraction | StringSelectMenuInteraction | MessageContextMenuCommandInteraction;

/** What the interaction handler needs. */
export interface InteractionDeps {
  client: Client;
  engine: Engine;
  settings: GuildSettings;
  store: Store;
  desk: SupportDesk<Asker>;
  staff: StaffDesk;
  /** The support role, whose server alone sees unanswered questions in `/leak-admin stats`. */
  supportRoleId?: string;
  /** The moderators' scam watch settings (`/leak-admin scam-watch`). */
  watch: ScamWatchBook;
  logger: Logger;
  /**
   * How long to wait for the engine before acknowledging with a deferred reply. Discord drops
   * interactions not acknowledged within 3 seconds; the default leaves room for the network.
   */
  ackBudgetMs: number;
}

const options = (m: DiscordMessage) => ({ content: m.content, components: m.components, allowedMentions: m.allowed_mentions });

/** Resolves to the value if `p` settles within `ms`, else to undefined (`p` keeps running). */
async function within<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => (timer = setTimeout(resolve, ms, undefined)));
  try {
    return await Promise.race([p, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Sends an engine result as the interaction's response. In servers the answer is ephemeral;
 * a button that asked to replace its menu updates the message it sits on (type 7) when that
 * message is private (ephemeral or a DM), never a public one. Slow answers are deferred first.
 */
async function respond(i: Handled, v: InteractionView, pending: Promise<Answer>, budgetMs: number): Promise<void> {
  const flags: MessageFlags.Ephemeral | undefined = v.guildId ? MessageFlags.Ephemeral : undefined;
  const withFlags = (m: DiscordMessage) => ({ ...options(m), ...(flags ? { flags } : {}) });
  const early = await within(pending, budgetMs);
  if (!early) {
    await i.deferReply(flags ? { flags } : {});
    const result = await pending;
    const [first, ...rest] = renderOrNotice(result);
    if (first) await i.editReply(options(first));
    for (const m of rest) await i.followUp(withFlags(m));
    return;
  }
  const [first, ...rest] = renderOrNotice(early);
  if (!first) return;
  const editable = v.type === "component" && (v.messageEphemeral || v.guildId === null);
  if (editable && replacesMenu(early.replies) && (i.isButton() || i.isStringSelectMenu())) await i.update(options(first));
  else await i.reply(withFlags(first));
  for (const m of rest) await i.followUp(withFlags(m));
}

/** Every interaction must be answered; a batch with nothing visible gets a short notice. */
function renderOrNotice(answer: Answer): DiscordMessage[] {
  const out = renderAnswer(answer);
  return out.length ? out : [renderNotice("✓")];
}

/** Who asked and where, for the support desk (a thread's parent is where a support thread opens). */
function askerOf(i: Handled): Asker {
  const channel = i.channel;
  const channelId = channel?.isThread() ? channel.parentId : i.channelId;
  return { guildId: i.guildId, channelId: channelId ?? null, ...(i.guildId ? { appPermissions: i.appPermissions } : {}) };
}

/** The question a "Continue privately" button answers: the message its public answer replied to. */
async function originalQuestion(i: ButtonInteraction | StringSelectMenuInteraction, client: Client): Promise<string | undefined> {
  const ref = i.message.reference;
  if (!ref?.messageId || !client.user) return undefined;
  try {
    const m = (await client.rest.get(Routes.channelMessage(ref.channelId, ref.messageId))) as APIMessage;
    return stripMention(m.content, client.user.id) || undefined;
  } catch {
    // Deleted, or no longer visible to the bot: the user gets the menu instead.
    return undefined;
  }
}

/**
 * Creates the `interactionCreate` listener: slash commands, buttons and select menus. Every
 * failure is caught here, logged with the interaction's ids, and reported to the user privately.
 */
export function createInteractionHandler(d: InteractionDeps): (i: Interaction) => Promise<void> {
  const packs = "packs" in d.engine ? (d.engine as PackSetEngine).packs : [d.engine.pack];
  const admin: AdminDeps = { client: d.client, pack: d.engine.pack, packs, settings: d.settings };
  // One user's turns run in order (their acknowledgement does not wait: `respond` defers).
  const serial = createSerializer();
  return async (interaction) => {
    if (!interaction.isChatInputCommand() && !interaction.isButton() && !interaction.isStringSelectMenu() && !interaction.isMessageContextMenuCommand()) return;
    const i: Handled = interaction;
    const uiLocale = toPackLocale(d.engine.pack, i.locale) ?? d.engine.pack.meta.defaultLocale;
    const log = d.logger.child({ interaction: i.id, guild: i.guildId ?? undefined });
    try {
      const view = toInteractionView(i);
      const serverLocale = view.guildId ? await d.settings.locale(view.guildId) : undefined;
      const action = toInteractionAction(view, serverLocale ?? view.locale);
      // With several packs, the server's default pack for members who chose none.
      const serverPack = view.guildId && packs.length > 1 ? await d.settings.pack(view.guildId) : undefined;
      if (serverPack && action.kind === "event") action.event.packHint = serverPack;
      log.debug({ type: view.type, action: action.kind }, "discord interaction");
      const user = { platform: PLATFORM, userId: i.user.id };
      const turn = (work: () => Promise<EngineResult>) =>
        serial.run(i.user.id, async () => toAnswer(await d.desk.carryOut(user, await work(), askerOf(i))));
      switch (action.kind) {
        case "event":
          return await respond(i, view, turn(() => d.engine.handle(action.event)), d.ackBudgetMs);
        case "more":
          return await respond(i, view, turn(() => continuePrivately(i, action.user, serverLocale ?? view.locale)), d.ackBudgetMs);
        case "panel":
          if (i.isChatInputCommand()) await postPanel(i, admin, uiLocale);
          return;
        case "set-language":
          if (i.isChatInputCommand()) await setServerLanguage(i, action.locale, admin, uiLocale);
          return;
        case "set-pack":
          if (i.isChatInputCommand()) await setServerPack(i, action.pack, admin, uiLocale);
          return;
        case "stats": {
          if (!i.isChatInputCommand()) return;
          const home = !!d.supportRoleId && (i.guild?.roles.cache.has(d.supportRoleId) ?? false);
          return await postStats(i, d.store, { since: action.since, scope: action.scope, home }, uiLocale);
        }
        case "close-ticket":
          if (i.isChatInputCommand() || i.isButton()) await d.staff.close(i, action.ticket, uiLocale);
          return;
        case "scam-watch":
          if (i.isChatInputCommand()) await setScamWatch(i, action, { client: d.client, engine: d.engine, book: d.watch, logger: log }, uiLocale);
          return;
        case "updates-channel":
          if (i.isChatInputCommand()) await setUpdatesChannel(i, action, { pack: d.engine.pack, settings: d.settings }, uiLocale);
          return;
        default: {
          const never: never = action;
          throw new Error(`unhandled action ${JSON.stringify(never)}`);
        }
      }
    } catch (err) {
      if (isExpiredInteraction(err)) return log.warn({ err: serializeError(err) }, "discord interaction expired before it was answered");
      await failTurn(err, { logger: log, pack: d.engine.pack, ids: { interaction: i.id }, kind: i.type.toString(), localeHint: i.locale, msg: "discord interaction failed", apologize: (text) => tellFailure(i, text) });
    }
  };

  async function continuePrivately(i: Handled, user: UserRef, localeHint: string): Promise<EngineResult> {
    const text = i.isButton() || i.isStringSelectMenu() ? await originalQuestion(i, d.client) : undefined;
    return d.engine.handle(text ? { kind: "text", text, user, localeHint } : { kind: "start", user, localeHint });
  }
}

async function tellFailure(i: Handled, text: string): Promise<void> {
  if (i.deferred && !i.replied) await i.editReply(notice(text));
  else if (i.replied || i.deferred) await i.followUp(ephemeral(text));
  else await i.reply(ephemeral(text));
}
