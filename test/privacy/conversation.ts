import type { Engine, Store, UserRef } from "../../src/index.js";

/** Two Telegram users: one to forget or purge, one whose data must stay. */
export const bob: UserRef = { platform: "telegram", userId: "4242", chat: "private" };
export const carol: UserRef = { platform: "telegram", userId: "777", chat: "private" };

/** A conversation that leaves state, task progress and analytics (with redacted text) behind. */
export async function converse(engine: Engine, user: UserRef): Promise<void> {
  const pack = engine.pack;
  await engine.handle({ kind: "start", user });
  await engine.handle({ kind: "text", text: "카드번호도 유출됐나요?", user });
  await engine.handle({ kind: "text", text: "qpwoeirut zxcv", user });
  const task = pack.tasks[0];
  if (task) {
    await engine.handle({ kind: "choice", choiceId: `t:${task.id}`, user });
    await engine.handle({ kind: "choice", choiceId: `s:done:${task.id}:${task.steps[0]?.id}`, user });
  }
}

/** The analytics events a store keeps under one user's key. */
export async function eventsOf(store: Store, key: string) {
  const out = [];
  for await (const e of store.events()) if (e.key === key) out.push(e);
  return out;
}
