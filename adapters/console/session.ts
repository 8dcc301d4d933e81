import { createInterface } from "node:readline";
import { createLogger, type Choice, type Engine, type Logger, type UserRef } from "../../src/index.js";
import { failTurn } from "../shared/edge.js";
import { toConsoleEvent } from "./inbound.js";
import { renderConsole } from "./render.js";

/** Options of a terminal chat session. */
export interface ConsoleSessionOptions {
  engine: Engine;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  user: UserRef;
  localeHint?: string;
  /** Interactive terminal: show a prompt and colours. */
  interactive?: boolean;
  /** Where a failed turn is logged (default: errors only, to stderr). */
  logger?: Logger;
}

/**
 * Runs a chat over a pair of streams, one line per turn, strictly in order. Resolves at end of
 * input (piped stdin) or when the reader is closed (Ctrl-C).
 */
export function runConsoleSession(o: ConsoleSessionOptions): { done: Promise<void>; close(): void } {
  const rl = createInterface({ input: o.input, output: o.interactive ? o.output : undefined, terminal: !!o.interactive });
  let last: Choice[] = [];
  const logger = o.logger ?? createLogger("error", process.stderr);
  const show = async (line: string) => {
    const event = toConsoleEvent(line, o.user, last, o.localeHint);
    if (!event) return;
    try {
      const { replies } = await o.engine.handle(event);
      const view = renderConsole(replies, { color: o.interactive });
      if (view.choices.length) last = view.choices;
      o.output.write(`${view.text}\n\n`);
    } catch (err) {
      // The edge policy: the apology, a log line without text, and the session carries on.
      await failTurn(err, {
        logger,
        pack: o.engine.pack,
        ids: {},
        kind: event.kind,
        ...(o.localeHint ? { localeHint: o.localeHint } : {}),
        msg: "console turn failed",
        apologize: async (text) => void o.output.write(`${text}\n\n`),
      });
    }
  };
  // Take the iterator now: lines arriving while the greeting is computed must not be lost.
  const lines = rl[Symbol.asyncIterator]();
  const done = (async () => {
    await show("/start");
    if (o.interactive) {
      rl.setPrompt("> ");
      rl.prompt();
    }
    for await (const line of { [Symbol.asyncIterator]: () => lines }) {
      await show(line);
      if (o.interactive) rl.prompt();
    }
  })();
  return { done, close: () => rl.close() };
}
