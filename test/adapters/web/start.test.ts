import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

describe("`afterleak start` without a platform token", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "afterleak-web-start-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("starts the web chat, prints its URL, serves the page and stops cleanly on SIGTERM", async () => {
    // A clean environment in an empty folder, so no .env or platform token of the developer's leaks in.
    const child = spawn(process.execPath, [resolve("bin/afterleak.mjs"), "start"], {
      cwd: dir,
      env: {
        PATH: process.env.PATH,
        HOME: dir,
        CONTENT_DIR: resolve("content/coupang-2025"),
        DATA_DIR: join(dir, "data"),
        WEB_PORT: "0",
        LOG_LEVEL: "warn",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr.on("data", (c: Buffer) => (out += c.toString()));
    const exited = new Promise<number | null>((done) => child.on("exit", (code) => done(code)));
    try {
      const url = await new Promise<string>((found, fail) => {
        const timer = setTimeout(() => fail(new Error(`no URL printed:\n${out}`)), 30_000);
        child.stdout.on("data", () => {
          const m = /afterleak web chat: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
          if (m?.[1]) {
            clearTimeout(timer);
            found(m[1]);
          }
        });
      });
      const res = await fetch(url);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain("/chat.js");
      expect(out).not.toContain("(Ctrl-C to quit)"); // the terminal chat did not start
    } finally {
      child.kill("SIGTERM");
    }
    // Stopping must leave nothing running (sockets, Botkit's heartbeat timer): the process ends by itself.
    const code = await Promise.race([exited, new Promise<string>((r) => setTimeout(() => r("still running after 5 s"), 5000))]);
    if (code !== 0) child.kill("SIGKILL");
    expect(code).toBe(0);
  }, 45_000);
});
