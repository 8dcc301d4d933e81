import { createInterface } from "node:readline";

/**
 * Runs a JSON Lines filter: each input line `{"text", …}` becomes one output line, `fn(text)`;
 * a line without a `text` string gets an error line. Exit code 1 when any line was bad.
 */
export async function mapTextLines(input: NodeJS.ReadableStream, out: NodeJS.WritableStream, fn: (text: string) => unknown): Promise<number> {
  let bad = 0;
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    if (!line.trim()) continue;
    let text: unknown;
    try {
      text = (JSON.parse(line) as { text?: unknown }).text;
    } catch {
      text = undefined; // not JSON: answered below like a line without text
    }
    if (typeof text !== "string") {
      bad++;
      out.write(`${JSON.stringify({ error: 'expected a JSON object with a "text" string' })}\n`);
      continue;
    }
    out.write(`${JSON.stringify(fn(text))}\n`);
  }
  return bad > 0 ? 1 : 0;
}
