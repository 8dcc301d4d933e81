import { spawn } from "node:child_process";
import { access, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { miniCopy } from "../helpers/packs.js";
import { useTempDirs } from "../helpers/temp-dirs.js";
import { ROOT, runAfterleak } from "../privacy/process.js";

const tempDir = useTempDirs("afterleak-reload-cli-");

const exists = (p: string) =>
  access(p).then(
    () => true,
    () => false,
  );

/** Polls `check` every 100 ms until it holds (or fails after `ms`). */
async function until(check: () => Promise<boolean>, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("afterleak reload against a running `afterleak start`", () => {
  it("SIGHUPs the instance via its pid file: a valid pack reloads, a broken one is refused with its problems", async () => {
    const pack = await miniCopy();
    const data = await tempDir();
    const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: data, CONTENT_DIR: pack, DATA_DIR: data, STORE_URL: "memory:", WEB_PORT: "0", LOG_LEVEL: "info" };
    const bot = spawn(process.execPath, [join(ROOT, "bin/afterleak.mjs"), "start"], { cwd: data, env, stdio: ["pipe", "pipe", "pipe"] });
    let log = "";
    bot.stdout.on("data", (d: Buffer) => (log += d.toString()));
    const closed = new Promise<number | null>((r) => bot.on("close", (code) => r(code)));
    try {
      const pidFile = join(data, "run", `${bot.pid}.pid`);
      await until(() => exists(pidFile), 60_000, "the pid file");

      await writeFile(join(pack, "faq/main.yaml"), (await readFile(join(pack, "faq/main.yaml"), "utf8")).replace("Open settings and change it.", "Open Settings > Security."));
      const ok = await runAfterleak(["reload"], { cwd: data, env });
      expect(ok.stdout).toBe(`pid ${bot.pid}: reloaded mini (reviewed 2026-11-01)\n`);
      expect(ok.code).toBe(0);
      expect(log).toMatch(/"trigger":"SIGHUP".*"msg":"content pack reloaded"/);

      await writeFile(join(pack, "tasks.yaml"), (await readFile(join(pack, "tasks.yaml"), "utf8")).replace("next: cards", "next: nowhere"));
      const bad = await runAfterleak(["reload"], { cwd: data, env });
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain(`pid ${bot.pid}: refused, the old pack keeps serving:`);
      expect(bad.stderr).toMatch(/tasks\.yaml:5: task 'secure': unknown next task 'nowhere'/);
      expect(bot.exitCode).toBeNull();
    } finally {
      bot.kill("SIGTERM");
    }
    expect(await closed).toBe(0);
    expect(await exists(join(data, "run", `${bot.pid}.pid`))).toBe(false);
  }, 120_000);

  it("says so when no instance is running", async () => {
    const data = await tempDir();
    const r = await runAfterleak(["reload"], { cwd: data, env: { DATA_DIR: data, CONTENT_DIR: await miniCopy(), STORE_URL: "memory:" } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("no running afterleak instance found");
  }, 60_000);
});
