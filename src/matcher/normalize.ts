import { convertQwertyToHangul, disassemble } from "es-hangul";

/**
 * Text normalization that runs before featurization, so that the way worried people type
 * (full-width letters, zero-width characters, "sooo", "ㅠㅠㅠ", emoji, Korean typed with the
 * keyboard left on the English layout, chat-style endings) reaches the model as the words the
 * training phrases use. Everything here is pure and deterministic.
 */

const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]/g;
const EMOJI = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\u{1f1e6}-\u{1f1ff}]|\u{fe0e}|\u{fe0f}|\u{20e3}/gu;
/** Runs of emotive jamo and emoticon marks: ㅠㅠ ㅜㅜ ㅋㅋ ㅎㅎ ㄷㄷ ㅡㅡ ;; ^^ */
const EMOTIVE = /[ㅠㅜ]+|[ㅋㅎㄷㅡ]{2,}|;{2,}|\^{2,}/g;
/** The same runs after NFKC, which turns compatibility jamo (ㅠ) into conjoining jamo (ᅲ). */
const EMOTIVE_CONJOINING = /[\u1172\u116e]+|[\u110f\u1112\u1103\u1173]{2,}/g;
const REPEATED_LATIN = /([a-z])\1{2,}/g;
const REPEATED_PUNCT = /([!?.~,])\1+/g;
const HANGUL_SYLLABLES = /^[\uac00-\ud7a3]+$/;
/**
 * Whitespace that collapses to one space: runs of two or more, or one that is not a space. Same
 * result as replacing /\s+/ but a text already collapsed matches nothing and is not copied.
 */
export const WHITESPACE_RUN = /\s{2,}|[^\S ]/g;
/** Chat abbreviations of English, expanded to the words the training phrases use. */
const CHAT_ENGLISH: Record<string, string> = {
  u: "you", ur: "your", yr: "your", r: "are", pls: "please", plz: "please", thx: "thanks", ty: "thank you",
  wat: "what", wut: "what", wht: "what", ppl: "people", acct: "account", acc: "account", msg: "message", msgs: "messages",
  bc: "because", cuz: "because", coz: "because", idk: "i don't know", b4: "before", smth: "something", sth: "something",
  abt: "about", hw: "how", shd: "should", shld: "should", dnt: "don't",
  gonna: "going to", wanna: "want to", gotta: "have to", tho: "though", rn: "right now", asap: "as soon as possible",
};
const CHAT_WORD = new RegExp(`(?<![\\p{L}\\p{N}'])(${Object.keys(CHAT_ENGLISH).join("|")})(?![\\p{L}\\p{N}'+])`, "gu");

/** True for a complete Hangul syllable (가–힣). */
export const isHangulSyllable = (ch: string): boolean => ch >= "\uac00" && ch <= "\ud7a3";

/**
 * Surface clean-up: NFKC (full-width letters and digits become ASCII), invisible characters
 * and emoji removed, lower case, letters repeated three or more times collapsed ("sooo" ->
 * "so"), emotive jamo runs dropped ("ㅠㅠㅠ", "ㅋㅋ"), repeated punctuation and whitespace
 * collapsed, chat abbreviations of English expanded ("r u", "pls", "idk", "acct").
 *
 * @example
 * cleanText("Ｃａｒｄ ｌｅａｋｅｄ??? sooo worried ㅠㅠㅠ 😭") // "card leaked? so worried"
 */
export function cleanText(raw: string): string {
  return raw
    .replace(EMOTIVE, " ")
    .normalize("NFKC")
    .replace(EMOTIVE_CONJOINING, " ")
    .replace(INVISIBLE, "")
    .replace(EMOJI, " ")
    .toLowerCase()
    .replace(EMOTIVE, " ")
    .replace(REPEATED_LATIN, "$1")
    .replace(REPEATED_PUNCT, "$1")
    .replace(CHAT_WORD, (w) => CHAT_ENGLISH[w] ?? w)
    .replace(WHITESPACE_RUN, " ")
    .trim();
}

/**
 * Polite and indirect wrappers around an English question ("could you kindly clarify which ...",
 * "I was wondering whether ...", "I wish to inquire as to ..."): their words say nothing about
 * the topic but weigh on it. Removed only when a question or its object follows, so "what can
 * you tell me" keeps its words.
 */
const POLITE = new RegExp(
  "(?<![a-z'])(?:" +
  [
    "(?:could|can|would|will|might) you (?:please |kindly |possibly )?(?:be able to |help me )?(?:please |kindly )?(?:tell me|explain(?: to me)?|clarify|advise(?: me)?(?: on)?|confirm|indicate|let me know|help me understand|outline|describe|specify|walk me through)",
    "(?:please |kindly )(?:tell me|explain|clarify|advise(?: me)?(?: on)?|confirm|indicate|let me know|outline|specify)",
    "i (?:was|am|'m) (?:just )?(?:wondering|curious)(?: to know)?",
    "i(?: would|'d) (?:like|love|want) to (?:know|understand|ask|inquire|find out|request|learn)(?: about)?",
    "i (?:wish|want|need|hope) to (?:inquire|ask|know|understand|find out|learn)(?: about)?",
    "(?:do you know|does anyone know|any idea|can anyone tell me)",
  ].join("|") + ")(?=,? (?:what|which|how|why|when|where|who|whom|whose|whether|if|is|are|was|were|the|my|a|an|as to|about|on|regarding)\\b)",
  "g",
);

/**
 * Removes polite and indirect wrappers from a cleaned English text (see `POLITE`).
 *
 * @example
 * stripPoliteWrapper("could you kindly clarify which measures are advisable") // "which measures are advisable"
 */
export function stripPoliteWrapper(text: string): string {
  return text.replace(POLITE, " ").replace(/\b(?:as to|regarding) (?=what|which|how|whether|the)/g, " ").replace(WHITESPACE_RUN, " ").trim();
}

/** Vocabularies the keyboard-layout repair consults, built from the training phrases. */
export interface LayoutVocabulary {
  /** Latin words known to be English (training words, stop words): never converted. */
  isEnglish(word: string): boolean;
  /** True if a Hangul string shares a syllable bigram with the Korean training phrases. */
  isKorean(hangul: string): boolean;
}

/**
 * Repairs Korean typed on an English keyboard layout ("dbcnf" -> "유출"). A Latin word is
 * converted only when it is not a known English word and its conversion is made of complete
 * Hangul syllables that the Korean vocabulary recognises. Runs before lower-casing, because
 * Shift selects the tense consonants (ㅃ ㅉ ㄸ ㄲ ㅆ).
 */
export function repairKeyboardLayout(raw: string, vocab: LayoutVocabulary): string {
  // Most messages have nothing to repair: the text is rebuilt only from the first word converted.
  // Words are runs of two or more ASCII letters, found by a scan rather than a regular expression's
  // match objects.
  let out: string | undefined;
  let last = 0;
  for (let i = 0; i < raw.length; ) {
    if (!isAsciiLetter(raw.charCodeAt(i))) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < raw.length && isAsciiLetter(raw.charCodeAt(j))) j++;
    const h = j - i >= 2 ? qwertyHangul(raw.slice(i, j), vocab) : undefined;
    if (h !== undefined) {
      out = (out ?? "") + raw.slice(last, i) + h;
      last = j;
    }
    i = j;
  }
  return out === undefined ? raw : out + raw.slice(last);
}

const isAsciiLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/** The Hangul a Latin word was meant to be, if it is not English and converts to known Korean. */
function qwertyHangul(word: string, vocab: LayoutVocabulary): string | undefined {
  if (vocab.isEnglish(word.toLowerCase())) return undefined;
  let h: string;
  try {
    h = convertQwertyToHangul(word);
  } catch {
    // A sequence es-hangul cannot assemble is simply not Korean.
    return undefined;
  }
  return HANGUL_SYLLABLES.test(h) && vocab.isKorean(h) ? h : undefined;
}

/**
 * Chat and polite endings and particles (조사), longest first. Stripped from the end of a Korean
 * word only while at least two syllables remain, so "카드도" -> "카드" and "유출됐나요" -> "유출됐",
 * but "정보" stays "정보".
 */
const ENDINGS = [
  "인가요", "는건가요", "건가요", "을까요", "ㄹ까요", "습니까", "합니까", "됩니까", "었나요", "았나요", "했나요", "됐나요",
  "나요", "가요", "까요", "에요", "예요", "이에요", "어요", "아요", "해요", "돼요", "되요", "세요", "주세요", "해줘", "줘요", "는지",
  "는데요", "는데", "던데", "거든요", "거든", "잖아요", "잖아", "인데", "이야", "이냐", "냐고", "래요", "대요", "나", "냐", "니", "음", "임", "요",
  "죠", "지요", "지", "네", "다", "야", "어", "아", "고", "함", "됨", "했음", "했어", "됐어",
  "에서", "에게", "한테", "으로", "까지", "부터", "이랑", "이나", "라도", "마저", "조차", "처럼", "보다", "에는", "에도", "은", "는", "이", "가", "을", "를",
  "에", "로", "와", "과", "도", "만", "의", "랑",
].sort((a, b) => b.length - a.length);

/**
 * Strips endings and particles from one Korean word, repeatedly ("비번도요" -> "비번").
 *
 * @example
 * stripKoreanEnding("유출됐나요") // "유출됐"
 */
export function stripKoreanEnding(word: string): string {
  let w = word;
  for (let guard = 0; guard < 3; guard++) {
    const e = ENDINGS.find((s) => w.length - s.length >= 2 && w.endsWith(s));
    if (!e) break;
    w = w.slice(0, -e.length);
  }
  return w;
}

/** Jamo of each character seen (es-hangul disassembles character by character; at most 11,172 syllables and their jamo). */
const JAMO = new Map<string, string>();

/** The jamo string of a Hangul text ("유출" -> "ㅇㅠㅊㅜㄹ"), for typo-tolerant n-grams. */
export function toJamo(hangul: string): string {
  let out = "";
  for (const ch of hangul) {
    let j = JAMO.get(ch);
    if (j === undefined) {
      j = disassemble(ch);
      if (JAMO.size < 20_000) JAMO.set(ch, j);
    }
    out += j;
  }
  return out;
}

/**
 * Keeps the parts of a long message that carry the question: its opening and, above all, its
 * end (people tell the story first and ask last). Bounds the matcher's cost per message.
 *
 * @example
 * focusLongText("x ".repeat(2000)).length <= 620 // true
 */
export function focusLongText(raw: string, head = 160, tail = 440): string {
  if (raw.length <= head + tail + 20) return raw;
  const a = raw.slice(0, head).replace(/\S*$/, "");
  const b = raw.slice(-tail).replace(/^\S*/, "");
  return `${a} ${b}`;
}

/**
 * The question of a message that tells a story or vents first: its last sentence or clause
 * ending in a question mark, when the message has more than one clause; otherwise null.
 *
 * @example
 * askedClause("i'm so angry, months of this, is anyone being punished?") // "is anyone being punished?"
 */
export function askedClause(text: string): string | null {
  const parts = text.split(/(?<=[.!?。？])\s+|\s*[,;]\s+/u).filter((p) => p.trim().length >= 4);
  if (parts.length < 2) return null;
  for (let i = parts.length - 1; i >= 0; i--) if (/[?？]\s*$/.test(parts[i] as string)) return (parts[i] as string).trim();
  return null;
}
