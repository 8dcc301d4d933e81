import { createEngine, createMemoryStore, type ContentPack, type Engine, type Reply, type UserRef } from "../../src/index.js";
import { matcherFromPack } from "../../src/matcher/from-pack.js";

const SECRET = "walk-pack-secret-walk-pack-secret-0123";
const user: UserRef = { platform: "web", userId: "walker", chat: "private" };

/** Every string a reply shows the user. */
export const shownStrings = (r: Reply): string[] => {
  switch (r.kind) {
    case "text":
      return [r.text];
    case "choices":
      return [r.prompt ?? "", ...r.choices.map((c) => c.label)];
    case "links":
      return r.links.map((l) => l.label);
    case "private":
      return [r.text, r.label];
  }
};

/**
 * Walks every FAQ answer, every step of every task, the menus, the commands and the fallbacks, in
 * every locale of the pack, and returns each turn's replies as one batch (as a renderer gets them).
 */
export async function walkPack(p: ContentPack): Promise<{ locale: string; replies: Reply[] }[]> {
  const batches: { locale: string; replies: Reply[] }[] = [];
  for (const locale of p.meta.locales) {
    let now = Date.parse("2026-11-27T09:00:00.000Z");
    const engine = createEngine({
      pack: p,
      matcher: matcherFromPack(p),
      store: createMemoryStore(),
      secret: SECRET,
      clock: () => new Date((now += 5_000)),
      settings: { rateLimitPerMinute: 1e6, handoffAvailable: () => false },
    });
    const send = async (e: Parameters<Engine["handle"]>[0]) => {
      const r = await engine.handle(e);
      batches.push({ locale: r.locale, replies: r.replies });
      return r.replies;
    };
    const choose = (choiceId: string) => send({ kind: "choice", choiceId, user });
    await choose(`l:${locale}`);
    await send({ kind: "start", user });
    for (const command of ["help", "leaked", "faq", "tasks", "human", "forget"] as const) await send({ kind: "command", command, user });
    for (const g of ["incident", "payment", "fraud", "account", "meta"]) await choose(`g:${g}`);
    for (const e of p.faq) await choose(`f:${e.id}`);
    for (const task of p.tasks) {
      let replies = await choose(`t:${task.id}`);
      for (let i = 0; i < task.steps.length + 1; i++) {
        const next = replies.flatMap((r) => (r.kind === "choices" ? r.choices : [])).find((c) => c.id.startsWith("s:done:"));
        if (!next) break;
        replies = await choose(next.id);
      }
    }
    for (const text of ["qpwoeirut", "zxcvbnm asdf", "qwerty uiop"]) await send({ kind: "text", text, user });
  }
  return batches;
}
