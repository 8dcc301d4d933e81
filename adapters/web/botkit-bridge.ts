import { Botkit, type BotWorker, type BotkitConfiguration, type BotkitMessage } from "botkit";
import type { EngineResult, Engine, InboundEvent, Logger } from "../../src/index.js";
import { createInflight, failTurn } from "../shared/edge.js";

/** How one Botkit adapter's messages map to core events and back; the rest of the bridge is shared. */
export interface BotkitBridgeOptions {
  engine: Engine;
  logger: Logger;
  /** Botkit's configuration: at least `adapter` (e.g. a WebAdapter, SlackAdapter, FacebookAdapter). */
  botkit: BotkitConfiguration;
  /** The Botkit event types that carry user input (e.g. "message", "hello"). */
  types: readonly string[];
  /** Botkit message -> core event; undefined drops the message. Pure. */
  toEvent(message: BotkitMessage): InboundEvent | undefined;
  /** Engine result -> Botkit messages for `bot.reply`, in order. Pure. */
  render(result: EngineResult): Partial<BotkitMessage>[];
  /** The message sent when a turn fails, around the pack's apology (the error is logged); nothing when omitted. */
  failure?: (apology: string) => Partial<BotkitMessage>;
}

/**
 * A Botkit controller whose only skill is the afterleak engine: each message of `types` becomes a
 * core event, the engine answers, and the rendered messages go back through `bot.reply`. Turns of
 * one user run one after another so replies never interleave. A failing turn is caught here (the
 * adapter edge), logged with its kind, answered with `failure`, and the process carries on.
 * Botkit's own dialog storage is a no-op: the engine's store is the only state. `idle()` resolves
 * once every turn received so far has delivered its replies (the drain before a stop).
 */
export function createBotkitBridge(o: BotkitBridgeOptions): Botkit & { idle(): Promise<void> } {
  const controller = new Botkit({ disable_console: true, storage: noStorage, ...o.botkit });
  const inflight = createInflight();
  const queues = new Map<string, Promise<void>>();
  const channel = String((o.botkit.adapter as { name?: unknown } | undefined)?.name ?? "botkit");

  const turn = async (bot: BotWorker, message: BotkitMessage) => {
    const event = o.toEvent(message);
    if (!event) {
      o.logger.debug({ channel, type: String(message.type) }, "botkit message dropped");
      return;
    }
    try {
      const out = o.render(await o.engine.handle(event));
      for (const m of out) await bot.reply(message, m);
      o.logger.debug({ channel, kind: event.kind, replies: out.length }, "botkit turn");
    } catch (err) {
      const failure = o.failure;
      await failTurn(err, {
        logger: o.logger,
        pack: o.engine.pack,
        ids: { channel },
        kind: event.kind,
        ...(event.localeHint ? { localeHint: event.localeHint } : {}),
        msg: "botkit turn failed",
        ...(failure ? { apologize: (text: string) => bot.reply(message, failure(text)) } : {}),
      });
    }
  };

  controller.on([...o.types], async (bot, message) => {
    const key = String(message.user);
    const next = (queues.get(key) ?? Promise.resolve()).then(() => turn(bot, message));
    queues.set(key, next);
    await inflight.track(() => next);
    if (queues.get(key) === next) queues.delete(key);
  });
  return Object.assign(controller, { idle: inflight.idle });
}

const noStorage = {
  read: async () => ({}),
  write: async () => undefined,
  delete: async () => undefined,
};
