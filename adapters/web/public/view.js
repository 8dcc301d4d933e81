// Draws the conversation. Every string from the server or the user goes on the page as text
// (text nodes, textContent); bold spans become <strong>. Nothing is ever parsed as HTML.

const el = (tag, cls) => {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  return e;
};

/** Bold spans become <strong>; all text goes in as text nodes. */
function appendSpans(parent, spans, text) {
  if (Array.isArray(spans)) {
    for (const sp of spans) {
      if (!sp || typeof sp.text !== "string") continue;
      if (sp.bold) {
        const b = el("strong");
        b.textContent = sp.text;
        parent.append(b);
      } else parent.append(document.createTextNode(sp.text));
    }
  } else if (typeof text === "string") parent.append(document.createTextNode(text));
}

/** Only http(s) links are drawn. */
function safeHref(url) {
  try {
    const u = new URL(url);
    return u.protocol === "https:" || u.protocol === "http:" ? u.href : null;
  } catch {
    return null; // not a URL: show no link
  }
}

/**
 * The message log. `onChoice(label, payload)` runs when a button is pressed; `onLang(lang)` when
 * a message says which language the bot now speaks.
 */
export function createView(log, { onChoice, onLang }) {
  let typingEl = null;
  let lastMine = null;

  const scrollDown = () => {
    log.scrollTop = log.scrollHeight;
  };

  function hideTyping() {
    if (typingEl) typingEl.remove();
    typingEl = null;
  }

  function showTyping() {
    if (typingEl) return;
    typingEl = el("div", "typing");
    typingEl.setAttribute("aria-hidden", "true");
    for (let i = 0; i < 3; i++) typingEl.append(el("span"));
    log.append(typingEl);
    scrollDown();
  }

  /** Buttons go once the user answers (a press or typed text), as in other chat apps. */
  function retireChoices() {
    for (const g of log.querySelectorAll(".choices")) g.remove();
  }

  function mine(text) {
    const b = el("div", "msg me");
    b.textContent = text;
    log.append(b);
    lastMine = b;
    scrollDown();
  }

  function botText(text, cls) {
    hideTyping();
    const b = el("div", `msg bot${cls ? ` ${cls}` : ""}`);
    b.textContent = text;
    log.append(b);
    scrollDown();
  }

  function links(list, box) {
    const div = el("div", "links");
    for (const k of list) {
      const href = k && safeHref(k.url);
      if (!href || typeof k.title !== "string") continue;
      const a = el("a");
      a.href = href;
      a.target = "_blank";
      a.rel = "noopener noreferrer";
      a.textContent = `🔗 ${k.title}`;
      div.append(a);
    }
    box.append(div);
  }

  function choices(list) {
    const group = el("div", "choices");
    group.setAttribute("role", "group");
    for (const q of list) {
      if (!q || typeof q.title !== "string" || typeof q.payload !== "string") continue;
      const b = el("button", "choice");
      b.type = "button";
      b.textContent = q.title;
      b.dataset.payload = q.payload;
      b.addEventListener("click", () => onChoice(q.title, q.payload));
      group.append(b);
    }
    log.append(group);
  }

  /** Draws one message from the server (see adapters/web/render.ts for the shape). */
  function render(m, errorText) {
    hideTyping();
    if (!m || typeof m !== "object") return;
    if (m.type === "typing") return showTyping();
    if (m.type !== "message") return;
    if (typeof m.lang === "string") onLang(m.lang);
    if (m.error) return botText(typeof m.text === "string" && m.text ? m.text : errorText(), "notice");
    if (m.delete_inbound && lastMine) {
      lastMine.remove();
      lastMine = null;
    }
    const hasText = Array.isArray(m.spans) ? m.spans.some((sp) => sp && sp.text) : !!m.text;
    let box = null;
    if (hasText) {
      box = el("div", `msg bot${m.delete_inbound ? " notice" : ""}`);
      const p = el("div", "text");
      appendSpans(p, m.spans, m.text);
      box.append(p);
      log.append(box);
    }
    if (Array.isArray(m.links) && m.links.length) {
      if (!box) {
        box = el("div", "msg bot");
        log.append(box);
      }
      links(m.links, box);
    }
    if (Array.isArray(m.quick_replies) && m.quick_replies.length) choices(m.quick_replies);
    scrollDown();
  }

  return { render, mine, showTyping, retireChoices };
}
