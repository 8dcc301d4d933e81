/**
 * The fault-injection run (`npm run chaos`, and a reduced version in `npm test`): afterleak on a
 * real Redis behind a loopback TCP proxy, with the web chat, the Telegram channel (against the
 * Bot API emulator) and the Discord channel (against the local REST+gateway fake), while
 * synthetic users talk on all three. Each fault is injected for a while and
 * every message is accounted for: answered, apologized (the localized technical-problem notice),
 * unanswered within 3 s, duplicated, and acknowledged state lost; plus the time to recover after
 * the fault ends. Loopback only, bounded in time, stops by itself.
 */
import { randomUUID } from "node:crypto";
import { startTelegram } from "../adapters/telegram/index.js";
import { telegramConfigSchema, type TelegramConfig } from "../adapters/telegram/config.js";
import { startWebChat } from "../adapters/web/server.js";
import { startDiscord } from "../adapters/discord/index.js";
import { discordConfigSchema, type DiscordConfig } from "../adapters/discord/config.js";
import { FakeDiscord } from "../test/fakes/discord/fake-discord.js";
import { snowflake, user as discordUser } from "../test/fakes/discord/payloads.js";
import { createEngine, createLogger, loadPack, parseConfig, ui, type ContentPack, type Engine, type InboundEvent, type RunningChannel } from "../src/index.js";
import { createGuardedStore } from "../src/store/guarded.js";
import { createRedisStore } from "../src/store/redis.js";
import { startRedisServer } from "../test/fakes/redis-server.js";
import { startTcpProxy, type TcpProxy } from "../test/fakes/tcp-proxy.js";
import { startTelegramEmulator, type TelegramEmulator } from "../test/fakes/telegram-emulator.js";
import { socketClient } from "../test/adapters/web/harness.js";

/** One fault: what it does to a dependency while it lasts. */
export interface Fault {
  name: string;
  /** Starts the fault; the returned function ends it. */
  inject(env: FaultEnv): () => void;
}

/** The dependencies a fault can act on. */
export interface FaultEnv {
  proxy: TcpProxy;
  emu: TelegramEmulator;
  discord: FakeDiscord;
}

/** Discord's follow-ups (the deferred answer edited in, later messages) and interaction callbacks. */
const DISCORD_REPLIES = /^\/(?:webhooks\/\d+\/[^/]+(?:\/messages\/@original)?|interactions\/\d+\/[^/]+\/callback)$/;

/** The faults of the full run. */
export const FAULTS: Fault[] = [
  { name: "redis stopped", inject: ({ proxy }) => (proxy.set({ kind: "down" }), () => proxy.set({ kind: "pass" })) },
  { name: "redis slow (+500 ms)", inject: ({ proxy }) => (proxy.set({ kind: "slow", delayMs: 500 }), () => proxy.set({ kind: "pass" })) },
  { name: "redis connections reset", inject: ({ proxy }) => (proxy.reset(), () => undefined) },
  {
    name: "telegram 429 burst",
    inject: ({ emu }) => (emu.failNext("sendMessage", 429, "Too Many Requests: retry after 1", { times: 3, parameters: { retry_after: 1 } }), () => undefined),
  },
  { name: "telegram 5xx burst", inject: ({ emu }) => (emu.failNext("sendMessage", 502, "Bad Gateway", { times: 4 }), () => undefined) },
  { name: "telegram getUpdates 5xx", inject: ({ emu }) => (emu.failNext("getUpdates", 502, "Bad Gateway", { times: 3 }), () => undefined) },
  { name: "discord gateway dropped", inject: ({ discord }) => (discord.gateway.drop(), () => undefined) },
  { name: "discord 5xx burst", inject: ({ discord }) => (discord.rest.faults.push({ path: DISCORD_REPLIES, status: 502, times: 4 }), () => undefined) },
  { name: "discord 429 burst", inject: ({ discord }) => (discord.rest.faults.push({ path: DISCORD_REPLIES, status: 429, retryAfterS: 0.5, times: 3 }), () => undefined) },
];

/** One row of the report. */
export interface FaultRow {
  fault: string;
  sent: number;
  answered: number;
  apologized: number;
  unanswered: number;
  duplicated: number;
  lost: number;
  /** Milliseconds from the end of the fault to the first normal answer (0 when never disturbed). */
  recoveryMs: number;
}

/** Options of {@link runChaos}. */
export interface ChaosOptions {
  faults?: Fault[];
  webUsers?: number;
  telegramUsers?: number;
  discordUsers?: number;
  /** How long each fault lasts (default 3 s). */
  faultMs?: number;
  /** Store deadline of the bot under test (default 2 s, the production default). */
  deadlineMs?: number;
}

/** Progress on stderr with CHAOS_DEBUG set, in ms since the module loaded. */
const loaded = Date.now();
const dbg = (m: string) => process.env.CHAOS_DEBUG && process.stderr.write(`[chaos +${Date.now() - loaded} ms] ${m}\n`);
const ANSWER_WITHIN_MS = 3000;
const QUESTIONS = ["was my card number leaked?", "how do I change my password", "카드번호도 유출됐나요?", "what should I do first", "스미싱 문자 받았어요", "was my address leaked"];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Outcome = "answered" | "apologized" | "unanswered";
interface Talker {
  /** Sends one message; resolves with what came back within the window and how often the answer repeated. */
  ask(text: string): Promise<{ outcome: Outcome; duplicates: number }>;
  close(): void;
}

/** Runs every fault in turn and returns one row per fault. */
export async function runChaos(opts: ChaosOptions = {}): Promise<FaultRow[]> {
  const faults = opts.faults ?? FAULTS;
  const faultMs = opts.faultMs ?? 3000;
  const pack: ContentPack = await loadPack("content/coupang-2025");
  const apologies = new Set(pack.meta.locales.flatMap((l) => [ui(pack, "storeDown", l), ui(pack, "storeStillDown", l), ui(pack, "turnFailed", l)]));
  const redis = await startRedisServer();
  dbg("redis");
  const proxy = await startTcpProxy(redis.port);
  const emu = await startTelegramEmulator("424242:chaos");
  const raw = await createRedisStore({ url: `redis://127.0.0.1:${proxy.port}`, prefix: "afterleak:chaos:" });
  const direct = await createRedisStore({ url: redis.url, prefix: "afterleak:chaos:" });
  const store = createGuardedStore(raw, { deadlineMs: opts.deadlineMs ?? 2000 });
  const logger = createLogger("silent");
  const inner = createEngine({ pack, store, secret: "c".repeat(32), settings: { rateLimitPerMinute: 10_000 } });
  // The topic of each user's last committed turn (the engine returned it, so its update was applied).
  const committed = new Map<string, string>();
  const engine: Engine = Object.create(inner, {
    handle: {
      value: async (e: InboundEvent) => {
        const r = await inner.handle(e);
        if (r.outcome?.kind === "topic") committed.set(inner.keyOf(e.user), r.outcome.topic);
        return r;
      },
    },
  }) as Engine;
  dbg("engine");
  const web = await startWebChat({ engine, logger, host: "127.0.0.1", port: 0, retentionDays: 30, maxInputChars: 2000 });
  const { config } = parseConfig<TelegramConfig>({ TELEGRAM_BOT_TOKEN: "424242:chaos", TELEGRAM_API_ROOT: emu.apiRoot }, [telegramConfigSchema]);
  const telegram: RunningChannel = await startTelegram({ engine, store, config: config!, logger }, { minEmptyPollMs: 20 });
  dbg("telegram");
  const discord = await FakeDiscord.start();
  const dc = parseConfig<DiscordConfig>({ DISCORD_BOT_TOKEN: discord.token, DISCORD_API_ROOT: discord.apiRoot }, [discordConfigSchema]).config!;
  const discordBot: RunningChannel = await startDiscord({ engine, store, config: dc, logger });
  dbg("discord");
  const talkers: Talker[] = [];
  try {
    for (let i = 0; i < (opts.webUsers ?? 8); i++) talkers.push(await webTalker(web.url, apologies));
    for (let i = 0; i < (opts.telegramUsers ?? 4); i++) talkers.push(telegramTalker(emu, 7000 + i, apologies));
    for (let i = 0; i < (opts.discordUsers ?? 3); i++) talkers.push(discordTalker(discord, apologies));
    dbg("talkers");
    const rows: FaultRow[] = [];
    for (const fault of faults) {
      dbg(fault.name);
      rows.push(await runFault(fault, faultMs, talkers, { proxy, emu, discord }, committed, async (key) => (await direct.get(key))?.lastTopic));
    }
    return rows;
  } finally {
    dbg("stopping");
    for (const t of talkers) t.close();
    await discordBot.stop();
    await discord.close();
    dbg("discord stopped");
    await telegram.stop();
    dbg("telegram stopped");
    await web.stop();
    await store.close();
    await direct.close();
    await emu.stop();
    await proxy.close();
    await redis.stop();
    dbg("stopped");
  }
}

async function runFault(
  fault: Fault,
  faultMs: number,
  talkers: Talker[],
  env: FaultEnv,
  committed: Map<string, string>,
  storedTopic: (key: string) => Promise<string | undefined>,
): Promise<FaultRow> {
  const row: FaultRow = { fault: fault.name, sent: 0, answered: 0, apologized: 0, unanswered: 0, duplicated: 0, lost: 0, recoveryMs: 0 };
  committed.clear();
  let phase: "before" | "during" | "after" = "before";
  let endedAt = 0;
  let recoveredAt = 0;
  let disturbed = false;
  const loop = async (t: Talker, n: number) => {
    // Before and during the fault, then at least 1.5 s after it, and until the first normal answer (10 s at most).
    let lateBefore = false;
    const going = () => phase !== "after" || Date.now() - endedAt < 1500 || (disturbed && !recoveredAt && Date.now() - endedAt < 10_000);
    for (let i = 0; going(); i++) {
      const text = QUESTIONS[(n + i) % QUESTIONS.length]!;
      row.sent++;
      const r = await t.ask(text);
      row[r.outcome]++;
      // After an unanswered message its late reply may arrive in this window: that is late, not doubled.
      if (r.duplicates > 0 && !lateBefore) row.duplicated++;
      lateBefore = r.outcome === "unanswered";
      if (r.outcome !== "answered") disturbed = true;
      if (r.outcome === "answered" && phase === "after" && !recoveredAt) recoveredAt = Date.now();
      await sleep(100);
    }
  };
  const loops = talkers.map((t, n) => loop(t, n).finally(() => dbg(`${fault.name}: talker ${n} done`)));
  await sleep(500);
  phase = "during";
  const end = fault.inject(env);
  await sleep(faultMs);
  end();
  endedAt = Date.now();
  phase = "after";
  await Promise.all(loops);
  row.recoveryMs = disturbed ? Math.max(0, (recoveredAt || Date.now()) - endedAt) : 0;
  // Every turn the engine acknowledged is in the store: each user's last committed topic is the stored one.
  for (const [key, topic] of committed) if ((await storedTopic(key)) !== topic) row.lost++;
  return row;
}

async function webTalker(url: string, apologies: Set<string>): Promise<Talker> {
  const user = randomUUID();
  let c = await socketClient(url);
  c.send({ type: "hello", user, locale: "en" });
  await c.until((g) => g.length > 0).catch(() => undefined);
  return {
    async ask(text) {
      const from = c.got.length;
      c.send({ type: "message", user, text });
      const ok = await c.until((g) => g.length > from, ANSWER_WITHIN_MS).then(
        () => true,
        () => false,
      );
      if (!ok) {
        // A socket that got nothing is replaced, as a browser would reconnect.
        c.close();
        c = await socketClient(url);
        return { outcome: "unanswered", duplicates: 0 };
      }
      await sleep(150);
      const got = c.got.slice(from).filter((m) => m.type === "message" && typeof m.text === "string");
      const first = got[0]?.text ?? "";
      return { outcome: apologies.has(first) ? "apologized" : "answered", duplicates: got.filter((m) => m.text === first).length - 1 };
    },
    close: () => c.close(),
  };
}

function telegramTalker(emu: TelegramEmulator, userId: number, apologies: Set<string>): Talker {
  const u = emu.user({ userId, languageCode: "en" });
  const sentTo = (from: number) => emu.calls.slice(from).filter((c) => c.method === "sendMessage" && c.response?.ok && Number(c.params.chat_id) === u.chatId);
  return {
    async ask(text) {
      const from = emu.calls.length;
      await u.say(text);
      const end = Date.now() + ANSWER_WITHIN_MS;
      while (sentTo(from).length === 0 && Date.now() < end) await sleep(10);
      if (sentTo(from).length === 0) return { outcome: "unanswered", duplicates: 0 };
      await sleep(150);
      const got = sentTo(from).map((c) => String(c.params.text ?? ""));
      const plain = (s: string) => s.replace(/<[^>]+>/g, "").replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'");
      const first = plain(got[0] ?? "");
      return { outcome: apologies.has(first) ? "apologized" : "answered", duplicates: got.filter((t) => plain(t) === first).length - 1 };
    },
    close: () => undefined,
  };
}

function discordTalker(fake: FakeDiscord, apologies: Set<string>): Talker {
  const u = discordUser(snowflake(), "chaos");
  return {
    async ask(text) {
      const from = fake.calls.length;
      const t0 = Date.now();
      const sent = fake.slash(u, "leak", "ask", { question: text }, fake.inDm(u));
      // The interaction's visible texts so far: a direct answer (type 4) or the deferred one edited in.
      const texts = (token: string) =>
        fake.calls
          .slice(from)
          .filter((c) => c.status < 300 && c.path.includes(token) && (c.method === "PATCH" || (c.method === "POST" && c.body?.type === 4) || (c.method === "POST" && c.path.startsWith("/webhooks/"))))
          .map((c) => String((c.body?.data ?? c.body)?.content ?? ""))
          .filter(Boolean);
      const r = await sent.catch(() => undefined);
      if (!r) return { outcome: "unanswered", duplicates: 0 };
      const token = r.interaction.token;
      while (texts(token).length === 0 && Date.now() - t0 < ANSWER_WITHIN_MS) await sleep(10);
      const got = texts(token);
      if (got.length === 0) return { outcome: "unanswered", duplicates: 0 };
      await sleep(150);
      const first = texts(token)[0]!;
      return { outcome: apologies.has(first) ? "apologized" : "answered", duplicates: texts(token).filter((t) => t === first).length - 1 };
    },
    close: () => undefined,
  };
}

/** The report as a table. */
export function formatChaos(rows: FaultRow[]): string {
  const head = ["fault", "sent", "answered", "apologized", "unanswered", "duplicated", "lost", "recovery"];
  const lines = rows.map((r) => [r.fault, r.sent, r.answered, r.apologized, r.unanswered, r.duplicated, r.lost, `${(r.recoveryMs / 1000).toFixed(1)} s`].map(String));
  const width = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(width[i]!) : c.padStart(width[i]!))).join("  ");
  return [fmt(head), ...lines.map(fmt)].join("\n") + "\n";
}
