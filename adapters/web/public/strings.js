// The page's own labels (the bot's replies come from the content pack), by language.
export const STRINGS = {
  ko: {
    name: "한국어",
    title: "쿠팡 개인정보 유출 도우미",
    privacy: "개인정보",
    privacyTitle: "개인정보 안내",
    privacyText:
      "이 브라우저에는 무작위 ID 하나만 저장돼요. 서버에는 이 ID로 만든 가명 키 아래에 언어 설정, 점검 진행 상황, 통계용 기록만 남아요. " +
      "대화 내용은 저장하지 않지만, 답하지 못한 질문은 답변을 고치기 위해 개인정보를 가린 채 보관해요. " +
      "{days}일 동안 사용하지 않으면 자동으로 지워지고, /forget 으로 언제든 모두 지울 수 있어요. " +
      "카드번호, 주민등록번호, 비밀번호, 인증번호는 입력하지 마세요.",
    forget: "내 정보 삭제 (/forget)",
    ok: "확인",
    input: "메시지",
    placeholder: "궁금한 점을 입력하세요",
    send: "보내기",
    connecting: "연결 중…",
    offline: "연결이 끊겼어요. 다시 연결하는 중…",
    error: "죄송해요, 문제가 생겼어요. 잠시 후 다시 시도해 주세요.",
    close: "닫기",
  },
  en: {
    name: "English",
    title: "Help after the Coupang data breach",
    privacy: "Privacy",
    privacyTitle: "Privacy notice",
    privacyText:
      "This browser keeps only a random ID. The server keeps, under a pseudonymous key made from it, your language, your checklist progress and records for statistics. " +
      "Conversations are not stored, but questions the bot could not answer are kept with personal details masked, to improve the answers. " +
      "Everything is deleted after {days} days without use, and /forget deletes it at any time. " +
      "Never type card numbers, resident registration numbers, passwords or verification codes.",
    forget: "Delete my data (/forget)",
    ok: "OK",
    input: "Message",
    placeholder: "Type your question",
    send: "Send",
    connecting: "Connecting…",
    offline: "Connection lost. Reconnecting…",
    error: "Sorry, something went wrong. Please try again in a moment.",
    close: "Close",
  },
};
