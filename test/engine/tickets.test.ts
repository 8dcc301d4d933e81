import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createTicketIndex, newTicketId, parseTicketId } from "../../src/engine/tickets.js";
import { createSealer } from "../../src/privacy/seal.js";
import { createMemoryStore, type Store } from "../../src/index.js";

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
});
