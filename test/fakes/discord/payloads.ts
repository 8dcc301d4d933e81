import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ChannelType,
  ComponentType,
  GuildDefaultMessageNotifications,
  GuildExplicitContentFilter,
  GuildMFALevel,
  GuildNSFWLevel,
  GuildPremiumTier,
  GuildSystemChannelFlags,
  GuildVerificationLevel,
  InteractionContextType,
  InteractionType,
  Locale,
  MessageType,
  type APIChatInputApplicationCommandInteraction,
  type ChannelFlags,
  type GuildMemberFlags,
  type MessageFlags,
  type RoleFlags,
  type APIGuildMember,
  type APIInteractionGuildMember,
  type APIMessage,
  type APIMessageApplicationCommandInteraction,
  type APIMessageComponentInteraction,
  type APIThreadChannel,
  type APIUser,
  type GatewayGuildCreateDispatchData,
} from "discord-api-types/v10";

/** Discord's epoch; ids encode their creation time like real snowflakes. */
const EPOCH = 1420070400000n;
let counter = 0n;

/** A fresh snowflake id. */
export const snowflake = (): string => String(((BigInt(Date.now()) - EPOCH) << 22n) + (counter++ % 4096n));

/** The shard that receives a server's events: `(guild_id >> 22) % count`, as Discord routes them. */
export const shardOf = (guildId: string, count: number): number => Number((BigInt(guildId) >> 22n) % BigInt(count));

/** A fresh snowflake id for a server that falls on `shard` of `count` (its timestamp moved by less than `count` ms). */
export function snowflakeOnShard(shard: number, count: number): string {
  const ms = BigInt(Date.now()) - EPOCH;
  const n = BigInt(count);
  return String(((ms - (ms % n) + BigInt(shard)) << 22n) + (counter++ % 4096n));
}

/** A user object. */
export const user = (id: string, username: string, bot = false): APIUser => ({
  id,
  username,
  discriminator: "0",
  global_name: username,
  avatar: null,
  ...(bot ? { bot: true } : {}),
});

/** The server the fake bot is in: one text channel, the bot as a member, and a support role. */
export interface FakeGuild {
  id: string;
  name: string;
  channelId: string;
  /** A mentionable role, for the support team. */
  supportRoleId: string;
}

/** A guild member object for `u`. */
export const member = (u: APIUser, permissions?: string): APIGuildMember & { permissions?: string } => ({
  user: u,
  roles: [],
  joined_at: new Date(0).toISOString(),
  deaf: false,
  mute: false,
  flags: 0 as GuildMemberFlags,
  ...(permissions ? { permissions } : {}),
});

/** The GUILD_CREATE dispatch for `g`, with the active threads the bot can see. */
export function guildCreate(g: FakeGuild, bot: APIUser, threads: APIThreadChannel[] = []): GatewayGuildCreateDispatchData {
  return {
    id: g.id,
    name: g.name,
    icon: null,
    splash: null,
    discovery_splash: null,
    owner_id: "1",
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: GuildVerificationLevel.None,
    default_message_notifications: GuildDefaultMessageNotifications.OnlyMentions,
    explicit_content_filter: GuildExplicitContentFilter.Disabled,
    roles: [
      {
        id: g.id,
        name: "@everyone",
        color: 0,
        colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
        hoist: false,
        icon: null,
        unicode_emoji: null,
        position: 0,
        permissions: "68608",
        managed: false,
        mentionable: false,
        flags: 0 as RoleFlags,
      },
      {
        id: g.supportRoleId,
        name: "Support",
        color: 0,
        colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
        hoist: false,
        icon: null,
        unicode_emoji: null,
        position: 1,
        permissions: "0",
        managed: false,
        mentionable: true,
        flags: 0 as RoleFlags,
      },
    ],
    emojis: [],
    features: [],
    mfa_level: GuildMFALevel.None,
    application_id: null,
    system_channel_id: null,
    system_channel_flags: GuildSystemChannelFlags.SuppressJoinNotifications,
    rules_channel_id: null,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: GuildPremiumTier.None,
    preferred_locale: Locale.EnglishUS,
    public_updates_channel_id: null,
    nsfw_level: GuildNSFWLevel.Default,
    stickers: [],
    premium_progress_bar_enabled: false,
    safety_alerts_channel_id: null,
    incidents_data: null,
    hub_type: null,
    joined_at: new Date().toISOString(),
    large: false,
    member_count: 2,
    voice_states: [],
    members: [member(bot)],
    channels: [{ id: g.channelId, type: ChannelType.GuildText, name: "general", position: 0, guild_id: g.id, permission_overwrites: [], nsfw: false, parent_id: null, topic: null, last_message_id: null, rate_limit_per_user: 0, flags: 0 as ChannelFlags }],
    threads,
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

/** Where an interaction happens: a server channel (with the member's permissions) or the bot's DM. */
export type Place =
  | {
      guild: FakeGuild;
      channelId?: string;
      /** A thread of the server's channel (type 12), rather than the channel itself. */
      thread?: boolean;
      permissions: string;
      appPermissions: string;
      /** The member's role ids. */
      roles?: string[];
    }
  | { dmChannelId: string; appPermissions?: string };

interface InteractionCommon {
  applicationId: string;
  user: APIUser;
  place: Place;
  locale?: Locale;
}

function common(c: InteractionCommon) {
  const id = snowflake();
  const base = {
    id,
    application_id: c.applicationId,
    token: `itok-${id}`,
    version: 1 as const,
    locale: c.locale ?? Locale.EnglishUS,
    entitlements: [],
    attachment_size_limit: 10_485_760,
  };
  if ("guild" in c.place) {
    const channelId = c.place.channelId ?? c.place.guild.channelId;
    const channel = c.place.thread
      ? { id: channelId, type: ChannelType.PrivateThread, name: "support", guild_id: c.place.guild.id, parent_id: c.place.guild.channelId }
      : { id: channelId, type: ChannelType.GuildText, name: "general", guild_id: c.place.guild.id };
    return {
      ...base,
      guild_id: c.place.guild.id,
      guild: { id: c.place.guild.id, features: [], locale: Locale.EnglishUS },
      guild_locale: Locale.EnglishUS,
      channel_id: channelId,
      channel,
      member: { ...member(c.user), roles: c.place.roles ?? [], permissions: c.place.permissions } as APIInteractionGuildMember,
      app_permissions: c.place.appPermissions,
      authorizing_integration_owners: { "0": c.place.guild.id },
      context: InteractionContextType.Guild,
    };
  }
  return {
    ...base,
    channel_id: c.place.dmChannelId,
    channel: { id: c.place.dmChannelId, type: ChannelType.DM },
    user: c.user,
    app_permissions: c.place.appPermissions ?? "0",
    authorizing_integration_owners: { "0": "0" },
    context: InteractionContextType.BotDM,
  };
}

/** A slash command: `/name subcommand option:value…`. */
export function chatInput(
  c: InteractionCommon & { name: string; subcommand?: string; options?: Record<string, string> },
): APIChatInputApplicationCommandInteraction {
  const options = Object.entries(c.options ?? {}).map(([name, value]) => ({ type: ApplicationCommandOptionType.String as const, name, value }));
  return {
    ...common(c),
    type: InteractionType.ApplicationCommand,
    data: {
      id: snowflake(),
      name: c.name,
      type: ApplicationCommandType.ChatInput,
      options: c.subcommand ? [{ type: ApplicationCommandOptionType.Subcommand, name: c.subcommand, options }] : options,
    },
  } as APIChatInputApplicationCommandInteraction;
}

/** A button click or a select-menu choice on `message`. */
export function component(c: InteractionCommon & { message: APIMessage; customId: string; values?: string[] }): APIMessageComponentInteraction {
  const data = c.values
    ? { custom_id: c.customId, component_type: ComponentType.StringSelect as const, values: c.values }
    : { custom_id: c.customId, component_type: ComponentType.Button as const };
  return { ...common(c), type: InteractionType.MessageComponent, message: c.message, data } as APIMessageComponentInteraction;
}

/** A message object as Discord returns it. */
export function message(fields: Partial<APIMessage> & Pick<APIMessage, "channel_id" | "author">): APIMessage {
  return {
    id: snowflake(),
    content: "",
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: [],
    pinned: false,
    type: MessageType.Default,
    components: [],
    flags: 0 as MessageFlags,
    ...fields,
  };
}

/** A message context-menu command (application command type 3) used on `target`. */
export function messageCommand(c: InteractionCommon & { name: string; target: APIMessage }): APIMessageApplicationCommandInteraction {
  return {
    ...common(c),
    type: InteractionType.ApplicationCommand,
    data: {
      id: snowflake(),
      name: c.name,
      type: ApplicationCommandType.Message,
      target_id: c.target.id,
      resolved: { messages: { [c.target.id]: c.target } },
    },
  } as APIMessageApplicationCommandInteraction;
}
