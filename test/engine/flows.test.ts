import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createLowdbStore, MAX_CHOICE_ID_BYTES } from "../../src/index.js";
import { choiceId, choices, harness, texts } from "../helpers/engine.js";
import { miniPack, realPack } from "../helpers/packs.js";

describe("guided tasks", () => {
  it("starts, shows progress, records done and skip, goes back, and completes with a next suggestion", async () => {
    const h = harness(await miniPack());
    let r = await h.choose("t:secure");
    expect(texts(r)).toContain("Secure my account: step 1/3");
    r = await h.choose(choiceId(r, "s:done:secure:password"));
    expect(texts(r)).toContain("step 2/3");
    r = await h.choose(choiceId(r, "s:back:"));
    expect(texts(r)).toContain("step 1/3");
    r = await h.choose(choiceId(r, "s:done:"));
    r = await h.choose(choiceId(r, "s:skip:secure:devices"));
    expect(texts(r)).toContain("step 3/3");
    r = await h.choose(choiceId(r, "s:done:secure:addresses"));
    expect(texts(r)).toContain("Secure my account is complete");
    expect(texts(r)).toContain("2 done, 1 skipped");
    expect(texts(r)).toContain("Next, I suggest: Card safety");
    expect(choiceId(r, "t:cards")).toBe("t:cards");
    const state = await h.store.get(h.engine.keyOf(h.user));
    expect(state?.tasks.secure).toMatchObject({ status: "completed", done: ["password", "addresses"], skipped: ["devices"] });
    r = await h.command("tasks");
    expect(choices(r).find((c) => c.id === "t:secure")?.label).toContain("✓ done");
  });

  it("pauses and resumes where the user left, and restarts on request", async () => {
    const h = harness(await miniPack());
    let r = await h.choose("t:secure");
    r = await h.choose(choiceId(r, "s:done:"));
    r = await h.choose(choiceId(r, "s:pause:"));
    expect(texts(r)).toContain("Paused at step 2/3");
    r = await h.command("tasks");
    expect(choices(r).find((c) => c.id === "t:secure")?.label).toContain("2/3");
    r = await h.choose("t:secure");
    expect(texts(r)).toContain("Continue: Secure my account");
    expect(texts(r)).toContain("step 2/3");
    r = await h.choose("s:restart:secure:password");
    expect(texts(r)).toContain("step 1/3");
  });

  it("answers a stale step button with the current step instead of acting on it", async () => {
    const h = harness(await miniPack());
    const first = await h.choose("t:secure");
    const oldDone = choiceId(first, "s:done:");
    await h.choose(oldDone);
    const r = await h.choose(oldDone);
    expect(texts(r)).toContain("earlier message");
    expect(texts(r)).toContain("step 2/3");
    const state = await h.store.get(h.engine.keyOf(h.user));
    expect(state?.tasks.secure?.done).toEqual(["password"]);
    const garbage = await h.choose("zz:nonsense");
    expect(texts(garbage)).toContain("earlier message");
  });

  it("keeps progress across a restart on the lowdb store", async () => {
    const dir = await mkdtemp(join(tmpdir(), "afterleak-flow-"));
    const pack = await miniPack();
    const a = harness(pack, { store: await createLowdbStore({ dir }) });
    let r = await a.choose("t:secure");
    r = await a.choose(choiceId(r, "s:done:"));
    await a.store.close();
    const b = harness(pack, { store: await createLowdbStore({ dir }) });
    r = await b.start();
    expect(choiceId(r, "t:secure")).toBe("t:secure");
    r = await b.choose("t:secure");
    expect(texts(r)).toContain("step 2/3");
    await b.store.close();
  });

  it("moves a task to a private chat when started in a group", async () => {
    const h = harness(await miniPack(), { user: { platform: "telegram", userId: "9", chat: "group" } });
    const r = await h.choose("t:secure");
    expect(r).toEqual([expect.objectContaining({ kind: "private", payload: "task-secure" })]);
  });

  it("keeps every choice id of the real pack within 64 bytes", async () => {
    const pack = await realPack();
    const h = harness(pack);
    const seen: string[] = [];
    for (const task of pack.tasks) {
      let r = await h.choose(`t:${task.id}`);
      for (let i = 0; i < task.steps.length; i++) {
        seen.push(...choices(r).map((c) => c.id));
        h.clock.advance(5_000); // stay under the per-user rate limit
        r = await h.choose(choiceId(r, "s:done:"));
      }
    }
    for (const e of pack.faq) {
      h.clock.advance(5_000);
      seen.push(...choices(await h.choose(`f:${e.id}`)).map((c) => c.id));
    }
    expect(seen.length).toBeGreaterThan(50);
    for (const id of seen) expect(Buffer.byteLength(id)).toBeLessThanOrEqual(MAX_CHOICE_ID_BYTES);
  });
});

describe("routing and locale", () => {
  it("answers free text in the language it is written in and remembers an explicit choice", async () => {
    const h = harness(await realPack());
    let r = await h.text("카드번호도 유출됐나요?");
    expect(texts(r)).toMatch(/쿠팡/);
    r = await h.text("Was my card number leaked?");
    expect(texts(r)).toMatch(/Coupang says/);
    await h.choose("l:ko");
    r = await h.text("How do I change my password?");
    expect(texts(r)).toMatch(/비밀번호/);
  });

  it("falls back with what it can do, close topics and a person", async () => {
    const h = harness(await realPack());
    const r = await h.text("What's a good recipe for kimchi stew?");
    expect(texts(r)).toMatch(/only help with the data breach|not sure I understood/);
    expect(choices(r).some((c) => c.id === "m:human")).toBe(true);
  });

  it("deletes the user's state after /forget is confirmed", async () => {
    const h = harness(await miniPack());
    await h.choose("t:secure");
    const key = h.engine.keyOf(h.user);
    expect(await h.store.get(key)).toBeDefined();
    const r = await h.command("forget");
    expect(choices(r).map((c) => c.id)).toEqual(["x:yes", "x:no"]);
    const done = await h.choose("x:yes");
    expect(texts(done)).toContain("deleted");
    expect(await h.store.get(key)).toBeUndefined();
    const events = [];
    for await (const e of h.store.events()) if (e.key === key) events.push(e);
    expect(events).toEqual([]);
  });

  it("says what it can read when a photo or voice note arrives", async () => {
    const h = harness(await miniPack());
    const r = await h.engine.handle({ kind: "unsupported", what: "voice", user: h.user, localeHint: "ko" });
    expect(texts(r.replies)).toContain("텍스트 메시지만 읽을 수 있어요");
    expect(choices(r.replies).some((c) => c.id === "m:faq")).toBe(true);
  });

  it("uses a pseudonymous key, never the platform id", async () => {
    const h = harness(await miniPack());
    await h.text("hello there");
    const key = h.engine.keyOf(h.user);
    expect(key).not.toContain("alice");
    expect(key).toMatch(/^[\w-]{32}$/);
  });
});
