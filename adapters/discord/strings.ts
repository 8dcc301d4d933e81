/**
 * The few texts only Discord needs (moderator tools, errors, the "continue privately" button).
 * Everything about the incident comes from the content pack; these fall back to English.
 */
const STRINGS = {
  continuePrivately: { en: "Continue privately", ko: "나만 보기로 계속하기" },
  briefFallback: { en: "I can answer this privately.", ko: "나만 볼 수 있게 답해 드릴게요." },
  chooseOption: { en: "Choose…", ko: "선택하세요…" },
  error: { en: "Sorry, something went wrong. Please try again in a moment.", ko: "죄송해요, 문제가 생겼어요. 잠시 후 다시 시도해 주세요." },
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
  deletedPublic: {
    en: "I removed a message here because it looked like it contained personal information. Please never post card numbers, ID numbers or codes in a channel.",
    ko: "개인정보가 담긴 것으로 보이는 메시지를 지웠어요. 카드번호, 주민등록번호, 인증번호는 채널에 절대 올리지 마세요.",
  },
} as const;

/** A key of the Discord-only texts. */
export type StringKey = keyof typeof STRINGS;

/** Names of languages in their own script, for buttons and confirmations. */
export const LANGUAGE_NAMES: Readonly<Record<string, string>> = { ko: "한국어", en: "English" };

/** A Discord-only text in `locale` (English when missing), with `{name}` placeholders filled. */
export function str(key: StringKey, locale: string, vars: Record<string, string> = {}): string {
  const entry: Record<string, string> = STRINGS[key];
  const text = entry[locale] ?? entry.en ?? "";
  return text.replace(/\{(\w+)\}/g, (m, k: string) => vars[k] ?? m);
}
