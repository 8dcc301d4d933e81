/**
 * One bot instance for the multi-instance test: an engine on the store named by STORE_URL,
 * reading `{"id","event"}` JSON lines on stdin and answering `{"id","result"}` (or `{"id","error"}`)
 * on stdout. Lines are handled concurrently, as a real instance handles updates from many users.
 * `{"id","flush":true}` writes the store's buffered analytics and answers `{"id","result":null}`
 * once they are in Redis: the barrier a test waits on instead of sleeping.
 */
import { createInterface } from "node:readline";
import { loadPack } from "../../src/content/loader.js";
import { createEngine } from "../../src/engine/engine.js";
import type { InboundEvent } from "../../src/engine/events.js";
import { openStore } from "../../src/store/open.js";

const env = process.env;
const pack = await loadPack(env.PACK_DIR ?? "content/coupang-2025");
const store = await openStore({ STORE_URL: env.STORE_URL, DATA_DIR: env.DATA_DIR ?? "data", RETENTION_DAYS: 30 });
const engine = createEngine({ pack, store, secret: env.SECRET ?? "multi-instance-test-secret-0123456789", settings: { rateLimitPerMinute: 10_000 } });

const pending = new Set<Promise<void>>();
for await (const line of createInterface({ input: process.stdin })) {
  if (!line.trim()) continue;
  const { id, event, flush } = JSON.parse(line) as { id: number; event?: InboundEvent; flush?: true };
  const work = flush ? Promise.all([...pending]).then(() => store.flush()).then(() => null) : engine.handle(event!);
  const job = work.then(
    (result) => void process.stdout.write(`${JSON.stringify({ id, result })}\n`),
    (err: unknown) => void process.stdout.write(`${JSON.stringify({ id, error: String(err) })}\n`),
  );
  pending.add(job);
  void job.finally(() => pending.delete(job));
}
await Promise.all(pending);
await store.close();
