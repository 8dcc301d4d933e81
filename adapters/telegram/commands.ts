import type { Api } from "grammy";
import type { BotCommand } from "grammy/types";
import { COMMANDS, serializeError, type CommandName, type Logger } from "../../src/index.js";

/** What each command does, as shown in Telegram's command menu (1-256 characters). */
export const COMMAND_DESCRIPTIONS: Record<CommandName, { en: string; ko: string }> = {
  start: { en: "Start over: welcome and main menu", ko: "처음부터: 안내와 메뉴" },
  help: { en: "What I can do and how to ask", ko: "도움말과 질문하는 법" },
  leaked: { en: "What leaked and what it means", ko: "유출된 정보와 그 의미" },
  faq: { en: "Common questions", ko: "자주 묻는 질문" },
  tasks: { en: "Step-by-step checklists (progress is saved)", ko: "단계별 점검 목록 (진행 상황 저장)" },
  language: { en: "한국어 / English", ko: "English / 한국어" },
  forget: { en: "Delete everything I keep about you", ko: "저장된 내 정보 모두 삭제" },
  human: { en: "Talk to a person", ko: "상담원 연결" },
  check: { en: "Is this a scam? Check a message you received", ko: "사기 문자인지 확인하기" },
};

/** The command menu in one language, in the core's order. */
export const commandMenu = (lang: "en" | "ko"): BotCommand[] =>
  COMMANDS.map((command) => ({ command, description: COMMAND_DESCRIPTIONS[command][lang] }));

/**
 * Registers the command menu: English as the default, Korean for users whose Telegram is in
 * Korean. A failure is logged, not fatal: the commands work without the menu.
 */
export async function registerCommands(api: Api, logger: Logger): Promise<void> {
  try {
    await api.setMyCommands(commandMenu("en"));
    await api.setMyCommands(commandMenu("ko"), { language_code: "ko" });
  } catch (err) {
    logger.warn({ err: serializeError(err) }, "telegram: could not register the command menu");
  }
}
