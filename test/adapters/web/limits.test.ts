import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { ui, type InboundEvent } from "../../../src/index.js";
import { startTestChat, type Received } from "./harness.js";

/** A socket from a chosen loopback source address (127.0.0.2 is a second client), with an optional proxy header. */
async function client(url: string, from = "127.0.0.1", headers: Record<string, string> = {}) {
  const ws = new WebSocket(url.replace(/^http/, "ws") + "ws", { localAddress: from, headers });
  const got: Received[] = [];
  const wake = new Set<() => void>();
  let closed: number | undefined;
  const poke = () => {
    for (const w of wake) w();
  };
  ws.on("message", (d) => {
    got.push(JSON.parse(String(d)) as Received);
    poke();
  });
  ws.on("close", (code) => {
    closed = code;
    poke();
  });
  await new Promise<void>((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("error", reject);
  });
  const until = (pred: () => boolean, what: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!pred()) return;
        clearTimeout(timer);
        wake.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        wake.delete(check);
        reject(new Error(`timed out waiting for ${what}; got ${JSON.stringify(got).slice(0, 1500)}`));
      }, 10_000);
      wake.add(check);
      check();
    });
  const menus = () => got.filter((m) => m.quick_replies?.some((q) => q.payload === "m:tasks")).length;
  const notices = (kind: string) => got.filter((m) => m.notice === kind);
  return {
    got,
    send: (m: Record<string, unknown>) => ws.send(JSON.stringify(m)),
    until,
    menus,
    notices,
    closed: () => closed,
    /** Sends a hello and waits for the menu it brings, or for a notice of `kind`. */
    async hello(user: string, expect: "menu" | "refused") {
      const [m, n] = [menus(), notices("connections").length];
      ws.send(JSON.stringify({ type: "hello", user, locale: "en" }));
      await until(() => (expect === "menu" ? menus() > m : notices("connections").length > n), `${expect} for ${user}`);
    },
    close: () => ws.close(),
  };
}

describe("web chat per-address limits", () => {
  let t: Awaited<ReturnType<typeof startTestChat>>;
  let clock = 1_000_000;
  const handled: InboundEvent[] = [];
  const CAPS = { socketsPerAddress: 4, browserIdsPerHour: 6, newUsersPerHour: 4, messagesPerMinute: 25 };

  beforeAll(async () => {
    t = await startTestChat({
      wrap: (engine) => ({
        ...engine,
        handle: (e) => {
          handled.push(e);
          return engine.handle(e);
        },
      }),
      limits: (engine, store) => ({
        ...CAPS,
        now: () => clock,
        isKnown: async (id) => (await store.get(engine.keyOf({ platform: "web", userId: id }))) !== undefined,
      }),
    });
  });
  afterAll(() => t?.close());

  it("caps sockets, browser ids, new users and messages from one address while another address is served", async () => {
    const pack = t.engine.pack;
    // Three users that already exist, made from a second address.
    const other = await client(t.chat.url, "127.0.0.2");
    const known = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
    for (const id of known) await other.hello(id, "menu");
    const mark = handled.length;

    // Sockets: 4 stay open; the 5th and 6th get the notice in the browser's language and are closed.
    const open = [];
    for (let i = 0; i < 4; i++) open.push(await client(t.chat.url));
    const refused = [await client(t.chat.url, "127.0.0.1", { "accept-language": "en-US,en;q=0.9" }), await client(t.chat.url)];
    for (const r of refused) await r.until(() => r.closed() !== undefined, "close");
    expect(refused.map((r) => r.closed())).toEqual([1013, 1013]);
    expect(refused[0]!.got).toEqual([expect.objectContaining({ type: "message", notice: "connections", lang: "en", text: ui(pack, "limitConnections", "en") })]);
    expect(refused[1]!.got[0]).toMatchObject({ notice: "connections", lang: "ko", text: ui(pack, "limitConnections", "ko") });

    // New users: 4 fresh browser ids are served, the 5th is refused and never stored.
    const [a, b, c, d] = open as [Awaited<ReturnType<typeof client>>, ...Awaited<ReturnType<typeof client>>[]];
    const fresh = Array.from({ length: 5 }, () => crypto.randomUUID());
    for (const id of fresh.slice(0, 4)) await a.hello(id, "menu");
    await a.hello(fresh[4]!, "refused");
    expect(a.notices("connections")[0]).toMatchObject({ lang: "en", text: ui(pack, "limitConnections", "en") });
    // Browser ids: returning users still count as ids; 4 new + 2 known = 6, the 3rd known one is refused.
    await b!.hello(known[0]!, "menu");
    await b!.hello(known[1]!, "menu");
    await b!.hello(known[2]!, "refused");
    // An admitted id keeps working on another socket of the same address.
    await c!.hello(fresh[0]!, "menu");
    expect(await t.store.get(t.engine.keyOf({ platform: "web", userId: fresh[4]! }))).toBeUndefined();
    expect(handled.slice(mark).filter((e) => e.user.userId === fresh[4] || e.user.userId === known[2])).toEqual([]);

    // Messages: 9 frames so far from this address (refused ones count too); of a burst of 40, 16 get through, and one notice.
    const before = handled.length;
    for (let i = 0; i < 40; i++) d!.send({ type: "message", user: fresh[1], text: `question ${i}` });
    await d!.until(() => d!.notices("messages").length === 1, "messages notice");
    expect(d!.notices("messages")[0]).toMatchObject({ text: ui(pack, "limitMessages", "ko") });
    // Meanwhile the other address is served: a new user there gets the welcome and the menu.
    await other.hello(crypto.randomUUID(), "menu");
    // Barrier: the engine has seen the 16 admitted frames of the burst.
    await d!.until(() => handled.filter((e) => e.kind === "text" && e.user.userId === fresh[1]).length === 16, "16 handled");
    expect(handled.length - before).toBe(17); // 16 from the burst + the other address's hello
    expect(d!.notices("messages")).toHaveLength(1);

    // A minute later messages flow again; a new id waits for the hour.
    clock += 61_000;
    await c!.hello(fresh[2]!, "menu");
    await d!.hello(crypto.randomUUID(), "refused");
    clock += 3_600_000;
    await b!.hello(crypto.randomUUID(), "menu");
    for (const s of [...open, other]) s.close();
  }, 60_000);

  it("counts a trusted proxy header's last entry as the address, and ignores the header when none is trusted", async () => {
    const p = await startTestChat({
      limits: (engine, store) => ({
        ...CAPS,
        socketsPerAddress: 1,
        trustedProxyHeader: "x-forwarded-for",
        isKnown: async (id) => (await store.get(engine.keyOf({ platform: "web", userId: id }))) !== undefined,
      }),
    });
    try {
      const first = await client(p.chat.url, "127.0.0.1", { "x-forwarded-for": "198.51.100.7, 203.0.113.5" });
      // Same proxy, same client behind it (a forged first entry does not help): refused.
      const again = await client(p.chat.url, "127.0.0.1", { "x-forwarded-for": "10.9.9.9, 203.0.113.5" });
      await again.until(() => again.closed() === 1013, "refused");
      // Another client behind the same proxy is served.
      const second = await client(p.chat.url, "127.0.0.1", { "x-forwarded-for": "203.0.113.6" });
      await second.hello(crypto.randomUUID(), "menu");
      await first.hello(crypto.randomUUID(), "menu");
      first.close();
      second.close();
    } finally {
      await p.close();
    }
    // Without a trusted header, the header is the client's to forge, so it changes nothing.
    const q = await startTestChat({
      limits: (engine, store) => ({ ...CAPS, socketsPerAddress: 1, isKnown: async (id) => (await store.get(engine.keyOf({ platform: "web", userId: id }))) !== undefined }),
    });
    try {
      const first = await client(q.chat.url, "127.0.0.1", { "x-forwarded-for": "203.0.113.5" });
      const forged = await client(q.chat.url, "127.0.0.1", { "x-forwarded-for": "203.0.113.99" });
      await forged.until(() => forged.closed() === 1013, "refused");
      first.close();
    } finally {
      await q.close();
    }
  }, 60_000);
});
