import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdir } from "node:fs/promises";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "./browser.js";
import { startTestChat } from "./harness.js";

const WAIT = { timeout: 10_000 };

/** Another site (another origin: its own port) whose pages embed the chat with one script tag. */
async function hostSite(widgetUrl: string): Promise<{ server: Server; url: string }> {
  const page = (attrs: string) =>
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title></head>` +
    `<body style="font-family:sans-serif"><h1>Example shop</h1><p>Questions about the data breach? Ask our assistant.</p>` +
    `<script src="${widgetUrl}" ${attrs} async></script></body></html>`;
  const server = createServer((req, res) => {
    const body = req.url === "/inline" ? page('data-mode="inline" data-locale="ko" data-height="500px"') : page('data-locale="en"');
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

describe("embeddable widget", () => {
  let browser: Browser;
  let t: Awaited<ReturnType<typeof startTestChat>>;
  let host: Awaited<ReturnType<typeof hostSite>>;
  beforeAll(async () => {
    [browser, t] = await Promise.all([launchChromium(), startTestChat()]);
    host = await hostSite(`${t.chat.url}widget.js`);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await new Promise((r) => host?.server.close(r));
  });

  it("one script tag adds a launcher that opens the chat in a frame, and the chat can close it", async () => {
    const page = await browser.newPage({ viewport: { width: 1024, height: 768 } });
    await page.goto(host.url);
    const launcher = page.locator('[data-afterleak="launcher"]');
    await launcher.waitFor(WAIT);
    expect(await launcher.getAttribute("aria-label")).toBe("Open the help chat");
    expect(await page.locator('[data-afterleak="panel"]').isVisible()).toBe(false);

    await launcher.click();
    const frameEl = page.locator('iframe[data-afterleak="frame"]');
    await frameEl.waitFor(WAIT);
    const src = new URL((await frameEl.getAttribute("src")) ?? "");
    expect(src.origin).toBe(new URL(t.chat.url).origin);
    expect(src.searchParams.get("embed")).toBe("1");
    expect(src.searchParams.get("locale")).toBe("en");

    const chat = page.frameLocator('iframe[data-afterleak="frame"]');
    await chat.locator(".choice", { hasText: "Protect my accounts" }).waitFor(WAIT);
    await mkdir("test-results", { recursive: true });
    await page.screenshot({ path: "test-results/web-widget.png" });

    await chat.locator("#close-btn").click();
    await page.locator('[data-afterleak="panel"]').waitFor({ state: "hidden", ...WAIT });
    expect(await launcher.getAttribute("aria-expanded")).toBe("false");
    await page.close();
  });

  it("inline mode puts the chat where the tag is, in the language asked for", async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(`${host.url}inline`);
    const box = page.locator('[data-afterleak="inline"]');
    await box.waitFor(WAIT);
    expect((await box.boundingBox())?.height).toBe(500);
    await page.frameLocator('iframe[data-afterleak="frame"]').locator(".choice", { hasText: "내 계정 지키기" }).waitFor(WAIT);
    expect(await page.locator('[data-afterleak="launcher"]').count()).toBe(0);
    await page.close();
  });
});
