import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEngine, createLogger, createLowdbStore, loadPack, type Engine, type Reply, type Store } from "../../../src/index.js";
import { createWebInbox, createWebPush, type WebInbox } from "../../../adapters/web/inbox.js";
import { startWebChat, type RunningWebChat } from "../../../adapters/web/server.js";
import { webChannel } from "../../../adapters/web/index.js";
import { socketClient } from "./harness.js";

const UPDATE = "📢 The regulator announced a fine today.";
const update = { locale: "en", replies: [{ kind: "text", text: UPDATE } satisfies Reply] };

let dir: string;
let store: Store;
let engine: Engine;
let inbox: WebInbox;
let chat: RunningWebChat;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "afterleak-web-next-visit-"));
  store = await createLowdbStore({ dir: join(dir, "store") });
  engine = createEngine({ pack: await loadPack("content/coupang-2025"), store, secret: "web-test-secret-web-test-secret-0123456789" });
  inbox = createWebInbox(store, engine.keyOf);
  chat = await startWebChat({ engine, logger: createLogger("silent"), host: "127.0.0.1", port: 0, retentionDays: 30, maxInputChars: 2000, inbox });
});
afterAll(async () => {
  await chat.stop();
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

const push = (to: { userId: string }, m: typeof update) => createWebPush(inbox, createLogger("silent"))(to, m);
/** Every delivery started for `user` so far has finished (the inbox runs one user's work in order): the barrier. */
const settled = (user: string) => inbox.deliver(user, () => false);
const shown = (got: { text?: string }[]) => got.filter((m) => m.text === UPDATE).length;

/** A visit: the page connects and says hello (or welcome back), and the welcome arrives. */
async function visit(user: string, type: "hello" | "welcome_back") {
  const c = await socketClient(chat.url);
  c.send({ type, user, locale: "en" });
  await c.until((got) => got.some((m) => m.quick_replies?.some((q) => q.payload === "m:tasks")), 15_000);
  return c;
}

describe("web chat: messages the bot starts are shown on the next visit", () => {
  it("the web channel can push (task steps offer reminders there)", () => {
    expect(webChannel.capabilities?.push).toBe(true);
  });

  it("an update pushed while the user is away is shown when their page next connects, once", async () => {
    const user = crypto.randomUUID();
    (await visit(user, "hello")).close();
    expect(await push({ userId: user }, update)).toBe("sent");

    const back = await visit(user, "welcome_back");
    await back.until((got) => shown(got) === 1, 15_000);
    expect(back.got.find((m) => m.text === UPDATE)).toMatchObject({ type: "message", lang: "en" });
    await back.close();
    await settled(user);
    expect(await store.getSetting(`web-inbox:${engine.keyOf({ platform: "web", userId: user })}`)).toBeUndefined();

    const again = await visit(user, "welcome_back");
    await chat.idle();
    expect(await settled(user)).toBe(0);
    expect(shown(again.got)).toBe(0);
    await again.close();
  });

  it("is not shown after /forget: the kept message goes with the user", async () => {
    const user = crypto.randomUUID();
    const c = await visit(user, "hello");
    await push({ userId: user }, update);
    const key = engine.keyOf({ platform: "web", userId: user });
    expect(await store.getSetting(`web-inbox:${key}`)).toBeDefined();
    c.send({ type: "message", user, text: "/forget" });
    await c.until((got) => got.some((m) => m.quick_replies?.some((q) => q.payload === "x:yes")));
    c.send({ type: "message", user, quick_reply: { payload: "x:yes" } });
    await c.until((got) => got.some((m) => m.text?.includes("has been deleted")));
    await c.close();
    expect(await store.getSetting(`web-inbox:${key}`)).toBeUndefined();

    const back = await visit(user, "hello");
    await chat.idle();
    expect(await settled(user)).toBe(0);
    expect(shown(back.got)).toBe(0);
    await back.close();
  });
});

describe("web chat: a broadcast reaches opted-in web users on their next visit", () => {
  it("a user who said /updates on gets the update once when they come back; one who did not, never", async () => {
    const { runBroadcast } = await import("../../../src/broadcast/run.js");
    const { createDispatcher, parseBroadcastFile } = await import("../../../src/index.js");
    const fan = crypto.randomUUID();
    const other = crypto.randomUUID();
    const c = await visit(fan, "hello");
    c.send({ type: "message", user: fan, text: "/updates on" });
    await c.until((got) => got.some((m) => m.text?.includes("I'll send you important updates")));
    await c.close();
    (await visit(other, "hello")).close();

    const { file } = parseBroadcastFile("u.yaml", 'id: 2026-12-web\ntext:\n  en: "Web update: the regulator announced a fine."\n  ko: "웹 소식: 과징금이 발표됐어요."\n', [engine.pack]);
    const channel = { name: "web", push: createWebPush(inbox, createLogger("silent")), stop: async () => undefined };
    const run = () => runBroadcast({ file: file!, engine, store, channels: [channel], dispatcher: createDispatcher(), worker: "web-test" });
    expect(await run()).toMatchObject({ sent: 1, failed: 0, unsubscribed: 0, remaining: 0 });
    expect(await run()).toMatchObject({ sent: 0, done: 1 });

    const has = (got: { text?: string }[]) => got.filter((m) => m.text?.includes("Web update: the regulator announced a fine.")).length;
    const back = await visit(fan, "welcome_back");
    await back.until((got) => has(got) === 1, 15_000);
    await back.close();
    await settled(fan);
    const again = await visit(fan, "welcome_back");
    const otherBack = await visit(other, "welcome_back");
    await chat.idle();
    expect(await settled(fan)).toBe(0);
    expect(await settled(other)).toBe(0);
    expect(has(again.got)).toBe(0);
    expect(has(otherBack.got)).toBe(0);
    await again.close();
    await otherBack.close();
  });
});
