import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import type { Browser, Page } from "playwright-core";
import { parseDocument } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../../src/cli/main.js";
import { loadPack } from "../../../src/index.js";
import { launchChromium } from "./browser.js";
import { ADMIN_TOKEN, PACK_DIR, driveConversations, startAdminChat } from "./admin-harness.js";

const WAIT = { timeout: 10_000 };
const ARTIFACTS = "test-artifacts/admin";

/** Runs the `afterleak` CLI in-process; returns its exit code and output. */
async function cli(argv: string[], env: Record<string, string>): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (c: Buffer) => (out += c.toString()));
  stderr.on("data", (c: Buffer) => (err += c.toString()));
  const code = await runCli(argv, { channels: [] }, { stdin: new PassThrough(), stdout, stderr, env: { ...process.env, ...env } });
  return { code, out, err };
}

/** Parses the console's CSV (RFC 4180 quoting) into rows of cells. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      }
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(cell);
      cell = "";
    }
    else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
    } else cell += c;
  }
  if (cell || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

/** How many pixels of the chart's canvas are the first series' colour (#1f4e79, give or take antialiasing). */
const seriesPixels = (page: Page) =>
  page.evaluate<number>(`(() => {
    const canvas = document.querySelector("#chart canvas");
    if (!canvas) return -1;
    const { data } = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height);
    let n = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (Math.abs(data[i] - 0x1f) < 24 && Math.abs(data[i + 1] - 0x4e) < 24 && Math.abs(data[i + 2] - 0x79) < 24 && data[i + 3] > 128) n++;
    }
    return n;
  })()`);

describe("support console in a real browser", () => {
  let browser: Browser;
  let t: Awaited<ReturnType<typeof startAdminChat>>;
  beforeAll(async () => {
    [browser, t] = await Promise.all([launchChromium(), startAdminChat()]);
    await driveConversations(t.engine);
    await mkdir(ARTIFACTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it("signs in, draws the charts, switches language, filters, exports CSV matching `afterleak stats --json` and makes a snippet check-content accepts", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    // Every asset the pages ask for is served (the browser's own favicon probe aside).
    page.on("response", (r) => r.status() >= 400 && !r.url().endsWith("/favicon.ico") && errors.push(`${r.status()} ${r.url()}`));

    // Sign in.
    await page.goto(`${t.base}/admin`);
    await page.waitForURL(/\/admin\/login/, WAIT);
    await page.locator("#token").fill(ADMIN_TOKEN);
    await page.locator("#login").click();
    await page.waitForURL(/\/admin\?lang=en$/, WAIT);

    // Overview: the headline numbers and a chart that uPlot actually drew (series pixels, not an empty canvas).
    await page.locator("#chart canvas").waitFor(WAIT);
    expect(await page.locator("#m-conversations").textContent()).toBe("5");
    expect(await seriesPixels(page)).toBeGreaterThan(10);
    expect(await page.locator("#chart .u-legend").textContent()).toContain("Conversations");
    // Told apart without colour: each series' label draws its line style (solid, dashed, dotted).
    const legend = (await page.locator("#chart .u-legend").textContent())!;
    for (const glyph of ["━ Conversations", "╍ Fallbacks", "┈ Handoffs asked"]) expect(legend).toContain(glyph);
    expect(await page.locator("#t-heatmap tbody tr").count()).toBe(7);
    await page.screenshot({ path: `${ARTIFACTS}/overview-en.png`, fullPage: true });

    // Language: Korean labels, the chart drawn again.
    await page.locator("#lang").click();
    await page.waitForURL(/lang=ko/, WAIT);
    await expect.poll(() => page.locator("h1").textContent()).toBe("개요");
    expect(await page.locator("nav").textContent()).toContain("답변");
    await page.locator("#chart canvas").waitFor(WAIT);
    expect(await seriesPixels(page)).toBeGreaterThan(10);
    expect(await page.locator("#chart .u-legend").textContent()).toContain("대화");
    await page.screenshot({ path: `${ARTIFACTS}/overview-ko.png`, fullPage: true });

    // Filter by channel: only the two Telegram conversations.
    await page.locator("#f-channel").selectOption("telegram");
    await page.locator("#f-apply").click();
    await page.waitForURL(/channel=telegram/, WAIT);
    expect(await page.locator("#m-conversations").textContent()).toBe("2");
    expect(await page.locator("#t-summary tbody").textContent()).not.toContain("web");
    await page.screenshot({ path: `${ARTIFACTS}/overview-telegram.png`, fullPage: true });

    // CSV of the summary table (all channels), through the browser's download.
    await page.goto(`${t.base}/admin?since=7d&lang=en`);
    const [download] = await Promise.all([page.waitForEvent("download", WAIT), page.locator("#t-summary caption a.csv").click()]);
    const csv = parseCsv(await readFile((await download.path())!, "utf8"));
    const header = csv[0]!;
    const rowOf = (label: string) => Object.fromEntries(header.map((h, i) => [h, csv.find((r) => r[0] === label)?.[i]]));

    // The same numbers from the CLI on the same lowdb folder (polled: the store's writes are batched).
    const env = { STORE_URL: `lowdb:${join(t.dataDir, "store")}`, DATA_DIR: t.dataDir, CONTENT_DIR: PACK_DIR };
    let stats: { total: Record<string, number | null>; byChannel: Record<string, Record<string, number | null>>; events: number } | undefined;
    await expect
      .poll(async () => {
        const r = await cli(["stats", "--json", "--since", "7d"], env);
        stats = JSON.parse(r.out);
        return stats!.total.conversations;
      }, WAIT)
      .toBe(5);
    const pct = (v: number | null | undefined) => (v === null || v === undefined ? "" : `${(v * 100).toFixed(1)}%`);
    for (const [label, m] of [["all", stats!.total], ["Channel: web", stats!.byChannel.web!], ["Channel: telegram", stats!.byChannel.telegram!]] as const) {
      const row = rowOf(label);
      expect(Number(row["Conversations"]), label).toBe(m.conversations);
      expect(Number(row["Deflected"]), label).toBe(m.deflected);
      expect(Number(row["Messages"]), label).toBe(m.messages);
      expect(Number(row["Fallbacks"]), label).toBe(m.fallbacks);
      expect(Number(row["Handoffs asked"]), label).toBe(m.handoffsRequested);
      expect(row["Deflection rate"], label).toBe(pct(m.deflectionRate));
      expect(row["Fallback rate"], label).toBe(pct(m.fallbackRate));
    }
    expect(stats!.total.handoffsRequested).toBe(1);

    // Handoffs: the web chat here offers no person, so the one request opened no ticket: nobody is listed as waiting.
    await page.goto(`${t.base}/admin/handoffs?since=7d&lang=en`);
    expect(await page.locator("#t-open-tickets tbody").textContent()).toBe("–");
    expect(await page.locator("#t-handoffs tbody tr").first().textContent()).toMatch(/^\d{4}-\d\d-\d\d1/);
    expect(await page.locator("#closed-today").textContent()).toBe("Closed today: 0");
    expect(await page.locator("#f-pack").count()).toBe(0); // one pack: no pack filter
    await page.screenshot({ path: `${ARTIFACTS}/handoffs.png`, fullPage: true });

    // Unanswered: the Korean question nothing answered becomes training phrases of a topic; the snippet goes into a copy of the pack.
    await page.goto(`${t.base}/admin/unanswered?since=7d&lang=en`);
    const group = page.locator("li.group", { hasText: "강아지" });
    await group.waitFor(WAIT);
    const topic = await group.locator("select[name=topic] option").nth(1).getAttribute("value");
    await group.locator("select[name=topic]").selectOption(topic!);
    await page.screenshot({ path: `${ARTIFACTS}/unanswered.png`, fullPage: true });
    await group.locator("button[type=submit]").click();
    const snippet = (await page.locator("#snippet").textContent(WAIT))!;
    expect(snippet).toContain("우리집 강아지 이름 지어줘");
    const file = /YAML for (.+?) \(id: /.exec((await page.locator("h2").textContent())!)![1]!;
    await page.screenshot({ path: `${ARTIFACTS}/snippet.png`, fullPage: true });

    const copy = await mkdtemp(join(tmpdir(), "afterleak-admin-pack-"));
    try {
      await cp(PACK_DIR, copy, { recursive: true });
      const target = join(copy, file.slice(PACK_DIR.length + 1));
      const doc = parseDocument(await readFile(target, "utf8"));
      const faq = doc.get("faq") as { items: { get(k: string): unknown; set(k: string, v: unknown): void }[] };
      const entry = faq.items.find((i) => i.get("id") === topic)!;
      entry.set("phrases", doc.createNode((parseDocument(snippet).toJS() as { phrases: unknown }).phrases));
      await writeFile(target, doc.toString({ lineWidth: 0 }));
      const check = await cli(["check-content", copy], {});
      expect(check.err + check.out).not.toMatch(/error/i);
      expect(check.code).toBe(0);
      expect((await loadPack(copy)).faqById.get(topic!)!.phrases.ko).toContain("우리집 강아지 이름 지어줘");
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
    expect(errors).toEqual([]);
    await context.close();
  });

  it("a page whose figures take long says they are being computed, then reloads itself into the figures", async () => {
    // The runner's figures are held back until `release`: the first view of a large store.
    let release: () => void = () => undefined;
    const held = new Promise<void>((r) => (release = r));
    const slow = await startAdminChat({
      figuresWaitMs: 250,
      wrapRunner: (r) => ({ ...r, compute: async (...args) => held.then(() => r.compute(...args)) }),
    });
    try {
      await driveConversations(slow.engine);
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${slow.base}/admin/login?lang=ko`);
      await page.locator("#token").fill(ADMIN_TOKEN);
      const [first] = await Promise.all([page.waitForResponse((r) => new URL(r.url()).pathname === "/admin", WAIT), page.locator("#login").click()]);
      expect(first.headers()["refresh"]).toBe("3");
      expect(await page.locator("#computing").getAttribute("role")).toBe("status");
      expect(await page.locator("#computing").textContent()).toContain("계산하고 있어요");
      expect(await page.locator("#m-conversations").count()).toBe(0);
      // The figures arrive; the page's own reload shows them (no click, no navigation by the test).
      release();
      await page.locator("#m-conversations").waitFor(WAIT);
      expect(await page.locator("#m-conversations").textContent()).toBe("5");
      await context.close();
    } finally {
      release();
      await slow.close();
    }
  });
});
