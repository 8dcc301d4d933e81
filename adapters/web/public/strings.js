// The page's own labels, by language. The pack's texts (title, language names, privacy notice,
// failure apology) come from /config.json `page`; the bot's replies come from the content pack.
export const STRINGS = {
  ko: {
    privacy: "개인정보",
    privacyTitle: "개인정보 안내",
    forget: "내 정보 삭제 (/forget)",
    ok: "확인",
    input: "메시지",
    placeholder: "궁금한 점을 입력하세요",
    send: "보내기",
    connecting: "연결 중…",
    offline: "연결이 끊겼어요. 다시 연결하는 중…",
    close: "닫기",
  },
  en: {
    privacy: "Privacy",
    privacyTitle: "Privacy notice",
    forget: "Delete my data (/forget)",
    ok: "OK",
    input: "Message",
    placeholder: "Type your question",
    send: "Send",
    connecting: "Connecting…",
    offline: "Connection lost. Reconnecting…",
    close: "Close",
  },
};
