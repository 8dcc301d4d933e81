import { mkdir } from "node:fs/promises";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "./browser.js";
import { startTestChat } from "./harness.js";

const WAIT = { timeout: 10_000 };

/** Clicks the (only active) quick reply whose label contains `label`. */
const pick = (page: Page, label: string) => page.locator(".choices .choice", { hasText: label }).first().click(WAIT);
/** The browser id the page keeps. */
const storedId = (page: Page) => page.evaluate<string | null>("localStorage.getItem('afterleak.uid')");
/** Waits for a bot bubble containing `text`. */
const botSays = (page: Page, text: string) => page.locator(".msg.bot", { hasText: text }).first().waitFor(WAIT);

describe("web chat in a real browser", () => {
  let browser: Browser;
  let t: Awaited<ReturnType<typeof startTestChat>>;
  beforeAll(async () => {
    [browser, t] = await Promise.all([launchChromium(), startTestChat()]);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it("answers, follows buttons, runs a task, resumes after a reload and switches language", async () => {
    const context = await browser.newContext({ locale: "ko-KR", viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(t.chat.url);

    // First visit: the welcome, the menu as buttons and the privacy notice (what is kept, /forget).
    await botSays(page, "안녕하세요");
    await page.locator(".choice", { hasText: "내 계정 지키기" }).waitFor(WAIT);
    const notice = page.locator("#privacy");
    expect(await notice.isVisible()).toBe(true);
    expect(await notice.textContent()).toContain("/forget");
    expect(await notice.textContent()).toContain("30일");
    await page.locator("#privacy-ok").click();
    expect(await notice.isVisible()).toBe(false);
    const id = await storedId(page);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);

    // A Korean question, typed.
    await page.locator("#input").fill("카드번호도 유출됐나요?");
    await page.locator("#input").press("Enter");
    await page.locator(".msg.me", { hasText: "카드번호도 유출됐나요?" }).waitFor(WAIT);
    await botSays(page, "결제정보는 유출되지 않았고");

    // A button: back to the menu, then the checklists, then the account task.
    await pick(page, "처음으로");
    await pick(page, "내 계정 지키기");
    await pick(page, "쿠팡 계정 지키기");
    await page.locator(".msg.bot strong", { hasText: "쿠팡 계정 지키기: 1/7단계" }).waitFor(WAIT);
    await pick(page, "✓ 완료");
    await page.locator(".msg.bot strong", { hasText: "쿠팡 계정 지키기: 2/7단계" }).waitFor(WAIT);

    // Text is text: markup typed by the user (or sent by the server) is never parsed.
    const evil = '<img src=x onerror="window.__pwned=1"> **굵게 아님** 질문';
    await page.locator("#input").fill(evil);
    await page.locator("#send-btn").click();
    const mine = page.locator(".msg.me").last();
    await mine.waitFor(WAIT);
    expect(await mine.textContent()).toBe(evil);
    await page.locator(".choices").first().waitFor(WAIT);
    expect(await page.locator(".log img").count()).toBe(0);
    expect(await page.evaluate<unknown>("window.__pwned")).toBeUndefined();

    // Reload: same id from localStorage, so the task is offered again at step 2.
    await page.reload();
    await botSays(page, "안녕하세요");
    expect(await storedId(page)).toBe(id);
    expect(await page.locator("#privacy").isVisible()).toBe(false);
    await pick(page, "이어서 하기: 쿠팡 계정 지키기");
    await page.locator(".msg.bot strong", { hasText: "쿠팡 계정 지키기: 2/7단계" }).waitFor(WAIT);
    const state = await t.store.get(t.engine.keyOf({ platform: "web", userId: id! }));
    expect(state?.tasks["secure-account"]).toMatchObject({ at: "devices", done: ["password"], status: "active" });

    // Language: one button, and the page follows the bot's language.
    await page.locator("#lang-btn", { hasText: "English" }).click();
    await page.locator(".choice", { hasText: "Protect my accounts" }).waitFor(WAIT);
    expect(await page.getAttribute("html", "lang")).toBe("en");
    expect(await page.getAttribute("#input", "placeholder")).toBe("Type your question");
    expect(await page.locator("#lang-btn").textContent()).toBe("한국어");

    await mkdir("test-results", { recursive: true });
    await page.screenshot({ path: "test-results/web-chat.png" });
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.screenshot({ path: "test-results/web-chat-desktop.png" });
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);

  it("draws delete-inbound by removing the user's bubble, and a private hand-over as a button that starts the task here", async () => {
    // The engine sends these two only in group chats; a wrapped engine sends them for one word so the page's handling is seen.
    const g = await startTestChat({
      wrap: (engine) => ({
        ...engine,
        handle: async (e) =>
          e.kind === "text" && e.text === "그룹"
            ? {
                locale: "ko",
                replies: [{ kind: "private", text: "개인 대화에서 이어가요: **쿠팡 계정 지키기**", payload: "task-secure-account", label: "▶ 쿠팡 계정 지키기", choiceId: "t:secure-account" }],
                actions: [{ kind: "delete-inbound", reason: "pii", notice: "카드번호는 지웠어요." }],
              }
            : engine.handle(e),
      }),
    });
    const page = await browser.newPage({ locale: "ko-KR" });
    try {
      await page.goto(g.chat.url);
      await botSays(page, "안녕하세요");
      await page.locator("#input").fill("그룹");
      await page.locator("#input").press("Enter");
      await page.locator(".msg.bot.notice", { hasText: "카드번호는 지웠어요." }).waitFor(WAIT);
      expect(await page.locator(".msg.me").count()).toBe(0);
      await page.locator(".msg.bot strong", { hasText: "쿠팡 계정 지키기" }).waitFor(WAIT);
      await pick(page, "▶ 쿠팡 계정 지키기");
      await page.locator(".msg.bot strong", { hasText: "쿠팡 계정 지키기: 1/7단계" }).waitFor(WAIT);
    } finally {
      await page.close();
      await g.close();
    }
  });
});
