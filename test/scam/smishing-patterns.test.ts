import { describe, expect, it } from "vitest";
import { evaluateChecks, readLabelledMessages } from "../../src/cli/eval-check.js";
import { checkMessage } from "../../src/scam/check.js";
import type { ScamRules } from "../../src/scam/rules.js";
import { realPack } from "../helpers/packs.js";

const rules = async (): Promise<ScamRules> => {
  const r = (await realPack()).scam;
  if (!r) throw new Error("the default pack has no scam.yaml");
  return r;
};
const check = async (text: string) => checkMessage(await rules(), text);

/** KISA / police smishing families, each with the lure id it should raise, in both languages. */
describe("smishing families are called scam", () => {
  it.each([
    ["romance", "Hi dear, I saw your profile and want to get to know you. Add me on telegram @amy_lee91"],
    ["romance", "안녕하세요, 저는 미군 장교인데 한국 친구를 사귀고 싶어요. 라인 아이디 추가해주세요: john_us"],
    ["secrecy", "이 사실은 가족에게도 알리지 마세요. 지정 계좌로 자금을 이체하세요"],
    ["unpaid-bill", "[Web발신] 미납 요금 있음. 즉시 결제하지 않으면 법적 조치됩니다. 납부: pay-now.top"],
    ["free-offer", "[국제발신] 고객님 유심 무상교체 대상입니다. 신청: sim-free.shop"],
    ["parcel-link", "[Web발신] 택배 배송 완료 사진 확인 ▶ https://t.ly/Pq82"],
    ["job-offer", "Earn $300/day working from home, just liking videos. Message our recruiter on WhatsApp +44 7451 209338"],
    ["job-offer", "[재택알바] 하루 1시간 일당 15만원 상품 리뷰 알바 모집 카톡 ID: job7788"],
    ["unauthorized-payment", "We detected an unauthorized payment of $499 on your card. If this wasn't you call +1 (888) 410-2297"],
    ["account-suspension", "Your PayPal account has been limited. Restore access now: paypa1-secure.com"],
    ["parcel-link", "FedEx: we attempted delivery of your parcel. Reschedule here within 24 hours: fedex-resched.info"],
    ["investment", "Guaranteed 40% monthly returns with our crypto trading bot. Join our VIP group t.me/cryptoelite"],
    ["job-offer", "SNS 좋아요만 누르면 건당 3천원 지급되는 부업입니다 텔레그램 @likes_pay 로 문의"],
    ["job-offer", "Our HR team reviewed your resume. Flexible work, 2-3 hours daily. Reply YES for details"],
    ["investigation", "서울지검 수사관입니다. 귀하가 사기 사건 피의자로 등록되어 있어 010-3344-5521 로 연락 바랍니다"],
    ["compensation", "Your stimulus payment is on hold. Send your bank account and SSN to release it"],
    ["secrecy", "할머니 나 손주야 급하게 돈이 필요해 50만원만 보내줘 아빠한텐 말하지 마"],
    // Loans by product name, frozen accounts, arrears with a visa threat, trading rooms, second-hand "safe payment", expiring points, class-action sign-ups, buying-agent jobs.
    ["loan", "[서민금융] 햇살론 한도 조회 결과 승인 대상입니다. 상담 070-5512-3098"],
    ["loan", "Pre-screened: emergency loan for you, no credit check needed. Apply at fastcash-kr.top"],
    ["account-suspension", "[Web발신] 고객님 통장이 사기계좌로 등록되어 거래가 정지될 예정입니다. 해제는 02-3391-2207"],
    ["unpaid-bill", "Immigration office: your fees are in arrears and your stay permit will be revoked unless you pay at hikorea-pay.site"],
    ["investment", "[VIP 주식 리딩방] 수익률 월 50% 보장, 무료 체험방 입장 t.me/vipstock_kr"],
    ["investment", "Join our trading signals group, profits guaranteed every week: t.me/fxsignals_pro"],
    ["safe-payment", "중고거래 입금은 안전결제 링크로 부탁드려요 joonggo-safe.shop/pay"],
    ["safe-payment", "I'll ship it today, please pay through this secure payment link: market-escrow.site/p/88"],
    ["voucher", "[L.POINT] 미사용 포인트 42,000점 금일 소멸 예정. 전환 신청 lpoint-gift.shop"],
    ["voucher", "Your 18,500 reward points will expire tonight. Redeem now: points-redeem.top"],
    ["class-action", "[집단소송] 개인정보 유출 피해자 소송 참여자 모집 중. 접수 lawsuit-join.kr"],
    // No link: a messenger ID or a number is the way to act.
    ["job-offer", "[구매대행 재택알바] 결제 대행만 하면 수수료 15% 지급 카톡 ID: buy_agent9"],
    ["job-offer", "Remote data entry job, KRW 150,000 per day. DM us on Telegram @dataentry_kr"],
    // Spacing, marks between letters, initial consonants and full-width letters read like the words.
    ["compensation", "ㅂㅅㄱ 지급 대상 확인 010-4432-1109"],
    ["refund", "[Web발신] 환*불*금 미수령 안내 문의 070-2231-8890"],
    ["refund", "Ｙｏｕｒ ｒｅｆｕｎｄ ｉｓ ｒｅａｄｙ, claim at refund-now.top"],
    // Money moved to a "safe account", paid recovery of lost money.
    ["safe-account", "고객님 예금을 안전계좌로 옮겨야 보호됩니다. 담당자 010-3321-4408"],
    ["recovery", "Our asset recovery team gets 90% of your funds back, upfront fee only. DM @refund_pro on Telegram"],
  ])("%s: %s", async (lure, text) => {
    const c = await check(text);
    expect(c.flags.map((f) => f.detail)).toContain(`lure:${lure}`);
    expect(c.verdict).toBe("scam");
  });

  it.each([
    ["엄마 나 폰 액정 깨져서 수리 맡겼어 이 번호로 문자해줘 급한거 있어"],
    ["Mum, this is my new number, my old phone broke. Text me on WhatsApp, I need help paying a bill"],
    ["Hi Mom, it's me. My phone is broken so I'm using a friend's. Can you transfer $500 to this account? It's urgent"],
    ["아빠 나 폰 침수돼서 수리 맡겼어. 급하게 결제할 게 있는데 아빠 카드로 좀 대신 해줄래?"],
    ["엄마 나 송금하려는데 휴대폰 인증이 안돼 30만원만 이 계좌로 보내줘"],
    ["엄마 링크 보낼게 그 앱 좀 설치해줘 보험 환급 받아야 돼"],
    ["Dad, I'm texting from a friend's phone, mine got wet. Can you send me 300,000 won for a new one?"],
    ["이모 나 폰 깨져서 친구 폰이야 구글플레이 카드 좀 사줄 수 있어?"],
  ])("family impersonation moving the talk elsewhere or asking for money: %s", async (text) => {
    const c = await check(text);
    expect(c.flags.map((f) => f.kind)).toContain("family_impersonation");
    expect(c.verdict).toBe("scam");
  });
});

describe("hard negatives stay clean", () => {
  it.each([
    ["엄마 폰 고장났다며? 새 폰 언제 사러 갈까"],
    ["Mom, I lost my phone charger, can you bring one when you come?"],
    ["네이버 지도 링크 보내요 https://naver.me/xAb12 여기서 만나"],
    ["[쿠팡] 개인정보 유출 관련 안내: 쿠팡은 문자로 링크를 보내 보상을 안내하지 않습니다. 공식 안내는 www.coupang.com 에서 확인하세요."],
    ["[SKT] 유심 무상 교체 예약이 완료되었습니다. 방문 매장: T월드 강남점, 12/6 14:00"],
    ["Your one-time password is 884120. It expires in 5 minutes. Never share it."],
    ["[KB국민카드] 홍*동님 12/03 14:22 쿠팡 32,500원 일시불 승인 누적 412,300원"],
    // An ad's opt-out number is not a callback; a routine check-up notice is not bait.
    ["(광고)[한빛마트] 주말 특가 최대 40% 할인 https://www.hanbit-mart.co.kr 무료수신거부 080-123-4567"],
    ["[Acme Shop] Winter sale up to 30% off this week. Reply STOP to opt out 080-555-0199"],
    ["[국민건강보험공단] 2025년 건강검진 대상자 안내. 가까운 검진기관에서 받으세요. 문의 1577-1000"],
    ["대출 상환일 안내: 12월 10일 자동이체 예정입니다. 문의 1599-1111"],
    ["포인트 3,000점이 적립되었습니다. 유효기간 1년"],
    ["[하나카드] 홍*길 님 12/04 09:12 45,000원 승인 누적 98,000원"],
    ["중고거래 안전결제로 할게요, 번개장터 앱 안에서 결제하시면 돼요"],
    ["I'll buy the bike, can we use the app's safe payment? I don't do bank transfers"],
    ["Mom my phone died, I'll call you when I get home"],
    ["엄마 나 폰 인증이 안돼서 은행 앱 로그인 못하고 있어 ㅠ 집 가서 해볼게"],
    ["미국에서 의사로 일하는 제 사촌이 다음 달 한국에 와요"],
    // An alert that sends you to the customer centre you know (no number, link or ID), a notice in the app, a report of a warning.
    ["[Web발신] [한빛은행] 고객님 계좌에서 500,000원 이체되었습니다. 본인 거래가 아니면 한빛은행 고객센터로 연락하세요."],
    ["[Acme Bank] New sign-in on a new device. If this wasn't you, review your devices in the app settings."],
    ["Are you joining the class action? My friend signed up with a law firm, there was no upfront fee."],
    ["Korea Herald: police warn of phishing calls; call 112 if you transferred money."],
  ])("%s", async (text) => {
    expect((await check(text)).verdict).toBe("no_red_flags");
  });
});

describe("our tuning set (test/fixtures/eval/scam-tune.jsonl, a tuning set, not a blind set)", () => {
  it("meets the issue's targets", async () => {
    const { items, errors } = await readLabelledMessages("test/fixtures/eval/scam-tune.jsonl");
    expect(errors).toEqual([]);
    expect(items.length).toBeGreaterThanOrEqual(150);
    const r = evaluateChecks(await rules(), items);
    expect(r.all.scamFlaggedRate).toBeGreaterThanOrEqual(0.97);
    expect(r.all.scamCalledScamRate).toBeGreaterThanOrEqual(0.85);
    expect(r.all.ordinaryFlaggedRate).toBeLessThanOrEqual(0.05);
  });
});

describe("a secret asked to be told back, and link tricks, are scams on their own", () => {
  it.each([
    ["[Acme] 고객님 계정 보호조치를 위해 방금 받으신 인증번호 6자리를 상담원에게 불러주세요", "secret_request"],
    ["Hi, this is the fraud team. To stop the charge, reply with the code we just sent you", "secret_request"],
    ["Your card was frozen. Confirm at acme.com@card-unfreeze.cc/kr", "userinfo_host"],
    ["Security alert: accounts.google.com.login-check.ru", "brand_in_subdomain"],
  ])("%s", async (text, kind) => {
    const c = await check(text);
    expect(c.flags.map((f) => f.kind)).toContain(kind);
    expect(c.verdict).toBe("scam");
  });
  it("a host with a port and no scheme is a link", async () => {
    expect((await check("재배송 수수료 결제 후 재접수: parcel-kr.net:8080/pay")).flags.map((f) => f.kind)).toContain("odd_port");
  });
});

describe("asking to act through a link (link_action)", () => {
  it("counts beside an unknown link, is scam with pressure, and never beside the official domain", async () => {
    const bare = await check("택배 조회 결과 확인하기 parcel-kr.top/a 여기");
    expect(bare.flags.map((f) => f.kind)).toContain("link_action");
    expect(bare.verdict).toBe("suspicious");
    expect((await check("[Web발신] 택배 조회 결과 오늘까지 확인하기 parcel-kr.top/a")).verdict).toBe("scam");
    expect((await check("Renew now to keep your plan, today only: plan-renew.site")).verdict).toBe("scam");
    const official = await check("[쿠팡] 주문 내역은 www.coupang.com 에서 확인하기 바랍니다");
    expect(official.flags.map((f) => f.kind)).not.toContain("link_action");
    expect(official.verdict).toBe("no_red_flags");
  });
});
