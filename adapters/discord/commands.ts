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
};

type Localized = { en: string; ko: string };

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

const sub = (name: Localized, description: Localized, options: APIApplicationCommandBasicOption[] = []): APIApplicationCommandSubcommandOption => ({
  type: ApplicationCommandOptionType.Subcommand,
  name: name.en,
  name_localizations: { ko: name.ko },
  description: description.en,
  description_localizations: { ko: description.ko },
  options,
});

/** A `/leak` subcommand described by the pack's `commands:` entry. */
const packSub = (pack: ContentPack, name: Localized, command: keyof CommandTexts, options: APIApplicationCommandBasicOption[] = []): APIApplicationCommandSubcommandOption => ({
  type: ApplicationCommandOptionType.Subcommand,
  name: name.en,
  name_localizations: { ko: name.ko },
  ...describe(pack, pack.commands[command]),
  options,
});

const languageOption = (pack: ContentPack, required: boolean): APIApplicationCommandBasicOption => ({
  type: ApplicationCommandOptionType.String,
  name: "language",
  name_localizations: { ko: "언어" },
  description: "Language",
  description_localizations: { ko: "언어" },
  required,
  choices: languageChoices(pack),
});

/** `/leak …`: every member, in servers and in DMs with the bot; its texts come from the pack. */
export const leakCommand = (pack: ContentPack): RESTPostAPIChatInputApplicationCommandsJSONBody => ({
  type: ApplicationCommandType.ChatInput,
  name: LEAK,
  name_localizations: { ko: "유출" },
  ...describe(pack, pack.meta.title),
  integration_types: [ApplicationIntegrationType.GuildInstall],
  contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
  options: [
    packSub(pack, { en: "what-leaked", ko: "유출정보" }, "leaked"),
    packSub(pack, { en: "ask", ko: "질문" }, "ask", [
      {
        type: ApplicationCommandOptionType.String,
        name: "question",
        name_localizations: { ko: "내용" },
        description: "Your question. Never include card numbers, ID numbers or codes.",
        description_localizations: { ko: "질문 내용. 카드번호, 주민등록번호, 인증번호는 넣지 마세요." },
        required: true,
        max_length: 1000,
      },
    ]),
    packSub(pack, { en: "check", ko: "사기확인" }, "check", [
      {
        type: ApplicationCommandOptionType.String,
        name: "message",
        name_localizations: { ko: "메시지" },
        description: "The text you received, as it is. Never add your own card numbers or codes.",
        description_localizations: { ko: "받은 문자 그대로. 내 카드번호나 인증번호는 넣지 마세요." },
        required: true,
        max_length: 2000,
      },
    ]),
    packSub(pack, { en: "faq", ko: "자주묻는질문" }, "faq"),
    packSub(pack, { en: "tasks", ko: "점검" }, "tasks"),
    packSub(pack, { en: "human", ko: "상담원" }, "human"),
    packSub(pack, { en: "language", ko: "언어" }, "language", [languageOption(pack, false)]),
    packSub(pack, { en: "forget", ko: "삭제" }, "forget"),
    packSub(pack, { en: "help", ko: "도움말" }, "help"),
  ],
});

/** `/leak-admin …`: moderators (Manage Server by default; server admins can change who). */
export const leakAdminCommand = (pack: ContentPack): RESTPostAPIChatInputApplicationCommandsJSONBody => ({
  type: ApplicationCommandType.ChatInput,
  name: LEAK_ADMIN,
  name_localizations: { ko: "유출-관리" },
  description: "Moderator tools for the data breach helper",
  description_localizations: { ko: "유출 도우미 관리 도구" },
  default_member_permissions: PermissionFlagsBits.ManageGuild.toString(),
  integration_types: [ApplicationIntegrationType.GuildInstall],
  contexts: [InteractionContextType.Guild],
  options: [
    sub({ en: "panel", ko: "패널" }, { en: "Post a help panel with buttons in this channel", ko: "이 채널에 버튼이 있는 안내 패널 올리기" }),
    sub({ en: "language", ko: "언어" }, { en: "Set this server's default answer language", ko: "이 서버의 기본 답변 언어 정하기" }, [languageOption(pack, true)]),
    sub({ en: "stats", ko: "통계" }, { en: "How well the bot answers: conversations, deflection, handoffs (only you see it)", ko: "봇 응답 통계: 대화 수, 자체 해결률, 상담 연결 (나만 보기)" }, [
      {
        type: ApplicationCommandOptionType.String,
        name: "since",
        name_localizations: { ko: "기간" },
        description: "From when: 7d (default), 12h, 2w, a date such as 2026-11-20, or all",
        description_localizations: { ko: "언제부터: 7d (기본), 12h, 2w, 2026-11-20 같은 날짜, 또는 all" },
        required: false,
        max_length: 40,
      },
      {
        type: ApplicationCommandOptionType.String,
        name: "scope",
        name_localizations: { ko: "범위" },
        description: "Discord only (default) or every channel",
        description_localizations: { ko: "Discord만 (기본) 또는 모든 채널" },
        required: false,
        choices: [
          { name: "Discord", name_localizations: { ko: "Discord" }, value: "discord" },
          { name: "All channels", name_localizations: { ko: "모든 채널" }, value: "all" },
        ],
      },
    ]),
    sub({ en: "close", ko: "상담종료" }, { en: "Support team: close the support ticket of this thread", ko: "상담팀: 이 스레드의 상담 요청 닫기" }),
  ],
});

/** "Check this message" on any message (application command type 3): the answer is ephemeral. */
export const checkMessageCommand: RESTPostAPIContextMenuApplicationCommandsJSONBody = {
  type: ApplicationCommandType.Message,
  name: CHECK_MESSAGE,
  name_localizations: { ko: "사기 문자 확인" },
  integration_types: [ApplicationIntegrationType.GuildInstall],
  contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
};

/** Every application command for `pack`, as sent to `PUT /applications/{id}/commands`. */
export const commandDefinitions = (pack: ContentPack): RESTPostAPIApplicationCommandsJSONBody[] => [leakCommand(pack), leakAdminCommand(pack), checkMessageCommand];

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
