import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import { parseConfig } from "../src/config.js";
import { formatDiagnostics } from "../src/content/diagnostics.js";
import { loadPack } from "../src/content/loader.js";
import { createLogger } from "../src/logger.js";
import { createReloader, startReloadTriggers, type ReloadOutcome } from "../src/reload.js";
import { reloadCommand } from "../src/cli/reload.js";
import { startRedisServer, type RedisServer } from "./fakes/redis-server.js";
import { captureIo } from "./helpers/cli-io.js";
import { choiceId, harness, texts } from "./helpers/engine.js";
import { miniCopy, overlayPack } from "./helpers/packs.js";
import { useTempDirs } from "./helpers/temp-dirs.js";

const tempDir = useTempDirs("afterleak-reload-");

/** A pino logger writing JSON lines to memory, for asserting on what the log says. */
function memoryLogger() {
  const stream = new PassThrough();
  let text = "";
  stream.on("data", (d: Buffer) => (text += d.toString()));
  const logger = createLogger("info", stream);
  const lines = () =>
    text
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { level: number; msg: string; [k: string]: unknown });
  return { logger, lines };
}

const edit = async (dir: string, file: string, from: string, to: string) => {
  const p = join(dir, file);
  const s = await readFile(p, "utf8");
  if (!s.includes(from)) throw new Error(`fixture edit: '${from}' not in ${file}`);
  await writeFile(p, s.replace(from, to));
};

describe("content pack reload (issue 14.6)", () => {
  it("swaps a valid pack, refuses a broken one with every problem logged, and keeps the old one serving", async () => {
    const dir = await miniCopy();
    const h = harness(await loadPack(dir));
    const { logger, lines } = memoryLogger();
    const reloader = createReloader({ dir, engine: h.engine, logger });
    await h.command("language", "en");
    expect(texts(await h.choose("f:password-change"))).toContain("Open settings and change it.");

    await edit(dir, "faq/main.yaml", "Open settings and change it.", "Open Settings > Security and change it there.");
    const ok = await reloader.reload("test");
    expect(ok.outcome).toBe("reloaded");
    expect(texts(await h.choose("f:password-change"))).toContain("Open Settings > Security and change it there.");

    // Two problems in two files: both are reported, and the bot keeps answering from the last good pack.
    await edit(dir, "faq/main.yaml", "followUps: [password-change]", "followUps: [no-such-topic]");
    await edit(dir, "tasks.yaml", "next: cards", "next: no-such-task");
    const bad: ReloadOutcome = await reloader.reload("test");
    expect(bad.outcome).toBe("refused");
    const problems = bad.outcome === "refused" ? formatDiagnostics(bad.diagnostics) : "";
    expect(problems).toMatch(/faq\/main\.yaml:10: FAQ 'card-leaked': unknown follow-up id 'no-such-topic'/);
    expect(problems).toMatch(/tasks\.yaml:5: task 'secure': unknown next task 'no-such-task'/);
    const refused = lines().find((l) => l.msg.startsWith("content pack reload refused"));
    expect(refused?.level).toBe(50);
    expect(refused?.msg).toContain("unknown follow-up id 'no-such-topic'");
    expect(refused?.msg).toContain("unknown next task 'no-such-task'");
    expect(h.engine.pack.faqById.get("card-leaked")?.followUps).toEqual(["password-change"]);
    expect(texts(await h.choose("f:password-change"))).toContain("Open Settings > Security and change it there.");
  });

  it("a user mid-task whose step was removed continues at the next valid step and is told so", async () => {
    const dir = await miniCopy();
    const h = harness(await loadPack(dir));
    const reloader = createReloader({ dir, engine: h.engine, logger: createLogger("silent") });
    await h.command("language", "en");
    const first = await h.choose("t:secure");
    expect(texts(first)).toContain("Change your password.");
    const atDevices = await h.choose(choiceId(first, "s:done:"));
    expect(texts(atDevices)).toContain("Log out other devices.");
    const staleButton = choiceId(atDevices, "s:done:secure:devices");

    // The step the user is on disappears in an update.
    await edit(dir, "tasks.yaml", '      - id: devices\n        text: { en: "Log out other devices.", ko: "다른 기기에서 로그아웃하세요." }\n', "");
    expect((await reloader.reload("test")).outcome).toBe("reloaded");

    const after = await h.choose(staleButton);
    const shown = texts(after);
    expect(shown).toContain("the step you were on was removed, so we continue with the next step");
    expect(shown).toContain("step 2/2");
    expect(shown).toContain("Review your addresses.");
    // The step they had done is still done; the stale button did not mark the removed step.
    const done = await h.choose(choiceId(after, "s:done:secure:addresses"));
    expect(texts(done)).toContain("Secure my account is complete.** (2 done, 0 skipped)");
    expect(h.engine.pack.taskById.get("secure")?.steps.map((s) => s.id)).toEqual(["password", "addresses"]);
  });

  it("warns once at start-up when the pack is older than freshness.maxAgeDays", async () => {
    const data = await tempDir();
    const stale = memoryLogger();
    const app = await createApp({ CONTENT_DIR: await overlayPack("lint-stale"), DATA_DIR: data, STORE_URL: "memory:" }, { logger: stale.logger });
    await app.close();
    const warned = stale.lines().filter((l) => l.msg.startsWith("content pack is stale"));
    expect(warned).toHaveLength(1);
    expect(warned[0]).toMatchObject({ level: 40, reviewed: "2026-01-15", maxAgeDays: 60 });

    const fresh = memoryLogger();
    const dir = await miniCopy({ "pack.yaml": (s) => s.replace("reviewed: 2026-11-01", `reviewed: ${new Date().toISOString().slice(0, 10)}`) });
    const app2 = await createApp({ CONTENT_DIR: dir, DATA_DIR: data, STORE_URL: "memory:" }, { logger: fresh.logger });
    await app2.close();
    expect(fresh.lines().filter((l) => l.msg.startsWith("content pack is stale"))).toEqual([]);
  });
});

describe("reload across instances on Redis", () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedisServer();
  }, 30_000);
  afterAll(async () => {
    await redis?.stop();
  });

  it("`afterleak reload` on Redis: every subscribed instance reloads and reports back; a broken pack is refused by each", async () => {
    const dir = await miniCopy();
    const data = await tempDir();
    const env = { CONTENT_DIR: dir, DATA_DIR: data, STORE_URL: redis.url, RELOAD_CHANNEL: "afterleak:test-reload" };
    const { config } = parseConfig(env);
    if (!config) throw new Error("config");
    const instances = await Promise.all(
      [1, 2].map(async () => {
        const h = harness(await loadPack(dir));
        const { logger, lines } = memoryLogger();
        const triggers = await startReloadTriggers({ config, reloader: createReloader({ dir, engine: h.engine, logger }), logger });
        return { h, lines, triggers };
      }),
    );
    try {
      await edit(dir, "faq/main.yaml", "Probably a scam. Don't click.", "Almost certainly a scam. Don't click the link.");
      const ok = captureIo(env);
      expect(await reloadCommand(["--timeout", "20"], ok)).toBe(0);
      expect(ok.out().trim().split("\n")).toEqual([expect.stringMatching(/:\d+: reloaded mini \(reviewed 2026-11-01\)$/), expect.stringMatching(/: reloaded mini/)]);
      for (const i of instances) {
        expect(i.lines().some((l) => l.msg === "content pack reloaded" && l.trigger === "pubsub")).toBe(true);
        expect(i.h.engine.pack.faqById.get("smishing")?.answer.en).toBe("Almost certainly a scam. Don't click the link.");
      }

      await edit(dir, "tasks.yaml", "next: cards", "next: nowhere");
      const bad = captureIo(env);
      expect(await reloadCommand(["--timeout", "20"], bad)).toBe(1);
      expect(bad.err().match(/refused, the old pack keeps serving:\n\S*tasks\.yaml:5: task 'secure': unknown next task 'nowhere'/g) ?? [], bad.err()).toHaveLength(2);
      for (const i of instances) expect(i.h.engine.pack.faqById.get("smishing")?.answer.en).toBe("Almost certainly a scam. Don't click the link.");
    } finally {
      for (const i of instances) await i.triggers.stop();
    }
  }, 60_000);
});
