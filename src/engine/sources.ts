import { isAllowedLink } from "../content/links.js";
import { checkedOn, partyOf } from "../content/pack.js";
import { ids, type SourcesOf } from "./choice-ids.js";
import { l, say, t, type Speaker, type Turn } from "./context.js";
import type { Choice, LinkOut } from "./replies.js";

/** What a sources view needs from an item: the ids it cites and when it was last checked. */
interface Cited {
  sources: readonly string[];
  asOf?: string;
}

/** The "📚 Sources" choice for an item. */
export function sourcesChoice(turn: Speaker, of: SourcesOf, id = ""): Choice {
  return { id: ids.sources(of, id), label: t(turn, "sourcesChoice") };
}

/**
 * Prefixes a text with "{party} says:" when the item is marked as a party's claim, so a company's
 * claim is never shown as a fact.
 */
export function asClaim(turn: Speaker, claim: string | undefined, text: string): string {
  const party = partyOf(turn.pack, claim);
  return party ? `${t(turn, "claimBy", { party: l(turn, party.name) })} ${text}` : text;
}

function cited(turn: Turn, of: SourcesOf, id: string): Cited[] | undefined {
  const inc = turn.pack.incident;
  switch (of) {
    case "f": {
      const e = turn.pack.faqById.get(id);
      return e && [e];
    }
    case "i": {
      const x = inc.exposed.find((i) => i.id === id) ?? inc.notExposed.find((i) => i.id === id);
      return x && [x];
    }
    case "s":
      return [inc];
    case "n":
      return inc.notExposed.length ? inc.notExposed : undefined;
    default: {
      const never: never = of;
      throw new Error(`unknown sources target ${String(never)}`);
    }
  }
}

/**
 * Shows the sources an item cites and when it was last checked: a short text (titles and dates),
 * links for the sources on the pack's allowlist, and a way back. `false` if the item is gone.
 */
export function showSources(turn: Turn, of: SourcesOf, id: string): boolean {
  const items = cited(turn, of, id);
  if (!items) return false;
  const refs = [...new Set(items.flatMap((i) => i.sources))];
  // Several items: the oldest check date is the honest one.
  const date = items.map((i) => checkedOn(turn.pack, i.asOf)).sort()[0] ?? turn.pack.meta.reviewed;
  const lines: string[] = [];
  const links: LinkOut[] = [];
  for (const ref of refs) {
    const s = turn.pack.sources.get(ref);
    if (!s) continue;
    lines.push(`- ${s.title}${s.date ? ` (${s.date})` : ""}`);
    if (isAllowedLink(s.url, turn.pack.meta.links.allow)) links.push({ label: s.title.slice(0, 64), url: s.url });
  }
  say(turn, `${t(turn, "sourcesHeader", { date })}\n${lines.join("\n")}`);
  if (links.length) turn.replies.push({ kind: "links", links });
  const back: Choice[] = of === "f" ? [] : [{ id: ids.leak("l"), label: t(turn, "leakedAllItems") }];
  turn.replies.push({ kind: "choices", choices: [...back, { id: ids.menu("main"), label: t(turn, "menuBack") }] });
  return true;
}
