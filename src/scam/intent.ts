/**
 * What a message asks the reader to do, in words any scam uses whatever its lure or brand: move
 * the talk to a new number or app, hand cash to someone who comes by, move savings to a "safe"
 * account, keep it secret, tell a code back, install an app from a link; and who it speaks as
 * when it introduces itself as an officer. General signals, not a pack's vocabulary: every pack
 * gets them. Each pattern is bounded (no nested repetition) so a long message stays fast.
 */

/** Asked to carry on somewhere else: "이 번호로 문자해", "이걸로 카톡해줘", "this is my new number, save it". */
const CHANNEL_SWITCH =
  /(?:이|새|바뀐|임시|요)\s*번호로\s*(?:문자|연락|카톡|답장|전화)|(?:이걸로|여기로|이쪽으로)\s*(?:카톡|문자|연락|답장)|(?<![가-힣])번호\s*(?:저장|바꿨|바뀌었)|(?:text|message|whatsapp|call|reach)\s+me\s+(?:on|at)\s+(?:this|my\s+new)|(?:this|it)\s+is\s+my\s+new\s+(?:number|phone)|save\s+(?:it|this(?:\s+number)?|my\s+(?:new\s+)?number)\b|(?:move|switch|continue|talk)\s+(?:this\s+)?(?:to|on)\s+(?:whatsapp|telegram|signal)|(?:오픈\s*)?(?:카톡|카카오톡|텔레그램|라인)\s*(?:에서\s*)?검색|search\s+(?:for\s+)?[^.\n]{1,30}?\s+on\s+(?:kakao\s*talk|kakao|telegram|whatsapp|line)\b/i;
/** A relative named at the opening, as the family scam starts: "엄마 나 …", "Hi Mum, …". */
const KIN_OPENING = /^\s*(?:(?:hi|hey|hello)\s*,?\s*)?(?:엄마|아빠|어머니|아버지|이모|삼촌|고모|언니|누나|오빠|형|여보|자기|mum|mom|mummy|mommy|dad|daddy|grandma|grandpa|nana)(?![가-힣a-z])/i;
/** A phone that broke or was lost, which is why a new number writes. */
const PHONE_LOST = /(?:폰|휴대폰|핸드폰|액정|phone)[^.!?\n]{0,12}(?:고장|깨|잃어|분실|침수|물에|수리|먹통|broke|broken|lost|dropped|smashed|died)|(?:broke|lost|dropped|smashed)\s+(?:my\s+)?phone/i;
/** Writing from someone else's phone: "친구 폰 빌렸어", "on my friend's phone". */
const BORROWED = /(?:친구|지인|다른\s*사람|옆\s*사람)\s*(?:의\s*)?(?:폰|휴대폰|핸드폰)|(?:friend'?s|borrowed|someone'?s|a\s+friend's)\s+phone/i;
/** Someone naming themselves at the opening, as a friend or relative would: "나 민지야", "이모 저 지훈이에요", "hey it's Jun". */
const SELF_INTRO = /^\s*(?:[가-힣]{1,3}\s*[,~!.]*\s*)?(?:나|저)\s*[가-힣]{2,3}(?:이)?(?:야|에요|예요)(?![가-힣])|^\s*(?:hi|hey|hello)?\s*,?\s*it'?s\s+me\b/i;
/** Cash handed to a person who comes for it: "저희 직원에게 현금 전달", "our agent will collect the cash". */
const CASH_HANDOVER =
  /(?:직원|기사|담당자|수거책|전달책|퀵\s*기사|수사관|관계자)\s*(?:분)?\s*(?:에게|한테|께)\s*(?:현금|돈|인출한\s*돈)[^.\n]{0,12}(?:전달|건네|드리|맡기|주시)|(?:현금|돈)\s*(?:을|으로)?\s*(?:인출|찾아)[^.\n]{0,20}(?:전달|건네|맡기)|(?:hand|give)\s+(?:the\s+|your\s+)?(?:cash|money)\s+(?:over\s+)?to\s+(?:our|an?|the)\s+(?:agent|employee|staff|courier|officer|representative)|(?:our|an?)\s+(?:agent|employee|courier|officer|staff\s+member)\s+(?:will\s+)?(?:come\s+to\s+)?(?:collect|pick\s+up)\s+(?:the\s+|your\s+)?(?:cash|money)|cash\s+(?:pick-?up|collection)|(?:직원|담당자|수거책|전달책|관계자|수사관|요원)[^.\n]{0,20}(?:만나서|방문해서|찾아와서|찾아가서|와서|직접)[^.\n]{0,15}현금[^.\n]{0,8}(?:받아|수거|가져|전달|건네)|(?:courier|agent|an?\s+officer|employee)\s+(?:would|will|is\s+going\s+to|to)\s+come\s+(?:by\s+|over\s+)?(?:and\s+|to\s+)?(?:pick\s+up|collect)\s+(?:the\s+|your\s+)?(?:cash|money)/i;
/** Savings moved to an account someone else names: "transfer your savings to a protected account", "예금을 안전계좌로". */
const SAFE_ACCOUNT =
  /(?:transfer|move|send|deposit|wire|migrate)\s+(?:all\s+)?(?:of\s+)?(?:your|the|them|it)\s+(?:(?:savings|funds|money|balance|deposits?|assets|coins)\s+)?(?:in)?to\s+(?:a|an|the)\s+(?:new\s+)?(?:safe|secure|protected|designated|government|holding|special|new)\s+(?:\w+\s+)?(?:account|wallet)|(?:safe|secure|protected|designated)\s+account\s+(?:managed|held|run|provided|set\s+up)\s+by|(?:예금|예적금|적금|자산|자금|잔고|잔액|돈)[^.\n]{0,20}(?:안전|보호|지정|국가|검찰|금감원)\s*계좌|(?:잔액|잔고|자산|예금)[^.\n]{0,6}(?:검수|전수\s*조사|보호\s*조치)/i;
/** Asked to keep it from others: "do not tell your bank", "가족에게도 알리지 마세요". */
const SECRECY =
  /(?:do\s+not|don't|never)\s+(?:tell|inform|contact|call|speak\s+to|discuss\s+(?:this\s+|it\s+)?with)\s+(?:anyone|anybody|your\s+(?:bank|family|wife|husband|parents|children|friends)|(?:mum|mom|dad|grandma|grandpa)|the\s+(?:bank|police))|keep\s+(?:this|it)\s+(?:a\s+)?(?:secret|confidential|between\s+us)|(?:가족|은행|누구|아무|주변|지인|엄마|아빠|부모님|할머니|할아버지|남편|아내)[^.\n]{0,8}(?:알리지|말하지|얘기하지|발설하지|말씀하지)\s*(?:마|말|않)|비밀\s*(?:유지|로\s*해)/i;
/** Kept from the police under a threat: "경찰에 알리면 끝이야", "if you call the police you will never see him". */
const POLICE_BAN =
  /(?:경찰|신고)[^.\n]{0,6}(?:알리면|하면|연락하면)[^.\n]{0,10}(?:끝|죽|가만|안\s*(?:돼|된|됨)|큰일|해칠|다친|못\s*볼)|if\s+you\s+(?:call|tell|contact|go\s+to)\s+the\s+police[^.\n]{0,30}(?:never|hurt|kill|die|dead|regret|over)/i;
/** A code asked to be told back: "did you get a code from them? tell me", "인증번호 좀 알려줘". */
const CODE_TOLD =
  /(?:code|인증\s*번호|인증\s*코드|확인\s*코드|코드)[^.!\n]{0,40}?(?:tell|send|give|forward|text|read)\s+(?:it\s+)?(?:to\s+|back\s+to\s+)?me\b|(?:tell|send|give|forward|text|read)\s+(?:me|him|her|them|us)\s+(?:the|that|your)\s+(?:(?:\w+\s+)?code|\d[\s-]?digits?)|read\s+(?:it\s+)?(?:back|out)\s+(?:the\s+|your\s+)?(?:[\w-]+\s+){0,2}code|(?:인증\s*번호|인증\s*코드|코드|숫자)\s*(?:좀|를|을)?\s*(?:알려|불러|보내|찍어\s*보내)\s*(?:줘|줄래|줄\s*수|주라|달라|주면|줄래요)/i;
/** The code of a door, a Wi-Fi network, a coupon: everyday codes, not one-time ones. */
const EVERYDAY_CODE = /wi-?fi|와이파이|door|gate|locker|coupon|promo|discount|현관|도어|쿠폰|할인|비번\s*뭐/i;
/** An app installed from a link sent in the message: "문자로 보내드린 링크 눌러서 … 설치", "install the app from this link". */
const APP_FROM_LINK =
  /(?:링크|url|주소)[^.\n]{0,30}(?:설치|깔아|다운)|(?:앱|어플|프로그램)[^.\n]{0,20}(?:링크|url)[^.\n]{0,12}(?:설치|깔아|다운|눌러)|(?:install|download)\s+(?:the\s+|this\s+|our\s+|their\s+|his\s+|her\s+|an?\s+)?(?:[\w-]+\s+){0,2}(?:app|application)\s+(?:from|via|using|through|at)\s+(?:the\s+|this\s+|a\s+|their\s+|his\s+|her\s+)?link|(?:install|download)\s+(?:an?\s+|the\s+|their\s+)?(?:[\w-]+\s+){0,2}(?:app|application)\s+(?:called|named)\b[^.\n]{0,40}?\bso\s+(?:that\s+)?(?:they|he|she|we)\s+can/i;
/** An officer introducing themselves: "This is Officer Park", "서울중앙지검 수사관입니다". */
const OFFICER =
  /\b(?:this\s+is|i\s+am|i'm|it's)\s+(?:officer|detective|investigator|inspector|prosecutor|sergeant|lieutenant|agent)\b|(?:검찰|지검|검찰청|경찰청|경찰서|수사관|검사|수사대|금융\s*감독원|금감원)\s*(?:의\s*)?[가-힣]{0,4}\s*(?:입니다|이에요|인데요)/i;
/** What an officer says a call is for: clearing a name, proving innocence. */
const CLEAR_NAME = /clear\s+your\s+name|prove\s+(?:your\s+)?innocence|(?:혐의|결백|무혐의)[^.\n]{0,8}(?:입증|증명|벗|풀)/i;

/** A fee or tax paid first, before money is released: "세금 20%를 먼저 입금", "수수료 선입금 시", "a retainer of $500 is required to begin". */
const FEE_FIRST =
  /(?:세금|수수료|보험료|보증금|예치금|인지대|선납금|이용료|가입비|등록비|해제비|비용|공탁금|보증료)[^.\n]{0,15}(?:먼저|우선|미리)\s*(?:입금|납부|송금|결제|내)|(?:수수료|보험료|보증금|비용|세금)[^.\n]{0,10}선\s*입금|(?:fee|tax(?:es)?|deposit|retainer|charge|premium)\s+of\s+(?:\$|usd\s?|krw\s?|₩|€|£)?\d[\d,.]*(?:[^.\n]{0,30}?(?:required|needed|must\s+be\s+paid)|\s*(?:usd|krw|won|dollars)?\s+to\s+(?:claim|release|unlock|activate))|(?:deposit|pay|send|needs?)\s+(?:a\s+|an\s+|the\s+)?(?:small\s+|refundable\s+|one-time\s+)?(?:\$|usd\s?|krw\s?|₩)?\d[\d,.]*\s*(?:k\b|usd|krw|won|dollars)?\s+(?:(?:in\s+)?\w+\s+){0,2}?(?:fee|tax|deposit|retainer)\b|(?:needs?|pay|send)\s+(?:\$|usd\s?|krw\s?|₩)?\d[\d,.]*\s*(?:k\b|usd|krw|won|dollars)?\s+for\s+(?:a|the|his|her|my)\s+(?:\w+\s+)?(?:fee|tax|deposit)/i;
/** The fee denied right after ("먼저 납부하실 필요는 없습니다") or before ("no need to pay a fee of …"). */
const FEE_DENIED_AFTER = /^[^.\n]{0,12}?(?:필요(?:는|가)?\s*없|않|안\s*(?:됩|돼))/;
const FEE_DENIED_BEFORE = /\b(?:no|never|not|don't|won't)\b[^.\n]{0,20}$/i;
/** Told as news or advice, of other people: "victims were told", "일당은 … 속였다", "…라는 요구는 사기입니다". */
const REPORTED = /\b(?:victims?|fraudsters|scammers|criminals|police\s+said|according\s+to)\b|피해자(?:들)?(?:에게|을|를|들은)|일당|범인들|(?:속였|가로챘|편취했|검거됐|붙잡혔|구속됐)다|경찰에\s*따르면|(?:라는|하라는)\s*(?:요구|문자|전화|연락)(?:는|은)[^.\n]{0,12}(?:사기|피싱)/i;
/** What the fee is said to unlock: money released, a loan approved, a job or a prize. */
const UNLOCK = /출금|인출|대출|승인|환급|보상금|당첨금|수익금|지급|해제|배상금|\b(?:withdraw|release|claim|unlock|approv|loan|recover|winnings|prize|payout|commission|profits?|trainee|position)/i;
/** Sent more than the price, asked to send the rest back: "wire back the difference", "차액을 돌려주세요". */
const OVERPAY =
  /(?:(?:asked|asking|asks|wants?|told|tells|needs?)\s+(?:me|you)\s+to|please|can\s+you|could\s+you|kindly)\s+(?:just\s+)?(?:send|wire|transfer|pay|return)\s+(?:back\s+)?(?:the\s+)?(?:\$?[\d,.]+\s+)?(?:difference|extra|excess|overpaid\s+amount|overpayment)|차액[^.\n]{0,10}(?:돌려|송금|입금|보내|반환)\s*(?:주세요|줘|주시|달라|해\s*주|주실)/i;
/** Sent by cheque or by mistake: what makes an overpayment the scam. */
const OVERPAY_WHY = /check|cheque|수표|overpa|mistake|실수|잘못/i;
/** An automated call that asks to press a key: "정지 해제를 원하시면 1번을 누르세요", "Press 1 to speak with an officer". */
const PRESS_KEY = /\bpress\s+(?:\d|one|zero)\s+(?:to|for|now)\b|\d\s*번을?\s*(?:누르|눌러)/i;
/** The one telling it was called by the scammer: "got a call from", "전화가 왔는데". */
const REPORTED_CALL = /(?:got|had|received)\s+a\s+(?:phone\s+)?call|called\s+me\b|(?:전화|연락)(?:가|이|를)?\s*(?:왔|받았)/i;

/** A bait of curiosity about the reader: "이거 너 아니야?", "is this you in the video?". */
const CURIOSITY =
  /이거\s*(?:너|니|당신)\s*(?:야|아니야|맞지|맞아)|(?:너|니)\s*(?:사진|영상|동영상)\s*(?:이|이야|올라|떴|돌아)|사진\s*찍혔|\bis\s+(?:this|that)\s+(?:really\s+)?you\b|you\s+(?:are|were)\s+in\s+this\s+(?:video|photo|picture)/i;

/** The intents found, each with the words as written (evidence). */
export interface Intents {
  channelSwitch?: string;
  /** A relative speaks from a new or broken phone and asks to move the talk (evidence: the opening). */
  familyMove?: string;
  /** Someone naming themselves writes from a new or borrowed phone: the family scam when money is asked (evidence: the opening). */
  familyMoveIfAsked?: string;
  cashHandover?: string;
  safeAccount?: string;
  secrecy?: string;
  codeTold?: string;
  appFromLink?: string;
  /** An officer introduces themselves, or says it is to clear your name. */
  officer?: string;
  /** Kept from the police under a threat. */
  policeBan?: string;
  /** A fee paid first; `feeUnlocks` when it is said to release money, a loan, a job or a prize. */
  feeFirst?: string;
  feeUnlocks?: boolean;
  /** Asked to send back what was overpaid; `overpayWhy` when by cheque or by mistake. */
  overpay?: string;
  overpayWhy?: boolean;
  /** An automated call asks to press a key. */
  pressKey?: string;
  /** A bait of curiosity about the reader ("is this you?"). */
  curiosity?: string;
  /** The one writing was called by the sender (a story of a call, not a text). */
  reportedCall?: boolean;
}

const hit = (re: RegExp, text: string) => re.exec(text)?.[0].trim();

/** Reads the intents of a cleaned message. */
export function readIntents(text: string): Intents {
  const out: Intents = {};
  const channel = hit(CHANNEL_SWITCH, text);
  if (channel) out.channelSwitch = channel;
  const kin = hit(KIN_OPENING, text);
  const lost = hit(PHONE_LOST, text);
  // A relative (or someone naming themselves) writing from a new or borrowed phone.
  const intro = kin ?? hit(SELF_INTRO, text);
  if (kin && channel) out.familyMove = lost ?? kin;
  else if (intro && (channel || BORROWED.test(text))) out.familyMoveIfAsked = lost ?? intro;
  const set = (k: Exclude<keyof Intents, "channelSwitch" | "familyMove" | "familyMoveIfAsked" | "feeUnlocks" | "overpayWhy" | "reportedCall">, re: RegExp) => {
    const e = hit(re, text);
    if (e) out[k] = e;
  };

  set("secrecy", SECRECY);
  if (!EVERYDAY_CODE.test(text)) set("codeTold", CODE_TOLD);
  set("appFromLink", APP_FROM_LINK);
  set("officer", OFFICER);
  if (!out.officer) set("officer", CLEAR_NAME);
  set("policeBan", POLICE_BAN);
  // News or advice about such demands reads of others: the strong demands below are not the message's own.
  const reported = REPORTED.test(text);
  if (!reported) {
    set("cashHandover", CASH_HANDOVER);
    set("safeAccount", SAFE_ACCOUNT);
  }
  const fee = reported ? null : FEE_FIRST.exec(text);
  if (fee && !FEE_DENIED_AFTER.test(text.slice(fee.index + fee[0].length)) && !FEE_DENIED_BEFORE.test(text.slice(Math.max(0, fee.index - 24), fee.index))) {
    out.feeFirst = fee[0].trim();
    out.feeUnlocks = UNLOCK.test(text);
  }
  if (!reported) set("overpay", OVERPAY);
  if (out.overpay) out.overpayWhy = OVERPAY_WHY.test(text);
  set("pressKey", PRESS_KEY);
  set("curiosity", CURIOSITY);
  if (REPORTED_CALL.test(text)) out.reportedCall = true;
  return out;
}
