import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createTicketIndex, newTicketId, parseTicketId } from "../../src/engine/tickets.js";
import { createSealer } from "../../src/privacy/seal.js";
import { createEngine, createMemoryStore, createSupportDesk, createLogger, type EngineResult, type InboundEvent, type Store, type SupportTransport } from "../../src/index.js";
import { realPack } from "../helpers/packs.js";

/** A memory store whose settings fail (a store without ticket support, or one that is failing). */
function failingSettings(): Store {
  const store = createMemoryStore();
  const fail = () => Promise.reject(Object.assign(new Error("settings unavailable"), { code: "ESETTINGS" }));
  return { ...store, getSetting: fail, setSetting: fail };
}

describe("ticket ids", () => {
  it("are hashtags without look-alike characters, and are read back from any text", () => {
    const ids = new Set(Array.from({ length: 500 }, newTicketId));
    expect(ids.size).toBe(500);
    for (const id of ids) expect(id).toMatch(/^t[2-9a-hjkmnp-z]{7}$/);
    expect(parseTicketId("🙋 Support ticket #tab2cd3e: user Minji")).toBe("tab2cd3e");
    expect(parseTicketId("/close TAB2CD3E")).toBe("tab2cd3e");
    expect(parseTicketId("#tab2cd3e · Minji:\nsee #tzzzzzzz")).toBe("tab2cd3e");
    for (const no of ["", "#tab2cd3", "#tab2cd3ef", "#tab2cd3e_x", "#t0b2cd3e", "hello"]) expect(parseTicketId(no)).toBeUndefined();
  });
});

describe("sealed routes", () => {
  it("open only with the same key and for the same ticket", () => {
    const s = createSealer(randomBytes(32));
    const sealed = s.seal("tab2cd3e", "4242");
    expect(sealed).not.toContain("4242");
    expect(s.unseal("tab2cd3e", sealed)).toBe("4242");
    expect(s.unseal("tzzzzzzz", sealed)).toBeUndefined();
    expect(createSealer(randomBytes(32)).unseal("tab2cd3e", sealed)).toBeUndefined();
    const [v, iv, body = "", tag] = sealed.split(".");
    expect(s.unseal("tab2cd3e", [v, iv, (body.startsWith("A") ? "B" : "A") + body.slice(1), tag].join("."))).toBeUndefined();
    expect(s.unseal("tab2cd3e", "garbage")).toBeUndefined();
    expect(s.seal("tab2cd3e", "-100")).not.toBe(s.seal("tab2cd3e", "-100"));
  });

  it("the index finds a ticket's user and place; the user owns both, so forget removes them", async () => {
    const store = createMemoryStore();
    const index = createTicketIndex(store, randomBytes(32));
    await index.open("tab2cd3e", { platform: "discord", userId: "4242" }, "owner-a");
    await index.setPlace("tab2cd3e", "discord", "thread-1", "owner-a");
    await index.open("tzz2cd3e", { platform: "telegram", userId: "5151" }, "owner-b");
    expect(await index.route("tab2cd3e")).toEqual({ platform: "discord", userId: "4242" });
    expect(await index.byPlace("discord", "thread-1")).toBe("tab2cd3e");
    expect(await store.forget("owner-a")).toBe(true);
    expect(await index.route("tab2cd3e")).toBeUndefined();
    expect(await index.byPlace("discord", "thread-1")).toBeUndefined();
    expect(await index.route("tzz2cd3e")).toEqual({ platform: "telegram", userId: "5151" });
  });

  it("keeps working in process memory on a store without settings", async () => {
    const { getSetting: _g, setSetting: _s, ...bare } = createMemoryStore();
    const index = createTicketIndex(bare as Store, randomBytes(32));
    await index.open("tab2cd3e", { platform: "telegram", userId: "7" }, "o");
    expect(await index.route("tab2cd3e")).toEqual({ platform: "telegram", userId: "7" });
    await index.drop("tab2cd3e");
    expect(await index.route("tab2cd3e")).toBeUndefined();
  });

  it("falls back to process memory when the store's settings fail, expires there, and forgets the owner's routes", async () => {
    const failures: unknown[] = [];
    let now = 1_000_000;
    const index = createTicketIndex(failingSettings(), randomBytes(32), { onFallback: (err) => failures.push(err), clock: () => now });
    await index.open("tab2cd3e", { platform: "telegram", userId: "7" }, "owner-a");
    await index.setPlace("tab2cd3e", "discord", "thread-1", "owner-a");
    await index.open("tzz2cd3e", { platform: "telegram", userId: "8" }, "owner-b");
    expect(await index.route("tab2cd3e")).toEqual({ platform: "telegram", userId: "7" });
    expect(await index.byPlace("discord", "thread-1")).toBe("tab2cd3e");
    expect(failures.length).toBeGreaterThan(0);
    expect((failures[0] as { code?: string }).code).toBe("ESETTINGS");
    index.forgetOwner("owner-a");
    expect(await index.route("tab2cd3e")).toBeUndefined();
    expect(await index.byPlace("discord", "thread-1")).toBeUndefined();
    expect(await index.route("tzz2cd3e")).toEqual({ platform: "telegram", userId: "8" });
    now += 7 * 24 * 60 * 60_000;
    expect(await index.route("tzz2cd3e")).toBeUndefined();
  });

  it("a handoff on a store whose settings fail still opens, and the staff answer reaches the user", async () => {
    const engine = createEngine({ pack: await realPack(), store: failingSettings(), secret: "k".repeat(32), settings: { handoffAvailable: () => true } });
    const user = { platform: "telegram", userId: "77", chat: "private" as const };
    const delivered: { to: string; result: EngineResult }[] = [];
    const transport: SupportTransport = {
      openConversation: async () => ({}),
      postToStaff: async () => undefined,
      postToUser: async (u, result) => void delivered.push({ to: u.userId, result }),
      isUnreachable: () => false,
    };
    const desk = createSupportDesk({ engine, transport, logger: createLogger("silent") });
    const asked = await engine.handle({ kind: "command", command: "human", user } as InboundEvent);
    const open = asked.actions.find((a) => a.kind === "open-ticket");
    if (!open) throw new Error("no ticket opened");
    expect((await desk.carryOut(user, asked, undefined)).opened?.ticket).toBe(open.ticket);
    expect((await desk.answer(open.ticket, "hello from support", "Minji")).code).toBe("answered");
    expect(delivered.map((d) => d.to)).toEqual(["77"]);
    expect(JSON.stringify(delivered[0]!.result.replies)).toContain("hello from support");
  });
});
