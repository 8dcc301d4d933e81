import { describe, expect, it } from "vitest";
import { checkMessage, looksLikeMessage } from "../../src/scam/check.js";
import { defang, refang } from "../../src/scam/defang.js";
import { editDistance } from "../../src/scam/domains.js";
import { SCAM_FLAG_KINDS, type ScamFlagKind } from "../../src/scam/flags.js";
import { extractLinks, KNOWN_TLDS, spaceScripts } from "../../src/scam/links.js";
import { findNumbers } from "../../src/scam/numbers.js";
import { readStructure } from "../../src/scam/structure.js";
import type { ScamRules } from "../../src/scam/rules.js";
import { realPack } from "../helpers/packs.js";

const rules = async (): Promise<ScamRules> => {
  const r = (await realPack()).scam;
  if (!r) throw new Error("the default pack has no scam.yaml");
  return r;
};
const kinds = async (text: string) => checkMessage(await rules(), text).flags.map((f) => f.kind);

describe("link extraction", () => {
  it.each([
    ["쿠팡 coupang-refund.kr/apply 에서 신청", "coupang-refund.kr", "/apply"],
    ["www.x.kr", "www.x.kr", ""],
    ["확인cpang-delivery.com/addr/8831에서", "cpang-delivery.com", "/addr/8831"],
    ["신청bit.ly/wowRefund3", "bit.ly", "/wowRefund3"],
    ["fss.or.kr로 문의", "fss.or.kr", ""],
    ["http://1.2.3.4:8080/a.apk", "1.2.3.4", "/a.apk"],
    ["https://coupang.com@cp-verify.net/login", "cp-verify.net", "/login"],
    ["ｃｏｕｐａｎｇ－ｂｏｓａｎｇ．ｋｒ 에서".normalize("NFKC"), "coupang-bosang.kr", ""],
    ["support@coupang-care.net", "coupang-care.net", ""],
  ])("%s → %s", (text, host, rest) => {
    const [l] = extractLinks(spaceScripts(text));
    expect(l?.host).toBe(host);
    expect(l?.rest).toBe(rest);
  });

  it("finds nothing in prices, versions and dates", () => {
    expect(extractLinks(spaceScripts("1,290,000원 3.5배 v2.0 12/04 14:22"))).toEqual([]);
  });

  it("decodes punycode to the Unicode the user sees", () => {
    expect(extractLinks("https://cоupang.com/x")[0]?.unicodeHost).toBe("cоupang.com");
  });
});

describe("lookalike domains and link tricks", () => {
  it.each<[string, ScamFlagKind, string]>([
    ["coupang-bosang.kr/claim", "lookalike_domain", "coupang.com"],
    ["cpang-help.com/verify", "lookalike_domain", "coupang.com"],
    ["coupnag-event.com", "lookalike_domain", "coupang.com"],
    ["kisa-safe-check.kr/scan", "lookalike_domain", "kisa.or.kr"],
    ["http://coupang.com.refund-center.net/apply", "brand_in_subdomain", "coupang.com"],
    ["http://cp-victim-check.kr/www.coupang.com/victim", "official_in_path", "coupang.com"],
    ["https://verify.net/login?next=coupang.com", "official_in_path", "coupang.com"],
    ["https://coupang.com@cp-verify.net/login", "userinfo_host", "coupang.com"],
    ["https://cоupang.com/refund", "homoglyph_domain", "coupang.com"],
    ["https://xn--cupang-wqf.com/refund", "homoglyph_domain", "coupang.com"],
  ])("%s: %s of %s", async (text, kind, imitates) => {
    const f = checkMessage(await rules(), `쿠팡 보상금 신청 ${text}`).flags.find((x) => x.kind === kind);
    expect(f?.imitates).toBe(imitates);
  });

  it.each<[string, ScamFlagKind]>([
    ["me2.do/xCpg91", "shortener"],
    ["han.gl/cPxq7", "shortener"],
    ["http://203.0.113.7/refund", "ip_host"],
    ["http://refund-now.kr:8443/a", "odd_port"],
    ["sim-guard-kr.com/usim.apk", "app_download"],
    ["CoupangSecure.apk 설치", "app_download"],
    ["첨부된 피해확인서.zip 파일", "attachment"],
    ["https://mybox-file7.kr/d/8f2Kx", "unknown_link"],
    ["https://mall-name.co.kr.order-check.top/a", "brand_in_subdomain"],
  ])("%s: %s", async (text, kind) => {
    expect(await kinds(text)).toContain(kind);
  });

  it("a brand's name with a link that is not its own", async () => {
    expect(await kinds("[쿠팡] 주문 확인 https://order-check-center.com")).toContain("brand_unofficial_link");
  });

  it("official and trusted domains raise nothing", async () => {
    for (const t of ["https://www.coupang.com/np/mycoupang/orders", "https://ecrm.police.go.kr", "www.boho.or.kr", "https://www.youtube.com/watch?v=x"]) {
      expect(checkMessage(await rules(), t).verdict).toBe("no_red_flags");
    }
  });

  it("edit distance stops early", () => {
    expect(editDistance("cpang", "coupang")).toBe(2);
    expect(editDistance("coupang", "kakaobank")).toBe(3);
  });
});

describe("numbers", () => {
  it.each([
    ["즉시 고객센터 070-1234-5678", "07012345678"],
    ["010-0000-1234로 연락", "01000001234"],
    ["Call 02-0000-3321 today", "0200003321"],
    ["+82 10 1234 5678", "01012345678"],
    ["문의 1588-1234", "15881234"],
  ])("%s → %s", (text, national) => {
    expect(findNumbers(text).map((n) => n.national)).toEqual([national]);
  });

  it("case numbers, amounts, masked account numbers and order numbers are not phone numbers", () => {
    expect(findNumbers("사건번호 2025-4471, 1,290,000원, 123***45, 주문 #2025120311")).toEqual([]);
  });

  it("a callback number that is not official is flagged; the official one is not", async () => {
    expect(await kinds("[쿠팡] 결제 승인. 본인 아닐 경우 고객센터 070-1234-5678")).toContain("callback_number");
    expect(await kinds("[쿠팡] 문의는 고객센터 1577-7011")).not.toContain("callback_number");
  });

  it("an international sender tag counts alone; [Web발신] only with a lure and a way to act on it", async () => {
    expect(await kinds("[국제발신] 안녕하세요")).toContain("sender_prefix");
    expect(await kinds("[Web발신] 12/05 09:01 입금 2,850,000")).not.toContain("sender_prefix");
    expect(await kinds("[Web발신] 유출 피해 보상금 지급 대상 070-4412-9981")).toContain("sender_prefix");
    // A notice with nothing to tap, call or reply to (genuine alerts send you to the number you know).
    expect(await kinds("[Web발신] 유출 피해 보상금 지급 대상")).not.toContain("sender_prefix");
  });
});

describe("lures and requests, in both languages", () => {
  it.each<[string, ScamFlagKind, string]>([
    ["쿠팡 유출 피해 보상금 지급 대상입니다", "lure", "lure:compensation"],
    ["You are eligible for KRW 100,000 compensation", "lure", "lure:compensation"],
    ["환불금 23,000원이 미수령 상태입니다", "lure", "lure:refund"],
    ["Your refund of ₩250,000 is ready", "lure", "lure:refund"],
    ["유출 여부 조회 서비스 오픈", "lure", "lure:affected-check"],
    ["Check whether you were affected", "lure", "lure:affected-check"],
    ["보상 쿠폰 50,000원이 발급되었습니다", "lure", "lure:voucher"],
    ["관세 미납으로 통관 보류", "lure", "lure:customs-fee"],
    ["Pay the customs fee to release your parcel", "lure", "lure:customs-fee"],
    ["24시간 이내 본인인증 미완료 시 계정이 영구 정지됩니다", "lure", "lure:account-suspension"],
    ["Your account will be SUSPENDED in 12 hours", "lure", "lure:account-suspension"],
    ["보안 앱을 설치하세요", "lure", "lure:urgent-app"],
    ["카드번호 16자리, 유효기간, CVC를 회신해주세요", "secret_request", "asks for card"],
    ["Reply with the 6-digit code we just sent you", "secret_request", "asks for code"],
    ["주민등록번호 13자리를 답장으로 보내주시기 바랍니다", "secret_request", "asks for rrn"],
    ["신분증 사진을 찍어 보내주세요", "secret_request", "asks for id-card"],
    ["just enter your Coupang email and password", "secret_request", "asks for password"],
    ["AnyDesk 설치하신 후 9자리 번호 알려주세요", "remote_app", "remote app"],
    ["install TeamViewer QuickSupport", "remote_app", "remote app"],
    ["구글플레이 기프트카드 5만원권 구매 후 핀번호를 보내주세요", "gift_card", "gift card"],
    ["purchase 4 Google Play gift cards and send photos of the codes", "gift_card", "gift card"],
    ["엄마 나 폰 고장나서 임시폰이야", "family_impersonation", "family impersonation"],
    ["Hi Mum, it's me, dropped my phone", "family_impersonation", "family impersonation"],
    ["서울중앙지검 수사관입니다. 귀하 명의 대포통장이 개설되어 조사 대상입니다", "authority_threat", "authority threat"],
    ["첨부된 QR을 스캔 후 로그인하세요", "qr_code", "qr code"],
    ["이용 중인 서비스가 내일 중단될 예정입니다", "lure", "lure:account-suspension"],
    ["If you don't recognize this charge, let us know", "lure", "lure:unauthorized-payment"],
    ["I earned $12k trading with my crypto coach", "lure", "lure:investment"],
    ["변경하실 비밀번호를 답장으로 남겨주세요", "secret_request", "asks for password"],
    ["the site asked for my card number", "secret_request", "asks for card"],
    ["환불을 위해 카드번호를 다시 입력하셔야 합니다", "secret_request", "asks for card"],
    ["please type your 24-word seed phrase to restore it", "secret_request", "asks for bank"],
    ["you can pay the balance with a prepaid Visa card", "gift_card", "gift card"],
    // Marks between Hangul letters are read through; the evidence is quoted as written.
    ["쿠.팡 보.상.금 지급 대상입니다", "lure", "lure:compensation"],
    ["계*좌 비*밀*번*호 입력해주세요", "secret_request", "asks for bank"],
  ])("%s: %s (%s)", async (text, kind, detail) => {
    // With a way to act on it (a link): a lure alone, with nothing to tap or call, weighs half and is not shown.
    const f = checkMessage(await rules(), `${text} https://x-site.kr/a`).flags.find((x) => x.kind === kind && x.detail === detail);
    expect(f?.detail).toBe(detail);
    expect(text.toLowerCase().replace(/\s+/g, "")).toContain((f?.evidence ?? "∅").toLowerCase().replace(/\s+/g, ""));
  });

  it("every flag kind is covered by a case above or a dedicated test", () => {
    expect(SCAM_FLAG_KINDS.length).toBe(25);
  });

  it("talk about a scam (a lure, nothing to tap or call) is not flagged", async () => {
    for (const t of ["쿠팡 보상금 준다는 문자 받았는데 이거 진짜예요? 링크는 안 눌렀어요", "Did you get the compensation email from Coupang too? I think it's fake", "쿠팡에서 산 에어프라이어 환불 신청했는데 언제 돼요?"]) {
      expect(checkMessage(await rules(), t).verdict).toBe("no_red_flags");
    }
  });

  it("a link shared in a sentence weighs less than a bare link from nowhere", async () => {
    expect(checkMessage(await rules(), "이 카페 분위기 좋더라 다음에 같이 가자 https://smallcafe-blog.kr/post/12").verdict).toBe("no_red_flags");
    expect(checkMessage(await rules(), "https://weird-site-xyz.info/a").verdict).toBe("suspicious");
  });
});

describe("verdicts", () => {
  it.each([
    ["[국제발신]\n[쿠팡] 고객님의 개인정보가 유출된 것으로 확인되었습니다. 피해 보상금 지급 대상이오니 아래에서 신청해 주세요.\nhttps://coupang-bosang.kr/claim?id=29481", "scam"],
    ["Coupang Alert: A payment of KRW 890,000 was approved. If you did not make this purchase, call 070-1234-5678 immediately.", "scam"],
    ["엄마 나 폰 액정 나가서 임시폰이야 ㅠ 급하게 문화상품권 10만원짜리 3장만 사서 핀번호 사진 찍어 보내줄수있어?", "scam"],
    ["모르는 번호로 링크만 왔어요\nhttps://mybox-file7.kr/d/8f2Kx", "suspicious"],
    ["엄마 나 폰 깨져서 수리 맡겼어 텔레그램 아이디 추가해줘 @mom_help22", "scam"],
    ["The police cyber unit has an arrest warrant for you. Call back immediately to settle it", "scam"],
  ])("%s → %s", async (text, verdict) => {
    expect(checkMessage(await rules(), text).verdict).toBe(verdict);
  });

  it.each([
    ["a genuine notice with the official domain and number", "[쿠팡] 개인정보 노출 사고 관련 안내\n고객님의 이름, 전화번호, 이메일, 배송지 주소 일부가 노출된 사실을 알려드립니다. 자세한 내용은 www.coupang.com 공지사항에서 확인하실 수 있습니다.\n쿠팡은 문자로 보상 신청 링크를 보내지 않습니다. 문의: 1577-7011"],
    ["a bank payment alert", "[Web발신]\n신한카드(1*2*)승인\n김*수\n32,800원 일시불\n12/04 14:22 쿠팡\n누적 412,300원"],
    ["a one-time code that says do not share (ko)", "[쿠팡] 인증번호 [482913]를 입력해주세요. 타인에게 절대 알려주지 마세요."],
    ["a one-time code that says do not share (en)", "Your Coupang verification code is 739201. Do not share this code with anyone."],
    ["a refund processed to the original payment method", "Coupang: Your refund of ₩23,400 for order #2025120311 has been processed to your original payment method. No action is needed."],
    ["a warning that quotes a fake domain", "[뉴스] 경찰은 'coupang-bosang.kr'처럼 쿠팡을 사칭한 가짜 보상 사이트가 잇따라 발견되고 있다며 문자 속 링크를 누르지 말라고 당부했다."],
    ["a family message", "엄마 나 오늘 야근이라 저녁 먹고 들어갈게~ 쿠팡에서 휴지 시켰으니까 오면 받아줘"],
    ["a news link", "here's the article I mentioned https://n.news.naver.com/article/015/0000000002"],
    ["a page on a known site", "읽어봐 https://www.bbc.com/korean/articles/c2025.html"],
    ["real help lines", "피싱 의심되면 경찰청 112나 금감원 1332로 전화하세요"],
  ])("no red flags: %s", async (_what, text) => {
    expect(checkMessage(await rules(), text).verdict).toBe("no_red_flags");
  });
});

describe("where the checker steps in", () => {
  it.each([
    ["[Web발신] 택배 주소 확인 han.gl/x", true],
    ["is coupang-refund.kr real?", true],
    ["[국제발신] 안녕하세요", true],
    ["방금 이런 문자가 왔는데요 고객님 계정 관련 긴급 확인 필요 이 번호로 회신 바랍니다 010-1234-5678 이거 뭐예요", true],
    ["카드번호도 유출됐나요?", false],
    ["비밀번호 바꿨어요", false],
  ])("%s → %s", async (text, yes) => {
    expect(looksLikeMessage(await rules(), text)).toBe(yes);
  });

  it("defangs links quoted back", () => {
    expect(defang("https://coupang-bosang.kr/claim")).toBe("hxxps://coupang-bosang[.]kr/claim");
    expect(defang("1,290,000원 3.5배")).toBe("1,290,000원 3.5배");
  });

  it.each([
    ["hxxps://parcel-fee[.]top/p 납부", "https://parcel-fee.top/p 납부"],
    ["신청 acme-bosang . shop/a", "신청 acme-bosang.shop/a"],
    ["visit acme (dot) help", "visit acme.help"],
    ["http://10.0.0[.]7/x", "http://10.0.0.7/x"],
    ["3 . 5 points, home. It was late. Go . Now", "3 . 5 points, home. It was late. Go . Now"],
  ])("reads a hidden link as one: %s", (text, read) => {
    expect(refang(text, KNOWN_TLDS)).toBe(read);
  });

  it("a link with hidden dots is judged like the link itself", async () => {
    expect(checkMessage(await rules(), "[국제발신] 관세 미납 납부 hxxps://parcel-fee[.]top/p").verdict).toBe("scam");
  });
});

describe("the generic shape of a scam, whatever its lure (the pack's lures left out)", () => {
  const lureless = async (): Promise<ScamRules> => ({ ...(await rules()), lures: [] });
  it.each([
    ["a sender tag, a sum, pressure and an unknown link", "[Parcel Office] Your parcel is on hold. Pay KRW 3,000 today at parcel-release.top", "scam"],
    ["the same in Korean", "[택배보관센터] 주소 불일치로 보관 중입니다. 보관료 2,500원 오늘까지 납부 parcel-desk.xyz/k", "scam"],
    ["a sender tag and an unknown link", "[택배보관센터] 주소 불일치로 상품을 보관 중입니다 parcel-desk.xyz/k", "suspicious"],
    ["a bill with a service number", "[OO카드] 12월 결제 예정 금액 54,300원 안내. 문의 1588-0000", "no_red_flags"],
    ["a reminder with a landline", "Reminder: the school trip is on Monday. Questions? Call 031-555-0199.", "no_red_flags"],
    ["a friend's link and a sum", "오늘 저녁 7시 모임 장소 여기야 place-map.kr/x 회비 2만원", "no_red_flags"],
  ])("%s → %s", async (_what, text, verdict) => {
    expect(checkMessage(await lureless(), text).verdict).toBe(verdict);
  });

  it.each([
    ["[국세청] 안내", "[국세청]"],
    ["[Web발신]\n[택배센터] 보관 중", "[Web발신]\n[택배센터]"],
    ["USPS: your parcel", "USPS:"],
    ["(광고) 이번 주 특가", undefined],
    ["[Web발신] 안녕하세요", undefined],
  ])("opening sender tag of %j: %j", (text, sender) => {
    expect(readStructure(text).sender).toBe(sender);
  });

  it.each([
    ["보관료 2,500원", "2,500원"],
    ["Pay $1.99 now", "$1.99"],
    ["KRW 50,000 voucher", "KRW 50,000"],
    ["주문 3개", undefined],
  ])("amount in %j: %j", (text, amount) => {
    expect(readStructure(text).amount).toBe(amount);
  });
});

describe("what a message asks, whatever its lure (src/scam/intent.ts; the pack's lures left out)", () => {
  const lureless = async (): Promise<ScamRules> => ({ ...(await rules()), lures: [] });
  it.each([
    ["a relative on a broken phone moves the talk to this chat", "엄마 폰 고장나서 이 번호로 문자해", "scam"],
    ["the same with a messenger", "아빠 나 휴대폰 떨어뜨려서 수리 중이야 이걸로 카톡해줘", "scam"],
    ["a new number to save, in English", "Hey Mum it's me, this is my new number, save it. Need a favour later", "scam"],
    ["cash handed to an employee for a loan", "OO캐피탈 대출팀입니다. 기존 대출금은 방문하는 저희 직원에게 현금 전달하시면 바로 대환됩니다", "scam"],
    ["cash collected by an agent", "Your loan is approved. Our agent will collect the cash at your door tomorrow to close the old loan.", "scam"],
    ["an officer, to clear your name, a protected account", "This is Officer Lee from the cyber crime unit. To clear your name, move your savings to a protected account managed by our office.", "scam"],
    ["an officer and secrecy", "서울경찰청 수사관입니다. 예금을 국가 안전계좌로 옮기셔야 합니다. 가족에게도 알리지 마세요", "scam"],
    ["a friend asking to be told a code", "hey it's Jun, locked out of my account lol, did you get a code from them? tell me pls", "scam"],
    ["the same in Korean", "나 계정 잠겨서 그런데 너한테 문자로 간 인증번호 좀 알려줘", "scam"],
    ["a company's app installed from the link it sent", "OO카드 고객센터입니다. 보안 점검을 위해 문자로 보내드린 링크에서 앱을 설치해 주세요", "scam"],
  ])("%s → %s", async (_what, text, verdict) => {
    expect(checkMessage(await lureless(), text).verdict).toBe(verdict);
  });

  it.each([
    ["a bank debit alert with its service number", "OO Bank: A debit of KRW 54,000 was made from account ***-**-1234 on 11/28 18:02 (card shop). If you did not make this payment, call 1588-0000."],
    ["a relative's broken phone, no move", "엄마 폰 고장났다며? 새 폰 언제 사러 갈까"],
    ["a lost charger", "Mom, I lost my phone charger, can you bring one when you come?"],
    ["a changed password", "비밀번호 바꿨어요. 다른 건 뭘 해야 하나요?"],
    ["the door code", "I'm outside, what's the door code? tell me when you can"],
    ["a news report of an officer", "경찰은 수사관을 사칭해 안전계좌 이체를 요구하는 전화에 주의하라고 당부했다"],
  ])("no red flags: %s", async (_what, text) => {
    expect(checkMessage(await lureless(), text).verdict).toBe("no_red_flags");
  });

  it.each([
    ["a fee paid first to have a loan approved", "OO저축은행입니다. 대출 승인을 위해 보증료 30만원을 먼저 입금해 주셔야 합니다", "scam"],
    ["a fee that releases winnings", "Your winnings are ready. A processing fee of $150 is required to release the funds.", "scam"],
    ["a cheque overpaid, the difference wired back", "I mailed you a cheque for $900 by mistake, the item is $300, please wire back the difference to my agent", "scam"],
    ["a courier collecting the cash", "A courier will come by and pick up the cash this evening, have it ready", "scam"],
    ["an employee meeting to take cash", "대출 갈아타려면 캐피탈 직원이 직접 만나서 현금으로 받아간다고 했어요", "scam"],
    ["coins migrated to a protected wallet", "To keep your coins safe, migrate them to a new protected wallet set up by our team", "scam"],
    ["a code told to a buyer", "the buyer says he'll text me a code and I just need to tell him the 6 digits", "scam"],
    ["a caller asking to read back a code the text warned about", "Got a call from the bank's fraud team, they asked me to read back the code they texted. The text itself said never share this code.", "scam"],
    ["a ransom with the police kept out", "네 딸 데리고 있다. 5천만원 보내라. 경찰에 알리면 끝이야", "scam"],
    ["someone naming themselves on a friend's phone asks for money", "나 수진이야 친구 폰으로 보내는 중인데 30만원만 빌려줄 수 있어?", "scam"],
    ["a link dressed up as the sender's name", "[Zenbank] Unusual sign-in detected. Review it at zenbank-secure.top/login", "scam"],
    ["a shortener with a call to act", "보관 중인 물품이 있습니다 아래 링크에서 확인 bit.ly/abc123", "scam"],
    ["'is this you?' beside an unknown link", "is this you in the video?? haha clip-view.top/v8", "scam"],
    ["a sender tag named after its own link, with a call to act", "[Refundly] Your refund is ready, claim it today at refundly.com", "scam"],
  ])("%s → %s", async (_what, text, verdict) => {
    expect(checkMessage(await lureless(), text).verdict).toBe(verdict);
  });

  it.each([
    ["a one-time code with its warning", "Your code is 482913. Never share this code with anyone, we will never ask you to read it back."],
    ["someone naming themselves on a friend's phone, no money", "나 수진이야 친구 폰으로 보내는 중, 이따 전화할게"],
    ["a notice linking the sender's own domain", "Delta: Your flight DL158 boards at 10:40. Manage your trip at delta.com"],
    ["'is this you?' with a trusted link", "ㅋㅋ 이거 너야? youtube.com/watch?v=abc"],
    ["a bank's fee for withdrawing", "A fee of 3,000 won is charged to withdraw from ATMs of other banks."],
    ["a news report of a fee demanded of victims", "Police said the fraudsters told victims a processing fee of $500 was required to release their winnings."],
    ["a fee denied", "보상금 지급 전에 수수료를 먼저 납부하실 필요는 없습니다"],
    ["a shop sending back what it overcharged", "The shop charged me twice by mistake, they said they'd send back the extra"],
    ["news of cash handed to a courier", "The police said victims were asked to hand the cash to a courier who came to their homes."],
    ["movers taking the balance in cash", "이사 업체 기사님이 와서 잔금은 현금으로 받아가신대"],
    ["an activation fee at a store", "Pay the $25 activation fee to activate your new SIM at any store."],
    ["digits that are not a code", "Can you tell me the digits of your room number?"],
  ])("no red flags: %s", async (_what, text) => {
    expect(checkMessage(await lureless(), text).verdict).toBe("no_red_flags");
  });

  it("an automated call asking to press a key, or a messenger to search, is a way to act", async () => {
    expect(await kinds("Automated notice: your line will be suspended today. Press 1 to speak with an agent.")).toContain("callback_request");
    expect(await kinds("Daily crypto signals free for 3 days. Search ProfitDesk on telegram to join")).toContain("callback_request");
  });

  it("with the pack's lures, the bank debit alert still passes", async () => {
    const alert = "OO Bank: A debit of KRW 54,000 was made from account ***-**-1234 on 11/28 18:02. Not you? Call 1588-0000.";
    expect(checkMessage(await rules(), alert).verdict).toBe("no_red_flags");
  });
});
