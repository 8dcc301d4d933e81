import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTelegramEmulator, type TelegramEmulator } from "../../fakes/telegram-emulator.js";
import { SECRET, TOKEN } from "../../fakes/telegram-bot.js";
import { ADMIN_TOKEN, signIn } from "./admin-harness.js";

/**
 * Issue 18.1: a deployment that runs only Telegram (no web chat) gets the support console on
 * WEB_HOST:WEB_PORT with ADMIN_ENABLED=true, as a real `afterleak start` process against the Bot
 * API emulator; without ADMIN_TOKEN it refuses to start rather than serve an open console.
 */
describe("`afterleak start` with only Telegram and ADMIN_ENABLED=true", () => {
  let emu: TelegramEmulator;
  let dir: string;
  beforeAll(async () => {
    emu = await startTelegramEmulator(TOKEN);
    dir = await mkdtemp(join(tmpdir(), "afterleak-admin-start-"));
  });
  afterAll(async () => {
    await emu?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** `afterleak start` in a clean environment (no .env or token of the developer's leaks in). */
  const start = (more: Record<string, string>) => {
    const child = spawn(process.execPath, [resolve("bin/afterleak.mjs"), "start"], {
      cwd: dir,
      env: {
        PATH: process.env.PATH,
        HOME: dir,
        CONTENT_DIR: resolve("content/coupang-2025"),
        DATA_DIR: join(dir, "data"),
        AFTERLEAK_SECRET: SECRET,
        TELEGRAM_BOT_TOKEN: TOKEN,
        TELEGRAM_API_ROOT: emu.apiRoot,
        WEB_HOST: "127.0.0.1",
        WEB_PORT: "0",
        LOG_LEVEL: "warn",
        ...more,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const c = { child, out: "", exit: new Promise<number | null>((r) => child.on("exit", (code) => r(code))) };
    child.stdout.on("data", (d: Buffer) => (c.out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (c.out += d.toString()));
    return c;
  };
  const printed = (c: { child: ChildProcess; out: string }, re: RegExp) =>
    new Promise<RegExpExecArray>((found, fail) => {
      const timer = setTimeout(() => fail(new Error(`nothing matching ${re} printed:\n${c.out}`)), 40_000);
      const look = () => {
        const m = re.exec(c.out);
        if (m) {
          clearTimeout(timer);
          found(m);
        }
      };
      c.child.stdout!.on("data", look);
      c.child.once("exit", () => setTimeout(() => (look(), fail(new Error(`exited before ${re}:\n${c.out}`))), 50));
      look();
    });

  it("serves the console (sign-in, pages) on WEB_HOST:WEB_PORT next to the Telegram bot, and no chat page", async () => {
    const c = start({ ADMIN_ENABLED: "true", ADMIN_TOKEN });
    try {
      const m = await printed(c, /afterleak support console: (http:\/\/127\.0\.0\.1:(\d+))\/admin/);
      const base = m[1]!;
      expect(Number(m[2])).toBeGreaterThan(0);
      const anon = await fetch(`${base}/admin`, { redirect: "manual" });
      expect(anon.status).toBe(302);
      expect(anon.headers.get("location")).toMatch(/^\/admin\/login/);
      const login = await fetch(`${base}/admin/login`);
      expect(login.status).toBe(200);
      expect(login.headers.get("content-security-policy")).toContain("default-src 'none'");
      const s = await signIn(base);
      expect(s.status).toBe(303);
      const overview = await fetch(`${base}/admin?since=7d&lang=en`, { headers: { cookie: s.cookie! } });
      expect(overview.status).toBe(200);
      expect(await overview.text()).toContain("<h1>Overview</h1>");
      // Only the console: the web chat's page, its config and its socket are not served here.
      expect((await fetch(`${base}/`)).status).toBe(404);
      expect((await fetch(`${base}/config.json`)).status).toBe(404);
      expect(c.out).not.toContain("afterleak web chat:");
      // And the Telegram bot runs beside it (polling the emulator).
      await expect.poll(() => emu.calls.some((call) => call.method === "getUpdates"), { timeout: 20_000 }).toBe(true);
    } finally {
      c.child.kill("SIGTERM");
    }
    const code = await Promise.race([c.exit, new Promise<string>((r) => setTimeout(() => r("still running after 10 s"), 10_000))]);
    if (code !== 0) c.child.kill("SIGKILL");
    expect(code).toBe(0);
  }, 60_000);

  it("refuses to start with ADMIN_ENABLED=true and no ADMIN_TOKEN (no open console), naming the variable", async () => {
    const c = start({ ADMIN_ENABLED: "true" });
    const code = await Promise.race([c.exit, new Promise<string>((r) => setTimeout(() => r("still running after 40 s"), 40_000))]);
    if (code === "still running after 40 s") c.child.kill("SIGKILL");
    expect(code).not.toBe(0);
    expect(c.out).toMatch(/ADMIN_TOKEN/);
    expect(c.out).not.toMatch(/afterleak support console: http/);
  }, 60_000);
});
