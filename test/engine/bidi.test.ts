import { describe, expect, it } from "vitest";
import {
  createEngine,
  createLogger,
  createMemoryStore,
  createSupportDesk,
  escapeMarks,
  showBidiControls,
  type EngineResult,
  type InboundEvent,
  type SupportTransport,
} from "../../src/index.js";
import { realPack } from "../helpers/packs.js";

/** Every bidirectional-text control: embeddings and overrides, isolates, LRM/RLM, the Arabic letter mark. */
const CONTROLS = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u200e", "\u200f", "\u061c"];
const RAW = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const user = { platform: "telegram", userId: "b1", chat: "private" as const };

describe("bidi controls are shown literally, once, in the core", () => {
  it("each control becomes its visible escape; other text is unchanged", () => {
    for (const c of CONTROLS) {
      const code = c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0");
      expect(showBidiControls(`a${c}b`)).toBe(`a\\u${code}b`);
    }
    expect(showBidiControls("안녕 👩‍👩‍👧 **x**")).toBe("안녕 👩‍👩‍👧 **x**");
    expect(escapeMarks("**\u202eevil**")).toBe("∗∗\\u202Eevil∗∗");
  });

  it("every reply the engine returns has them escaped, whatever string carries them (guardReplies)", async () => {
    const pack = structuredClone(await realPack());
    for (const l of pack.meta.locales) pack.ui.tooLong[l] = `\u202e${pack.ui.tooLong[l]}\u2066`;
    const engine = createEngine({ pack, store: createMemoryStore(), secret: "b".repeat(32) });
    const r = await engine.handle({ kind: "text", text: "a".repeat(5000), user } as InboundEvent);
    const text = JSON.stringify(r.replies);
    expect(text).toContain("\\\\u202E");
    expect(text).toContain("\\\\u2066");
    expect(text).not.toMatch(RAW);
  });

  it("a staff answer reaches the user with its controls escaped", async () => {
    const pack = await realPack();
    const engine = createEngine({ pack, store: createMemoryStore(), secret: "b".repeat(32), settings: { handoffAvailable: () => true } });
    const delivered: EngineResult[] = [];
    const transport: SupportTransport = {
      openConversation: async () => ({}),
      postToStaff: async () => undefined,
      postToUser: async (_u, result) => void delivered.push(result),
      isUnreachable: () => false,
    };
    const desk = createSupportDesk({ engine, transport, logger: createLogger("silent") });
    const asked = await engine.handle({ kind: "command", command: "human", user } as InboundEvent);
    await desk.carryOut(user, asked, undefined);
    const open = asked.actions.find((a) => a.kind === "open-ticket");
    expect(open).toBeDefined();
    expect((await desk.answer(open!.ticket, "call \u202e1234 \u2067now\u2069", "Minji")).code).toBe("answered");
    const shown = JSON.stringify(delivered.flatMap((d) => d.replies));
    expect(shown).toContain("call \\\\u202E1234 \\\\u2067now\\\\u2069");
    expect(shown).not.toMatch(RAW);
  });
});
