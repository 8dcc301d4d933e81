import { beforeAll, describe, expect, it } from "vitest";
import { createEngine, createLowdbStore, createMemoryStore, type ContentPack, type Store } from "../../src/index.js";
import { realPack } from "../helpers/packs.js";
import { useTempDirs } from "../helpers/temp-dirs.js";
import { bob, carol, converse, eventsOf } from "./conversation.js";
import { filesContaining } from "./process.js";

const SECRET = "forget-test-secret-forget-test-secret";
const DAY = 86_400_000;
let pack: ContentPack;
const tempDir = useTempDirs("afterleak-privacy-");
beforeAll(async () => {
  pack = await realPack();
});

const stores: { name: string; open: () => Promise<{ store: Store; reopen?: () => Promise<Store>; dir?: string }> }[] = [
  { name: "memory", open: async () => ({ store: createMemoryStore() }) },
  {
    name: "lowdb",
    open: async () => {
      const dir = await tempDir();
      const open = () => createLowdbStore({ dir, shards: 4, flushMs: 20 });
      return { store: await open(), reopen: open, dir };
    },
  },
];

describe.each(stores)("/forget on the $name store", ({ open }) => {
  it("removes the user's state, progress and analytics, and nothing of anyone else", async () => {
    const { store, reopen, dir } = await open();
    const engine = createEngine({ pack, store, secret: SECRET });
    await converse(engine, bob);
    await converse(engine, carol);
    const bobKey = engine.keyOf(bob);
    const carolKey = engine.keyOf(carol);
    expect((await store.get(bobKey))?.tasks).not.toEqual({});
    expect((await eventsOf(store, bobKey)).map((e) => e.type)).toEqual(expect.arrayContaining(["conversation_started", "topic_answered", "fallback", "task_started", "task_step"]));

    const confirm = await engine.handle({ kind: "command", command: "forget", user: bob });
    expect(confirm.replies[0]).toMatchObject({ kind: "choices", choices: [{ id: "x:yes" }, { id: "x:no" }] });
    const done = await engine.handle({ kind: "choice", choiceId: "x:yes", user: bob });
    expect(done.replies).toEqual([{ kind: "text", text: pack.ui.forgetDone[done.locale] }]);

    expect(await store.get(bobKey)).toBeUndefined();
    expect(await eventsOf(store, bobKey)).toEqual([]);
    expect(await store.get(carolKey)).toBeDefined();
    expect((await eventsOf(store, carolKey)).length).toBeGreaterThan(0);
    // Deleted on disk at once, not at the next compaction or shutdown.
    if (dir) expect(await filesContaining(dir, bobKey)).toEqual([]);
    await store.close();
    if (reopen && dir) {
      const again = await reopen();
      expect(await again.get(bobKey)).toBeUndefined();
      expect(await eventsOf(again, bobKey)).toEqual([]);
      expect(await again.get(carolKey)).toBeDefined();
      await again.close();
      expect(await filesContaining(dir, bobKey)).toEqual([]);
    }
  });

  it("cancelling keeps everything; engine.forget (support tooling) removes it", async () => {
    const { store } = await open();
    const engine = createEngine({ pack, store, secret: SECRET });
    await converse(engine, bob);
    await engine.handle({ kind: "command", command: "forget", user: bob });
    await engine.handle({ kind: "choice", choiceId: "x:no", user: bob });
    expect(await store.get(engine.keyOf(bob))).toBeDefined();
    expect(await engine.forget(bob)).toBe(true);
    expect(await store.get(engine.keyOf(bob))).toBeUndefined();
    expect(await eventsOf(store, engine.keyOf(bob))).toEqual([]);
    expect(await engine.forget(bob)).toBe(false);
    await store.close();
  });

  it("the idle-retention purge removes users idle past the cutoff and old analytics", async () => {
    const { store } = await open();
    let now = Date.parse("2026-10-01T09:00:00.000Z");
    const engine = createEngine({ pack, store, secret: SECRET, clock: () => new Date(now) });
    await converse(engine, bob);
    now += 29 * DAY;
    await converse(engine, carol);
    const removed = await store.purgeIdle(new Date(now - 10 * DAY));
    expect(removed).toBe(1);
    expect(await store.get(engine.keyOf(bob))).toBeUndefined();
    expect(await eventsOf(store, engine.keyOf(bob))).toEqual([]);
    expect(await store.get(engine.keyOf(carol))).toBeDefined();
    expect((await eventsOf(store, engine.keyOf(carol))).length).toBeGreaterThan(0);
    await store.close();
  });
});
