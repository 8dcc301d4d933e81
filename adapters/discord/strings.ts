/**
 * The few texts only Discord needs (moderator tools, thread permissions, the "continue
 * privately" button). Everything about the incident, the staff side of support tickets and the
 * failure apology come from the content pack; these fall back to English.
 */
const STRINGS = {
  continuePrivately: { en: "Continue privately", ko: "나만 보기로 계속하기" },
  briefFallback: { en: "I can answer this privately.", ko: "나만 볼 수 있게 답해 드릴게요." },
  chooseOption: { en: "Choose…", ko: "선택하세요…" },
  guildOnly: { en: "This command only works in a server.", ko: "이 명령은 서버에서만 쓸 수 있어요." },
  needManageGuild: {
    en: "Only members with the **Manage Server** permission can use this.",
    ko: "**서버 관리** 권한이 있는 멤버만 사용할 수 있어요.",
  },
  cannotPost: {
    en: "I can't post in this channel. Give me **{missing}** here, or run the command in another channel.",
    ko: "이 채널에는 글을 올릴 수 없어요. 이 채널에서 **{missing}** 권한을 주시거나 다른 채널에서 실행해 주세요.",
  },
  panelPosted: { en: "Done: the help panel is posted in this channel.", ko: "이 채널에 안내 패널을 올렸어요." },
  languageSet: {
    en: "Server language set to **{language}**. Members who haven't chosen a language get answers in it.",
    ko: "서버 기본 언어를 **{language}**(으)로 정했어요. 언어를 따로 고르지 않은 멤버에게 이 언어로 답해요.",
  },
  unknownLanguage: { en: "That language isn't available. Choose one of: {languages}.", ko: "지원하지 않는 언어예요. 다음 중에서 골라 주세요: {languages}." },
  packSet: {
    en: "This server's incident is now **{incident}**. Members who haven't chosen one get answers about it.",
    ko: "이 서버의 기본 사고를 **{incident}**(으)로 정했어요. 따로 고르지 않은 멤버에게 이 사고에 대해 답해요.",
  },
  unknownPack: { en: "That incident isn't served here. Choose one of: {packs}.", ko: "여기서 다루지 않는 사고예요. 다음 중에서 골라 주세요: {packs}." },
  deletedPublic: {
    en: "I removed a message here because it looked like it contained personal information. Please never post card numbers, ID numbers or codes in a channel.",
    ko: "개인정보가 담긴 것으로 보이는 메시지를 지웠어요. 카드번호, 주민등록번호, 인증번호는 채널에 절대 올리지 마세요.",
  },
  threadOpened: {
    en: "I opened a private thread with the support team: {thread}. Write to them there: only you and the support team can read it. Never share passwords or verification codes, not even with support staff.",
    ko: "상담팀과 대화할 비공개 스레드를 열었어요: {thread}. 거기에 글을 남겨 주세요. 나와 상담팀만 볼 수 있어요. 상담원에게도 비밀번호나 인증번호는 절대 알려주지 마세요.",
  },
  threadIsHere: { en: "Your conversation with the support team is in {thread}.", ko: "상담팀과의 대화는 {thread}에서 이어져요." },
  relayed: { en: "Passed on to the support team in {thread}.", ko: "{thread}에서 상담팀에게 전달했어요." },
  threadNoPermission: {
    en: "I can't open a private support thread in this channel: I need **{missing}** here (a moderator can grant it).",
    ko: "이 채널에서는 비공개 상담 스레드를 열 수 없어요. 이 채널에서 **{missing}** 권한이 필요해요 (관리자가 줄 수 있어요).",
  },
  threadRefused: {
    en: "I couldn't open a private thread with the support team: Discord refused (a permission is missing, or this server can't have private threads).",
    ko: "상담팀과의 비공개 스레드를 열지 못했어요. Discord가 거절했어요 (권한이 없거나 이 서버에서 비공개 스레드를 쓸 수 없어요).",
  },
  threadNotInServer: {
    en: "I couldn't add you to a support thread: you're not a member of the support team's server.",
    ko: "상담 스레드에 초대하지 못했어요. 상담팀 서버의 멤버가 아니에요.",
  },
  dmNoThread: {
    en: "The support team answers in private threads in the server, not in direct messages. Use **/leak human** in the server instead.",
    ko: "상담팀은 DM이 아니라 서버의 비공개 스레드에서 답해요. 서버에서 **/leak human**을 써 주세요.",
  },
  threadGone: {
    en: "Your support thread is closed or gone, so the conversation with the support team has ended.",
    ko: "상담 스레드가 닫혔거나 없어져서 상담팀과의 대화가 끝났어요.",
  },
  needSupportRole: { en: "Only the support team can close tickets.", ko: "상담팀만 상담을 닫을 수 있어요." },
  notSupportThread: { en: "Run this inside a support thread.", ko: "상담 스레드 안에서 실행해 주세요." },
  threadLocked: { en: "The thread is archived and locked.", ko: "스레드는 보관·잠금됐어요." },
  threadArchivedUnlocked: {
    en: "The thread is archived but not locked (give me **Manage Threads** to lock closed threads).",
    ko: "스레드는 보관됐지만 잠기지 않았어요 (닫힌 스레드를 잠그려면 **스레드 관리** 권한을 주세요).",
  },
  threadNotArchived: { en: "I couldn't archive the thread (give me **Manage Threads**).", ko: "스레드를 보관하지 못했어요 (**스레드 관리** 권한을 주세요)." },
  statsBadSince: {
    en: "Use a span such as 7d, 12h, 30m or 2w, a date such as 2026-11-20, or all.",
    ko: "7d, 12h, 30m, 2w 같은 기간, 2026-11-20 같은 날짜, 또는 all 을 입력해 주세요.",
  },
  statsQuestionsHidden: {
    en: "Top unanswered questions: shown only in the support team's server (or run npx afterleak unanswered).",
    ko: "답하지 못한 질문 목록은 상담팀 서버에서만 보여요 (또는 npx afterleak unanswered).",
  },
} as const;

/** A key of the Discord-only texts. */
export type StringKey = keyof typeof STRINGS;

/** A Discord-only text in `locale` (English when missing), with `{name}` placeholders filled. */
export function str(key: StringKey, locale: string, vars: Record<string, string> = {}): string {
  const entry: Record<string, string> = STRINGS[key];
  const text = entry[locale] ?? entry.en ?? "";
  return text.replace(/\{(\w+)\}/g, (m, k: string) => vars[k] ?? m);
}
