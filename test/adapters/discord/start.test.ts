import { spawn } from "node:child_process";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { FakeDiscord } from "../../fakes/discord/fake-discord.js";
import { snowflake, user } from "../../fakes/discord/payloads.js";

it("`afterleak start` runs the Discord channel when DISCORD_BOT_TOKEN is set, and stops cleanly on SIGTERM", async () => {
  const fake = await FakeDiscord.start();
  const dir = await mkdtemp(join(tmpdir(), "afterleak-discord-start-"));
  const env = { ...process.env, DISCORD_BOT_TOKEN: fake.token, DISCORD_API_ROOT: fake.apiRoot, DATA_DIR: dir, LOG_LEVEL: "info" };
  const child = spawn(process.execPath, ["bin/afterleak.mjs", "start"], { env, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  child.stdout.on("data", (d: Buffer) => (log += d.toString()));
  child.stderr.on("data", (d: Buffer) => (log += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  try {
    await fake.waitForSession(20_000);
    const { callback } = await fake.slash(user(snowflake(), "someone"), "leak", "what-leaked");
    expect(callback.body.type).toBe(4);
    expect(callback.body.data.flags).toBe(64);
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(log).toMatch(/"channel":"discord".*"msg":"discord ready"/);
    expect(log).not.toMatch(/"level":50/);
    expect((await readdir(join(dir, "store"))).some((f) => /^users-\d+\.json$/.test(f))).toBe(true);
  } finally {
    child.kill("SIGKILL");
    await fake.close();
    await rm(dir, { recursive: true, force: true });
  }
});
