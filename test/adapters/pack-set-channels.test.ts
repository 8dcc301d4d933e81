import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runConsoleSession } from "../../adapters/console/session.js";
import { startWebChat, type RunningWebChat } from "../../adapters/web/server.js";
import { createLogger, createMemoryStore, createPackSetEngine, loadPack, type ContentPack, type Store } from "../../src/index.js";
import { alice } from "../helpers/engine.js";
import { socketClient, type Received } from "./web/harness.js";

/** The first words of an answer as the terminal prints it (marks removed). */
const opening = (answer: string) => answer.replace(/\*\*/g, "").split(/[.\n]/)[0]!.slice(0, 40);
const SECRET = "two-pack-secret-two-pack-secret-0123456789";
let coupang: ContentPack;
let skt: ContentPack;
beforeAll(async () => {
  [coupang, skt] = await Promise.all(["content/coupang-2025", "content/skt-2025"].map((d) => loadPack(d))) as [ContentPack, ContentPack];
});

describe("two packs through the terminal", () => {
  it("asks for the incident, answers in the chosen pack, and /incident switches to the other", async () => {
    const engine = createPackSetEngine({ packs: [coupang, skt], store: createMemoryStore(), secret: SECRET });
    const input = new PassThrough();
    const output = new PassThrough();
    let out = "";
    output.on("data", (d: Buffer) => (out += d.toString()));
    const session = runConsoleSession({ engine, input, output, user: alice, localeHint: "en_US.UTF-8" });
    input.end(["2", "What is the USIM protection service?", "/incident", "1", "Was my Coupang password leaked?"].map((l) => `${l}\n`).join(""));
    await session.done;
    // The incident menu, numbered, in the pack order.
    expect(out).toMatch(new RegExp(` {2}1\\) ${coupang.meta.incident.en!.replace(/[()]/g, "\\$&")}\\n {2}2\\) ${skt.meta.incident.en!.replace(/[()]/g, "\\$&")}`));
    // The menu is shown twice (at the start and for /incident); what follows each is the chosen pack's.
    const parts = out.split(`1) ${coupang.meta.incident.en}`);
    expect(parts).toHaveLength(3);
    const [, afterSkt = "", afterSwitch = ""] = parts;
    expect(afterSkt).toContain(skt.meta.title.en!.replace(/\*\*/g, ""));
    expect(afterSkt).toContain(opening(skt.faqById.get("protection-service")!.answer.en!));
    expect(afterSwitch).toContain(coupang.meta.title.en);
    expect(afterSwitch).toContain(opening(coupang.faqById.get("password-exposed")!.answer.en!));
  });
});

describe("two packs through the web chat", () => {
  let chat: RunningWebChat;
  let store: Store;
  beforeAll(async () => {
    store = createMemoryStore();
    const engine = createPackSetEngine({ packs: [coupang, skt], store, secret: SECRET });
    chat = await startWebChat({ engine, logger: createLogger("silent"), host: "127.0.0.1", port: 0, retentionDays: 30, maxInputChars: 2000 });
  });
  afterAll(async () => {
    await chat.stop();
    await store.close();
  });

  const texts = (got: Received[]) => got.map((m) => m.text ?? "").join("\n");
  const payloads = (got: Received[]) => got.flatMap((m) => m.quick_replies ?? []).map((q) => q.payload);

  it("the widget's data-pack start payload opens that incident's pack", async () => {
    const c = await socketClient(chat.url);
    c.send({ type: "hello", user: crypto.randomUUID(), start: "skt-2025__tasks", locale: "en" });
    await c.until((g) => payloads(g).includes("t:usim-protection"));
    expect(payloads(c.got)).not.toContain("t:secure-account");
    await c.close();
  });

  it("a first visit gets the incident menu, a pick enters it, and a question of the other incident is offered the switch", async () => {
    const c = await socketClient(chat.url);
    const user = crypto.randomUUID();
    c.send({ type: "hello", user, locale: "en" });
    await c.until((g) => payloads(g).includes("pk:skt-2025"));
    expect(payloads(c.got)).toEqual(["pk:coupang-2025", "pk:skt-2025"]);
    let mark = c.got.length;
    c.send({ type: "message", user, text: coupang.meta.incident.en, quick_reply: { payload: "pk:coupang-2025" }, locale: "en" });
    // The chosen pack's welcome and main menu (its FAQ menu button).
    await c.until((g) => payloads(g.slice(mark)).includes("m:faq"));
    expect(texts(c.got.slice(mark))).toContain(coupang.meta.title.en);
    mark = c.got.length;
    c.send({ type: "message", user, text: "Someone could clone my USIM, should I get the SIM card replaced?", locale: "en" });
    await c.until((g) => payloads(g.slice(mark)).includes("pk:skt-2025"));
    await c.close();
  });
});
