import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "./browser.js";
import { startTestChat } from "./harness.js";

const WAIT = { timeout: 10_000 };

describe("web chat: a pasted suspicious text is checked (real browser)", () => {
  let browser: Browser;
  let t: Awaited<ReturnType<typeof startTestChat>>;
  beforeAll(async () => {
    [browser, t] = await Promise.all([launchChromium(), startTestChat()]);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it("pasting an SMS with a lookalike link shows the verdict, the defanged domain and the after-task button; no link is clickable", async () => {
    const context = await browser.newContext({ locale: "ko-KR" });
    const page = await context.newPage();
    await page.goto(t.chat.url);
    await page.locator(".msg.bot", { hasText: "안녕하세요" }).first().waitFor(WAIT);
    const sms = "[Web발신]\n쿠팡 개인정보 유출 피해 보상금 지급 대상입니다. 신청: coupang-bosang.kr/claim";
    await page.locator("#input").focus();
    // Pasted, not typed: the whole text (with its line break) arrives in one input event, as from "copy message".
    await page.keyboard.insertText(sms);
    await page.locator("#input").press("Enter");
    const verdict = page.locator(".msg.bot", { hasText: "사기(스미싱) 메시지로 보여요" }).first();
    await verdict.waitFor(WAIT);
    expect(await verdict.textContent()).toContain("coupang-bosang[.]kr");
    expect(await page.locator(".msg.bot a[href*='coupang-bosang']").count()).toBe(0);
    await page.locator(".choices .choice", { hasText: "눌렀어요" }).first().waitFor(WAIT);
    await context.close();
  });
});
