// afterleak chat widget. Embed with one tag:
//   <script src="https://chat.example/widget.js" data-locale="ko" async></script>
// Options (data-*): locale ("ko" | "en"), mode ("floating", default, or "inline": a frame where
// the tag is), open ("true": start opened), start (a start payload such as "tasks"),
// height (inline mode, CSS length, default 600px), label (the launcher's accessible name).
// The chat runs in a frame from the chat's own origin, so the host page's code and styles never
// touch it and it never touches the host page beyond the elements made here.
(() => {
  "use strict";
  const script = document.currentScript;
  if (!script || !script.src || window.__afterleakWidget) return;
  window.__afterleakWidget = true;

  const d = script.dataset;
  const origin = new URL(script.src).origin;
  const src = new URL("./", script.src);
  src.searchParams.set("embed", "1");
  if (d.locale) src.searchParams.set("locale", d.locale);
  // data-pack: the incident's pack id in a deployment of several packs (start payload "<pack>" or "<pack>__<start>").
  if (d.pack || d.start) src.searchParams.set("start", [d.pack, d.start].filter(Boolean).join("__"));
  const ko = (d.locale || document.documentElement.lang || navigator.language || "ko").toLowerCase().startsWith("ko");
  const label = d.label || (ko ? "도움 챗봇 열기" : "Open the help chat");

  const frame = document.createElement("iframe");
  frame.title = ko ? "afterleak 상담 챗봇" : "afterleak help chat";
  frame.setAttribute("data-afterleak", "frame");
  frame.style.cssText = "border:0;width:100%;height:100%;display:block;background:transparent;color-scheme:normal";

  if (d.mode === "inline") {
    const box = document.createElement("div");
    box.setAttribute("data-afterleak", "inline");
    box.style.cssText = `width:100%;height:${/^[\d.]+(px|vh|rem|em|%)$/.test(d.height || "") ? d.height : "600px"};max-width:760px`;
    frame.src = src.href;
    box.append(frame);
    script.after(box);
    return;
  }

  const Z = "2147483000";
  const panel = document.createElement("div");
  panel.setAttribute("data-afterleak", "panel");
  panel.hidden = true;
  const button = document.createElement("button");
  button.type = "button";
  button.setAttribute("data-afterleak", "launcher");
  button.setAttribute("aria-label", label);
  button.setAttribute("aria-expanded", "false");
  button.textContent = "💬";
  button.style.cssText =
    `position:fixed;right:20px;bottom:20px;z-index:${Z};width:60px;height:60px;border-radius:50%;border:0;` +
    "background:#1f5eff;color:#fff;font-size:28px;line-height:60px;text-align:center;cursor:pointer;padding:0;" +
    "box-shadow:0 6px 20px rgba(0,0,0,.25)";

  const small = window.matchMedia("(max-width: 480px)");
  function layout() {
    const common = `position:fixed;z-index:${Z};background:#fff;overflow:hidden;box-shadow:0 10px 40px rgba(0,0,0,.3);`;
    panel.style.cssText = small.matches
      ? `${common}inset:0;width:100%;height:100%;border-radius:0`
      : `${common}right:20px;bottom:92px;width:380px;height:min(640px, calc(100vh - 112px));border-radius:16px`;
    panel.style.display = panel.hidden ? "none" : "block";
  }

  function setOpen(open) {
    if (open && !frame.src) frame.src = src.href;
    panel.hidden = !open;
    button.setAttribute("aria-expanded", String(open));
    button.textContent = open ? "×" : "💬";
    button.style.display = open && small.matches ? "none" : "block";
    layout();
  }

  button.addEventListener("click", () => setOpen(panel.hidden));
  window.addEventListener("message", (e) => {
    if (e.origin === origin && e.source === frame.contentWindow && e.data && e.data.afterleak === "close") setOpen(false);
  });
  if (small.addEventListener) small.addEventListener("change", () => setOpen(!panel.hidden));

  panel.append(frame);
  const mount = () => {
    document.body.append(panel, button);
    setOpen(d.open === "true");
  };
  if (document.body) mount();
  else document.addEventListener("DOMContentLoaded", mount);
})();
