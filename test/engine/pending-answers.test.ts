import { describe, expect, it } from "vitest";
import { createEngine, createMemoryStore, type ContentPack, type InboundEvent, type UserRef } from "../../src/index.js";
import type { Matcher } from "../../src/matcher/matcher.js";
import { matcherFromPack } from "../../src/matcher/from-pack.js";
import { fixedClock, type EventBody } from "../helpers/engine.js";
import { realPack } from "../helpers/packs.js";

const user: UserRef = { platform: "telegram", userId: "7", chat: "private" };
const trained = new WeakMap<ContentPack, Matcher>();

function chat(pack: ContentPack) {
  const store = createMemoryStore();
  let m = trained.get(pack);
  if (!m) trained.set(pack, (m = matcherFromPack(pack)));
  const engine = createEngine({ pack, store, secret: "pending-answers-secret-0000000000", clock: fixedClock().now, matcher: m });
  const send = (e: EventBody) => engine.handle({ ...e, user } as InboundEvent);
  return {
    text: (text: string) => send({ kind: "text", text }),
    command: (command: string) => send({ kind: "command", command } as EventBody),
    start: (payload: string) => send({ kind: "start", payload }),
  };
}

describe("deep links", () => {
  it("a start payload naming a task by its bare id starts that task, as task-<id> does", async () => {
    const pack = await realPack();
    for (const payload of ["secure-account", "task-secure-account"]) {
      const c = chat(pack);
      await c.start(payload);
      expect((await c.text("done")).outcome).toMatchObject({ kind: "pending", pending: "task-step", value: "done" });
    }
  });
});
