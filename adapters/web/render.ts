import { toSpans, type EngineResult, type LinkOut, type Span } from "../../src/index.js";
import { unhandledReply } from "../shared/unhandled-reply.js";

/** A button under a message (Botkit's `quick_replies`); `payload` is the core choice id. */
export interface WebQuickReply {
  title: string;
  payload: string;
}

/** A link under a message. */
export interface WebLink {
  title: string;
  url: string;
}

/**
 * What the bridge hands to Botkit (`bot.reply`) and the browser receives. `text` is the plain
 * text (marks removed) for any Botkit client; our page draws `spans` instead, bold where marked,
 * always as text nodes, never as HTML. `lang` is the reply's language (not `locale`: Botkit
 * treats that as an activity field and the web adapter drops it).
 */
export interface WebMessage {
  type: "message" | "typing";
  text?: string;
  spans?: Span[];
  quick_replies?: WebQuickReply[];
  links?: WebLink[];
  /** The user's last message held a secret: remove it from the page and show `text` as a notice. */
  delete_inbound?: true;
  lang?: string;
}

/** Only web links a browser can open safely: http(s) with a host, no credentials. */
export function isSafeUrl(url: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false; // not a URL at all: leave it out
  }
  return (u.protocol === "https:" || u.protocol === "http:") && u.hostname !== "" && !u.username && !u.password;
}

const textMessage = (text: string, lang: string): WebMessage => {
  const spans = toSpans(text);
  return { type: "message", text: spans.map((s) => s.text).join(""), spans, lang };
};

const links = (ls: readonly LinkOut[]): WebLink[] => ls.filter((k) => isSafeUrl(k.url)).map((k) => ({ title: k.label, url: k.url }));

/**
 * Renders one engine result as web chat messages, in order. Choices become quick replies whose
 * payload is the choice id; a `private` reply becomes a button that starts the task here (the web
 * chat is already private); the engine's `delete-inbound` action asks the page to remove the
 * user's bubble, with its notice first.
 */
export function renderWeb(result: EngineResult): WebMessage[] {
  const lang = result.locale;
  const out: WebMessage[] = [];
  for (const a of result.actions ?? []) if (a.kind === "delete-inbound") out.push({ ...textMessage(a.notice, lang), delete_inbound: true });
  for (const r of result.replies) {
    switch (r.kind) {
      case "text":
        out.push(textMessage(r.text, lang));
        break;
      case "choices":
        out.push({ ...textMessage(r.prompt ?? "", lang), quick_replies: r.choices.map((c) => ({ title: c.label, payload: c.id })) });
        break;
      case "links": {
        const safe = links(r.links);
        if (safe.length) out.push({ type: "message", text: "", spans: [], links: safe, lang });
        break;
      }
      case "private":
        out.push({ ...textMessage(r.text, lang), quick_replies: [{ title: r.label, payload: r.choiceId }] });
        break;
      default:
        unhandledReply(r);
    }
  }
  return out;
}
