import { describe, expect, it } from "vitest";
import { evaluateRouting, readPackLabelled } from "../../src/cli/eval-routing.js";
import { createMemoryStore, createPackRouter, createPackSetEngine, loadPack, packDirs, type AnalyticsEvent, type InboundEvent, type Reply, type UserRef } from "../../src/index.js";
import { choices, texts } from "../helpers/engine.js";

const [coupang, skt] = await Promise.all(["content/coupang-2025", "content/skt-2025"].map((d) => loadPack(d)));
const SECRET = "pack-set-secret-pack-set-secret-0123456789";

function deployment() {
  const store = createMemoryStore();
  const engine = createPackSetEngine({ packs: [coupang!, skt!], store, secret: SECRET });
  const as = (userId: string) => {
    const user: UserRef = { platform: "console", userId, chat: "private" };
    const send = async (e: Record<string, unknown>) => (await engine.handle({ user, localeHint: "en", ...e } as InboundEvent)).replies;
    return {
      user,
      start: (payload?: string) => send({ kind: "start", ...(payload ? { payload } : {}) }),
      text: (text: string) => send({ kind: "text", text }),
      choose: (choiceId: string) => send({ kind: "choice", choiceId }),
    };
  };
  const events = async () => {
    const out: AnalyticsEvent[] = [];
    for await (const e of store.events()) out.push(e);
    return out;
  };
  return { store, engine, as, events };
}

const ids = (r: Reply[]) => choices(r).map((c) => c.id);

describe("several packs in one deployment", () => {
  it("reads CONTENT_DIR as a comma list or a folder of packs", () => {
    expect(packDirs("content/coupang-2025, content/skt-2025")).toEqual(["content/coupang-2025", "content/skt-2025"]);
    expect(packDirs("content")).toEqual(["content/coupang-2025", "content/skt-2025"]);
    expect(packDirs("content/skt-2025")).toEqual(["content/skt-2025"]);
  });

  it("offers the incidents at /start, and the chosen pack greets and answers", async () => {
    const d = deployment();
    const u = d.as("u1");
    const menu = await u.start();
    expect(ids(menu)).toEqual(["pk:coupang-2025", "pk:skt-2025"]);
    expect(texts(menu)).toContain("Which incident is your question about?");
    expect(choices(menu).map((c) => c.label)).toEqual([coupang!.meta.incident.en, skt!.meta.incident.en]);
    const welcome = await u.choose("pk:skt-2025");
    expect(texts(welcome)).toContain(skt!.meta.title.en);
    expect(await d.engine.packOf(u.user)).toBe("skt-2025");
    // The SKT pack's own task list, not Coupang's.
    const tasks = await d.engine.handle({ user: u.user, kind: "command", command: "tasks" }).then((x) => x.replies);
    expect(ids(tasks)).toEqual(expect.arrayContaining(["t:usim-protection"]));
  });

  it("routes a first question by the router's confidence, and deep links choose the pack", async () => {
    const d = deployment();
    await d.as("a").text("Should I turn on the USIM protection service?");
    expect(await d.engine.packOf(d.as("a").user)).toBe("skt-2025");
    await d.as("b").text("쿠팡 비밀번호도 유출됐나요?");
    expect(await d.engine.packOf(d.as("b").user)).toBe("coupang-2025");
    // Nothing recognisable: the incident menu, and no pack is chosen.
    expect(ids(await d.as("c").text("What's the weather in Busan tomorrow?"))).toEqual(["pk:coupang-2025", "pk:skt-2025"]);
    expect(await d.engine.packOf(d.as("c").user)).toBeUndefined();
    // Telegram deep link /start skt-2025__tasks (and the web widget's data-pack): that pack's task menu.
    const deep = await d.as("d").start("skt-2025__tasks");
    expect(ids(deep)).toEqual(expect.arrayContaining(["t:usim-protection"]));
  });

  it("offers a switch when a question clearly belongs to the other incident, and /incident switches", async () => {
    const d = deployment();
    const u = d.as("s");
    await u.choose("pk:coupang-2025");
    const asked = await u.text("Someone could clone my USIM, should I get the SIM card replaced?");
    expect(ids(asked)).toContain("pk:skt-2025");
    expect(texts(asked)).toContain(`This sounds like the ${skt!.meta.incident.en}. Switch to it?`);
    expect(ids(await u.text("/incident"))).toEqual(["pk:coupang-2025", "pk:skt-2025"]);
    await u.text("/incident skt-2025");
    expect(await d.engine.packOf(u.user)).toBe("skt-2025");
  });

  it("keeps state per pack, tags analytics with the pack, and /forget deletes every pack's data", async () => {
    const d = deployment();
    const u = d.as("f");
    await u.choose("pk:coupang-2025");
    await u.choose("t:secure-account");
    await u.choose("pk:skt-2025");
    await u.choose("t:usim-protection");
    const coupangState = await d.store.get(d.engine.engineFor("coupang-2025")!.keyOf(u.user));
    const sktState = await d.store.get(d.engine.engineFor("skt-2025")!.keyOf(u.user));
    expect(Object.keys(coupangState!.tasks)).toEqual(["secure-account"]);
    expect(Object.keys(sktState!.tasks)).toEqual(["usim-protection"]);
    const started = (await d.events()).filter((e) => e.type === "task_started");
    expect(started.map((e) => [e.pack, e.task])).toEqual([
      ["coupang-2025", "secure-account"],
      ["skt-2025", "usim-protection"],
    ]);
    await u.text("/forget");
    await u.choose("x:yes");
    expect(await d.store.get(d.engine.engineFor("coupang-2025")!.keyOf(u.user))).toBeUndefined();
    expect(await d.store.get(d.engine.engineFor("skt-2025")!.keyOf(u.user))).toBeUndefined();
    expect(await d.engine.packOf(u.user)).toBeUndefined();
    expect((await d.events()).filter((e) => e.key === d.engine.engineFor("skt-2025")!.keyOf(u.user))).toEqual([]);
  });

  it("tags the support side's events with the pack too (a ticket taken by staff)", async () => {
    const store = createMemoryStore();
    const engine = createPackSetEngine({ packs: [coupang!, skt!], store, secret: SECRET, settings: { handoffAvailable: () => true } });
    const user: UserRef = { platform: "telegram", userId: "h", chat: "private" };
    await engine.handle({ user, kind: "choice", choiceId: "pk:skt-2025" });
    const asked = await engine.handle({ user, kind: "command", command: "human" });
    const open = asked.actions.find((a) => a.kind === "open-ticket");
    if (!open || open.kind !== "open-ticket") throw new Error("no ticket opened");
    expect((await engine.handoff.take(open.ticket)).code).toBe("taken");
    const events: AnalyticsEvent[] = [];
    for await (const e of store.events()) events.push(e);
    expect(events.filter((e) => e.type.startsWith("handoff_")).map((e) => [e.type, e.pack])).toEqual([
      ["handoff_requested", "skt-2025"],
      ["handoff_taken", "skt-2025"],
    ]);
  });

  it("routes the cross-pack set's first messages to their pack (floors per locale)", async () => {
    const r = evaluateRouting(createPackRouter([coupang!, skt!]), ["coupang-2025", "skt-2025"], (await readPackLabelled("test/fixtures/eval/cross-pack.jsonl")).items);
    // Measured (afterleak eval-routing): first message routed right 90.6% en / 84.4% ko (1 and 2 routed wrong, the rest
    // got the incident menu); the switch offered when asked in the other pack 90.6% / 81.3%.
    // Only figures are compared, so a failure never prints a line of the blind set.
    const floors: Record<string, { routed: number; offered: number }> = { en: { routed: 0.9, offered: 0.9 }, ko: { routed: 0.84, offered: 0.81 } };
    for (const [locale, f] of Object.entries(floors)) {
      expect(r.perLocale[locale]!.routed.rate, `${locale} routed`).toBeGreaterThanOrEqual(f.routed);
      expect(r.perLocale[locale]!.inOtherPack.rate, `${locale} switch offered`).toBeGreaterThanOrEqual(f.offered);
    }
  });
});
