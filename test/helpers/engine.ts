import { createEngine, createMemoryStore, type ContentPack, type Engine, type InboundEvent, type Reply, type Store, type UserRef } from "../../src/index.js";

/** A clock the test moves by hand. */
export function fixedClock(start = "2026-11-27T09:00:00.000Z") {
  let now = Date.parse(start);
  return { now: () => new Date(now), advance: (ms: number) => void (now += ms) };
}

/** An inbound event without its user (distributes over the event union). */
export type EventBody = InboundEvent extends infer E ? (E extends InboundEvent ? Omit<E, "user"> : never) : never;

export const alice: UserRef = { platform: "console", userId: "alice", chat: "private" };

/** An engine on a memory store with a fixed clock, and helpers to talk to it. */
export function harness(pack: ContentPack, opts: { store?: Store; user?: UserRef } = {}) {
  const clock = fixedClock();
  const store = opts.store ?? createMemoryStore();
  const engine: Engine = createEngine({ pack, store, secret: "test-secret-test-secret-test-secret", clock: clock.now });
  const user = opts.user ?? alice;
  const send = async (e: EventBody & { user?: UserRef }) => (await engine.handle({ user, ...e } as InboundEvent)).replies;
  return {
    engine,
    store,
    clock,
    user,
    text: (text: string) => send({ kind: "text", text }),
    command: (command: string, args?: string) => send({ kind: "command", command, args } as never),
    choose: (choiceId: string) => send({ kind: "choice", choiceId }),
    start: (payload?: string) => send({ kind: "start", payload }),
  };
}

/** All text of a batch of replies. */
export const texts = (replies: Reply[]) => replies.flatMap((r) => (r.kind === "text" ? [r.text] : r.kind === "choices" && r.prompt ? [r.prompt] : [])).join("\n");
/** All choices of a batch of replies. */
export const choices = (replies: Reply[]) => replies.flatMap((r) => (r.kind === "choices" ? r.choices : []));
/** The id of the choice whose id starts with `prefix`. */
export const choiceId = (replies: Reply[], prefix: string) => {
  const c = choices(replies).find((x) => x.id.startsWith(prefix));
  if (!c) throw new Error(`no choice starting with ${prefix} in ${JSON.stringify(choices(replies))}`);
  return c.id;
};
