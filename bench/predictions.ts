/**
 * Per-line predictions, for checking that a speed change changes no answer: the matcher's whole
 * verdict on every line of the labelled files and the engine's reply to each line (a fresh user,
 * memory store), as JSON Lines. `--diff A B` compares two such dumps line by line.
 *
 *   node --import tsx bench/predictions.ts --pack DIR FILE... > before.jsonl
 *   node --import tsx bench/predictions.ts --diff before.jsonl after.jsonl
 */
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { createEngine, createMemoryStore, loadPack } from "../src/index.js";
import { matcherFromPack } from "../src/matcher/from-pack.js";

const { values, positionals } = parseArgs({ allowPositionals: true, options: { pack: { type: "string" }, diff: { type: "boolean" } } });

if (values.diff) {
  const [a = "", b = ""] = await Promise.all(positionals.map((f) => readFile(f, "utf8")));
  const la = a.split("\n");
  const lb = b.split("\n");
  let diffs = 0;
  for (let i = 0; i < Math.max(la.length, lb.length); i++) {
    if (la[i] === lb[i]) continue;
    if (++diffs <= 10) process.stdout.write(`line ${i + 1}:\n  - ${la[i]?.slice(0, 300)}\n  + ${lb[i]?.slice(0, 300)}\n`);
  }
  process.stdout.write(`${la.length} lines, ${diffs} differ\n`);
  process.exit(diffs ? 1 : 0);
}

const pack = await loadPack(values.pack ?? "content/coupang-2025");
const matcher = matcherFromPack(pack);
const engine = createEngine({ pack, store: createMemoryStore(), secret: "p".repeat(32), settings: { rateLimitPerMinute: 1_000_000 } });
let n = 0;
for (const file of positionals) {
  for (const line of (await readFile(file, "utf8")).split("\n")) {
    if (!line.trim()) continue;
    const { text } = JSON.parse(line) as { text: string };
    const verdict = matcher.classify(text);
    const reply = await engine.handle({ kind: "text", text, user: { platform: "web", userId: `p${n++}`, chat: "private" } });
    process.stdout.write(`${JSON.stringify({ text, verdict, reply })}\n`);
  }
}
