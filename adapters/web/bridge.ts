import type { Server } from "node:http";
import type { Botkit, BotkitMessage } from "botkit";
import type { Engine, Logger } from "../../src/index.js";
import { createBotkitBridge } from "./botkit-bridge.js";
import { toWebEvent } from "./inbound.js";
import { renderWeb } from "./render.js";
import type { WaitingMessage, WebInbox } from "./inbox.js";
import { SocketAdapter, type SocketGate } from "./socket-adapter.js";

/** Botkit message types the web chat answers: a connect (first visit or return) and a message. */
export const WEB_TYPES = ["hello", "welcome_back", "message"] as const;

/** Options of the web bridge. */
export interface WebBridgeOptions {
  engine: Engine;
  logger: Logger;
  /** Largest socket frame accepted, in bytes. */
  maxPayload: number;
  /** Socket path on the server. */
  path?: string;
  /** Per-address abuse limits (see limits.ts); none: no limits. */
  gate?: SocketGate;
  /** Messages kept for a user's next visit (updates, reminders): shown when their page connects. */
  inbox?: WebInbox;
}

/** The Botkit bridge on Botkit's web adapter, bound to a server we own. */
export interface WebBridge {
  controller: Botkit;
  /** Binds the socket to an HTTP server (before or right after it listens). */
  attach(server: Server): void;
  /** Resolves once every turn received so far has delivered (or parked) its replies. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Creates the web bridge: Botkit's web adapter receives socket frames, {@link toWebEvent} and
 * {@link renderWeb} translate. A failed turn answers `{ type: "message", error: "internal" }`
 * with the pack's apology as `text` in the user's language (the page shows it as a notice).
 */
export function createWebBridge(o: WebBridgeOptions): WebBridge {
  const adapter = new SocketAdapter();
  const inbox = o.inbox;
  if (inbox) {
    adapter.onArrive = (user, send) => {
      const show = (m: WaitingMessage) => renderWeb({ ...m, actions: [] }).every((f) => send(JSON.stringify(f)));
      inbox.deliver(user, show).catch((err: unknown) => o.logger.warn({ err }, "web: could not show the messages kept for this visit"));
    };
  }
  const controller = createBotkitBridge({
    engine: o.engine,
    logger: o.logger,
    botkit: { adapter, disable_webserver: true },
    types: WEB_TYPES,
    toEvent: toWebEvent,
    render: (result) => renderWeb(result) as Partial<BotkitMessage>[],
    failure: (apology) => ({ type: "message", text: apology, error: "internal" }),
  });
  return {
    controller,
    attach(server) {
      const onError = (err: Error) => o.logger.debug({ err }, "web socket server error");
      adapter.bind(server, { path: o.path ?? "/ws", maxPayload: o.maxPayload }, controller.handleTurn.bind(controller), onError, o.gate);
    },
    idle: () => controller.idle(),
    async close() {
      // Drain: turns in flight deliver their replies before the sockets go (at most 10 s).
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([controller.idle(), new Promise((r) => (timer = setTimeout(r, 10_000)))]);
      clearTimeout(timer);
      await adapter.close();
    },
  };
}
