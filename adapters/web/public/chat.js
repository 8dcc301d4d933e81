/* global URLSearchParams, fetch */
// afterleak web chat: talks to the Botkit web adapter over a WebSocket (/ws). The browser keeps
// one random id (localStorage) so progress survives a reload; nothing else about the user.
import { STRINGS } from "./strings.js";
import { createView } from "./view.js";

const ID_KEY = "afterleak.uid";
const SEEN_KEY = "afterleak.privacySeen";
const ID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const embedded = params.get("embed") === "1";

// localStorage can be missing or blocked (private modes, sandboxed frames): fall back to memory.
const store = (() => {
  const mem = new Map();
  let ls = null;
  try {
    ls = window.localStorage;
    ls.getItem(ID_KEY);
  } catch {
    ls = null; // storage blocked: this visit keeps its id in memory only
  }
  return {
    get: (k) => (ls ? ls.getItem(k) : mem.get(k) ?? null),
    set: (k, v) => {
      try {
        if (ls) ls.setItem(k, v);
        else mem.set(k, v);
      } catch {
        mem.set(k, v); // quota or policy: keep it for this visit
      }
    },
  };
})();

function newId() {
  if (crypto.randomUUID) return crypto.randomUUID();
  // randomUUID exists only in secure contexts (https, localhost); build a v4 UUID otherwise.
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

let uid = store.get(ID_KEY);
const returning = !!uid && ID_RE.test(uid);
if (!returning) {
  uid = newId();
  store.set(ID_KEY, uid);
}

const hint = (params.get("locale") || navigator.language || "").slice(0, 35);
const cfg = { locales: Object.keys(STRINGS), retentionDays: 30, page: {} };
const base = (l) => String(l || "").toLowerCase().split(/[-_]/)[0];
let lang = STRINGS[base(hint)] ? base(hint) : "en";
// Pack texts (/config.json `page`) first, then the page's own labels, then English.
const s = (key) => cfg.page[lang]?.[key] ?? (STRINGS[lang] || STRINGS.en)[key] ?? "";
const known = (l) => Boolean(cfg.page[l] || STRINGS[l]);
const input = $("input");

// --- the page's own labels ------------------------------------------------------------------
function applyChrome() {
  document.documentElement.lang = lang;
  document.title = s("title") || "afterleak";
  const sub = document.createElement("span");
  sub.className = "sub";
  sub.textContent = s("incident") ? ` · ${s("incident")}` : "";
  $("title").replaceChildren("afterleak", sub);
  $("privacy-btn").textContent = s("privacy");
  $("privacy-title").textContent = s("privacyTitle");
  $("privacy-text").textContent = s("privacyText").replace("{days}", String(cfg.retentionDays));
  $("forget-btn").textContent = s("forget");
  $("privacy-ok").textContent = s("ok");
  $("input-label").textContent = s("input");
  input.placeholder = s("placeholder");
  $("send-btn").textContent = s("send");
  $("close-btn").setAttribute("aria-label", s("close"));
  $("close-btn").textContent = "×";
  const other = cfg.locales.find((l) => l !== lang && known(l));
  const langBtn = $("lang-btn");
  langBtn.hidden = !other;
  if (other) {
    langBtn.textContent = cfg.page[other]?.name ?? other;
    langBtn.dataset.payload = `l:${other}`;
    langBtn.lang = other;
  }
}

function setLang(l) {
  if (l === lang || !known(l)) return;
  lang = l;
  applyChrome();
}

const setStatus = (key) => {
  $("status").textContent = key ? s(key) : "";
};

// --- the socket -----------------------------------------------------------------------------
let ws = null;
let connectedOnce = false;
let retries = 0;
const pending = [];

function send(msg) {
  const full = { ...msg, user: uid, channel: "websocket", ...(hint ? { locale: hint } : {}) };
  if (ws && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(full));
  else pending.push(full);
}

function connect() {
  setStatus(connectedOnce ? "offline" : "connecting");
  ws = new WebSocket(`${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ws`);
  ws.addEventListener("open", () => {
    retries = 0;
    setStatus("");
    if (!connectedOnce) {
      connectedOnce = true;
      const start = params.get("start");
      send({ type: returning ? "welcome_back" : "hello", ...(start ? { start } : {}) });
    } else {
      // A reconnect: name this socket, so a reply finished while it was down reaches the page.
      send({ type: "resume" });
    }
    while (pending.length) ws.send(JSON.stringify(pending.shift()));
  });
  ws.addEventListener("message", (e) => {
    let m;
    try {
      m = JSON.parse(e.data);
    } catch {
      return; // not ours: ignore
    }
    view.render(m, () => s("error"));
  });
  ws.addEventListener("close", () => {
    setStatus("offline");
    setTimeout(connect, Math.min(10000, 500 * 2 ** retries++));
  });
}

// --- user actions ---------------------------------------------------------------------------
function choose(label, payload) {
  view.retireChoices();
  view.mine(label);
  view.showTyping();
  send({ type: "message", text: label, quick_reply: { payload } });
  if (payload === "x:yes") {
    // Everything on the server is being deleted: start over with a new id, too.
    uid = newId();
    store.set(ID_KEY, uid);
  }
}

function say(text) {
  const t = text.trim();
  if (!t) return;
  view.retireChoices();
  view.mine(t);
  view.showTyping();
  send({ type: "message", text: t });
}

const view = createView($("log"), { onChoice: choose, onLang: setLang });

$("composer").addEventListener("submit", (e) => {
  e.preventDefault();
  say(input.value);
  input.value = "";
  input.style.height = "";
  input.focus();
});
input.addEventListener("keydown", (e) => {
  if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
    e.preventDefault();
    $("composer").requestSubmit();
  }
});
input.addEventListener("input", () => {
  input.style.height = "";
  input.style.height = `${Math.min(input.scrollHeight, 140)}px`;
});
$("lang-btn").addEventListener("click", (e) => {
  const b = e.currentTarget;
  if (b.dataset.payload) choose(b.textContent, b.dataset.payload);
});

function showPrivacy(open) {
  $("privacy").hidden = !open;
  $("privacy-btn").setAttribute("aria-expanded", String(open));
  if (!open) store.set(SEEN_KEY, "1");
}
$("privacy-btn").addEventListener("click", () => showPrivacy($("privacy").hidden));
$("privacy-ok").addEventListener("click", () => showPrivacy(false));
$("forget-btn").addEventListener("click", () => {
  showPrivacy(false);
  say("/forget");
});

if (embedded) {
  document.body.classList.add("embedded");
  $("close-btn").hidden = false;
  $("close-btn").addEventListener("click", () => window.parent.postMessage({ afterleak: "close" }, "*"));
}

applyChrome();
showPrivacy(store.get(SEEN_KEY) !== "1");
fetch("/config.json")
  .then((r) => (r.ok ? r.json() : null))
  .then((c) => {
    if (c && Array.isArray(c.locales)) cfg.locales = c.locales;
    if (c && Number.isInteger(c.retentionDays)) cfg.retentionDays = c.retentionDays;
    if (c && c.page && typeof c.page === "object") cfg.page = c.page;
    // The browser's language if the pack has it, else the pack's default.
    if (c && Array.isArray(c.locales) && !c.locales.includes(base(hint)) && c.defaultLocale) lang = c.defaultLocale;
    applyChrome();
  })
  .catch(() => undefined); // the defaults above are fine without it
connect();
