import { PassThrough } from "node:stream";
import { beforeAll, describe, expect, it } from "vitest";
import { toDiscordCommands } from "../../adapters/discord/commands/index.js";
import { renderReplies } from "../../adapters/discord/render.js";
import { renderTelegram } from "../../adapters/telegram/render.js";
import { renderWeb } from "../../adapters/web/render.js";
import { shownStrings, walkPack } from "../helpers/walk-pack.js";
import { runConsoleSession } from "../../adapters/console/session.js";
import { renderConsole } from "../../adapters/console/render.js";
import { createEngine, createMemoryStore, loadPack, toSpans, type Engine, type EngineResult, type Reply } from "../../src/index.js";
import { startTelegramBot, type TelegramBot } from "../fakes/telegram-bot.js";
import { createLogTap, type LogRecord } from "../fakes/telegram-harness.js";
import { FakeDiscord, PERMS } from "../fakes/discord/fake-discord.js";
import { telegramChannel } from "../../adapters/telegram/index.js";
import { snowflake, user as discordUser } from "../fakes/discord/payloads.js";
import { startBot, type TestBot } from "./discord/bot.js";
import { messageBody } from "./discord/calls.js";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { socketClient, startTestChat } from "./web/harness.js";
import { adapterContract, handoffContract, type AdapterDriver, type HandoffDriver, type Shown } from "./contract.js";

const PACK_DIR = "content/coupang-2025";

/** The terminal chat over a pair of streams: numbered options typed back by number. */
function consoleDriver(): AdapterDriver {
  const input = new PassThrough();
  const output = new PassThrough();
  const shown: Shown[] = [];
  let lastChoices: string[] = [];
  let session: ReturnType<typeof runConsoleSession> | undefined;
  const tap = createLogTap();
  output.on("data", (chunk: Buffer) => {
    const text = chunk.toString("utf8");
    const numbered = (text.match(/^ {2}\d+\) /gm) ?? []).length;
    shown.push({ text: text.trimEnd(), choices: numbered ? lastChoices.slice(0, numbered) : [] });
  });
  let stopped: Promise<void> | undefined;
  return {
    platform: "console",
    maxChars: Infinity,
    async start(wrap) {
      const pack = await loadPack(PACK_DIR);
      const inner = wrap(createEngine({ pack, store: createMemoryStore(), secret: "c".repeat(32) }));
      // Reads the options of each answer the way the session numbers them (its own renderer).
      const engine: Engine = {
        ...inner,
        async handle(e) {
          const r = await inner.handle(e);
          const ids = renderConsole(r.replies).choices.map((c) => c.id);
          if (ids.length) lastChoices = ids;
          return r;
        },
      };
      session = runConsoleSession({ engine, input, output, user: { platform: "console", userId: "tester", chat: "private" }, logger: tap.logger });
      return { pack };
    },
    say: async (text) => void input.write(`${text}\n`),
    async press(id) {
      const i = lastChoices.indexOf(id);
      if (i < 0) throw new Error(`no option ${id} shown`);
      input.write(`${i + 1}\n`);
    },
    shown: () => shown,
    logs: (): LogRecord[] => tap.records,
    pressable: () => lastChoices,
    stop: () =>
      (stopped ??= (async () => {
        input.end();
        await session?.done;
      })()),
  };
}

/** The web chat over a WebSocket client speaking the page's protocol. */
function webDriver(): AdapterDriver {
  let t: Awaited<ReturnType<typeof startTestChat>> | undefined;
  let c: Awaited<ReturnType<typeof socketClient>> | undefined;
  const user = crypto.randomUUID();
  let stopped: Promise<void> | undefined;
  const shown = (): Shown[] =>
    (c?.got ?? [])
      .filter((m) => m.type === "message")
      .map((m) => ({
        text: m.spans ? m.spans.map((s) => s.text).join("") : (m.text ?? ""),
        choices: (m.quick_replies ?? []).map((q) => q.payload),
        links: ((m.links ?? []) as { url: string }[]).map((l) => l.url),
      }));
  return {
    platform: "web",
    maxChars: 100_000,
    async start(wrap) {
      t = await startTestChat({ wrap });
      c = await socketClient(t.chat.url);
      return { pack: t.engine.pack };
    },
    say: async (text) => c!.send({ type: "message", user, text }),
    async press(id) {
      const q = (c?.got ?? []).flatMap((m) => m.quick_replies ?? []).findLast((x) => x.payload === id);
      if (!q) throw new Error(`no button ${id} shown`);
      c!.send({ type: "message", user, text: q.title, quick_reply: { payload: q.payload } });
    },
    shown,
    stop: () => (stopped ??= (async () => t?.close())()),
  };
}

/** Telegram over the Bot API emulator, long polling: inline keyboards pressed by callback data. */
function telegramDriver(): AdapterDriver {
  let tg: TelegramBot | undefined;
  let u: ReturnType<TelegramBot["emu"]["user"]> | undefined;
  let stopped: Promise<void> | undefined;
  const html = (s: string) => s.replace(/<[^>]+>/g, "").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&amp;/g, "&");
  type Button = { text: string; callback_data?: string; url?: string };
  const buttons = (params: Record<string, unknown>): Button[] =>
    (((params.reply_markup as { inline_keyboard?: Button[][] } | undefined)?.inline_keyboard ?? []) as Button[][]).flat();
  const calls = () => (tg?.emu.calls ?? []).filter((x) => x.method === "sendMessage" || x.method === "editMessageText");
  return {
    platform: "telegram",
    maxChars: 4096,
    async start(wrap) {
      tg = await startTelegramBot({ engine: (pack, store) => wrap(createEngine({ pack, store, secret: "t".repeat(32) })) });
      u = tg.emu.user({ userId: 5150, languageCode: "ko" });
      return { pack: tg.pack };
    },
    say: async (text) => void (await u!.say(text)),
    async press(id) {
      const call = calls().findLast((x) => buttons(x.params as Record<string, unknown>).some((b) => b.callback_data === id));
      if (!call) throw new Error(`no button ${id} shown`);
      const messageId = call.method === "editMessageText" ? Number((call.params as { message_id?: unknown }).message_id) : Number((call.response?.result as { message_id?: unknown } | undefined)?.message_id);
      await u!.press(id, messageId);
    },
    logs: () => tg?.records ?? [],
    group: {
      async say(text, addressed) {
        const member = tg!.emu.user({ userId: 6160, chatId: -100777, type: "group" });
        const at = `@${tg!.emu.bot.username}`;
        await member.say(addressed ? `${at} ${text}` : text, addressed ? { entities: [{ type: "mention", offset: 0, length: at.length }] } : {});
      },
      shown: () =>
        calls()
          .filter((x) => (x.params as { chat_id?: unknown }).chat_id === -100777 || String((x.params as { chat_id?: unknown }).chat_id) === "-100777")
          .map((x) => ({ text: html(String((x.params as Record<string, unknown>).text ?? "")), choices: [] })),
    },
    sendUnsupported: async () => void (await u!.say("", { text: undefined, photo: [{ file_id: "p1", file_unique_id: "p1", width: 10, height: 10 }] })),
    shown: () =>
      calls().map((x) => {
        const p = x.params as Record<string, unknown>;
        return {
          text: html(String(p.text ?? "")),
          choices: buttons(p).flatMap((b) => (b.callback_data ? [b.callback_data] : [])),
          links: buttons(p).flatMap((b) => (b.url ? [b.url] : [])),
        };
      }),
    stop: () =>
      (stopped ??= (async () => {
        await tg?.stop();
        await tg?.emu.stop();
      })()),
  };
}

/** Discord in a DM, over the fake REST + gateway: buttons and select options clicked by custom id / value. */
function discordDriver(): AdapterDriver {
  let fake: FakeDiscord | undefined;
  let bot: TestBot | undefined;
  let dir = "";
  const u = discordUser(snowflake(), "contract");
  let stopped: Promise<void> | undefined;
  // What a Discord user sees: markdown escapes applied, zero-width spaces invisible.
  const visible = (s: string) => s.replace(/\\([^A-Za-z0-9\s])/g, "$1").replace(/\u200b/g, "");
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- recorded JSON bodies
  type Json = any;
  const options = (body: Json): { id: string; custom: string; select: boolean }[] =>
    (body?.components ?? []).flatMap((row: Json) =>
      (row.components ?? []).flatMap((c: Json) =>
        c.type === 3 ? c.options.map((o: Json) => ({ id: o.value, custom: c.custom_id, select: true })) : c.custom_id ? [{ id: c.custom_id, custom: c.custom_id, select: false }] : [],
      ),
    );
  return {
    platform: "discord",
    maxChars: 2000,
    async start(wrap) {
      fake = await FakeDiscord.start();
      dir = await mkdtemp(join(tmpdir(), "afterleak-contract-discord-"));
      bot = await startBot(fake, dir, { wrap });
      return { pack: bot.engine.pack };
    },
    say: async (text) => void fake!.post(u, text, { dm: true }),
    logs: () => bot?.records ?? [],
    group: {
      async say(text, addressed) {
        fake!.post(u, addressed ? `<@${fake!.bot.id}> ${text}` : text, { mentionBot: addressed });
      },
      shown: () =>
        (fake?.calls ?? []).flatMap((c) => {
          const b = c.method === "POST" && c.path === `/channels/${fake!.guild.channelId}/messages` ? messageBody(c) : undefined;
          return b ? [{ text: visible(String(b.content ?? "")), choices: [] }] : [];
        }),
    },
    async press(id) {
      const msg = [...fake!.messages.values()].reverse().find((m) => options(m).some((o) => o.id === id));
      const opt = msg && options(msg).find((o) => o.id === id);
      if (!msg || !opt) throw new Error(`no component ${id} shown`);
      await fake!.click(u, msg, opt.custom, opt.select ? { values: [id] } : {});
    },
    shown: () =>
      (fake?.calls ?? []).flatMap((c) => {
        const b = messageBody(c);
        const urls = (b?.components ?? []).flatMap((row: Json) => (row.components ?? []).flatMap((c: Json) => (c.style === 5 && c.url ? [c.url as string] : [])));
        return b ? [{ text: visible(String(b.content ?? "")), choices: options(b).map((o) => o.id), links: urls }] : [];
      }),
    stop: () =>
      (stopped ??= (async () => {
        await bot?.stop();
        await fake?.close();
        if (dir) await rm(dir, { recursive: true, force: true });
      })()),
  };
}

/** Telegram with a support group (SUPPORT_TELEGRAM_CHAT_ID); unreachable: every post there refused (the bot was removed). */
function telegramHandoffDriver(): HandoffDriver {
  const SUPPORT = -1009876543210;
  const userId = 5252;
  let tg: TelegramBot | undefined;
  let u: ReturnType<TelegramBot["emu"]["user"]> | undefined;
  const html = (s: string) => s.replace(/<[^>]+>/g, "").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&amp;/g, "&");
  return {
    user: { platform: "telegram", userId: String(userId) },
    relaysStaff: true,
    async start({ reachable }) {
      tg = await startTelegramBot({
        env: { SUPPORT_TELEGRAM_CHAT_ID: String(SUPPORT) },
        engine: (pack, store, config) => createEngine({ pack, store, secret: "t".repeat(32), settings: { handoffAvailable: (p) => p === "telegram" && telegramChannel.handoff!(config) } }),
      });
      if (!reachable) tg.emu.failNext("sendMessage", 403, "Forbidden: bot is not a member of the supergroup chat", { when: (p) => p.chat_id === SUPPORT, times: 100 });
      u = tg.emu.user({ userId, languageCode: "en", firstName: "Contract" });
      return { pack: tg.pack, engine: tg.engine };
    },
    ask: async () => void (await u!.say("/human")),
    shown: () =>
      (tg?.emu.calls ?? [])
        .filter((c) => c.method === "sendMessage" && String((c.params as { chat_id?: unknown }).chat_id) === String(userId))
        .map((c) => ({ text: html(String((c.params as { text?: unknown }).text ?? "")), choices: [] })),
    async staffReply(ticket, text) {
      const staff = tg!.emu.user({ userId: 9002, chatId: SUPPORT, type: "supergroup", firstName: "Staff" });
      const header = { message_id: 1, from: { id: tg!.emu.bot.id, is_bot: true, first_name: "Bot", username: tg!.emu.bot.username }, chat: { id: SUPPORT, type: "supergroup", title: "Support" }, date: 1, text: `#${ticket}` };
      await staff.say(text, { reply_to_message: header });
    },
    stop: async () => tg?.close(),
  };
}

/** Discord with a support role (private threads); unreachable: the bot may not create private threads. */
function discordHandoffDriver(): HandoffDriver {
  let fake: FakeDiscord | undefined;
  let bot: TestBot | undefined;
  let dir = "";
  let reachable = true;
  const u = discordUser(snowflake(), "contract-handoff");
  const staff = discordUser(snowflake(), "contract-staff");
  const visible = (s: string) => s.replace(/\\([^A-Za-z0-9\s])/g, "$1").replace(/\u200b/g, "");
  const userThreads = () => [...(fake?.threads.keys() ?? [])].filter((id) => fake!.rest.threadMembers.get(id)?.has(u.id));
  return {
    user: { platform: "discord", userId: u.id },
    relaysStaff: false,
    async start(o) {
      reachable = o.reachable;
      fake = await FakeDiscord.start();
      dir = await mkdtemp(join(tmpdir(), "afterleak-contract-discord-handoff-"));
      bot = await startBot(fake, dir, { env: { SUPPORT_DISCORD_ROLE_ID: fake.guild.supportRoleId } });
      return { pack: bot.engine.pack, engine: bot.engine };
    },
    ask: async () => void (reachable ? await fake!.slash(u, "leak", "human") : await fake!.slash(u, "leak", "human", {}, fake!.inGuild(PERMS.member, PERMS.botNoThreads))),
    // What the user reads: the bot's answers to them, and every message of the ticket's thread (staff included).
    shown: () => {
      const threads = new Set(userThreads());
      const bot = (fake?.calls ?? []).flatMap((c) => {
        const b = messageBody(c);
        return b ? [{ text: visible(String(b.content ?? "")), choices: [] }] : [];
      });
      const inThread = [...(fake?.messages.values() ?? [])].filter((m) => threads.has(m.channel_id) && m.author.id !== fake!.bot.id).map((m) => ({ text: visible(m.content), choices: [] }));
      return [...bot, ...inThread];
    },
    async staffReply(_ticket, text) {
      const [thread] = userThreads();
      if (!thread) throw new Error("no ticket thread with the user in it");
      fake!.postInThread(staff, thread, text, [fake!.guild.supportRoleId]);
    },
    stop: async () => {
      await bot?.stop();
      await fake?.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    },
  };
}

adapterContract("console", consoleDriver);
adapterContract("discord", discordDriver);
adapterContract("web", webDriver);
adapterContract("telegram", telegramDriver);
handoffContract("telegram", telegramHandoffDriver);
handoffContract("discord", discordHandoffDriver);

describe("every renderer over the whole default pack: nothing lost, nothing over the platform's limits", () => {
  let batches: Awaited<ReturnType<typeof walkPack>>;
  beforeAll(async () => {
    batches = await walkPack(await loadPack(PACK_DIR));
  }, 120_000);
  // Compared without whitespace: renderers may split or re-wrap long text.
  const norm = (s: string) => s.replace(/\s+/g, "");
  const plain = (text: string) => toSpans(text).map((s) => s.text).join("");
  const expectAll = (name: string, batch: { replies: Reply[] }, visible: string, translate: (s: string) => string = (s) => s) => {
    const have = norm(visible);
    for (const s of batch.replies.flatMap(shownStrings)) if (s) expect(have, `${name}: ${s.slice(0, 60)}`).toContain(norm(plain(translate(s))));
  };

  it("Telegram: messages within 4096 characters, callback data within 64 bytes, every string shown", () => {
    const decode = (h: string) => h.replace(/<[^>]+>/g, "").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&amp;/g, "&");
    for (const b of batches) {
      const ops = renderTelegram(b.replies, { botUsername: "afterleak_bot", canEdit: false });
      const texts: string[] = [];
      for (const op of ops) {
        if (op.op === "delete-inbound") continue;
        const text = decode(op.message.html);
        expect(text.length).toBeLessThanOrEqual(4096);
        texts.push(text);
        for (const row of op.message.keyboard?.inline_keyboard ?? []) {
          for (const btn of row) {
            texts.push(btn.text);
            if ("callback_data" in btn && btn.callback_data) expect(Buffer.byteLength(btn.callback_data)).toBeLessThanOrEqual(64);
          }
        }
      }
      expectAll("telegram", b, texts.join("\n"));
    }
  });

  it("Discord: content within 2000 characters, at most 5 rows of at most 5 buttons or one select of 25, ids within 100, every string shown", () => {
    const unescape = (s: string) => s.replace(/\*\*/g, "").replace(/\\([^A-Za-z0-9\s])/g, "$1").replace(/\u200b/g, "");
    for (const b of batches) {
      const texts: string[] = [];
      for (const m of renderReplies(b.replies, b.locale)) {
        expect(m.content.length).toBeLessThanOrEqual(2000);
        expect(m.allowed_mentions).toEqual({ parse: [] });
        expect(m.components.length).toBeLessThanOrEqual(5);
        texts.push(unescape(m.content));
        // eslint-disable-next-line @typescript-eslint/no-explicit-any -- discord.js component JSON
        for (const row of m.components as any[]) {
          const parts = row.components ?? [];
          expect(parts.length).toBeLessThanOrEqual(5);
          for (const c of parts) {
            if (c.custom_id) expect(c.custom_id.length).toBeLessThanOrEqual(100);
            if (c.label) texts.push(c.label);
            for (const o of c.options ?? []) texts.push(o.label);
            expect((c.options ?? []).length).toBeLessThanOrEqual(25);
          }
        }
      }
      // Discord names commands its own way (/leak tasks): the pack's text is compared as Discord words it.
      expectAll("discord", b, texts.join("\n"), toDiscordCommands);
    }
  });

  it("web and terminal: every string shown", () => {
    for (const b of batches) {
      const web = renderWeb({ locale: b.locale, replies: b.replies } as EngineResult);
      expectAll("web", b, web.flatMap((m) => [m.text ?? "", ...(m.quick_replies ?? []).map((q) => q.title), ...(m.links ?? []).map((l) => l.title)]).join("\n"));
      expectAll("console", b, renderConsole(b.replies).text);
    }
  });
});
