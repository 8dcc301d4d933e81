import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import WebSocket from "ws";
import { createEngine, createLogger, createLowdbStore, loadPack, type Engine, type Store } from "../../../src/index.js";
import { startWebChat, type RunningWebChat } from "../../../adapters/web/server.js";
import type { WebLimitOptions } from "../../../adapters/web/gate.js";

/** The web chat on a free loopback port with the real pack and a lowdb store in a temp dir. */
export async function startTestChat(
  opts: { wrap?: (engine: Engine) => Engine; embedOrigins?: string; limits?: (engine: Engine, store: Store) => WebLimitOptions } = {},
) {
  const dir = await mkdtemp(join(tmpdir(), "afterleak-web-"));
  const pack = await loadPack("content/coupang-2025");
  const store: Store = await createLowdbStore({ dir: join(dir, "store") });
  const engine = createEngine({ pack, store, secret: "web-test-secret-web-test-secret-0123456789" });
  const chat: RunningWebChat = await startWebChat({
    engine: opts.wrap ? opts.wrap(engine) : engine,
    logger: createLogger("silent"),
    host: "127.0.0.1",
    port: 0,
    retentionDays: 30,
    maxInputChars: 2000,
    ...(opts.embedOrigins ? { embedOrigins: opts.embedOrigins } : {}),
    ...(opts.limits ? { limits: opts.limits(engine, store) } : {}),
  });
  return {
    chat,
    engine,
    store,
    async close() {
      await chat.stop();
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A message as the browser receives it. */
export type Received = Record<string, unknown> & {
  type: string;
  text?: string;
  quick_replies?: { title: string; payload: string }[];
  spans?: { text: string; bold: boolean }[];
};

/** A raw socket client speaking the web chat protocol (what the page's chat.js speaks). */
export async function socketClient(url: string) {
  // A handshake that never completes fails after 5 s instead of holding the caller forever.
  const ws = new WebSocket(url.replace(/^http/, "ws") + "ws", { handshakeTimeout: 5000 });
  const got: Received[] = [];
  const wake = new Set<() => void>();
  ws.on("message", (d) => {
    got.push(JSON.parse(String(d)) as Received);
    for (const w of wake) w();
  });
  await new Promise<void>((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("error", reject);
  });
  return {
    got,
    send: (m: Record<string, unknown>) => ws.send(JSON.stringify(m)),
    /** Waits until `pred` holds for the received messages, or fails after `ms`. */
    until(pred: (got: Received[]) => boolean, ms = 5000): Promise<void> {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!pred(got)) return;
          clearTimeout(timer);
          wake.delete(check);
          resolve();
        };
        const timer = setTimeout(() => {
          wake.delete(check);
          reject(new Error(`timed out; received ${JSON.stringify(got).slice(0, 2000)}`));
        }, ms);
        wake.add(check);
        check();
      });
    },
    /** Closes the socket; resolves once the server has seen it close. */
    close: () =>
      new Promise<void>((resolve) => {
        if (ws.readyState === ws.CLOSED) return resolve();
        ws.once("close", () => resolve());
        ws.close();
      }),
  };
}
