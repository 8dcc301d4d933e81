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
import type { CommandName } from "../../src/index.js";

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

const LANGUAGE_CHOICES = [
  { name: "English", name_localizations: { ko: "English" }, value: "en" },
  { name: "한국어 (Korean)", name_localizations: { ko: "한국어" }, value: "ko" },
];

const sub = (name: Localized, description: Localized, options: APIApplicationCommandBasicOption[] = []): APIApplicationCommandSubcommandOption => ({
  type: ApplicationCommandOptionType.Subcommand,
  name: name.en,
  name_localizations: { ko: name.ko },
  description: description.en,
  description_localizations: { ko: description.ko },
  options,
});

const languageOption = (required: boolean): APIApplicationCommandBasicOption => ({
  type: ApplicationCommandOptionType.String,
  name: "language",
  name_localizations: { ko: "언어" },
  description: "Language",
  description_localizations: { ko: "언어" },
  required,
  choices: LANGUAGE_CHOICES,
});

/** `/leak …`: every member, in servers and in DMs with the bot. */
export const leakCommand: RESTPostAPIChatInputApplicationCommandsJSONBody = {
  type: ApplicationCommandType.ChatInput,
  name: LEAK,
  name_localizations: { ko: "유출" },
  description: "Help after the Coupang data breach: what leaked, questions, step-by-step checklists",
  description_localizations: { ko: "쿠팡 개인정보 유출 도움말: 유출 정보, 질문, 단계별 점검" },
  integration_types: [ApplicationIntegrationType.GuildInstall],
  contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
  options: [
    sub({ en: "what-leaked", ko: "유출정보" }, { en: "What leaked and what it means for you", ko: "무엇이 유출됐고 나에게 어떤 의미인지" }),
    sub({ en: "ask", ko: "질문" }, { en: "Ask a question in your own words (only you see the answer)", ko: "궁금한 점을 직접 물어보기 (답은 나만 보여요)" }, [
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
    sub({ en: "check", ko: "사기확인" }, { en: "Is this a scam? Paste a message you received (only you see the answer)", ko: "사기 문자인지 확인: 받은 메시지를 붙여넣기 (답은 나만 보여요)" }, [
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
    sub({ en: "faq", ko: "자주묻는질문" }, { en: "Common questions by topic", ko: "주제별 자주 묻는 질문" }),
    sub({ en: "tasks", ko: "점검" }, { en: "Step-by-step checklists; your progress is saved", ko: "단계별 점검 목록 (진행 상황 저장)" }),
    sub({ en: "human", ko: "상담원" }, { en: "How to reach a person", ko: "상담원 연결 방법" }),
    sub({ en: "language", ko: "언어" }, { en: "Choose the language I answer you in", ko: "답변 언어 선택" }, [languageOption(false)]),
    sub({ en: "forget", ko: "삭제" }, { en: "Delete everything I keep about you", ko: "저장된 내 정보 모두 삭제" }),
    sub({ en: "help", ko: "도움말" }, { en: "What I can do, and the menu", ko: "사용법과 메뉴" }),
  ],
};

/** `/leak-admin …`: moderators (Manage Server by default; server admins can change who). */
export const leakAdminCommand: RESTPostAPIChatInputApplicationCommandsJSONBody = {
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
    sub({ en: "language", ko: "언어" }, { en: "Set this server's default answer language", ko: "이 서버의 기본 답변 언어 정하기" }, [languageOption(true)]),
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
};

/** "Check this message" on any message (application command type 3): the answer is ephemeral. */
export const checkMessageCommand: RESTPostAPIContextMenuApplicationCommandsJSONBody = {
  type: ApplicationCommandType.Message,
  name: CHECK_MESSAGE,
  name_localizations: { ko: "사기 문자 확인" },
  integration_types: [ApplicationIntegrationType.GuildInstall],
  contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
};

/** Every application command, as sent to `PUT /applications/{id}/commands`. */
export const commandDefinitions = (): RESTPostAPIApplicationCommandsJSONBody[] => [leakCommand, leakAdminCommand, checkMessageCommand];

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
