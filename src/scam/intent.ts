/**
 * What a message asks the reader to do, in words any scam uses whatever its lure or brand: move
 * the talk to a new number or app, hand cash to someone who comes by, move savings to a "safe"
 * account, keep it secret, tell a code back, install an app from a link; and who it speaks as
 * when it introduces itself as an officer. General signals, not a pack's vocabulary: every pack
 * gets them. Each pattern is bounded (no nested repetition) so a long message stays fast.
 */

/** Asked to carry on somewhere else: "이 번호로 문자해", "이걸로 카톡해줘", "this is my new number, save it". */
const CHANNEL_SWITCH =
  /(?:이|새|바뀐|임시|요)\s*번호로\s*(?:문자|연락|카톡|답장|전화)|(?:이걸로|여기로|이쪽으로)\s*(?:카톡|문자|연락|답장)|(?<![가-힣])번호\s*(?:저장|바꿨|바뀌었)|(?:text|message|whatsapp|call|reach)\s+me\s+(?:on|at)\s+(?:this|my\s+new)|(?:this|it)\s+is\s+my\s+new\s+(?:number|phone)|save\s+(?:it|this(?:\s+number)?|my\s+(?:new\s+)?number)\b|(?:move|switch|continue|talk)\s+(?:this\s+)?(?:to|on)\s+(?:whatsapp|telegram|signal)/i;
/** A relative named at the opening, as the family scam starts: "엄마 나 …", "Hi Mum, …". */
const KIN_OPENING = /^\s*(?:(?:hi|hey|hello)\s*,?\s*)?(?:엄마|아빠|어머니|아버지|이모|삼촌|고모|언니|누나|오빠|형|여보|자기|mum|mom|mummy|mommy|dad|daddy|grandma|grandpa|nana)(?![가-힣a-z])/i;
/** A phone that broke or was lost, which is why a new number writes. */
const PHONE_LOST = /(?:폰|휴대폰|핸드폰|액정|phone)[^.!?\n]{0,12}(?:고장|깨|잃어|분실|침수|물에|수리|먹통|broke|broken|lost|dropped|smashed|died)|(?:broke|lost|dropped|smashed)\s+(?:my\s+)?phone/i;
/** Cash handed to a person who comes for it: "저희 직원에게 현금 전달", "our agent will collect the cash". */
const CASH_HANDOVER =
  /(?:직원|기사|담당자|수거책|전달책|퀵\s*기사|수사관|관계자)\s*(?:분)?\s*(?:에게|한테|께)\s*(?:현금|돈|인출한\s*돈)[^.\n]{0,12}(?:전달|건네|드리|맡기|주시)|(?:현금|돈)\s*(?:을|으로)?\s*(?:인출|찾아)[^.\n]{0,20}(?:전달|건네|맡기)|(?:hand|give)\s+(?:the\s+|your\s+)?(?:cash|money)\s+(?:over\s+)?to\s+(?:our|an?|the)\s+(?:agent|employee|staff|courier|officer|representative)|(?:our|an?)\s+(?:agent|employee|courier|officer|staff\s+member)\s+(?:will\s+)?(?:come\s+to\s+)?(?:collect|pick\s+up)\s+(?:the\s+|your\s+)?(?:cash|money)|cash\s+(?:pick-?up|collection)/i;
/** Savings moved to an account someone else names: "transfer your savings to a protected account", "예금을 안전계좌로". */
const SAFE_ACCOUNT =
  /(?:transfer|move|send|deposit|wire)\s+(?:all\s+)?(?:of\s+)?(?:your|the)\s+(?:savings|funds|money|balance|deposits?)\s+(?:in)?to\s+(?:a|an|the)\s+(?:safe|secure|protected|designated|government|holding|special|new)\s+(?:\w+\s+)?account|(?:safe|secure|protected|designated)\s+account\s+(?:managed|held|run|provided|set\s+up)\s+by|(?:예금|예적금|적금|자산|자금|잔고|잔액|돈)[^.\n]{0,20}(?:안전|보호|지정|국가|검찰|금감원)\s*계좌/i;
/** Asked to keep it from others: "do not tell your bank", "가족에게도 알리지 마세요". */
const SECRECY =
  /(?:do\s+not|don't|never)\s+(?:tell|inform|contact|call|speak\s+to|discuss\s+(?:this\s+|it\s+)?with)\s+(?:anyone|anybody|your\s+(?:bank|family|wife|husband|parents|children|friends)|the\s+(?:bank|police))|keep\s+(?:this|it)\s+(?:a\s+)?(?:secret|confidential|between\s+us)|(?:가족|은행|누구|아무|주변|지인)[^.\n]{0,8}(?:알리지|말하지|얘기하지|발설하지|말씀하지)\s*(?:마|말|않)|비밀\s*(?:유지|로\s*해)/i;
/** A code asked to be told back: "did you get a code from them? tell me", "인증번호 좀 알려줘". */
const CODE_TOLD =
  /(?:code|인증\s*번호|인증\s*코드|확인\s*코드|코드)[^.!\n]{0,40}?(?:tell|send|give|forward|text|read)\s+(?:it\s+)?(?:to\s+|back\s+to\s+)?me\b|(?:tell|send|give|forward|text|read)\s+me\s+(?:the|that|your)\s+(?:\w+\s+)?code|(?:인증\s*번호|인증\s*코드|코드|숫자)\s*(?:좀|를|을)?\s*(?:알려|불러|보내|찍어\s*보내)\s*(?:줘|줄래|줄\s*수|주라|달라|주면|줄래요)/i;
/** The code of a door, a Wi-Fi network, a coupon: everyday codes, not one-time ones. */
const EVERYDAY_CODE = /wi-?fi|와이파이|door|gate|locker|coupon|promo|discount|현관|도어|쿠폰|할인|비번\s*뭐/i;
/** An app installed from a link sent in the message: "문자로 보내드린 링크 눌러서 … 설치", "install the app from this link". */
const APP_FROM_LINK =
  /(?:링크|url|주소)[^.\n]{0,30}(?:설치|깔아|다운)|(?:앱|어플|프로그램)[^.\n]{0,20}(?:링크|url)[^.\n]{0,12}(?:설치|깔아|다운|눌러)|(?:install|download)\s+(?:the\s+|this\s+|our\s+)?(?:[\w-]+\s+){0,2}(?:app|application)\s+(?:from|via|using|through|at)\s+(?:the\s+|this\s+)?link/i;
/** An officer introducing themselves: "This is Officer Park", "서울중앙지검 수사관입니다". */
const OFFICER =
  /\b(?:this\s+is|i\s+am|i'm|it's)\s+(?:officer|detective|investigator|inspector|prosecutor|sergeant|lieutenant|agent)\b|(?:검찰|지검|검찰청|경찰청|경찰서|수사관|검사|수사대|금융\s*감독원|금감원)\s*(?:의\s*)?[가-힣]{0,4}\s*(?:입니다|이에요|인데요)/i;
/** What an officer says a call is for: clearing a name, proving innocence. */
const CLEAR_NAME = /clear\s+your\s+name|prove\s+(?:your\s+)?innocence|(?:혐의|결백|무혐의)[^.\n]{0,8}(?:입증|증명|벗|풀)/i;

/** The intents found, each with the words as written (evidence). */
export interface Intents {
  channelSwitch?: string;
  /** A relative speaks from a new or broken phone and asks to move the talk (evidence: the opening). */
  familyMove?: string;
  cashHandover?: string;
  safeAccount?: string;
  secrecy?: string;
  codeTold?: string;
  appFromLink?: string;
  /** An officer introduces themselves, or says it is to clear your name. */
  officer?: string;
}

const hit = (re: RegExp, text: string) => re.exec(text)?.[0].trim();

/** Reads the intents of a cleaned message. */
export function readIntents(text: string): Intents {
  const out: Intents = {};
  const channel = hit(CHANNEL_SWITCH, text);
  if (channel) out.channelSwitch = channel;
  const kin = hit(KIN_OPENING, text);
  if (kin && channel) out.familyMove = hit(PHONE_LOST, text) ?? kin;
  const set = (k: Exclude<keyof Intents, "channelSwitch" | "familyMove">, re: RegExp) => {
    const e = hit(re, text);
    if (e) out[k] = e;
  };
  set("cashHandover", CASH_HANDOVER);
  set("safeAccount", SAFE_ACCOUNT);
  set("secrecy", SECRECY);
  if (!EVERYDAY_CODE.test(text)) set("codeTold", CODE_TOLD);
  set("appFromLink", APP_FROM_LINK);
  set("officer", OFFICER);
  if (!out.officer) set("officer", CLEAR_NAME);
  return out;
}
