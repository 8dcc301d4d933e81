import { spawn, type ChildProcess } from "node:child_process";
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEngine, createLowdbStore, loadPack, type InboundEvent } from "../../src/index.js";
import { SECRET, TOKEN } from "../fakes/telegram-bot.js";
import { startTelegramEmulator, type ApiCall, type TelegramEmulator } from "../fakes/telegram-emulator.js";
import { until } from "../fakes/telegram-harness.js";
import { statsCommand } from "../../src/cli/stats.js";
import { captureIo } from "../helpers/cli-io.js";

const ROOT = join(import.meta.dirname, "../..");
const PACK_DIR = join(ROOT, "content/coupang-2025");
const N = 40;
const KO = new Set([8003, 8010, 8017, 8024, 8031, 8038]);
const chatIds = Array.from({ length: N }, (_, i) => 8000 + i);

interface Cli {
  child: ChildProcess;
  out: string;
  err: string;
  exit: Promise<number | null>;
}

/**
 * `afterleak broadcast` as a real process on a lowdb data folder and the Bot API emulator: the dry
 * run, a bad file, kill -9 mid-broadcast and the same command again (each subscriber exactly
 * once), the same id never re-sent, and the hand-over to a running `afterleak start`.
 */
describe("afterleak broadcast (CLI, lowdb, Telegram emulator)", () => {
  let emu: TelegramEmulator;
  let dir: string;
  let env: Record<string, string>;
  const cli = (args: string[], more: Record<string, string> = {}): Cli => {
    const child = spawn(process.execPath, ["bin/afterleak.mjs", ...args], { cwd: ROOT, env: { ...process.env, ...env, ...more }, stdio: ["ignore", "pipe", "pipe"] });
    const c: Cli = { child, out: "", err: "", exit: new Promise((r) => child.on("exit", (code) => r(code))) };
    child.stdout!.on("data", (d: Buffer) => (c.out += d.toString()));
    child.stderr!.on("data", (d: Buffer) => (c.err += d.toString()));
    return c;
  };
  const finished = async (c: Cli) => ({ code: await c.exit, out: c.out, err: c.err });
  const delivered = (chatId: number, calls: readonly ApiCall[] = emu.calls) =>
    calls.filter((c) => c.method === "sendMessage" && c.params.chat_id === chatId && c.response?.ok).length;
  const sends = (from: number) => emu.calls.slice(from).filter((c) => c.method === "sendMessage");

  beforeAll(async () => {
    emu = await startTelegramEmulator(TOKEN);
    dir = await mkdtemp(join(tmpdir(), "afterleak-cli-broadcast-"));
    env = {
      DATA_DIR: join(dir, "data"),
      CONTENT_DIR: PACK_DIR,
      AFTERLEAK_SECRET: SECRET,
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: emu.apiRoot,
      LOG_LEVEL: "silent",
      BROADCAST_RATE_TELEGRAM: "20",
    };
    // N subscribers (some Korean) and one user who never opted in, written by an engine on the same folder.
    const store = await createLowdbStore({ dir: join(env.DATA_DIR!, "store") }); // `afterleak`'s default store folder
    const engine = createEngine({ pack: await loadPack(PACK_DIR), store, secret: SECRET });
    const user = (id: number) => ({ platform: "telegram", userId: String(id), chat: "private" as const });
    for (const id of chatIds) await engine.handle({ kind: "command", command: "updates", args: "on", user: user(id), localeHint: KO.has(id) ? "ko" : "en" } as InboundEvent);
    await engine.handle({ kind: "text", text: "hello", user: user(9999), localeHint: "en" } as InboundEvent);
    await store.close();
    await writeFile(join(dir, "fine.yaml"), 'id: 2026-12-fine\ntext:\n  en: "The regulator announced a fine today."\n  ko: "오늘 규제 당국이 과징금을 발표했어요."\n');
    await writeFile(join(dir, "second.yaml"), 'id: 2026-12-second\ntext:\n  en: "Compensation starts next week."\n  ko: "다음 주부터 보상이 시작돼요."\n');
    await writeFile(join(dir, "bad.yaml"), 'id: 2026-12-bad\ntext:\n  en: "Read https://evil.example now"\nlinks:\n  - label: { en: "x", ko: "x" }\n    url: "http://example.com"\n');
  });
  afterAll(async () => {
    await emu?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("--dry-run counts recipients per channel and locale, renders one sample, sends nothing", { timeout: 60_000 }, async () => {
    const from = emu.calls.length;
    const r = await finished(cli(["broadcast", join(dir, "fine.yaml"), "--dry-run"]));
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain(`telegram: ${N} recipient(s) (`);
    expect(r.out).toMatch(new RegExp(`en ${N - KO.size}\\b`));
    expect(r.out).toMatch(new RegExp(`ko ${KO.size}\\b`));
    expect(r.out.match(/--- sample for /g)).toHaveLength(1);
    expect(r.out).toMatch(/The regulator announced a fine today\.|오늘 규제 당국이 과징금을 발표했어요\./);
    // The command has exited: nothing it did reached Telegram.
    expect(sends(from)).toEqual([]);
  });

  it("a bad file gives file:line problems and a non-zero exit", { timeout: 60_000 }, async () => {
    const r = await finished(cli(["broadcast", join(dir, "bad.yaml")]));
    expect(r.code).not.toBe(0);
    const lines = r.err.trim().split("\n");
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const l of lines) expect(l).toMatch(/bad\.yaml:\d+: /);
    expect(r.err).toMatch(/bad\.yaml:3: .*URL/);
    expect(r.err).toMatch(/ko/);
  });

  it("kill -9 mid-broadcast, then the same command: never doubled; the one message in flight at the kill is unconfirmed, exact counts", { timeout: 90_000 }, async () => {
    const from = emu.calls.length;
    let n = 0;
    // The 11th message is in flight when the sender is killed: Telegram has it, the bot never learns.
    const held = emu.holdNext("sendMessage", () => ++n > 10);
    const first = cli(["broadcast", join(dir, "fine.yaml")]);
    const inFlight = Number((await held).params.chat_id);
    first.child.kill("SIGKILL");
    expect(await first.exit).toBe(null);
    const before = emu.calls.slice(from);
    expect(chatIds.filter((id) => delivered(id, before) === 1)).toHaveLength(10);

    const second = await finished(cli(["broadcast", join(dir, "fine.yaml"), "--json"]));
    expect(second.code, second.err).toBe(0);
    const report = JSON.parse(second.out) as Record<string, number>;
    // At most once: the in-flight one was marked "sending" before its request, so it is not sent again.
    expect(report).toMatchObject({ id: "2026-12-fine", sent: N - 11, failed: 0, unsubscribed: 0, unconfirmed: 1, remaining: 0, done: 10 });
    expect(report.sent! + report.failed! + report.unsubscribed! + report.unconfirmed! + report.done!).toBe(N);
    const all = emu.calls.slice(from);
    expect(chatIds.map((id) => all.filter((c) => c.method === "sendMessage" && c.params.chat_id === id).length)).toEqual(chatIds.map(() => 1));
    expect(chatIds.filter((id) => id !== inFlight).map((id) => delivered(id, all))).toEqual(chatIds.slice(1).map(() => 1));
    expect(delivered(9999, all)).toBe(0);
    for (const id of KO) expect(all.find((c) => c.method === "sendMessage" && c.params.chat_id === id)?.params.text).toContain("과징금");
  });

  it("with a running instance, the command hands the broadcast over and prints its report; the same id is never re-sent", { timeout: 90_000 }, async () => {
    const instance = cli(["start"]);
    try {
      // Up: it polls the emulator, and its pid file is in the data folder.
      await until(() => emu.calls.some((c) => c.method === "getUpdates") && instance.child.exitCode === null, "the instance polling", 30_000);
      for (let i = 0; !(await readdir(join(env.DATA_DIR!, "run")).catch(() => [])).some((f) => f === `${instance.child.pid}.pid`); i++) {
        if (i > 2000) throw new Error("no pid file from the instance");
        await new Promise((r) => setTimeout(r, 5));
      }
      let from = emu.calls.length;
      const again = await finished(cli(["broadcast", join(dir, "fine.yaml")]));
      expect(again.code, again.err).toBe(0);
      expect(again.err).toMatch(/handing the broadcast to the running instance \(pid \d+\)/);
      expect(again.out).toContain(`broadcast 2026-12-fine: sent 0, failed 0, unsubscribed 0, remaining 0 (${N - 1} already delivered earlier); unconfirmed 1`);
      expect(sends(from)).toEqual([]);

      from = emu.calls.length;
      const next = await finished(cli(["broadcast", join(dir, "second.yaml")]));
      expect(next.code, next.err).toBe(0);
      expect(next.err).toMatch(/handing the broadcast/);
      expect(next.out).toContain(`broadcast 2026-12-second: sent ${N}, failed 0, unsubscribed 0, remaining 0`);
      expect(chatIds.map((id) => delivered(id, emu.calls.slice(from)))).toEqual(chatIds.map(() => 1));
    } finally {
      instance.child.kill("SIGTERM");
      await instance.exit;
    }
  });

  it("afterleak stats shows each update's sent, failed, unsubscribed and remaining over all its runs", async () => {
    const json = captureIo({ ...env });
    expect(await statsCommand(["--json", "--since", "all"], json)).toBe(0);
    const figures = (JSON.parse(json.out()) as { broadcasts: unknown[] }).broadcasts;
    // The fine update was sent by two runs (10 before the kill, 29 after, 1 unconfirmed) and checked by a third.
    expect(figures).toEqual([
      { id: "2026-12-second", at: expect.any(String), sent: N, failed: 0, unsubscribed: 0, unconfirmed: 0, remaining: 0 },
      { id: "2026-12-fine", at: expect.any(String), sent: N - 1, failed: 0, unsubscribed: 0, unconfirmed: 1, remaining: 0 },
    ]);
    const text = captureIo({ ...env });
    expect(await statsCommand(["--since", "all"], text)).toBe(0);
    expect(text.out()).toContain("Broadcasts (afterleak broadcast; newest first)");
    expect(text.out()).toMatch(new RegExp(`2026-12-fine\\s+\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}\\s+${N - 1}\\s+0\\s+0\\s+1\\s+0`));
  });

  it("a stale pid file (its pid now another program's): the request is withdrawn after a while, exit 1, nothing sent", { timeout: 60_000 }, async () => {
    // This test process is alive and is no afterleak instance: it never takes the request.
    const pidFile = join(env.DATA_DIR!, "run", `${process.pid}.pid`);
    await mkdir(join(env.DATA_DIR!, "run"), { recursive: true });
    await writeFile(pidFile, `${process.pid}\n`);
    try {
      await writeFile(join(dir, "third.yaml"), 'id: 2026-12-third\ntext:\n  en: "Third."\n  ko: "세 번째."\n');
      const from = emu.calls.length;
      const c = cli(["broadcast", join(dir, "third.yaml")], { BROADCAST_HANDOVER_WAIT_MS: "1000" });
      const r = await finished(c);
      expect(r.code).toBe(1);
      expect(r.err).toContain(`handing the broadcast to the running instance (pid ${process.pid})`);
      expect(r.err).toMatch(/no running instance took the broadcast within 1 s .*nothing was sent/);
      expect((await readdir(join(env.DATA_DIR!, "run"))).filter((f) => f.startsWith("broadcast-"))).toEqual([]);
      expect(sends(from)).toEqual([]);
    } finally {
      await rm(pidFile, { force: true });
    }
  });
});
