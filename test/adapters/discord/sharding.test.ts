import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { discordChannel } from "../../../adapters/discord/index.js";
import { SHARD_SCRIPT, assertSharedStore, resolveShardCount, startDiscordShards, type ShardedDiscord } from "../../../adapters/discord/sharding.js";
import { runCli } from "../../../src/cli/main.js";
import { createApp, createLogger, parseConfig, type App } from "../../../src/index.js";
import { discordConfigSchema, type DiscordConfig } from "../../../adapters/discord/config.js";
import { FakeDiscord, PERMS, type ShardPair } from "../../fakes/discord/fake-discord.js";
import { shardOf, snowflake, user } from "../../fakes/discord/payloads.js";
import { startRedisServer, type RedisServer } from "../../fakes/redis-server.js";
import { customIds } from "./calls.js";
import { answerOf } from "./support.js";

const SECRET = "discord-sharding-secret-0123456789abcdef";
/** Pids of this process's children that run the shard script. */
const shardProcesses = () =>
  execFileSync("ps", ["-o", "pid=,args=", "--ppid", String(process.pid)], { encoding: "utf8" })
    .split("\n")
    .filter((l) => l.includes(SHARD_SCRIPT))
    .map((l) => Number(l.trim().split(" ")[0]))
    .sort();
const byId = (a: ShardPair | undefined, b: ShardPair | undefined) => (a?.[0] ?? -1) - (b?.[0] ?? -1);

describe("DISCORD_SHARDS configuration", () => {
  it.each([
    ["auto", "auto"],
    ["2", 2],
    ["16", 16],
  ])("reads %s", (value, expected) => {
    expect(parseConfig<DiscordConfig>({ DISCORD_SHARDS: value }, [discordConfigSchema]).config?.DISCORD_SHARDS).toBe(expected);
  });

  it.each(["0", "-1", "two", "1.5", "10000"])("rejects %s, naming the variable", (value) => {
    expect(parseConfig({ DISCORD_SHARDS: value }, [discordConfigSchema]).problems[0]?.variable).toBe("DISCORD_SHARDS");
  });

  it("takes a number as it is, without asking Discord", async () => {
    expect(await resolveShardCount({ DISCORD_SHARDS: 3, DISCORD_API_ROOT: "http://127.0.0.1:9/api" })).toBe(3);
  });

  it("for auto, asks GET /gateway/bot at DISCORD_API_ROOT, and names the variable when Discord refuses the token", async () => {
    const fake = await FakeDiscord.start({ shards: 3 });
    try {
      expect(await resolveShardCount({ DISCORD_SHARDS: "auto", DISCORD_BOT_TOKEN: fake.token, DISCORD_API_ROOT: fake.apiRoot })).toBe(3);
      const refused = resolveShardCount({ DISCORD_SHARDS: "auto", DISCORD_BOT_TOKEN: "not.the.right.token-0123456789", DISCORD_API_ROOT: fake.apiRoot });
      await expect(refused).rejects.toThrow(/^DISCORD_SHARDS=auto: could not ask Discord how many shards to run \(GET \/gateway\/bot\): .*401/);
    } finally {
      await fake.close();
    }
  });

  it.each([
    [undefined, /the store is lowdb \(data\/store\)/],
    ["lowdb:/srv/afterleak", /the store is lowdb \(lowdb:\/srv\/afterleak\)/],
    ["memory:", /memory: keeps each process's users apart/],
  ])("refuses shard processes on STORE_URL=%s", (url, why) => {
    const config = { DISCORD_SHARDS: 2 as const, DATA_DIR: "data", ...(url ? { STORE_URL: url } : {}) };
    expect(() => assertSharedStore(config)).toThrow(why);
    expect(() => assertSharedStore(config)).toThrow(/DISCORD_SHARDS=2 .*Set STORE_URL=redis:\/\//);
  });

  it("accepts Redis", () => {
    expect(() => assertSharedStore({ DISCORD_SHARDS: "auto", DATA_DIR: "data", STORE_URL: "rediss://r.internal:6380/1" })).not.toThrow();
  });

  it("`afterleak start` with DISCORD_SHARDS=2 and the default lowdb store refuses to start, naming DISCORD_SHARDS and STORE_URL", async () => {
    const dir = await mkdtemp(join(tmpdir(), "afterleak-discord-shards-lowdb-"));
    let stderr = "";
    const sink = (onText: (s: string) => void) => new Writable({ write: (chunk, _enc, done) => (onText(String(chunk)), done()) });
    const env = {
      DISCORD_BOT_TOKEN: "fake.discord.token-for-tests-only",
      // Unreachable: a refusal that came from asking Discord would read differently.
      DISCORD_API_ROOT: "http://127.0.0.1:9/api",
      DISCORD_SHARDS: "2",
      DATA_DIR: dir,
      AFTERLEAK_SECRET: SECRET,
      LOG_LEVEL: "silent",
    };
    try {
      const io = { stdin: process.stdin, stdout: sink(() => undefined), stderr: sink((s) => (stderr += s)), env };
      const code = await runCli(["start"], { channels: [discordChannel] }, io);
      expect(code).toBe(1);
      expect(stderr).toMatch(/^afterleak start: DISCORD_SHARDS=2 runs each Discord shard in its own process/);
      expect(stderr).toContain(`the store is lowdb (${dir}/store), a folder only one process may use`);
      expect(stderr).toContain("Set STORE_URL=redis://host:6379");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("two shard processes under ShardingManager on one Redis", () => {
  let redis: RedisServer;
  let fake: FakeDiscord;
  let dir: string;
  let app: App<DiscordConfig>;
  let running: ShardedDiscord | undefined;
  let startMs = 0;

  beforeAll(async () => {
    redis = await startRedisServer();
    fake = await FakeDiscord.start({ shards: 2, guilds: 2 });
    dir = await mkdtemp(join(tmpdir(), "afterleak-discord-shards-"));
    const env = {
      ...process.env,
      DISCORD_BOT_TOKEN: fake.token,
      DISCORD_API_ROOT: fake.apiRoot,
      DISCORD_SHARDS: "auto",
      STORE_URL: redis.url,
      DATA_DIR: dir,
      AFTERLEAK_SECRET: SECRET,
      LOG_LEVEL: process.env.TEST_LOG ?? "warn",
      // The support team's home is server B, on shard 1.
      SUPPORT_DISCORD_ROLE_ID: fake.guilds[1]?.supportRoleId,
      SUPPORT_DISCORD_CHANNEL_ID: fake.guilds[1]?.channelId,
    };
    // As `afterleak start` does: the main process builds the app, then starts the channel.
    app = await createApp<DiscordConfig>(env, { logger: createLogger(process.env.TEST_LOG ?? "silent"), configSchemas: [discordConfigSchema] });
    const t0 = Date.now();
    running = await startDiscordShards(app, { env, spawnDelayMs: 0 });
    startMs = Date.now() - t0;
  }, 50_000);

  afterAll(async () => {
    await running?.stop();
    await app?.close();
    await fake?.close();
    await redis?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("asks Discord for the shard count, and each process identifies as its own shard: [0,2] and [1,2]", () => {
    expect(fake.guilds.map((g) => shardOf(g.id, 2))).toEqual([0, 1]);
    expect(fake.gateway.identifies.map((i) => i.shard).sort(byId)).toEqual([
      [0, 2],
      [1, 2],
    ]);
    expect(fake.gateway.live).toBe(2);
    expect(running?.manager.totalShards).toBe(2);
    // The manager's own marks are kept out of this (main) process's environment.
    expect([process.env.SHARDING_MANAGER, process.env.DISCORD_TOKEN]).toEqual([undefined, undefined]);
    // Once for `auto` in the main process (which never logs in), once per shard process.
    expect(fake.calls.filter((c) => c.path === "/gateway/bot").length).toBe(3);
    const [a, b] = fake.guilds;
    const creates = fake.gateway.sent.filter((d) => d.t === "GUILD_CREATE").sort((x, y) => byId(x.shard, y.shard));
    expect(creates).toEqual([
      { t: "GUILD_CREATE", shard: [0, 2], guildId: a?.id },
      { t: "GUILD_CREATE", shard: [1, 2], guildId: b?.id },
    ]);
    console.log(`two shard processes ready in ${startMs} ms`);
  });

  it("answers a slash command in each server from the shard that owns it", async () => {
    const [a, b] = fake.guilds;
    if (!a || !b) throw new Error("the fake has two servers");
    const someone = user(snowflake(), "someone");
    const inA = await fake.slash(someone, "leak", "what-leaked", {}, fake.inServer(a));
    const inB = await fake.slash(someone, "leak", "what-leaked", {}, fake.inServer(b));
    // The interaction (and its token) reached only the owning shard's socket, so that process answered.
    expect(inA.shards).toEqual([[0, 2]]);
    expect(inB.shards).toEqual([[1, 2]]);
    // A shard's first turn may pass the acknowledgement budget on a loaded machine: then the
    // reply is deferred (type 5, still ephemeral) and the answer edited in.
    const answers: string[] = [];
    for (const r of [inA, inB]) {
      expect(r.callback.status).toBe(204);
      expect([4, 5]).toContain(r.callback.body.type);
      expect(r.callback.body.data.flags).toBe(64);
      const content = String((await answerOf(fake, r)).content);
      expect(content.length).toBeGreaterThan(20);
      answers.push(content);
    }
    expect(answers[1]).toBe(answers[0]);
  });

  it("continues a user's task in server B (shard 1) where they left it in server A (shard 0)", async () => {
    const task = app.pack.tasks[0];
    if (!task) throw new Error("the pack has no task");
    const total = task.steps.length;
    const [a, b] = fake.guilds;
    if (!a || !b) throw new Error("the fake has two servers");
    const alice = user(snowflake(), "alice");

    const listA = await fake.slash(alice, "leak", "tasks", {}, fake.inServer(a));
    await answerOf(fake, listA);
    const startA = await fake.click(alice, fake.responseMessage(listA.interaction), `t:${task.id}`);
    const startAAnswer = await answerOf(fake, startA);
    expect(String(startAAnswer.content)).toContain(`1/${total}`);
    const done1 = customIds(startAAnswer).find((id) => id.startsWith(`s:done:${task.id}:`)) ?? "";
    const stepA = await fake.click(alice, fake.responseMessage(startA.interaction), done1);
    expect(String((await answerOf(fake, stepA)).content)).toContain(`2/${total}`);
    for (const r of [listA, startA, stepA]) expect(r.shards).toEqual([[0, 2]]);

    const listB = await fake.slash(alice, "leak", "tasks", {}, fake.inServer(b));
    const buttons = (await answerOf(fake, listB)).components.flatMap((r: { components: { custom_id?: string; label?: string }[] }) => r.components);
    expect(buttons.find((x: { custom_id?: string }) => x.custom_id === `t:${task.id}`)?.label).toContain(`2/${total}`);
    const resumeB = await fake.click(alice, fake.responseMessage(listB.interaction), `t:${task.id}`);
    const resumeBAnswer = await answerOf(fake, resumeB);
    expect(String(resumeBAnswer.content)).toContain(`2/${total}`);
    const done2 = customIds(resumeBAnswer).find((id) => id.startsWith(`s:done:${task.id}:`)) ?? "";
    const stepB = await fake.click(alice, fake.responseMessage(resumeB.interaction), done2);
    expect(String((await answerOf(fake, stepB)).content)).toContain(`3/${total}`);
    for (const r of [listB, resumeB, stepB]) expect(r.shards).toEqual([[1, 2]]);
  });

  it("restarts a shard process that dies, and the new one serves its server again", async () => {
    const shard1 = running?.manager.shards.get(1);
    const dead = shard1?.process;
    if (!shard1 || !dead) throw new Error("shard 1 is not running");
    dead.kill("SIGKILL");
    const deadline = Date.now() + 20_000;
    while (!(fake.gateway.identifies.length === 3 && fake.gateway.live === 2 && shard1.ready) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(shard1.process?.pid).not.toBe(dead.pid);
    expect(fake.gateway.identifies.map((i) => i.shard)[2]).toEqual([1, 2]);
    const b = fake.guilds[1];
    if (!b) throw new Error("the fake has two servers");
    const again = await fake.slash(user(snowflake(), "someone"), "leak", "what-leaked", {}, fake.inServer(b));
    expect(again.shards).toEqual([[1, 2]]);
    expect(again.callback.body.type).toBe(4);
  });

  it("runs a support ticket across shards: asked in A (shard 0), thread in B (shard 1), a DM (shard 0) relayed in the staff's language, closed in B", async () => {
    const [a, b] = fake.guilds;
    if (!a || !b) throw new Error("the fake has two servers");
    const role = b.supportRoleId;
    const bob = user(snowflake(), "bob");
    const staff = user(snowflake(), "staff");
    const lang = await fake.slash(user(snowflake(), "mod"), "leak-admin", "language", { language: "ko" }, fake.inServer(b, PERMS.moderator));
    expect(lang.shards).toEqual([[1, 2]]);
    expect(lang.callback.body.data.content).toMatch(/한국어/);

    const human = await fake.slash(bob, "leak", "human", {}, fake.inServer(a));
    expect(human.shards).toEqual([[0, 2]]);
    const opened = fake.since(human.mark).find((c) => c.method === "POST" && c.path === `/channels/${b.channelId}/threads`);
    expect(opened?.status).toBe(200);
    const threadId = [...fake.threads.values()].find((t) => t.parent_id === b.channelId)?.id ?? "";
    expect(fake.gateway.sent.filter((d) => d.t === "THREAD_CREATE" && d.guildId === b.id).map((d) => d.shard)).toEqual([[1, 2]]);
    expect((await answerOf(fake, human)).content).toContain(`<#${threadId}>`);
    const header = [...fake.messages.values()].find((m) => m.channel_id === threadId);
    expect(header?.content).toContain(`<@&${role}>`);

    const dm = fake.post(bob, "is my phone at risk?", { dm: true });
    expect(dm.shards).toEqual([[0, 2]]);
    const relayed = await fake.waitFor((c) => c.method === "POST" && c.path === `/channels/${threadId}/messages`, dm.mark);
    // The staff side reads the pack's default language (the core's one policy; Korean for this pack).
    expect(relayed.body.content).toMatch(/님이 쓴 내용 \(가림 처리됨\)/);
    expect(relayed.body.content).toMatch(/at risk/);

    const joined = fake.postInThread(staff, threadId, "", [role]);
    expect(joined.shards).toEqual([[1, 2]]);
    const joinedNote = await fake.waitFor((c) => c.method === "POST" && c.path === `/channels/${threadId}/messages`, joined.mark);
    expect(joinedNote.body.content.length).toBeGreaterThan(0);

    if (!header) throw new Error("no ticket header");
    const close = await fake.click(staff, header, customIds(header)[0] ?? "", { place: fake.inThread(threadId, { roles: [role], guild: b }) });
    expect(close.shards).toEqual([[1, 2]]);
    await answerOf(fake, close);
    expect(fake.threads.get(threadId)?.thread_metadata).toMatchObject({ archived: true, locked: true });

    const back = await fake.slash(bob, "leak", "ask", { question: "was my card number leaked?" }, fake.inServer(a));
    expect(back.shards).toEqual([[0, 2]]);
    expect((await answerOf(fake, back)).content).toMatch(/card/i);
    expect(fake.since(back.mark).some((c) => c.path === `/channels/${threadId}/messages`)).toBe(false);
  });

  it("fails to start, leaving no process behind, when a shard process cannot start", async () => {
    const env = { ...process.env, DISCORD_BOT_TOKEN: fake.token, DISCORD_API_ROOT: fake.apiRoot, STORE_URL: redis.url, DATA_DIR: dir, CONTENT_DIR: join(dir, "no-such-pack"), LOG_LEVEL: "silent" };
    const identified = fake.gateway.identifies.length;
    const before = shardProcesses();
    expect(before.length).toBe(2);
    const config = { ...app.config, DISCORD_SHARDS: 1 };
    const start = startDiscordShards({ ...app, config }, { env, spawnDelayMs: 0, stopTimeoutMs: 2000 });
    await expect(start).rejects.toThrow(/^a Discord shard did not start \(its log above says why\): Shard 0's process exited before its Client became ready/);
    // The manager restarts the dead shard at once; the failed start ends that restart too.
    expect(shardProcesses()).toEqual(before);
    expect(fake.gateway.identifies.length).toBe(identified);
  });

  it("stop() ends both shard processes cleanly, and their gateway sessions", async () => {
    if (!running) throw new Error("not running");
    const children = [...running.manager.shards.values()].map((s) => s.process).filter((p): p is ChildProcess => !!p);
    expect(children.length).toBe(2);
    const t0 = Date.now();
    await running.stop();
    const stopMs = Date.now() - t0;
    running = undefined;
    for (const child of children) {
      expect(child.exitCode).toBe(0);
      expect(() => process.kill(child.pid ?? 0, 0)).toThrow(/ESRCH/);
    }
    const deadline = Date.now() + 2000;
    while (fake.gateway.live > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(fake.gateway.live).toBe(0);
    expect(fake.gateway.identifies.length).toBe(3);
    console.log(`two shard processes stopped in ${stopMs} ms`);
  });
});

/** `afterleak start` in a child process against a fake Discord with `shards` shards and servers, on a fresh Redis. */
async function withCli(shards: number, run: (cli: { fake: FakeDiscord; log: () => string; pids: () => number[]; proc: ChildProcess; exited: Promise<number | null> }) => Promise<void>) {
  const redis = await startRedisServer();
  const fake = await FakeDiscord.start({ shards, guilds: shards });
  const dir = await mkdtemp(join(tmpdir(), "afterleak-discord-shards-cli-"));
  const env = { ...process.env, DISCORD_BOT_TOKEN: fake.token, DISCORD_API_ROOT: fake.apiRoot, DISCORD_SHARDS: String(shards), STORE_URL: redis.url, DATA_DIR: dir, LOG_LEVEL: "info" };
  const proc = spawn(process.execPath, ["bin/afterleak.mjs", "start"], { env, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  proc.stdout.on("data", (d: Buffer) => (log += d.toString()));
  proc.stderr.on("data", (d: Buffer) => (log += d.toString()));
  const exited = new Promise<number | null>((resolve) => proc.on("exit", resolve));
  const pids = () => [...log.matchAll(/"pid":(\d+),"msg":"discord shard process started"/g)].map((m) => Number(m[1]));
  try {
    const deadline = Date.now() + 30_000;
    while (!log.includes('"msg":"discord shards ready"') && Date.now() < deadline && proc.exitCode === null) await new Promise((r) => setTimeout(r, 50));
    expect(log).toContain('"msg":"discord shards ready"');
    await run({ fake, log: () => log, pids, proc, exited });
  } finally {
    proc.kill("SIGKILL");
    for (const pid of pids()) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // Already gone, as it should be.
      }
    }
    await fake.close();
    await redis.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

const gone = async (pid: number, withinMs: number) => {
  const deadline = Date.now() + withinMs;
  for (;;) {
    try {
      process.kill(pid, 0);
    } catch {
      return true; // ESRCH: the process has exited.
    }
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 25));
  }
};

it("`afterleak start` with DISCORD_SHARDS=2 runs two shard processes, logs in only through them, and SIGTERM ends them all", async () => {
  await withCli(2, async ({ fake, log, pids, proc, exited }) => {
    expect(fake.gateway.identifies.map((i) => i.shard).sort(byId)).toEqual([
      [0, 2],
      [1, 2],
    ]);
    const b = fake.guilds[1];
    if (!b) throw new Error("the fake has two servers");
    const inB = await fake.slash(user(snowflake(), "someone"), "leak", "what-leaked", {}, fake.inServer(b));
    expect(inB.shards).toEqual([[1, 2]]);
    expect(inB.callback.body.type).toBe(4);
    expect(pids().length).toBe(2);
    proc.kill("SIGTERM");
    expect(await exited).toBe(0);
    for (const pid of pids()) expect(await gone(pid, 0)).toBe(true);
    expect(log()).toMatch(/"shard":0,"reason":"SIGTERM","msg":"discord shard stopping"/);
    expect(log()).toMatch(/"shard":1,"reason":"SIGTERM","msg":"discord shard stopping"/);
    expect(log()).not.toMatch(/"level":50/);
    expect(fake.gateway.identifies.length).toBe(2);
  });
}, 45_000);

it("a shard process stops by itself when the main process dies (SIGKILL)", async () => {
  await withCli(1, async ({ log, pids, proc, exited }) => {
    const [pid] = pids();
    if (!pid) throw new Error("no shard process");
    proc.kill("SIGKILL");
    await exited;
    expect(await gone(pid, 5000)).toBe(true);
    expect(log()).toMatch(/"shard":0,"reason":"main process gone","msg":"discord shard stopping"/);
    expect(log()).not.toMatch(/ERR_IPC_CHANNEL_CLOSED|"level":50/);
  });
}, 30_000);
