import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createLowdbStore, createMemoryStore } from "../../src/index.js";
import { choices, harness, texts } from "../helpers/engine.js";
import { realPack } from "../helpers/packs.js";

const SMS = "[국제발신]\n[쿠팡] 개인정보 유출 피해 보상금 지급 대상입니다. 신청: https://coupang-bosang.kr/claim?id=29481 문의 070-1234-5678";

describe("checking a message in the conversation", () => {
  it("/check with the text answers the verdict, the evidence defanged, the advice and the way into the after-task", async () => {
    const h = harness(await realPack());
    const r = await h.command("check", SMS);
    const all = texts(r);
    expect(all).toContain("사기(스미싱) 메시지로 보여요");
    expect(all).toContain("coupang-bosang[.]kr");
    expect(all).toContain("coupang[.]com");
    expect(all).toContain("070-1234-5678");
    expect(all).not.toContain("coupang-bosang.kr");
    expect(all).toContain("118");
    expect(choices(r).map((c) => c.id)).toContain("t:clicked-or-paid");
  });

  it("/check alone asks for the message, then checks the next text even without a link", async () => {
    const h = harness(await realPack());
    let r = await h.command("check");
    expect(texts(r)).toContain("붙여넣거나 전달해");
    r = await h.text("엄마 나 폰 고장나서 임시폰이야 ㅠ 문화상품권 10만원짜리 사서 핀번호 보내줄 수 있어?");
    expect(texts(r)).toContain("사기(스미싱) 메시지로 보여요");
    r = await h.text("엄마 나 폰 고장나서 임시폰이야");
    expect(texts(r)).not.toContain("사기(스미싱) 메시지로 보여요");
  });

  it("a pasted text with a link is checked before FAQ matching; a forwarded message always", async () => {
    const h = harness(await realPack());
    let r = await h.text("Coupang: you are eligible for compensation after the breach. Claim here: coupang-refund.kr/claim");
    expect(texts(r)).toContain("This looks like a scam");
    r = await (async () => (await h.engine.handle({ user: h.user, kind: "text", text: "Hi mum, it's me, I dropped my phone. Can you send 500,000 won to my friend's account?", forwarded: true })).replies)();
    expect(texts(r)).toContain("This looks like a scam");
  });

  it("never says safe: a genuine notice gets 'no red flags, but'", async () => {
    const h = harness(await realPack());
    const r = await h.command("check", "[쿠팡] 인증번호 [482913]를 입력해주세요. 타인에게 절대 알려주지 마세요.");
    expect(texts(r)).toContain("위험 신호는 찾지 못했지만");
    expect(texts(r).toLowerCase()).not.toMatch(/\bsafe\b|안전합니다/);
  });

  it("says 'seen N times today' when the same message was checked before today, by anyone", async () => {
    const store = createMemoryStore();
    const pack = await realPack();
    const a = harness(pack, { store, user: { platform: "console", userId: "a", chat: "private" } });
    const b = harness(pack, { store, user: { platform: "console", userId: "b", chat: "private" } });
    expect(texts(await a.command("check", SMS))).not.toContain("번 확인됐어요");
    expect(texts(await b.command("check", `  ${SMS.toUpperCase()} `))).toContain("오늘 같은 메시지가 2번 확인됐어요");
  });

  it("keeps only a keyed hash, the flag kinds and the registrable domains; /forget removes them", async () => {
    const h = harness(await realPack());
    await h.command("check", SMS);
    const events = [];
    for await (const e of h.store.events()) events.push(e);
    const checked = events.filter((e) => e.type === "scam_checked");
    expect(checked).toHaveLength(1);
    expect(checked[0]).toMatchObject({ value: "scam", domains: ["coupang-bosang.kr"] });
    expect(checked[0]?.flags).toEqual(expect.arrayContaining(["lookalike_domain", "lure", "callback_number", "sender_prefix"]));
    const dump = JSON.stringify(events) + JSON.stringify(await h.store.get(h.engine.keyOf(h.user)));
    for (const part of ["29481", "claim", "보상금", "070", "1234-5678", "국제발신"]) expect(dump).not.toContain(part);
    await h.engine.forget(h.user);
    const after = [];
    for await (const e of h.store.events()) after.push(e);
    expect(after.filter((e) => e.type === "scam_checked")).toHaveLength(0);
  });

  it("the files of the embedded store (users, analytics, settings) hold no part of the checked message", async () => {
    const dir = await mkdtemp(join(tmpdir(), "afterleak-scam-store-"));
    try {
      const store = await createLowdbStore({ dir, flushMs: 10 });
      const h = harness(await realPack(), { store });
      await h.command("check", SMS);
      await h.text("Hi mum it's me, lost my phone. Send 500,000 won to my friend's account 110-123-456789 please, pay you back");
      await store.close();
      const files = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((f) => f.isFile());
      expect(files.length).toBeGreaterThan(0);
      const dump = (await Promise.all(files.map((f) => readFile(join(f.parentPath, f.name), "utf8")))).join("\n");
      expect(dump).toContain("scam_checked");
      for (const part of ["29481", "claim", "보상금", "070-1234", "국제발신", "mum", "500,000", "110-123", "friend"]) expect(dump).not.toContain(part);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
