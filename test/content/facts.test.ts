import { describe, expect, it } from "vitest";
import type { FaqEntry, LocalizedText } from "../../src/content/schema.js";
import { realPack } from "../helpers/packs.js";

// The facts corrected in issue 14 (item 1) against ../shared/domain/content-review-2026-12.md and
// section 9 of ../shared/domain/BRIEF.md. Entries are found by topic id (the ids of topics.yaml),
// never by matching their text, so a wrong answer cannot hide behind a missing one.
const pack = await realPack();

const faq = (id: string): FaqEntry => {
  const e = pack.faqById.get(id);
  if (!e) throw new Error(`the default pack has no FAQ entry '${id}'`);
  return e;
};
const timeline = (date: string): LocalizedText => {
  const t = pack.incident.timeline.find((x) => x.date === date);
  if (!t) throw new Error(`the incident timeline has no entry for ${date}`);
  return t.text;
};
const exposed = (id: string) => {
  const x = pack.incident.exposed.find((e) => e.id === id);
  if (!x) throw new Error(`the incident has no exposed item '${id}'`);
  return x;
};

/** Every text a user can be shown (not the training phrases, which are what users type), with where it comes from. */
function userTexts(): { where: string; locale: string; text: string }[] {
  const out: { where: string; locale: string; text: string }[] = [];
  const add = (where: string, t: LocalizedText | undefined) => {
    for (const [locale, text] of Object.entries(t ?? {})) out.push({ where, locale, text });
  };
  for (const e of pack.faq) {
    add(`faq ${e.id} question`, e.question);
    add(`faq ${e.id} label`, e.label);
    add(`faq ${e.id} answer`, e.answer);
    for (const l of e.links ?? []) add(`faq ${e.id} link`, l.label);
  }
  for (const t of pack.tasks) {
    add(`task ${t.id} title`, t.title);
    add(`task ${t.id} summary`, t.summary);
    for (const s of t.steps) add(`task ${t.id} step ${s.id}`, s.text);
  }
  const inc = pack.incident;
  add("incident summary", inc.summary);
  for (const t of inc.timeline) add(`timeline ${t.date}`, t.text);
  for (const x of inc.exposed) [x.label, x.risk, x.advice].forEach((t) => add(`exposed ${x.id}`, t));
  for (const x of inc.notExposed) [x.label, x.note].forEach((t) => add(`notExposed ${x.id}`, t));
  for (const [key, t] of Object.entries(pack.ui)) add(`ui ${key}`, t);
  return out;
}
const texts = userTexts();
const sentences = (s: string) => s.split(/(?<=[.!?。])\s+|\n+/).filter(Boolean);

describe("corrected facts of the default pack (issue 14, content review 2026-12)", () => {
  it("the answer to 'how much was Coupang fined?' names both fines and the total, in both languages", () => {
    const a = faq("regulator-investigation").answer;
    expect(a.en).toMatch(/₩624\.6 billion/);
    expect(a.en).toMatch(/₩423\.6 billion for the leak/);
    expect(a.en).toMatch(/₩201\.1 billion for a separate violation/);
    expect(a.en).toMatch(/as reported/i);
    expect(a.ko).toMatch(/6,246억/);
    expect(a.ko).toMatch(/유출 사고에 약 4,236억/);
    expect(a.ko).toMatch(/별도 위반에 약 2,011억/);
    expect(a.ko).toMatch(/보도/);
  });

  it("never presents the ≈₩624.6bn total without its two parts (summary, timeline, any answer)", () => {
    const total = texts.filter((t) => /624\.6|6,246억/.test(t.text));
    expect(total.map((t) => t.where)).toEqual(expect.arrayContaining(["incident summary", "timeline 2026-06-11", "faq regulator-investigation answer"]));
    for (const t of total) {
      expect(t.text, `${t.where} (${t.locale})`).toMatch(/423\.6|4,236억/);
      expect(t.text, `${t.where} (${t.locale})`).toMatch(/201\.1|2,011억/);
    }
  });

  it("says Coupang claims the door codes of 2,609 accounts were accessed (조회), not that only they had a code", () => {
    const risk = exposed("door-codes").risk;
    expect(risk.en).toMatch(/Coupang says the door codes of only 2,609 accounts were actually accessed/);
    expect(risk.ko).toMatch(/쿠팡은 실제로 조회된 공동현관 비밀번호는 2,609개 계정분이라고 주장/);
    for (const t of texts.filter((x) => x.text.includes("2,609"))) {
      expect(t.text, t.where).not.toMatch(/had a code|포함된 계정/);
      expect(t.text, t.where).toMatch(/accessed|조회/);
    }
  });

  it("makes no absolute 'never asks' claim on behalf of anyone but the bot itself", () => {
    const never = /\bnever\s+(?:ask|asks|request|requests|require|requires)\b|절대[^.]*?(?:묻지|요구하지|요청하지)\s*않/i;
    // The sentence's subject is the bot: it may promise what it never asks. (No \W here: Hangul is \W without the u flag.)
    const self = /^(?:[\s*"'(\u26A0-]|\uFE0F)*(?:\*\*[^*]+\*\*\s*)?(?:I\b|I'll|this bot|this assistant|afterleak|and this bot|저는|이 챗봇|afterleak은)/iu;
    const offenders = texts.flatMap((t) => sentences(t.text).filter((s) => never.test(s) && !self.test(s)).map((s) => `${t.where} (${t.locale}): ${s}`));
    expect(offenders).toEqual([]);
    // The claims the review quoted are gone, replaced by advice.
    const all = texts.map((t) => t.text).join("\n");
    expect(all).not.toMatch(/Banks, card companies, Coupang and the police never ask/);
    expect(all).not.toMatch(/Coupang, banks, the police and this bot will never ask/);
    expect(all).not.toMatch(/은행, 카드사, 쿠팡, 경찰은 이런 정보를 묻지 않아요/);
    // The detector does catch the old wording.
    const old = ["Banks, card companies, Coupang and the police never ask for them.", "쿠팡, 은행, 경찰, 그리고 이 챗봇은 절대 이런 정보를 묻지 않아요."];
    expect(old.filter((s) => never.test(s) && !self.test(s))).toEqual(old);
    expect(pack.ui.piiWarning.en).toMatch(/Nobody who calls or texts you needs these/);
    expect(pack.taskById.get("payment-safety")?.steps.find((s) => s.id === "never-share")?.text.en).toMatch(/Nobody who calls or texts you needs them/);
  });

  it("the bot-privacy answer lists analytics events, the handoff relay and a configurable retention", () => {
    const a = faq("bot-privacy").answer;
    expect(a.en).toMatch(/pseudonymous key/);
    expect(a.en).toMatch(/Analytics events/);
    expect(a.en).toMatch(/relayed, redacted, to the support staff/);
    expect(a.en).toMatch(/set by the operator \(30 days by default\)/);
    expect(a.en).not.toMatch(/Everything is deleted after 30 days/);
    expect(a.ko).toMatch(/분석 이벤트/);
    expect(a.ko).toMatch(/상담원에게 전달/);
    expect(a.ko).toMatch(/운영자가 정하고 기본값은 30일/);
  });

  it("says the arrest warrant was issued (발부) on 8 December 2025, never merely sought (신청)", () => {
    expect(timeline("2025-12-08").en).toMatch(/arrest warrant was issued/);
    expect(timeline("2025-12-08").ko).toMatch(/체포영장이 발부/);
    for (const id of ["cause", "regulator-investigation"]) {
      expect(faq(id).answer.en, id).toMatch(/arrest warrant (?:was issued|for the suspect was issued) on 8 December 2025/);
      expect(faq(id).answer.ko, id).toMatch(/체포영장이 발부/);
    }
    const all = texts.map((t) => t.text).join("\n");
    expect(all).not.toMatch(/sought an arrest warrant/i);
    expect(all).not.toMatch(/체포영장[^.]*신청/);
  });

  it("calls Coupang's complaint a 고소 in Korean, not a 신고", () => {
    expect(faq("company-response").answer.ko).toMatch(/성명불상자를 상대로 경찰에 고소장을 냈어요\(11월 25일\)/);
    expect(faq("company-response").answer.ko).not.toMatch(/경찰에 신고했어요/);
    expect(timeline("2025-11-25").ko).toMatch(/고소장/);
    expect(timeline("2025-11-25").en).toMatch(/criminal complaint/);
  });

  it("writes the saved-cards statement as Coupang's account, not as a fact", () => {
    const a = faq("saved-payment-methods").answer;
    expect(a.en).toMatch(/by Coupang's account, the cards saved in your account were not exposed/);
    expect(a.ko).toMatch(/쿠팡의 설명대로라면/);
  });

  it("carries the 2026 developments, each as reported where the brief says so and with its source", () => {
    const summary = faq("incident-summary");
    expect(summary.answer.en).toMatch(/reportedly counted about 37\.5 million people/);
    expect(summary.answer.ko).toMatch(/약 3,750만 명으로 본 것으로 보도/);
    const company = faq("company-response");
    expect(company.answer.en).toMatch(/about 160,000 more Korean and about 200,000 Taiwanese accounts \(as reported\)/);
    expect(company.answer.ko).toMatch(/국내 계정 약 16만 개와 대만 계정 약 20만 개[^.]*보도/);
    expect(company.answer.en).toMatch(/Police questioned interim CEO Harold Rogers on 30–31 January 2026/);
    expect(company.sources).toEqual(expect.arrayContaining(["S32", "S40", "S34", "S43"]));
    const comp = faq("compensation");
    expect(comp.answer.en).toMatch(/first hearing was on 13 March 2026/);
    expect(comp.answer.ko).toMatch(/2026년 3월 13일 서울중앙지법에서 첫 재판/);
    expect(comp.answer.en).toMatch(/paused until the PIPC's decision[^]*no report of it resuming[^]*1833-6972/);
    expect(comp.answer.ko).toMatch(/보류됐어요[^]*재개나 결과 소식은 찾지 못했어요[^]*1833-6972/);
    expect(comp.sources).toEqual(expect.arrayContaining(["S41", "S26"]));
    expect(faq("regulator-investigation").sources).toEqual(expect.arrayContaining(["S29", "S31", "S37", "S42"]));
    for (const id of ["S37", "S38", "S39", "S40", "S41", "S41b", "S42", "S43", "S44", "S45", "S46"]) expect(pack.sources.has(id), id).toBe(true);
  });

  it("claims no currency the sources do not support: no 'as of November 2026', reviews dated by the pack's review date", () => {
    const all = texts.map((t) => t.text).join("\n");
    expect(all).not.toMatch(/as of November 2026|2026년 11월 기준/);
    expect(all).not.toMatch(/1566-1188[^.]*(?:still works|계속 쓸 수)/);
    const reviewed = new Date(`${pack.meta.reviewed}T00:00:00Z`);
    const en = reviewed.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
    const ko = `${reviewed.getUTCFullYear()}년 ${reviewed.getUTCMonth() + 1}월 ${reviewed.getUTCDate()}일`;
    const dated = texts.filter((t) => /our last review|마지막으로 검토한/.test(t.text));
    expect(dated.length).toBeGreaterThanOrEqual(6);
    for (const t of dated) {
      if (/our last review \(/.test(t.text)) expect(t.text, t.where).toContain(`our last review (${en}`);
      if (/마지막으로 검토한 \d/.test(t.text)) expect(t.text, t.where).toContain(`마지막으로 검토한 ${ko}`);
    }
  });

  it("gives safe advice: no long-press on links, network off before the store install, screenshot before delete", () => {
    const phishing = faq("phishing-email").answer;
    expect(phishing.en).not.toMatch(/long-press/i);
    expect(phishing.ko).not.toMatch(/길게 누르/);
    expect(phishing.en).toMatch(/on a phone, don't touch it/);

    const clicked = faq("clicked-link").answer;
    for (const loc of ["en", "ko"] as const) {
      const off = (clicked[loc] ?? "").search(/Turn off Wi-Fi and mobile data|와이파이와 모바일 데이터를 끄/);
      const install = (clicked[loc] ?? "").search(/reconnect only to install it|설치할 때만 다시 연결/);
      expect(off, loc).toBeGreaterThan(-1);
      expect(install, loc).toBeGreaterThan(off);
    }
    const steps = pack.taskById.get("clicked-or-paid")!.steps;
    expect(steps.findIndex((s) => s.id === "app-remove")).toBeLessThan(steps.findIndex((s) => s.id === "scan"));
    expect(steps.find((s) => s.id === "scan")!.text.en).toMatch(/Reconnect to Wi-Fi only to install it/);

    for (const id of ["smishing-refund", "fake-delivery-text"]) {
      const a = { en: faq(id).answer.en ?? "", ko: faq(id).answer.ko ?? "" };
      expect(a.en.indexOf("screenshot"), id).toBeGreaterThan(-1);
      expect(a.en.indexOf("screenshot"), id).toBeLessThan(a.en.indexOf("then delete it"));
      expect(a.ko.indexOf("캡처"), id).toBeGreaterThan(-1);
      expect(a.ko.indexOf("캡처"), id).toBeLessThan(a.ko.indexOf("지우세요"));
    }
    expect(exposed("door-codes").advice.en).toMatch(/Delete the old code from your saved delivery addresses/);
  });

  it("Korean: 퇴사한/전직 직원 (not 전 직원), one spelling of each name, one register (해요체)", () => {
    const ko = texts.filter((t) => t.locale === "ko");
    const all = ko.map((t) => t.text).join("\n");
    expect(all).not.toMatch(/전 직원|전 개발자/);
    expect(all).not.toMatch(/해롤드/);
    expect(all).toMatch(/해럴드 로저스/);
    expect(all.match(/알럭스(?!\(R\.LUX\))/g) ?? []).toEqual([]);
    expect(all.match(/(?<!알럭스\()R\.LUX/g) ?? []).toEqual([]);
    // 합니다체 only inside quotes (what scammers say), never as the bot's own voice.
    const formal = ko.filter((t) => /(?:습니다|입니다|십시오)(?:[.!?\s]|$)/.test(t.text.replace(/"[^"]*"|“[^”]*”|'[^']*'/g, "")));
    expect(formal.map((t) => t.where)).toEqual([]);
  });
});
