import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apologyText } from "../../adapters/shared/edge.js";
import { escapeMarks, ids, ui, type ContentPack, type Engine, type EngineResult, type InboundEvent } from "../../src/index.js";

/** One message as the user sees it on the platform: its text (markup already applied) and the choice ids of its buttons. */
export interface Shown {
  text: string;
  choices: string[];
  /** URLs the user can open with one tap (link buttons); absent where links are only text (the terminal). */
  links?: string[];
}

/**
 * What the contract needs from one adapter, driven over its real peer (the Telegram emulator, the
 * Discord fake, a WebSocket client, the terminal streams). Each driver speaks for one private user.
 */
export interface AdapterDriver {
  /** The channel name the engine sees (`event.user.platform`). */
  platform: string;
  /** Longest message the platform shows (Telegram 4096, Discord 2000). */
  maxChars: number;
  /** Starts the adapter on `wrap(engine)`, with the real pack. */
  start(wrap: (engine: Engine) => Engine): Promise<{ pack: ContentPack }>;
  /** Sends text as the user (does not wait for an answer). */
  say(text: string): Promise<void>;
  /** Presses the visible button (or option) carrying `choiceId`; throws if none is shown. */
  press(choiceId: string): Promise<void>;
  /** Sends something that is not text (a photo), where the platform can; undefined where it cannot. */
  sendUnsupported?: () => Promise<void>;
  /** Everything shown to the user so far, oldest first. */
  shown(): Shown[];
  /** A group chat with the bot, where the platform has them: a member's text, addressed to the bot (a mention) or not. */
  group?: { say(text: string, addressed: boolean): Promise<void>; shown(): Shown[] };
  /** The adapter's log records so far, where the driver can read them. */
  logs?(): Record<string, unknown>[];
  /** The choice ids the user can press now (default: every button shown; the terminal: the last options only). */
  pressable?(): string[];
  stop(): Promise<void>;
}

const MARK = "PROBE";
/** Text from outside (a user, a staff member) that engine replies may carry: it must be shown literally, no ping, no markup. */
export const ESCAPE_TEXT = "@everyone <@123> **x** <b>b</b> [a](https://evil.example) \u202eevil \u2066iso\u2069 \u200fm\u061c";
/** Bidi controls, raw: none may reach the user (the core shows them as escapes, `showBidiControls`). */
const RAW_BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** The engine under test plus a few probes: texts starting with PROBE make it echo, throw or wait. */
export function probeEngine(engine: Engine) {
  const events: InboundEvent[] = [];
  /** The real engine's results for `PROBE-WALK` messages, in order (what the adapter must show whole). */
  const walked: EngineResult[] = [];
  const walkers = new Set<string>();
  let release: () => void = () => undefined;
  let entered: () => void = () => undefined;
  const slowEntered = new Promise<void>((r) => (entered = r));
  const gate = new Promise<void>((r) => (release = r));
  const reply = (text: string, locale = engine.pack.meta.defaultLocale): EngineResult =>
    ({ locale, replies: [{ kind: "text", text }], actions: [] }) as unknown as EngineResult;
  const wrapped: Engine = {
    ...engine,
    async handle(e) {
      events.push(e);
      const text = e.kind === "text" ? e.text : "";
      if (!text.startsWith(MARK)) return engine.handle(e);
      const [, kind = "", arg = ""] = /^PROBE-(\w+)\s*(.*)$/s.exec(text) ?? [];
      switch (kind) {
        case "FAIL":
          throw new Error("probe failure");
        case "LINKS":
          return {
            locale: engine.pack.meta.defaultLocale,
            replies: [
              {
                kind: "links",
                links: [
                  { label: "official", url: `https://www.${engine.pack.meta.links.allow[0]}/` },
                  { label: "script", url: "javascript:alert(1)" },
                  { label: "insecure", url: "http://insecure.example/" },
                ],
              },
            ],
            actions: [],
          } as unknown as EngineResult;
        case "ESCAPE":
          return reply(escapeMarks(ESCAPE_TEXT));
        case "SLOW":
          entered();
          await gate;
          return reply(`slow ${arg}`);
        case "WALK": {
          // `PROBE-WALK <walker> <locale> <choice id>`: the real engine's answer to that choice, for a
          // walker of its own (its own state and rate budget, its locale chosen first), shown to this user.
          const [walker = "", locale = "", choiceId = ""] = arg.split(" ");
          const user = { ...e.user, userId: `${e.user.userId}~walk~${walker}` };
          if (!walkers.has(walker)) {
            walkers.add(walker);
            await engine.handle({ kind: "choice", choiceId: ids.lang(locale), user });
          }
          const r = await engine.handle({ kind: "choice", choiceId, user });
          walked.push(r);
          return r;
        }
        case "ORDER":
          // The first of a burst is the slowest: only per-user ordering keeps the answers in order.
          await new Promise((r) => setTimeout(r, Number(arg) === 1 ? 150 : 0));
          return reply(`order ${arg}`);
        default:
          return reply(`echo ${arg}`);
      }
    },
  };
  return { engine: wrapped, events, walked, slowEntered, release };
}

/** Waits until `pred` holds over what the driver shows (a positive condition, never an absence). */
export async function until(d: Pick<AdapterDriver, "shown">, pred: (shown: Shown[]) => boolean, what: string, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!pred(d.shown())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; shown: ${JSON.stringify(d.shown().slice(-6)).slice(0, 1500)}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * Barrier: a probe sent now is answered after everything sent before it (per-user ordering), so
 * once its echo is shown, nothing earlier is still on its way.
 */
async function settle(d: AdapterDriver, n: { i: number }): Promise<void> {
  const tag = `s${++n.i}`;
  await d.say(`${MARK}-ECHO ${tag}`);
  await until(d, (s) => s.some((m) => m.text.includes(`echo ${tag}`)), `echo ${tag}`);
}

/** The adapter contract: every adapter passes this same suite over its own peer. */
export function adapterContract(name: string, makeDriver: () => AdapterDriver): void {
  describe(`adapter contract: ${name}`, () => {
    const d = makeDriver();
    let probe: ReturnType<typeof probeEngine>;
    let pack: ContentPack;
    const n = { i: 0 };
    const since = (from: number) => d.shown().slice(from);

    beforeAll(async () => {
      ({ pack } = await d.start((engine) => (probe = probeEngine(engine)).engine));
    }, 60_000);
    afterAll(() => d.stop().catch(() => undefined));

    it("round-trips every choice id of the menus it shows, keeps the platform's identity, and stays within its limits", async () => {
      await d.say("/start");
      await until(d, (s) => s.some((m) => m.choices.length > 0), "the menu");
      const seen = new Set<string>();
      const pressable = () => d.pressable?.() ?? d.shown().flatMap((m) => m.choices);
      // Breadth first over what is pressable now; "delete my data" (x:) is never pressed.
      for (let pressed = 0; pressed < 12; pressed++) {
        const id = pressable().find((c) => !seen.has(c) && !c.startsWith("x:"));
        if (!id) break;
        seen.add(id);
        const before = probe.events.length;
        await d.press(id);
        await until(d, () => probe.events.length > before, `the engine to receive ${id}`);
        expect(probe.events[before]).toMatchObject({ kind: "choice", choiceId: id, user: { platform: d.platform } });
        await settle(d, n);
      }
      expect(seen.size).toBeGreaterThanOrEqual(5);
      for (const m of d.shown()) expect(m.text.length, m.text.slice(0, 80)).toBeLessThanOrEqual(d.maxChars);
    }, 120_000);

    it("shows engine text literally: no ping, no markup", async () => {
      const from = d.shown().length;
      await d.say(`${MARK}-ESCAPE`);
      await until(d, (s) => s.slice(from).some((m) => m.text.includes("everyone")), "the escape probe");
      const text = since(from).map((m) => m.text).join("\n");
      for (const literal of ["@everyone", "<@123>", "<b>b</b>", "[a](https://evil.example)"]) expect(text).toContain(literal);
      // The engine escapes its own bold marks in outside text (escapeMarks): never bold, shown as it was or with lookalike stars.
      expect(text).toMatch(/\*\*x\*\*|∗∗x∗∗/);
      // Bidi controls in outside text are shown literally, as the core escaped them: the same on every channel.
      for (const literal of ["\\u202Eevil", "\\u2066iso\\u2069", "\\u200Fm\\u061C"]) expect(text).toContain(literal);
      expect(text).not.toMatch(RAW_BIDI);
    });

    // Which links reach a renderer is the engine's rule (guardReplies: allowlisted https only, see
    // test/privacy/outbound.test.ts); the renderers are the second line: never a script or other scheme.
    it("makes no link tappable but http(s), whatever reaches the renderer", async () => {
      const from = d.shown().length;
      await d.say(`${MARK}-LINKS`);
      await settle(d, n);
      const shown = since(from);
      if (shown.every((m) => m.links === undefined)) return; // links are plain text here (the terminal)
      const links = shown.flatMap((m) => m.links ?? []);
      expect(links).toContain(`https://www.${pack.meta.links.allow[0]}/`);
      for (const url of links) expect(url).toMatch(/^https?:\/\//);
    });

    it("answers an engine failure with the pack's apology, logs the event kind without the user's text, and serves the next message", async () => {
      const from = d.shown().length;
      const logsFrom = d.logs?.().length ?? 0;
      await d.say(`${MARK}-FAIL my private words`);
      const apologies = pack.meta.locales.map((l) => apologyText(pack, l));
      await until(d, (s) => s.slice(from).some((m) => apologies.some((a) => m.text.includes(a))), "the apology");
      await settle(d, n);
      if (!d.logs) return;
      const lines = d.logs().slice(logsFrom);
      const failed = lines.filter((l) => l.level === 50 && typeof l.kind === "string");
      expect(failed, JSON.stringify(lines).slice(0, 800)).toHaveLength(1);
      expect(JSON.stringify(lines)).not.toContain("private words");
    });

    it("answers oversized text with the pack's tooLong notice", async () => {
      const from = d.shown().length;
      await d.say("a".repeat(2001));
      const notices = pack.meta.locales.map((l) => ui(pack, "tooLong", l, { max: 2000 }));
      await until(d, (s) => s.slice(from).some((m) => notices.some((t) => m.text.includes(t))), "tooLong");
    });

    it("answers unsupported input with the pack's notice, where the platform can send it", async () => {
      if (!d.sendUnsupported) return expect(d.sendUnsupported).toBeUndefined();
      const from = d.shown().length;
      await d.sendUnsupported();
      const notices = pack.meta.locales.map((l) => ui(pack, "unsupportedMessage", l));
      await until(d, (s) => s.slice(from).some((m) => notices.some((t) => m.text.includes(t))), "unsupportedMessage");
    });

    it("answers one user's messages in order, even when the first is the slowest", async () => {
      const from = d.shown().length;
      for (const i of [1, 2, 3]) await d.say(`${MARK}-ORDER ${i}`);
      await until(d, (s) => s.slice(from).filter((m) => m.text.startsWith("order ")).length === 3, "three answers");
      expect(since(from).flatMap((m) => (m.text.startsWith("order ") ? [m.text] : []))).toEqual(["order 1", "order 2", "order 3"]);
    });

    it("in a group, answers what is addressed to it and ignores the rest", async () => {
      if (!d.group) return expect(d.group).toBeUndefined();
      const g = d.group;
      const from = g.shown().length;
      await g.say(`${MARK}-ECHO unaddressed`, false);
      // Barrier: the addressed message after it, from the same member in the same chat, is answered.
      await g.say(`${MARK}-ECHO addressed`, true);
      await until(g, (s) => s.slice(from).some((m) => m.text.includes("echo addressed")), "the addressed answer");
      expect(g.shown().slice(from).filter((m) => m.text.includes("echo unaddressed"))).toEqual([]);
    });

    it("walks the whole pack in every locale: every answer, /leaked item and task step shown whole, within limits, every option pressable", async () => {
      // What the engine can say to a user, reached by choices: each FAQ answer, each leaked item,
      // each task from its start through every step. Each walk goes to a walker of its own (the
      // engine's per-user limits stay out of it); the adapter shows the answer to this user.
      const walks: string[][] = [
        [ids.menu("main"), ids.menu("faq"), ids.menu("tasks"), ids.menu("leaked"), ids.menu("human"), ids.menu("lang")],
        ...pack.meta.groups.map((g) => [ids.group(g.id)]),
        pack.faq.map((f) => ids.faq(f.id)),
        [...pack.incident.exposed.map((x) => ids.leak("x", x.id)), ids.leak("n")],
        ...pack.tasks.map((t) => [ids.task(t.id), ...t.steps.map((st) => ids.step("done", t.id, st.id))]),
      ];
      const words = (s: string) => s.match(/[\p{L}\p{N}]{2,}/gu) ?? [];
      let w = 0;
      for (const locale of pack.meta.locales) {
        for (const walk of walks) {
          const walker = `${locale}-${++w}`;
          for (const id of walk) {
            const from = d.shown().length;
            const before = probe.walked.length;
            await d.say(`${MARK}-WALK ${walker} ${locale} ${id}`);
            await until(d, () => probe.walked.length > before, `the engine's answer to ${id}`);
            const r = probe.walked[before]!;
            const texts = r.replies.flatMap((x) => (x.kind === "text" || x.kind === "private" ? [x.text] : x.kind === "choices" && x.prompt ? [x.prompt] : []));
            const options = r.replies.flatMap((x) => (x.kind === "choices" ? x.choices.map((c) => c.id) : x.kind === "private" ? [x.choiceId] : []));
            const urls = r.replies.flatMap((x) => (x.kind === "links" ? x.links.map((l) => l.url) : []));
            const expected = texts.flatMap(words);
            // Nothing lost: every word of every text, every option and every link reaches the user.
            const complete = (shown: Shown[]) => {
              const text = shown.map((m) => m.text).join("\n");
              const choices = new Set(shown.flatMap((m) => m.choices));
              const links = shown.flatMap((m) => m.links ?? []);
              return expected.every((x) => text.includes(x)) && options.every((c) => choices.has(c)) && urls.every((u) => links.includes(u) || text.includes(u));
            };
            await until(d, (s) => complete(s.slice(from)), `${locale} ${id} shown whole (${expected.length} words, ${options.length} options, ${urls.length} links)`);
            for (const m of since(from)) expect(m.text.length, `${locale} ${id}: ${m.text.slice(0, 80)}`).toBeLessThanOrEqual(d.maxChars);
          }
        }
      }
      expect(probe.walked.length).toBeGreaterThan(pack.faq.length * pack.meta.locales.length);
      // Every walk reached real content: no choice was refused as stale or unknown.
      const refused = pack.meta.locales.map((l) => ui(pack, "staleChoice", l));
      const stale = probe.walked.filter((r) => r.replies.some((x) => x.kind === "text" && refused.some((t) => x.text.includes(t))));
      expect(stale).toEqual([]);
    }, 300_000);

    it("drains on stop: a turn in flight is delivered before stop resolves", async () => {
      const from = d.shown().length;
      await d.say(`${MARK}-SLOW last`);
      await probe.slowEntered;
      const stopped = d.stop();
      probe.release();
      await stopped;
      expect(since(from).some((m) => m.text.includes("slow last"))).toBe(true);
    });
  });
}

/**
 * What the handoff contract needs from an adapter that offers handoff (Telegram, Discord), over
 * its real peer: a fresh instance with a support place, reachable or not.
 */
export interface HandoffDriver {
  /** The user the driver speaks for, as the engine knows them. */
  user: { platform: string; userId: string };
  /** True where the bot posts the staff answer to the user (Telegram); false where the user reads the staff's own message (a Discord thread). */
  relaysStaff: boolean;
  /** Starts the adapter with a support place; `reachable: false`: one the bot cannot post to. */
  start(o: { reachable: boolean }): Promise<{ pack: ContentPack; engine: Engine }>;
  /** The user asks for a person, the way the platform offers it (/human, /leak human). */
  ask(): Promise<void>;
  /** Everything the user can read so far (their chat, and the ticket's thread where it lives in one). */
  shown(): Shown[];
  /** A staff member answers `ticket` in the support place. */
  staffReply(ticket: string, text: string): Promise<void>;
  stop(): Promise<void>;
}

/** Polls `read` until it gives a value (a positive condition, never an absence). */
async function eventually<T>(read: () => Promise<T | undefined>, what: string, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The handoff contract: a ticket opens, the staff answer reaches the user, an unreachable support place gives the official contact at once. */
export function handoffContract(name: string, makeDriver: () => HandoffDriver): void {
  describe(`adapter contract: ${name} handoff`, () => {
    describe("with a support place it can reach", () => {
      const d = makeDriver();
      let engine: Engine;
      beforeAll(async () => void ({ engine } = await d.start({ reachable: true })), 60_000);
      afterAll(() => d.stop().catch(() => undefined));

      it("opens a ticket when the user asks for a person, and the staff answer reaches the user, shown literally", async () => {
        await d.ask();
        const ticket = await eventually(async () => (await engine.handoff.active(d.user))?.ticket, "the ticket");
        expect(ticket).toMatch(/^t[a-z0-9]{7}$/);
        await until(d, (s) => s.length > 0, "the handoff notice");
        await d.staffReply(ticket, `from staff ${ESCAPE_TEXT}`);
        await until(d, (s) => s.some((m) => m.text.includes("from staff")), "the staff answer");
        if (d.relaysStaff) {
          // Posted by the bot: outside text, shown literally like every engine reply.
          const text = d.shown().map((m) => m.text).join("\n");
          for (const literal of ["@everyone", "<@123>", "<b>b</b>", "\\u202Eevil"]) expect(text).toContain(literal);
          expect(text).not.toMatch(RAW_BIDI);
        }
        await eventually(async () => ((await engine.handoff.active(d.user))?.status === "active" ? true : undefined), "the ticket taken");
      });
    });

    describe("with a support place it cannot reach", () => {
      const d = makeDriver();
      let engine: Engine;
      let pack: ContentPack;
      beforeAll(async () => void ({ engine, pack } = await d.start({ reachable: false })), 60_000);
      afterAll(() => d.stop().catch(() => undefined));

      it("gives the official contact at once and ends the handoff (never a silent one)", async () => {
        const phone = pack.contacts[0]?.phone;
        expect(phone).toBeTruthy();
        await d.ask();
        await until(d, (s) => s.some((m) => m.text.includes(phone!)), "the official contact");
        expect(await engine.handoff.active(d.user)).toBeUndefined();
      });
    });
  });
}
