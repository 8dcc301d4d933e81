import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  PermissionFlagsBits,
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandSubcommandOption,
  type RESTPostAPIApplicationCommandsJSONBody,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
  type RESTPostAPIContextMenuApplicationCommandsJSONBody,
} from "discord.js";
import { pick, ui, type CommandName, type CommandTexts, type ContentPack } from "../../src/index.js";

/** The member command and the moderator command, as registered on Discord. */
export const LEAK = "leak";
export const LEAK_ADMIN = "leak-admin";
/** The message context-menu command (right-click a message > Apps): checks it for a scam. */
export const CHECK_MESSAGE = "Check this message";

/** `/leak` subcommands that map straight onto an engine command. */
export const SUBCOMMAND_TO_ENGINE: Readonly<Record<string, CommandName>> = {
  "what-leaked": "leaked",
  faq: "faq",
  tasks: "tasks",
  human: "human",
  language: "language",
  forget: "forget",
  help: "help",
  check: "check",
  reminders: "reminders",
};

type Localized = { en: string; ko: string };

/**
 * A command's, subcommand's or option's name: `en` as typed in English, and its
 * `name_localizations` from the pack's ui.yaml `commandNames:` (none when the pack gives none).
 */
function named(pack: ContentPack, en: string): { name: string; name_localizations?: Record<string, string> } {
  const given = pack.commandNames?.[en];
  if (!given) return { name: en };
  const localizations: Record<string, string> = {};
  for (const [loc, name] of Object.entries(given)) for (const d of DISCORD_LOCALES) if (d.split("-")[0] === loc) localizations[d] = name;
  return { name: en, name_localizations: localizations };
}

/** Discord's locales (https://discord.com/developers/docs/reference#locales), matched on their language. */
const DISCORD_LOCALES = [
  "id", "da", "de", "en-GB", "en-US", "es-ES", "es-419", "fr", "hr", "it", "lt", "hu", "nl", "no", "pl", "pt-BR", "ro", "fi",
  "sv-SE", "vi", "tr", "cs", "el", "bg", "ru", "uk", "hi", "th", "zh-CN", "ja", "zh-TW", "ko",
];
/** Discord's limit on a command or option description. */
const MAX_DESCRIPTION = 100;

/** The pack locale a command's base text is written in: English if the pack has it (Discord's own default), else the pack's default. */
const baseLocale = (pack: ContentPack): string => (pack.meta.locales.includes("en") ? "en" : pack.meta.defaultLocale);

/** A pack text as Discord's `description` plus `description_localizations` for every Discord locale of every pack locale. */
function describe(pack: ContentPack, text: Record<string, string>): { description: string; description_localizations: Record<string, string> } {
  const cut = (s: string) => ([...s].length > MAX_DESCRIPTION ? [...s].slice(0, MAX_DESCRIPTION - 1).join("") + "…" : s);
  const localizations: Record<string, string> = {};
  for (const loc of pack.meta.locales) {
    for (const d of DISCORD_LOCALES) if (d.split("-")[0] === loc) localizations[d] = cut(pick(pack, text, loc));
  }
  return { description: cut(pick(pack, text, baseLocale(pack))), description_localizations: localizations };
}

/** The pack's language names as option choices (each in its own language). */
const languageChoices = (pack: ContentPack) =>
  pack.meta.locales.map((loc) => ({ name: ui(pack, "languageName", loc), value: loc }));

const sub = (pack: ContentPack, name: string, description: Localized, options: APIApplicationCommandBasicOption[] = []): APIApplicationCommandSubcommandOption => ({
  type: ApplicationCommandOptionType.Subcommand,
  ...named(pack, name),
  description: description.en,
  description_localizations: { ko: description.ko },
  options,
});

/** A `/leak` subcommand described by the pack's `commands:` entry. */
const packSub = (pack: ContentPack, name: string, command: Exclude<keyof CommandTexts, "incident" | "scamwatch">, options: APIApplicationCommandBasicOption[] = []): APIApplicationCommandSubcommandOption => ({
  type: ApplicationCommandOptionType.Subcommand,
  ...named(pack, name),
  ...describe(pack, pack.commands[command]),
  options,
});

const languageOption = (pack: ContentPack, required: boolean): APIApplicationCommandBasicOption => ({
  type: ApplicationCommandOptionType.String,
  ...named(pack, "language"),
  description: "Language",
  description_localizations: { ko: "언어" },
  required,
  choices: languageChoices(pack),
});

/** `/leak …`: every member, in servers and in DMs with the bot; its texts come from the pack. */
export const leakCommand = (pack: ContentPack, packs: readonly ContentPack[] = [pack]): RESTPostAPIChatInputApplicationCommandsJSONBody => ({
  type: ApplicationCommandType.ChatInput,
  ...named(pack, LEAK),
  ...describe(pack, pack.meta.title),
  integration_types: [ApplicationIntegrationType.GuildInstall],
  contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
  options: [
    packSub(pack, "what-leaked", "leaked"),
    packSub(pack, "ask", "ask", [
      {
        type: ApplicationCommandOptionType.String,
        ...named(pack, "question"),
        description: "Your question. Never include card numbers, ID numbers or codes.",
        description_localizations: { ko: "질문 내용. 카드번호, 주민등록번호, 인증번호는 넣지 마세요." },
        required: true,
        max_length: 1000,
      },
    ]),
    packSub(pack, "check", "check", [
      {
        type: ApplicationCommandOptionType.String,
        ...named(pack, "message"),
        description: "The text you received, as it is. Never add your own card numbers or codes.",
        description_localizations: { ko: "받은 문자 그대로. 내 카드번호나 인증번호는 넣지 마세요." },
        required: true,
        max_length: 2000,
      },
    ]),
    packSub(pack, "faq", "faq"),
    packSub(pack, "tasks", "tasks"),
    packSub(pack, "human", "human"),
    packSub(pack, "language", "language", [languageOption(pack, false)]),
    packSub(pack, "forget", "forget"),
    packSub(pack, "reminders", "reminders"),
    packSub(pack, "help", "help"),
    // With several packs: choose or switch the incident (`/incident`), when the pack describes it.
    ...(packs.length > 1 && pack.commands.incident
      ? [{ type: ApplicationCommandOptionType.Subcommand, ...named(pack, "incident"), ...describe(pack, pack.commands.incident), options: [] } satisfies APIApplicationCommandSubcommandOption]
      : []),
  ],
});

/** `/leak-admin pack`: with several packs, the server's default incident (choices: each pack by its incident name). */
const packSubcommand = (pack: ContentPack, packs: readonly ContentPack[]): APIApplicationCommandSubcommandOption[] =>
  packs.length < 2
    ? []
    : [
        sub(pack, "pack", { en: "Set the incident members of this server get answers about", ko: "이 서버 멤버에게 답할 기본 사고 정하기" }, [
          {
            type: ApplicationCommandOptionType.String,
            ...named(pack, "pack"),
            description: "Incident",
            description_localizations: { ko: "사고" },
            required: true,
            choices: packs.map((p) => ({ name: pick(p, p.meta.incident, baseLocale(p)).slice(0, 100), value: p.meta.id })),
          },
        ]),
      ];

/** `/leak-admin scam-watch`: warn about scam messages in a channel (adapters/discord/scam-watch.ts). */
const scamWatchSubcommand = (pack: ContentPack): APIApplicationCommandSubcommandOption =>
  sub(pack, "scam-watch", { en: "Warn about scam messages in a channel; details go to a moderators' channel", ko: "채널의 사기 메시지에 경고 달기 (자세한 내용은 관리자 채널로)" }, [
    {
      type: ApplicationCommandOptionType.String,
      ...named(pack, "mode"),
      description: "On or off",
      description_localizations: { ko: "켜기 또는 끄기" },
      required: true,
      choices: [
        { name: "on", name_localizations: { ko: "켜기" }, value: "on" },
        { name: "off", name_localizations: { ko: "끄기" }, value: "off" },
      ],
    },
    { type: ApplicationCommandOptionType.Channel, ...named(pack, "channel"), description: "The channel to watch (default: this one)", description_localizations: { ko: "감시할 채널 (기본: 이 채널)" }, required: false },
    { type: ApplicationCommandOptionType.Channel, ...named(pack, "mods"), description: "Where the details go (a moderators' channel)", description_localizations: { ko: "자세한 내용을 받을 관리자 채널" }, required: false },
    {
      type: ApplicationCommandOptionType.String,
      ...named(pack, "remove"),
      description: "Also remove messages called a scam (default: no)",
      description_localizations: { ko: "사기로 판단한 메시지 삭제도 하기 (기본: 아니요)" },
      required: false,
      choices: [
        { name: "no", name_localizations: { ko: "아니요" }, value: "no" },
        { name: "yes", name_localizations: { ko: "예" }, value: "yes" },
      ],
    },
  ]);

/** `/leak-admin updates-channel`: the server channel where incident updates are posted (adapters/discord/updates-channel.ts). */
const updatesChannelSubcommand = (pack: ContentPack): APIApplicationCommandSubcommandOption =>
  sub(pack, "updates-channel", { en: "Post incident updates in a channel of this server, or stop", ko: "이 서버의 채널에 사고 관련 새 소식 올리기 (또는 그만하기)" }, [
    {
      type: ApplicationCommandOptionType.String,
      ...named(pack, "mode"),
      description: "On or off",
      description_localizations: { ko: "켜기 또는 끄기" },
      required: true,
      choices: [
        { name: "on", name_localizations: { ko: "켜기" }, value: "on" },
        { name: "off", name_localizations: { ko: "끄기" }, value: "off" },
      ],
    },
    { type: ApplicationCommandOptionType.Channel, ...named(pack, "channel"), description: "Where updates go (default: this channel)", description_localizations: { ko: "소식을 올릴 채널 (기본: 이 채널)" }, required: false },
  ]);

/** `/leak-admin …`: moderators (Manage Server by default; server admins can change who). */
export const leakAdminCommand = (pack: ContentPack, packs: readonly ContentPack[] = [pack]): RESTPostAPIChatInputApplicationCommandsJSONBody => ({
  type: ApplicationCommandType.ChatInput,
  ...named(pack, LEAK_ADMIN),
  description: "Moderator tools for the data breach helper",
  description_localizations: { ko: "유출 도우미 관리 도구" },
  default_member_permissions: PermissionFlagsBits.ManageGuild.toString(),
  integration_types: [ApplicationIntegrationType.GuildInstall],
  contexts: [InteractionContextType.Guild],
  options: [
    sub(pack, "panel", { en: "Post a help panel with buttons in this channel", ko: "이 채널에 버튼이 있는 안내 패널 올리기" }),
    sub(pack, "language", { en: "Set this server's default answer language", ko: "이 서버의 기본 답변 언어 정하기" }, [languageOption(pack, true)]),
    sub(pack, "stats", { en: "How well the bot answers: conversations, deflection, handoffs (only you see it)", ko: "봇 응답 통계: 대화 수, 자체 해결률, 상담 연결 (나만 보기)" }, [
      {
        type: ApplicationCommandOptionType.String,
        ...named(pack, "since"),
        description: "From when: 7d (default), 12h, 2w, a date such as 2026-11-20, or all",
        description_localizations: { ko: "언제부터: 7d (기본), 12h, 2w, 2026-11-20 같은 날짜, 또는 all" },
        required: false,
        max_length: 40,
      },
      {
        type: ApplicationCommandOptionType.String,
        ...named(pack, "scope"),
        description: "Discord only (default) or every channel",
        description_localizations: { ko: "Discord만 (기본) 또는 모든 채널" },
        required: false,
        choices: [
          { name: "Discord", name_localizations: { ko: "Discord" }, value: "discord" },
          { name: "All channels", name_localizations: { ko: "모든 채널" }, value: "all" },
        ],
      },
    ]),
    ...packSubcommand(pack, packs),
    scamWatchSubcommand(pack),
    updatesChannelSubcommand(pack),
    sub(pack, "close", { en: "Support team: close the support ticket of this thread", ko: "상담팀: 이 스레드의 상담 요청 닫기" }),
  ],
});

/** "Check this message" on any message (application command type 3): the answer is ephemeral. */
export const checkMessageCommand = (pack: ContentPack): RESTPostAPIContextMenuApplicationCommandsJSONBody => ({
  type: ApplicationCommandType.Message,
  name: CHECK_MESSAGE,
  ...(named(pack, "check-this-message").name_localizations ? { name_localizations: named(pack, "check-this-message").name_localizations } : {}),
  integration_types: [ApplicationIntegrationType.GuildInstall],
  contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
});

/** Every application command for `pack` (and, with several packs, `/leak-admin pack` over `packs`), as sent to `PUT /applications/{id}/commands`. */
export const commandDefinitions = (pack: ContentPack, packs: readonly ContentPack[] = [pack]): RESTPostAPIApplicationCommandsJSONBody[] => [
  leakCommand(pack, packs),
  leakAdminCommand(pack, packs),
  checkMessageCommand(pack),
];

const ENGINE_TO_SUBCOMMAND: Readonly<Record<string, string>> = {
  ...Object.fromEntries(Object.entries(SUBCOMMAND_TO_ENGINE).map(([sub, cmd]) => [cmd, sub])),
  start: "help",
};

/**
 * Rewrites the engine's command names in a text (`/tasks`, `/leaked`) to how they are typed on
 * Discord (`/leak tasks`, `/leak what-leaked`), so help texts name commands that exist here.
 */
export function toDiscordCommands(text: string): string {
  return text.replace(/(^|[\s("'“‘])\/([a-z]+)\b(?![/\w-])/g, (m, pre: string, cmd: string) => {
    const sub = ENGINE_TO_SUBCOMMAND[cmd];
    return sub ? `${pre}/${LEAK} ${sub}` : m;
  });
}
