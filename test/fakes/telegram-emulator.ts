import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer as createNetServer, type AddressInfo } from "node:net";
import { TelegramServer } from "telegram-test-api/lib/telegramServer.js";

/**
 * The Telegram Bot API emulator (`telegram-test-api`) behind a small recording front:
 * - every bot API call is recorded (method, parameters, response) so tests can assert on what
 *   Telegram received, answerCallbackQuery and sendChatAction included;
 * - methods the emulator lacks (setMyCommands, sendChatAction, …) are answered like Telegram does;
 * - failures can be injected (`failNext`) to exercise fallbacks (edit refused, user never started
 *   the bot, no right to delete);
 * - webhooks get the `X-Telegram-Bot-Api-Secret-Token` header that the emulator does not send.
 * - `getUpdates` keeps an update until a later call confirms it with a higher `offset`, as the Bot
 *   API does (the emulator drops it once served, so a poll cut off mid-answer would lose it).
 */

type Json = Record<string, unknown>;

/** A bot API call as the emulator received it. */
export interface ApiCall {
  method: string;
  params: Json;
  response?: { ok: boolean; result?: unknown; error_code?: number; description?: string; parameters?: Json };
}

/** A scripted Telegram user in one chat. */
export interface EmulatedUser {
  userId: number;
  chatId: number;
  /** Sends a message (a command when it starts with `/`); returns its update id. */
  say(text: string, extra?: Json): Promise<number>;
  /** Presses a button with `data` on the bot message `messageId`; returns the update id. */
  press(data: string, messageId: number): Promise<number>;
}

export interface TelegramEmulator {
  /** The Bot API root to give grammY (`client.apiRoot`). */
  apiRoot: string;
  /** The bot's identity as the emulator's getMe reports it. */
  bot: { id: number; username: string };
  server: TelegramServer;
  calls: ApiCall[];
  callsTo(method: string): ApiCall[];
  /** The next call of `method` (matching `when`, if given) fails with this Telegram error. */
  failNext(method: string, error_code: number, description: string, o?: FailOptions): void;
  /**
   * The next call of `method` (matching `when`) is recorded but never answered nor passed on, as a
   * request in flight when its sender dies: resolves with it when it arrives (e.g. to kill -9 the sender then).
   */
  holdNext(method: string, when?: (params: Json) => boolean): Promise<ApiCall>;
  /** Administrators per chat (`getChatMember` answers `administrator` for them, `member` for others); add the bot's id to make it an admin. */
  admins: Map<number, Set<number>>;
  user(o: { userId: number; chatId?: number; type?: "private" | "group" | "supergroup"; languageCode?: string; firstName?: string }): EmulatedUser;
  stop(): Promise<void>;
}

/** Options of an injected failure. */
export interface FailOptions {
  /** How many calls fail (default 1). */
  times?: number;
  /** Telegram's `parameters`, e.g. `{ retry_after: 1 }` for a 429. */
  parameters?: Json;
  /** Only calls whose parameters match fail. */
  when?: (params: Json) => boolean;
}

/** Methods the emulator does not implement, answered here with Telegram's result. */
const LOCAL_METHODS: Record<string, unknown> = {
  setMyCommands: true,
  deleteMyCommands: true,
  getMyCommands: [],
  sendChatAction: true,
};

/** A free loopback port (closed again at once; fine for tests). */
export async function freePort(): Promise<number> {
  const s = createNetServer();
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

const readBody = async (req: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8");
};

const reply = (res: ServerResponse, status: number, body: unknown) =>
  res.writeHead(status, { "Content-Type": "application/json" }).end(JSON.stringify(body));

/** Starts the emulator and its front on free loopback ports. */
export async function startTelegramEmulator(token: string): Promise<TelegramEmulator> {
  const server = new TelegramServer({ port: await freePort(), host: "127.0.0.1", storeTimeout: 600 });
  await server.start();
  const emulatorUrl = server.config.apiURL;
  const calls: ApiCall[] = [];
  const failures: { method: string; error_code: number; description: string; parameters?: Json; when?: (p: Json) => boolean }[] = [];
  const webhooks = new Map<string, { url: string; secret?: string }>();
  const admins = new Map<number, Set<number>>();
  const holds: { method: string; when?: (p: Json) => boolean; resolve(c: ApiCall): void }[] = [];
  const unconfirmed = new Map<string, { update_id: number }[]>();
  let apiRoot = "";

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const body = await readBody(req);
    const relay = /^\/__webhook\/(.+)$/.exec(url.pathname);
    if (relay) {
      // The emulator posts an update: pass it to the bot as Telegram would, with the secret header.
      const hook = webhooks.get(decodeURIComponent(relay[1] ?? ""));
      if (!hook) return reply(res, 404, { ok: false });
      const r = await fetch(hook.url, {
        method: "POST",
        headers: { "Content-Type": "application/json", ...(hook.secret ? { "X-Telegram-Bot-Api-Secret-Token": hook.secret } : {}) },
        body,
      });
      return reply(res, r.status, { ok: r.ok });
    }
    const m = /^\/bot([^/]+)\/(\w+)$/.exec(url.pathname);
    if (!m) return reply(res, 404, { ok: false, error_code: 404, description: "Not Found" });
    const [, botToken = "", method = ""] = m;
    const params = (body ? JSON.parse(body) : {}) as Json;
    const call: ApiCall = { method, params };
    calls.push(call);
    const answer = (status: number, response: ApiCall["response"]) => {
      call.response = response;
      reply(res, status, response);
    };
    const hold = holds.findIndex((h) => h.method === method && (!h.when || h.when(params)));
    if (hold >= 0) return holds.splice(hold, 1)[0]!.resolve(call); // no answer: the connection stays open until the sender goes
    const fail = failures.findIndex((f) => f.method === method && (!f.when || f.when(params)));
    if (fail >= 0) {
      const [f] = failures.splice(fail, 1);
      const { error_code, description, parameters } = f!;
      return answer(error_code, { ok: false, error_code, description, ...(parameters ? { parameters } : {}) });
    }
    if (method in LOCAL_METHODS) return answer(200, { ok: true, result: LOCAL_METHODS[method] });
    if (method === "getChatMember") {
      const admin = admins.get(Number(params.chat_id))?.has(Number(params.user_id)) ?? false;
      return answer(200, { ok: true, result: { status: admin ? "administrator" : "member", user: { id: Number(params.user_id), is_bot: false, first_name: "x" } } });
    }
    if (method === "deleteMessage") return answer(200, { ok: true, result: true });
    if (method === "setWebhook") {
      webhooks.set(botToken, { url: String(params.url), secret: params.secret_token as string | undefined });
      server.setWebhook({ url: `${apiRoot}/__webhook/${encodeURIComponent(botToken)}` }, botToken);
      return answer(200, { ok: true, result: true });
    }
    if (method === "deleteWebhook") webhooks.delete(botToken);
    if (method === "getUpdates") {
      // The inner emulator forgets an update once it has served it; the Bot API keeps it until a
      // later getUpdates confirms it with a higher offset, so a poll whose answer is lost to a
      // dropped connection gets the same updates again. Kept here per bot, in that order.
      const r = await fetch(`${emulatorUrl}${url.pathname}`, { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" });
      const fresh = (await r.json()) as { ok: boolean; result?: { update_id: number }[] };
      // Two polls in flight at once (one cut off, its retry) may come back in either order: kept by id.
      const queue = [...(unconfirmed.get(botToken) ?? []), ...(fresh.ok ? (fresh.result ?? []) : [])].sort((a, b) => a.update_id - b.update_id);
      const offset = Number(params.offset ?? 0);
      const kept = offset > 0 ? queue.filter((u) => u.update_id >= offset) : queue;
      unconfirmed.set(botToken, kept);
      return answer(200, { ok: true, result: kept.slice(0, Number(params.limit ?? 100) || 100) });
    }
    const r = await fetch(`${emulatorUrl}${url.pathname}`, { method: "POST", headers: { "Content-Type": "application/json" }, body: body || "{}" });
    answer(r.status, (await r.json()) as ApiCall["response"]);
  };

  const front = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => reply(res, 500, { ok: false, error_code: 500, description: String(err) }));
  });
  await new Promise<void>((resolve) => front.listen(0, "127.0.0.1", resolve));
  apiRoot = `http://127.0.0.1:${(front.address() as AddressInfo).port}`;

  /** The id the emulator gives the next update (it numbers them itself and does not return it). */
  const nextUpdateId = () => (server as unknown as { updateId: number }).updateId;

  return {
    apiRoot,
    bot: { id: 666, username: "TestNameBot" },
    server,
    calls,
    callsTo: (method) => calls.filter((c) => c.method === method),
    admins,
    failNext: (method, error_code, description, o = {}) => {
      for (let i = 0; i < (o.times ?? 1); i++) failures.push({ method, error_code, description, parameters: o.parameters, when: o.when });
    },
    holdNext: (method, when) => new Promise<ApiCall>((resolve) => holds.push({ method, when, resolve })),
    user(o) {
      const chatId = o.chatId ?? o.userId;
      const client = server.getClient(token, {
        userId: o.userId,
        chatId,
        type: o.type ?? "private",
        firstName: o.firstName ?? "Tester",
        userName: `user${o.userId}`,
        chatTitle: o.type && o.type !== "private" ? "Test group" : undefined,
      });
      const from = o.languageCode ? { from: { language_code: o.languageCode } } : {};
      return {
        userId: o.userId,
        chatId,
        async say(text, extra = {}) {
          const id = nextUpdateId();
          if (text.startsWith("/")) await client.sendCommand(client.makeCommand(text, { ...from, ...extra }));
          else await client.sendMessage(client.makeMessage(text, { ...from, ...extra }));
          return id;
        },
        async press(data, messageId) {
          const id = nextUpdateId();
          await client.sendCallback(client.makeCallbackQuery(data, { ...from, message: { message_id: messageId } }));
          return id;
        },
      };
    },
    async stop() {
      const closed = new Promise<void>((resolve) => front.close(() => resolve()));
      front.closeAllConnections();
      await closed;
      await server.stop();
    },
  };
}
