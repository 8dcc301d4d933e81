import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AnalyticsEvent, UserState } from "../../src/store/state.js";
import type { Store } from "../../src/store/store.js";
import { createOutbox } from "../../src/engine/outbox.js";
import { claimSettings } from "../../src/store/setting-batch.js";

/** One backing location (a folder, a Redis namespace) that stores can be opened on, again and again. */
export interface StoreHarness {
  /** Opens a store whose clock (epoch ms) is `clock`, so expiry is tested without waiting. */
  open(clock: () => number): Promise<Store>;
  /** Removes the backing location. */
  cleanup(): Promise<void>;
}

/** What the suite needs to know about an implementation. */
export interface ContractOptions {
  /** Creates a fresh, empty backing location for one test. */
  harness(): Promise<StoreHarness>;
  /** True when a closed store's data is there again after reopening (lowdb, redis). */
  durable: boolean;
}

const DAY = 86_400_000;
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

/** A complete user state, as the engine writes it. */
export function userState(over: Partial<UserState> = {}): UserState {
  const now = new Date().toISOString();
  return { v: 1, channel: "test", localeChosen: false, tasks: {}, createdAt: now, lastSeen: now, fallbacks: 0, feedback: [], ...over };
}

const event = (key: string, at: string, over: Partial<AnalyticsEvent> = {}): AnalyticsEvent => ({
  at,
  key,
  channel: "test",
  locale: "ko",
  type: "topic_answered",
  topic: "what-leaked",
  ...over,
});

const collect = async (it: AsyncIterable<AnalyticsEvent>) => {
  const out: AnalyticsEvent[] = [];
  for await (const e of it) out.push(e);
  return out.sort((a, b) => a.at.localeCompare(b.at) || a.key.localeCompare(b.key) || (a.topic ?? "").localeCompare(b.topic ?? ""));
};

const put = (store: Store, key: string, state: UserState) => store.update(key, () => ({ next: state, result: undefined }));

/**
 * The contract every {@link Store} passes: memory, lowdb and Redis run this same suite.
 */
export function storeContract(name: string, opts: ContractOptions): void {
  describe(`Store contract: ${name}`, () => {
    let h: StoreHarness;
    let store: Store;
    let skew = 0;
    const clock = () => Date.now() + skew;
    const reopen = async () => {
      await store.close();
      store = await h.open(clock);
      return store;
    };

    beforeEach(async () => {
      skew = 0;
      h = await opts.harness();
      store = await h.open(clock);
    });
    afterEach(async () => {
      await store.close();
      await h.cleanup();
    });

    it("starts empty", async () => {
      expect(await store.get("nobody")).toBeUndefined();
      expect(await store.size()).toBe(0);
      expect(await collect(store.events())).toEqual([]);
    });

    it("creates, reads and replaces a user's state, returning fn's result", async () => {
      const s = userState({ locale: "ko", lastTopic: "what-leaked" });
      expect(await store.update("a", (prev) => ({ next: s, result: prev === undefined }))).toBe(true);
      expect(await store.get("a")).toEqual(s);
      expect(await store.size()).toBe(1);
      const seen = await store.update("a", (prev) => ({ next: { ...prev!, fallbacks: prev!.fallbacks + 1 }, result: prev }));
      expect(seen).toEqual(s);
      expect((await store.get("a"))?.fallbacks).toBe(1);
      expect(await store.size()).toBe(1);
    });

    it("keeps task progress intact", async () => {
      const at = new Date().toISOString();
      const s = userState({
        activeTask: "secure-account",
        tasks: { "secure-account": { at: "s3", done: ["s1"], skipped: ["s2"], status: "active", updatedAt: at } },
        rate: { start: Date.now(), count: 2, notified: false },
        repeat: { hash: "abc", count: 1 },
        handoff: { status: "requested", since: at },
      });
      await put(store, "a", s);
      expect(await store.get("a")).toEqual(s);
    });

    it("hands out copies: changing what get returned changes nothing stored", async () => {
      await put(store, "a", userState());
      const got = await store.get("a");
      got!.fallbacks = 99;
      got!.feedback.push("x");
      expect(await store.get("a")).toEqual(expect.objectContaining({ fallbacks: 0, feedback: [] }));
    });

    it("gives fn its own copy: changes to it count only when returned", async () => {
      await put(store, "a", userState());
      await expect(
        store.update("a", (prev) => {
          prev!.fallbacks = 7;
          prev!.feedback.push("x");
          throw new Error("changed my mind");
        }),
      ).rejects.toThrow("changed my mind");
      expect(await store.get("a")).toEqual(expect.objectContaining({ fallbacks: 0, feedback: [] }));
      await store.update("a", (prev) => {
        prev!.fallbacks = 3;
        return { next: prev, result: undefined };
      });
      expect((await store.get("a"))?.fallbacks).toBe(3);
    });

    it("deletes a user's state when fn returns no next state", async () => {
      await put(store, "a", userState());
      await put(store, "b", userState());
      expect(await store.update("a", () => ({ next: undefined, result: "gone" }))).toBe("gone");
      expect(await store.get("a")).toBeUndefined();
      expect(await store.get("b")).toBeDefined();
      expect(await store.size()).toBe(1);
    });

    it("records events and reads them back since a time", async () => {
      const old = ago(3 * DAY);
      const recent = ago(60_000);
      await store.record([event("a", old), event("b", old, { type: "fallback", topic: undefined, text: "[phone number]" })]);
      await store.record([event("a", recent, { type: "task_step", topic: undefined, task: "secure-account", step: "s1", value: "done" })]);
      await store.record([]);
      const all = await collect(store.events());
      expect(all).toHaveLength(3);
      expect(all.find((e) => e.type === "fallback")).toEqual(event("b", old, { type: "fallback", topic: undefined, text: "[phone number]" }));
      const since = await collect(store.events(new Date(Date.now() - DAY)));
      expect(since).toEqual([event("a", recent, { type: "task_step", topic: undefined, task: "secure-account", step: "s1", value: "done" })]);
      expect(await collect(store.events(new Date(old)))).toHaveLength(3);
    });

    it("forgets a user's state and every event tied to them, and nobody else's", async () => {
      await put(store, "a", userState());
      await put(store, "b", userState());
      await store.record([event("a", ago(2 * DAY)), event("b", ago(DAY)), event("a", ago(1000))]);
      expect(await store.forget("a")).toBe(true);
      expect(await store.get("a")).toBeUndefined();
      expect(await store.get("b")).toBeDefined();
      expect((await collect(store.events())).map((e) => e.key)).toEqual(["b"]);
      expect(await store.size()).toBe(1);
      expect(await store.forget("a")).toBe(false);
      expect(await store.forget("never-seen")).toBe(false);
    });

    it("forgets someone who has only events", async () => {
      await store.record([event("c", ago(1000))]);
      expect(await store.forget("c")).toBe(true);
      expect(await collect(store.events())).toEqual([]);
    });

    it("purges users idle since before the cutoff, their events and older days", async () => {
      await put(store, "idle", userState({ lastSeen: ago(10 * DAY) }));
      await put(store, "active", userState({ lastSeen: ago(1000) }));
      await store.record([event("idle", ago(10 * DAY)), event("active", ago(10 * DAY)), event("active", ago(1000))]);
      expect(await store.purgeIdle(new Date(Date.now() - 5 * DAY))).toBe(1);
      expect(await store.get("idle")).toBeUndefined();
      expect(await store.get("active")).toBeDefined();
      expect(await store.size()).toBe(1);
      const left = await collect(store.events());
      expect(left.map((e) => e.key)).toEqual(["active"]);
      expect(Date.parse(left[0]!.at)).toBeGreaterThan(Date.now() - DAY);
      expect(await store.purgeIdle(new Date(Date.now() - 5 * DAY))).toBe(0);
    });

    it("flushes on demand and closes cleanly", async () => {
      await put(store, "a", userState());
      await store.record([event("a", ago(1000))]);
      await expect(store.flush()).resolves.toBeUndefined();
      expect(await store.get("a")).toBeDefined();
    });

    it("never loses an increment under many concurrent updates of one key", async () => {
      await put(store, "hot", userState());
      let calls = 0;
      const n = 100;
      const results = await Promise.all(
        Array.from({ length: n }, (_, i) =>
          store.update("hot", (prev) => {
            calls++;
            return { next: { ...prev!, fallbacks: prev!.fallbacks + 1 }, result: i };
          }),
        ),
      );
      expect(results).toEqual(Array.from({ length: n }, (_, i) => i));
      expect((await store.get("hot"))?.fallbacks).toBe(n);
      expect(calls).toBeGreaterThanOrEqual(n);
    });

    it("keeps settings, when the store has them", async () => {
      expect(await store.getSetting("guild-locale:x")).toBeUndefined();
      await store.setSetting("guild-locale:x", "ko");
      expect(await store.getSetting("guild-locale:x")).toBe("ko");
      await store.setSetting("guild-locale:x", undefined);
      expect(await store.getSetting("guild-locale:x")).toBeUndefined();
    });

    it("deletes a user's settings with the user, and lets settings expire", async () => {
      await store.setSetting("ticket:1", "route-a", { owner: "owner-a" });
      await store.setSetting("ticket:2", "route-b", { owner: "owner-b" });
      await store.setSetting("ticket:3", "was-a", { owner: "owner-a" });
      await store.setSetting("ticket:3", "now-nobody");
      await store.setSetting("short", "x", { ttlMs: 60_000 });
      expect(await store.forget("owner-a")).toBe(true);
      expect(await store.getSetting("ticket:1")).toBeUndefined();
      expect(await store.getSetting("ticket:2")).toBe("route-b");
      expect(await store.getSetting("ticket:3")).toBe("now-nobody");
      expect(await store.getSetting("short")).toBe("x");
      skew = 60_000;
      expect(await store.getSetting("short")).toBeUndefined();
      await put(store, "owner-b", userState({ lastSeen: ago(10 * DAY) }));
      expect(await store.purgeIdle(new Date(Date.now() - DAY))).toBe(1);
      expect(await store.getSetting("ticket:2")).toBeUndefined();
    });

    it("claims a setting only when it is absent or expired, and lists settings by prefix", async () => {
      expect(await store.claimSetting("lease:u1:a", "w1", { ttlMs: 60_000, owner: "a" })).toBe(true);
      expect(await store.claimSetting("lease:u1:a", "w2", { ttlMs: 60_000, owner: "a" })).toBe(false);
      expect(await store.getSetting("lease:u1:a")).toBe("w1");
      const many = await Promise.all(["w3", "w4", "w5"].map((w) => store.claimSetting("lease:u1:b", w, { ttlMs: 60_000 })));
      expect(many.filter(Boolean)).toHaveLength(1);
      await store.setSetting("other:x", "1");
      const listed = [];
      for await (const kv of store.listSettings("lease:u1:")) listed.push(kv);
      expect(listed.map(([k]) => k).sort()).toEqual(["lease:u1:a", "lease:u1:b"]);
      skew = 60_000;
      expect(await store.claimSetting("lease:u1:a", "w6", { ttlMs: 60_000, owner: "a" })).toBe(true);
      expect(await store.getSetting("lease:u1:a")).toBe("w6");
      expect(await store.forget("a")).toBe(true);
      expect(await store.getSetting("lease:u1:a")).toBeUndefined();
    });

    it("keeps an outbox: one lease per recipient, one delivery record, counts by status", async () => {
      const a = createOutbox(store, { worker: "a", leaseMs: 60_000 });
      const b = createOutbox(store, { worker: "b", leaseMs: 60_000 });
      const takes = await Promise.all([a.take("up1", "k1"), b.take("up1", "k1")]);
      expect(takes.sort()).toEqual(["busy", "taken"]);
      expect(await a.settle("up1", "k1", "sent")).toBe(true);
      expect(await b.settle("up1", "k1", "failed")).toBe(false);
      expect(await a.status("up1", "k1")).toBe("sent");
      skew = 60_000;
      expect(await b.take("up1", "k1")).toBe("done");
      expect(await b.take("up1", "k2")).toBe("taken");
      await b.settle("up1", "k2", "unsubscribed");
      expect(await b.take("up2", "k1")).toBe("taken");
      expect(await a.counts("up1")).toEqual({ sent: 1, failed: 0, unsubscribed: 1, unconfirmed: 0 });
      await store.forget("k2");
      expect(await a.counts("up1")).toEqual({ sent: 1, failed: 0, unsubscribed: 0, unconfirmed: 0 });
    });

    it("leases a broadcast batch (takeMany): each recipient to one worker; an expired batch lease returns its unsent recipients, a dead sender's mark is unconfirmed, never sent twice", async () => {
      const a = createOutbox(store, { worker: "a", leaseMs: 60_000 });
      const b = createOutbox(store, { worker: "b", leaseMs: 60_000 });
      const rs = ["r1", "r2", "r3", "r4", "r5"];
      const [ta, tb] = await Promise.all([a.takeMany("bu", rs), b.takeMany("bu", rs)]);
      expect(rs.map((_, i) => [ta[i], tb[i]].sort())).toEqual(rs.map(() => ["busy", "taken"]));
      const holder = (i: number) => (ta[i] === "taken" ? a : b);
      // r1 sent and recorded; r2 marked "sending", then its worker dies; r3..r5 leased, never begun.
      expect(await holder(0).begin("bu", "r1")).toBe(true);
      await holder(0).finish("bu", "r1", "sent");
      // A recorded outcome drops its lease (one setting per recipient is left, not two).
      expect(await store.getSetting("outbox-lease:bu:r1")).toBeUndefined();
      expect(await holder(1).begin("bu", "r2")).toBe(true);
      // The same worker id taking its own batch again (a restart on lowdb) gets it back at once.
      expect(await holder(2).takeMany("bu", ["r3"])).toEqual(["taken"]);
      const c = createOutbox(store, { worker: "c", leaseMs: 60_000 });
      expect(await c.takeMany("bu", rs)).toEqual(["done", "busy", "busy", "busy", "busy"]);
      skew = 60_000; // the dead workers' leases expire
      expect(await c.takeMany("bu", rs)).toEqual(["done", "unconfirmed", "taken", "taken", "taken"]);
      // A mark is the gate, even past a lease: a second worker never begins the same recipient.
      expect(await c.begin("bu", "r3")).toBe(true);
      expect(await createOutbox(store, { worker: "d" }).begin("bu", "r3")).toBe(false);
      await c.finish("bu", "r3", "failed");
      // "later" (the platform asked to wait) removes the mark: the next run sends it.
      expect(await c.begin("bu", "r4")).toBe(true);
      await c.finish("bu", "r4", "later");
      expect(await c.takeMany("bu", ["r4"])).toEqual(["taken"]);
      expect(await c.counts("bu")).toEqual({ sent: 1, failed: 1, unsubscribed: 0, unconfirmed: 1 });
      // Only on request is an unconfirmed one taken again (a possible double, the operator's choice).
      expect(await c.takeMany("bu", ["r2"])).toEqual(["unconfirmed"]);
      expect(await c.takeMany("bu", ["r2"], { resendUnconfirmed: true })).toEqual(["taken"]);
      expect(await c.begin("bu", "r2")).toBe(true);
    });

    it("takeMany: a live sender's mark read just before it records its outcome (and drops its lease) is that outcome, not unconfirmed", async () => {
      const a = createOutbox(store, { worker: "a", leaseMs: 60_000 });
      expect(await a.takeMany("bl", ["r1"])).toEqual(["taken"]);
      expect(await a.begin("bl", "r1")).toBe(true);
      // b reads r1's mark; a records "sent" and drops its lease before b claims it.
      const racing = new Proxy(store, {
        get: (t, k) => (k === "claimSettings" ? async (e: Parameters<typeof claimSettings>[1]) => (await a.finish("bl", "r1", "sent"), claimSettings(t, e)) : Reflect.get(t, k)),
      });
      expect(await createOutbox(racing, { worker: "b", leaseMs: 60_000 }).takeMany("bl", ["r1"])).toEqual(["done"]);
      expect(await a.counts("bl")).toEqual({ sent: 1, failed: 0, unsubscribed: 0, unconfirmed: 0 });
    });

    if (opts.durable) {
      it("keeps an outbox's delivery records across reopen", async () => {
        const o = createOutbox(store, { worker: "a" });
        expect(await o.take("up3", "k1")).toBe("taken");
        await o.settle("up3", "k1", "sent");
        await reopen();
        const again = createOutbox(store, { worker: "b" });
        expect(await again.take("up3", "k1")).toBe("done");
        expect(await again.counts("up3")).toEqual({ sent: 1, failed: 0, unsubscribed: 0, unconfirmed: 0 });
      });

      it("keeps settings across reopen", async () => {
        await store.setSetting("guild-locale:y", "en");
        await reopen();
        expect(await store.getSetting("guild-locale:y")).toBe("en");
      });


      it("has everything again after close and reopen", async () => {
        const s = userState({ locale: "en", localeChosen: true, lastTopic: "compensation" });
        await put(store, "a", s);
        await put(store, "b", userState());
        await store.update("b", () => ({ next: undefined, result: undefined }));
        const e = event("a", ago(1000));
        await store.record([e]);
        await reopen();
        expect(await store.get("a")).toEqual(s);
        expect(await store.get("b")).toBeUndefined();
        expect(await store.size()).toBe(1);
        expect(await collect(store.events())).toEqual([e]);
      });

      it("keeps a forget across reopen", async () => {
        await put(store, "a", userState());
        await store.record([event("a", ago(1000))]);
        await store.flush();
        await store.forget("a");
        await reopen();
        expect(await store.get("a")).toBeUndefined();
        expect(await collect(store.events())).toEqual([]);
      });
    }
  });
}
