import { createInterface } from "node:readline";
import type { Choice, Engine, UserRef } from "../../src/index.js";
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
}

/**
 * Runs a chat over a pair of streams, one line per turn, strictly in order. Resolves at end of
 * input (piped stdin) or when the reader is closed (Ctrl-C).
 */
export function runConsoleSession(o: ConsoleSessionOptions): { done: Promise<void>; close(): void } {
  const rl = createInterface({ input: o.input, output: o.interactive ? o.output : undefined, terminal: !!o.interactive });
  let last: Choice[] = [];
  const show = async (line: string) => {
    const event = toConsoleEvent(line, o.user, last, o.localeHint);
    if (!event) return;
    const { replies } = await o.engine.handle(event);
    const view = renderConsole(replies, { color: o.interactive });
    if (view.choices.length) last = view.choices;
    o.output.write(`${view.text}\n\n`);
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
