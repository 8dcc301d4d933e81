import { createEngine, createMemoryStore, type Engine, type Reply, type Store, type UserRef } from "../../src/index.js";
import { matcherFromPack } from "../../src/matcher/from-pack.js";
import { realPack } from "./packs.js";

/** A question the default pack's matcher answers confidently (payment-data-exposed first). */
export const UNSURE_QUESTION = "was my credit card number leaked too?";

/**
 * An engine on the default pack whose matcher is never sure enough to answer (threshold above 1), so a real
 * question takes the "Is it one of these?" path with the real top three.
 */
export async function unsureEngine(): Promise<{ engine: Engine; store: Store }> {
  const pack = await realPack();
  const store = createMemoryStore();
  let now = Date.parse("2026-11-27T09:00:00.000Z");
  const engine = createEngine({ pack, matcher: matcherFromPack(pack, { threshold: 1.01 }), store, secret: "test-secret-test-secret-test-secret", clock: () => new Date((now += 1000)) });
  return { engine, store };
}

/** The replies to {@link UNSURE_QUESTION} in English: the "Is it one of these?" prompt. */
export async function unsureReplies(): Promise<Reply[]> {
  const { engine } = await unsureEngine();
  const user: UserRef = { platform: "console", userId: "render", chat: "private" };
  await engine.handle({ user, kind: "command", command: "language", args: "en" });
  return (await engine.handle({ user, kind: "text", text: UNSURE_QUESTION })).replies;
}
