import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTcpProxy } from "../../fakes/tcp-proxy.js";
import { launchChromium } from "./browser.js";
import { startTestChat } from "./harness.js";

const WAIT = { timeout: 10_000 };

describe("web chat in a real browser: the connection drops mid-turn", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("the page reconnects on its own and shows the answer once", async () => {
    let open!: () => void;
    let entered!: () => void;
    const opened = new Promise<void>((r) => (open = r));
    const inTurn = new Promise<void>((r) => (entered = r));
    const t = await startTestChat({
      wrap: (engine) => ({
        ...engine,
        handle: async (e) => {
          if (e.kind === "text") {
            entered();
            await opened;
          }
          return engine.handle(e);
        },
      }),
    });
    const proxy = await startTcpProxy(t.chat.port);
    const page = await browser.newPage({ locale: "ko-KR" });
    try {
      await page.goto(`http://127.0.0.1:${proxy.port}/`);
      await page.locator(".msg.bot", { hasText: "안녕하세요" }).first().waitFor(WAIT);
      await page.locator("#input").fill("카드번호도 유출됐나요?");
      await page.locator("#input").press("Enter");
      await inTurn;
      const before = proxy.accepted();
      proxy.reset(); // the network drops every connection while the answer is being worked out
      // The page opens a new socket by itself (its backoff); the answer is released only then or later.
      await expect.poll(() => proxy.accepted(), WAIT).toBeGreaterThan(before);
      open();
      await page.locator(".msg.bot", { hasText: "결제정보는 유출되지 않았고" }).first().waitFor(WAIT);
      await t.chat.idle();
      expect(await page.locator(".msg.bot", { hasText: "결제정보는 유출되지 않았고" }).count()).toBe(1);
      // One welcome only: the reconnect did not start a new conversation.
      expect(await page.locator(".msg.bot", { hasText: "안녕하세요" }).count()).toBe(1);
    } finally {
      await page.close();
      await proxy.close();
      await t.close();
    }
  });
});
