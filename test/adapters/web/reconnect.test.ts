import { describe, expect, it } from "vitest";
import { socketClient, startTestChat } from "./harness.js";

/** A gate the test opens: turns wait on it, so the page can drop its socket mid-turn. */
function gate() {
  let open!: () => void;
  let entered!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  const inTurn = new Promise<void>((r) => (entered = r));
  return { open, opened, entered, inTurn };
}

/** The web chat with an engine whose text turns (but `/help`) wait on `g`; counts every turn. */
async function heldChat(g: ReturnType<typeof gate>) {
  const counter = { turns: 0 };
  const t = await startTestChat({
    wrap: (engine) => ({
      ...engine,
      handle: async (e) => {
        counter.turns++;
        if (e.kind === "text" && e.text !== "/help") {
          g.entered();
          await g.opened;
        }
        return engine.handle(e);
      },
    }),
  });
  return Object.assign(t, { counter });
}

describe("web chat: a page that reconnects mid-turn", () => {
  it("gets the reply finished while it had no socket on its new socket, once, and starts no new turn", async () => {
    const g = gate();
    const t = await heldChat(g);
    try {
      const user = crypto.randomUUID();
      const a = await socketClient(t.chat.url);
      a.send({ type: "message", user, text: "카드번호도 유출됐나요?" });
      await g.inTurn;
      await a.close(); // the network blips while the answer is being worked out
      g.open();
      await t.chat.idle(); // the answer is done and parked: the page has no socket
      const b = await socketClient(t.chat.url);
      b.send({ type: "resume", user });
      await b.until((got) => got.some((m) => m.text?.includes("결제정보는 유출되지 않았고")));
      // The resume frame is not a turn: the only turn is the question; a later message still answers.
      b.send({ type: "message", user, text: "/help" });
      await b.until((got) => got.some((m) => m.text?.includes("/forget")));
      expect(t.counter.turns).toBe(2);
      expect(b.got.filter((m) => m.text?.includes("결제정보는 유출되지 않았고"))).toHaveLength(1);
      expect(a.got.some((m) => m.text?.includes("결제정보는 유출되지 않았고"))).toBe(false);
      b.close();
    } finally {
      await t.close();
    }
  });

  it("a reply parked for a page is not replayed to a second reconnect", async () => {
    const g = gate();
    const t = await heldChat(g);
    try {
      const user = crypto.randomUUID();
      const a = await socketClient(t.chat.url);
      a.send({ type: "message", user, text: "카드번호도 유출됐나요?" });
      await g.inTurn;
      await a.close();
      g.open();
      await t.chat.idle();
      const b = await socketClient(t.chat.url);
      b.send({ type: "resume", user });
      await b.until((got) => got.some((m) => m.text?.includes("결제정보는 유출되지 않았고")));
      await b.close();
      const c = await socketClient(t.chat.url);
      c.send({ type: "resume", user });
      c.send({ type: "message", user, text: "/help" });
      await c.until((got) => got.some((m) => m.text?.includes("/forget")));
      expect(c.got.some((m) => m.text?.includes("결제정보는 유출되지 않았고"))).toBe(false);
      c.close();
    } finally {
      await t.close();
    }
  });
});
