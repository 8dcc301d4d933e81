import { pick, ui, type ContentPack } from "../content/pack.js";
import type { PackSetUiKey } from "../content/schema.js";
import { matcherFromPack } from "../matcher/from-pack.js";
import { createMatcher, type Matcher } from "../matcher/matcher.js";
import { pseudonym, userKey } from "../privacy/keys.js";
import type { Store } from "../store/store.js";
import { createEngine, type Engine, type EngineOptions } from "./engine.js";
import type { InboundEvent, UserRef } from "./events.js";
import type { HandoffApi } from "./handoff.js";
import { resolveLocale } from "./locale.js";
import type { Choice, EngineResult, Reply } from "./replies.js";

/** The choice id that picks a pack (`pk:<pack id>`), from the incident menu or a switch offer. */
export const packChoiceId = (id: string) => `pk:${id}`;
const PACK_CHOICE = /^pk:([a-z0-9-]+)$/;
/** `/incident` (menu) and `/incident <pack id>` (switch), typed on any channel. */
const INCIDENT_COMMAND = /^\/incident(?:@\w+)?(?:\s+([a-z0-9-]+))?\s*$/i;
/** The setting that holds a user's pack, under their key in the first pack (deleted with them). */
const choiceSetting = (key: string) => `pack-of:${key}`;

/** An optional UI string of a pack set (ui.yaml `incidentPrompt`, `incidentSwitchOffer`) with its `{placeholders}` filled, or undefined when the pack has none. */
function optionalText(pack: ContentPack, key: PackSetUiKey, locale: string, vars: Record<string, string> = {}): string | undefined {
  const text = (pack.ui as Partial<Record<PackSetUiKey, Record<string, string>>>)[key];
  return text ? pick(pack, text, locale).replace(/\{(\w+)\}/g, (m, k: string) => vars[k] ?? m) : undefined;
}

/** A start payload's pack id and the rest of it (`acme-2026__tasks` → `["acme-2026", "tasks"]`). */
function splitPayload(payload: string): [string, string | undefined] {
  const m = /^([a-z0-9-]+)(?:__|\s+)(.+)$/.exec(payload.trim());
  return m ? [m[1]!, m[2]!.trim()] : [payload.trim(), undefined];
}

/** How sure the router must be of a pack before a first message is routed there. */
export const ROUTE_MIN_SCORE = 0.45;
/** How sure the router must be that a question belongs to another pack before the switch is offered. */
export const SWITCH_MIN_SCORE = 0.6;

/** Which pack a free-text message belongs to, with a confidence. */
export interface PackRouter {
  /** The best pack and its confidence (the summed probability of its topics), or undefined when out of scope. */
  route(text: string): { id: string; score: number } | undefined;
}

/**
 * A router over several packs: one matcher trained on every pack's topics at once (ids
 * `<pack>/<topic>`), so the topics of different incidents compete in one calibrated model; a
 * pack's confidence is the sum of its topics' probabilities among the best ones. Trained on first use.
 */
export function createPackRouter(packs: readonly ContentPack[]): PackRouter {
  let m: Matcher | undefined;
  const matcher = () =>
    (m ??= createMatcher({
      topics: packs.flatMap((p) => p.faq.map((e) => ({ id: `${p.meta.id}/${e.id}`, phrases: [...Object.values(e.phrases).flat(), ...Object.values(e.question)] }))),
      outOfScope: packs.flatMap((p) => Object.values(p.outOfScope).flat()),
      companyService: packs.flatMap((p) => Object.values(p.companyService ?? {}).flat()),
    }));
  return {
    route(text) {
      const c = matcher().classify(text);
      if (c.outcome === "out-of-scope" || (c.topic === null && c.alternatives.length === 0)) return undefined;
      const sums = new Map<string, number>();
      for (const t of [...(c.topic ? [{ topic: c.topic, score: c.score }] : []), ...c.alternatives]) {
        const id = t.topic.slice(0, t.topic.indexOf("/"));
        sums.set(id, (sums.get(id) ?? 0) + t.score);
      }
      const [id, score] = [...sums].sort((a, b) => b[1] - a[1])[0] ?? [];
      return id === undefined || score === undefined ? undefined : { id, score: Math.min(1, Math.round(score * 1000) / 1000) };
    },
  };
}

/** The pack a first message is routed to: the router's, when it is sure enough ({@link ROUTE_MIN_SCORE}). */
export function routeByText(router: PackRouter, text: string): { id: string; score: number } | undefined {
  const r = router.route(text);
  return r && r.score >= ROUTE_MIN_SCORE ? r : undefined;
}

/** The pack to offer a switch to after `text` was asked in pack `current`: another one the router is sure of ({@link SWITCH_MIN_SCORE}). */
export function switchTarget(router: PackRouter, current: string, text: string): { id: string; score: number } | undefined {
  const r = router.route(text);
  return r && r.id !== current && r.score >= SWITCH_MIN_SCORE ? r : undefined;
}

/**
 * The store as one pack's engine sees it: every analytics event it records (turns, handoffs taken
 * or closed by staff) carries the pack's id. Everything else is the store itself.
 */
function tagging(store: Store, pack: string): Store {
  const record: Store["record"] = (events) => store.record(events.map((e) => (e.pack ? e : { ...e, pack })));
  return new Proxy(store, {
    get(target, prop) {
      if (prop === "record") return record;
      const v: unknown = Reflect.get(target, prop, target);
      return typeof v === "function" ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

/** Options of {@link createPackSetEngine}: the engine's options with several packs instead of one. */
export interface PackSetOptions extends Omit<EngineOptions, "pack" | "matcher" | "tagPack"> {
  packs: readonly ContentPack[];
}

/** An engine over several packs; it is an {@link Engine} (its `pack` is the first one) plus the per-pack engines. */
export interface PackSetEngine extends Engine {
  readonly packs: readonly ContentPack[];
  /** The engine of one pack (its own user keys, state, tasks and tagged analytics). */
  engineFor(packId: string): Engine | undefined;
  /** The pack a user is in, if they chose one (or one was chosen for them). */
  packOf(user: Pick<UserRef, "platform" | "userId">): Promise<string | undefined>;
}

/**
 * One deployment, several incidents (issue 15). Each pack gets its own engine: the first pack's
 * users are keyed as in a one-pack deployment (so adding a pack keeps everyone's state), every
 * other pack's with a secret derived for it, so state, tasks, tickets, subscriptions and reminders
 * never mix; analytics events carry the pack id. A user's pack is a setting under their key. A
 * user without one gets the incident menu at `/start`, or is routed by the matchers' confidence
 * on a first question; `/start <pack id>` (deep links, the web widget's `data-pack`) and
 * `/incident [<pack id>]` choose or switch. When a question is not answered in the user's pack
 * but clearly belongs to another, the bot offers the switch.
 */
export function createPackSetEngine(opts: PackSetOptions): PackSetEngine {
  if (opts.packs.length === 0) throw new Error("createPackSetEngine: no pack");
  const ids = opts.packs.map((p) => p.meta.id);
  if (new Set(ids).size !== ids.length) throw new Error(`createPackSetEngine: two packs share an id (${ids.join(", ")})`);
  const store: Store = opts.store;
  const { secret } = opts;
  const secretOf = (i: number) => (i === 0 ? secret : pseudonym("pack", ids[i]!, secret));
  const engines = new Map<string, Engine>(
    opts.packs.map((pack, i) => [pack.meta.id, createEngine({ ...opts, store: tagging(store, pack.meta.id), pack, secret: secretOf(i), tagPack: true })] as const),
  );
  const first = engines.get(ids[0]!)!;
  const all = () => [...engines.values()];
  const router = createPackRouter(opts.packs);
  const baseKey = (user: Pick<UserRef, "platform" | "userId">) => userKey(user, secret);

  const packOf = async (user: Pick<UserRef, "platform" | "userId">) => {
    const id = await store.getSetting(choiceSetting(baseKey(user)));
    return id && engines.has(id) ? id : undefined;
  };
  const choose = (user: UserRef, id: string) => store.setSetting(choiceSetting(baseKey(user)), id, { owner: baseKey(user) });

  /** The incident menu: every pack by its incident name, in the language of the message. */
  function incidentMenu(event: InboundEvent, current?: string): EngineResult {
    const pack = (current && engines.get(current)?.pack) || first.pack;
    const locale = resolveLocale(pack, undefined, event);
    const prompt = optionalText(pack, "incidentPrompt", locale) ?? ui(pack, "menuPrompt", locale);
    const choices: Choice[] = opts.packs.map((p) => ({ id: packChoiceId(p.meta.id), label: `${p.meta.id === current ? "✓ " : ""}${pick(p, p.meta.incident, locale)}` }));
    const replies: Reply[] = [{ kind: "text", text: `**${pick(pack, pack.meta.title, locale)}**` }, { kind: "choices", prompt, choices }];
    return { locale, replies, actions: [], outcome: { kind: "other", what: "incident-menu" } };
  }

  /** Chooses `id` for the user and lets its engine greet them (`start`, with a deep-link payload if any). */
  async function enter(event: InboundEvent, id: string, payload?: string): Promise<EngineResult> {
    await choose(event.user, id);
    const start: InboundEvent = { kind: "start", user: event.user, ...(event.localeHint ? { localeHint: event.localeHint } : {}), ...(payload ? { payload } : {}) };
    return engines.get(id)!.handle(start);
  }

  /** After a question that clearly belongs to another incident: "did you mean" that incident, with a switch button. */
  function offerSwitch(result: EngineResult, current: string, text: string): EngineResult {
    const kind = result.outcome?.kind;
    if ((kind !== "fallback" && kind !== "topic") || text.startsWith("/")) return result;
    const other = switchTarget(router, current, text);
    if (!other) return result;
    const pack = engines.get(current)!.pack;
    const target = engines.get(other.id)!.pack;
    const incident = pick(target, target.meta.incident, result.locale);
    const choice: Choice = { id: packChoiceId(other.id), label: `→ ${incident}` };
    const prompt = optionalText(pack, "incidentSwitchOffer", result.locale, { incident }) ?? ui(pack, "didYouMean", result.locale);
    return { ...result, replies: [...result.replies, { kind: "choices", prompt, choices: [choice] }] };
  }

  /** The pack the place suggests (a Discord server's default), kept as the user's choice. */
  async function hinted(event: InboundEvent): Promise<string | undefined> {
    if (!event.packHint || !engines.has(event.packHint)) return undefined;
    await choose(event.user, event.packHint);
    return event.packHint;
  }

  async function handle(event: InboundEvent): Promise<EngineResult> {
    const current = (await packOf(event.user)) ?? (await hinted(event));
    if (event.kind === "choice") {
      const m = PACK_CHOICE.exec(event.choiceId);
      if (m && engines.has(m[1]!)) return enter(event, m[1]!);
    }
    if (event.kind === "start") {
      // `<pack id>`, or `<pack id>__<payload>` (Telegram deep links allow no space), or `<pack id> <payload>`.
      const [head = "", rest] = splitPayload(event.payload ?? "");
      if (engines.has(head)) return enter(event, head, rest);
      if (!current) return incidentMenu(event);
    }
    if (event.kind === "text") {
      const inc = INCIDENT_COMMAND.exec(event.text);
      if (inc) return inc[1] && engines.has(inc[1]) ? enter(event, inc[1]) : incidentMenu(event, current);
      if (!current) {
        const routed = routeByText(router, event.text);
        if (!routed) return incidentMenu(event);
        await choose(event.user, routed.id);
        return engines.get(routed.id)!.handle(event);
      }
    }
    const id = current ?? ids[0]!;
    const result = await engines.get(id)!.handle(event);
    if (isForgetAll(event, result)) {
      await forgetOthers(event.user, id);
      return result;
    }
    return event.kind === "text" ? offerSwitch(result, id, event.text) : result;
  }

  /** `/forget` confirmed in one pack deletes what every pack keeps, and the pack choice. */
  const isForgetAll = (event: InboundEvent, result: EngineResult) => {
    const o = result.outcome;
    return (event.kind === "choice" && event.choiceId === "x:yes") || (o?.kind === "pending" && o.pending === "forget" && o.value === "yes");
  };
  async function forgetOthers(user: UserRef, except: string): Promise<void> {
    for (const [id, e] of engines) if (id !== except) await e.forget(user);
    await store.setSetting(choiceSetting(baseKey(user)), undefined);
  }

  /** The engine that owns a ticket (each pack seals its own). */
  async function ticketOwner(ticket: string): Promise<Engine> {
    for (const e of all()) if (await e.handoff.byTicket(ticket)) return e;
    return first;
  }
  const handoff: HandoffApi = {
    take: async (t) => (await ticketOwner(t)).handoff.take(t),
    close: async (t) => (await ticketOwner(t)).handoff.close(t),
    attach: async (t, place) => (await ticketOwner(t)).handoff.attach(t, place),
    byTicket: async (t) => {
      for (const e of all()) {
        const info = await e.handoff.byTicket(t);
        if (info) return info;
      }
      return undefined;
    },
    byPlace: async (platform, place) => {
      for (const e of all()) {
        const t = await e.handoff.byPlace(platform, place);
        if (t) return t;
      }
      return undefined;
    },
    active: async (user) => engines.get((await packOf(user)) ?? ids[0]!)!.handoff.active(user),
    unavailable: async (user) => engines.get((await packOf(user)) ?? ids[0]!)!.handoff.unavailable(user),
  };

  return {
    packs: opts.packs,
    get pack() {
      return first.pack;
    },
    get matcher() {
      return first.matcher;
    },
    engineFor: (id) => engines.get(id),
    packOf,
    handle: (event) => handle(event),
    keyOf: baseKey,
    pseudonym: (namespace, id) => pseudonym(namespace, id, secret),
    health: () => first.health(),
    idle: async () => {
      await Promise.all(all().map((e) => e.idle()));
    },
    forget: async (user) => {
      let any = false;
      for (const e of all()) any = (await e.forget(user)) || any;
      return any;
    },
    handoff,
    subscribers: first.subscribers,
    reminders: first.reminders,
    watch: (w) => first.watch(w),
    swap(pack, matcher) {
      const e = engines.get(pack.meta.id);
      if (!e) throw new Error(`reload: pack '${pack.meta.id}' is not one of ${ids.join(", ")}`);
      e.swap(pack, matcher ?? matcherFromPack(pack));
    },
  };
}
