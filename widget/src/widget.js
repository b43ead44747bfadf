// The website chat widget. An organisation embeds it with one tag:
//
//   <script src="https://ASSISTANT/widget/widget.js" defer
//           data-title="Ask about human trafficking"
//           data-exit-url="https://www.google.com/"></script>
//
// data-server (default: where the script came from) is the assistant's address.
// Some visitors are on a shared or watched device, so:
// - the conversation lives in sessionStorage only (gone when the tab closes);
// - "Quick exit" (or Esc twice) wipes the chat from the page and from storage and
//   replaces the page with a neutral one, so Back does not return to it;
// - every text is rendered as text, never as HTML.
import { io } from "socket.io-client";

const HOTLINE = "1-888-373-7888";
const HOTLINE_TEL = "tel:" + HOTLINE.replace(/\D/g, "");
const STORAGE_KEY = "hta-chat";
const MAX_KEPT_MESSAGES = 100;
const MAX_INPUT_CHARS = 1000;
const DOUBLE_ESCAPE_MS = 1500;
const TYPING_TIMEOUT_MS = 20000;
const OFFLINE_NOTICE =
  `I can't reach the assistant right now and will keep trying. ` +
  `If you or someone else needs help, call the hotline: ${HOTLINE}.`;
const OFFLINE_STATUS = `Not connected, trying again. Hotline: ${HOTLINE}.`;

// currentScript is null when the tag is a module; then find our tag by its name.
const script =
  document.currentScript || document.querySelector('script[src*="widget.js"]');
const settings = {
  server: script.dataset.server || new URL(script.src).origin,
  title: script.dataset.title || "Ask about human trafficking",
  exitUrl: script.dataset.exitUrl || "https://www.google.com/",
  open: script.dataset.open === "true",
  stylesheet: new URL("widget.css", script.src).href,
};

// --- State, kept in sessionStorage only -------------------------------------------
function loadState() {
  try {
    const saved = JSON.parse(sessionStorage.getItem(STORAGE_KEY));
    if (saved && Array.isArray(saved.messages)) return saved;
  } catch (_) {
    // Storage blocked or corrupt: start afresh.
  }
  return { sessionId: null, messages: [], open: settings.open };
}

const state = loadState();

function saveState() {
  state.messages = state.messages.slice(-MAX_KEPT_MESSAGES);
  try {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(state));
  } catch (_) {
    // Storage full or blocked: the chat still works, it just won't survive a reload.
  }
}

// --- Building the DOM (text only: never innerHTML with outside text) -------------
function el(tag, attrs = {}, children = []) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "text") node.textContent = value;
    else node.setAttribute(key, value);
  }
  for (const child of children) node.append(child);
  return node;
}

// Text with the hotline and plain http(s) addresses made into links. Everything is
// a text node or an <a> whose href we built; nothing is parsed as HTML.
const LINKABLE = /(1-888-373-7888|https?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)])/g;

function linkified(text) {
  const fragment = document.createDocumentFragment();
  let last = 0;
  for (const match of text.matchAll(LINKABLE)) {
    fragment.append(text.slice(last, match.index));
    const href = match[0] === HOTLINE ? HOTLINE_TEL : match[0];
    const link = el("a", { href, text: match[0] });
    if (href !== HOTLINE_TEL) {
      link.target = "_blank";
      link.rel = "noopener noreferrer nofollow";
    }
    fragment.append(link);
    last = match.index + match[0].length;
  }
  fragment.append(text.slice(last));
  return fragment;
}

const host = el("div", { id: "hta-chat-widget" });
host.hidden = true; // until the stylesheet has loaded
const root = host.attachShadow({ mode: "open" });
const stylesheet = el("link", { rel: "stylesheet", href: settings.stylesheet });
stylesheet.addEventListener("load", () => (host.hidden = false));
stylesheet.addEventListener("error", () => (host.hidden = false));

const launcher = el("button", {
  class: "launcher",
  type: "button",
  "aria-controls": "hta-panel",
  text: "Chat: questions about trafficking",
});
const titleId = "hta-title";
const quickExit = el("button", {
  class: "quick-exit",
  type: "button",
  title: "Leave this site now (or press Esc twice)",
  text: "Quick exit",
});
const closeButton = el("button", {
  class: "close",
  type: "button",
  "aria-label": "Minimise chat",
  text: "–",
});
const hotlineLink = el("a", { class: "hotline", href: HOTLINE_TEL }, [
  el("span", { text: "Hotline " }),
  el("strong", { text: HOTLINE }),
]);
const log = el("div", {
  class: "log",
  role: "log",
  "aria-live": "polite",
  "aria-label": "Conversation",
  tabindex: "0",
});
const typing = el("div", { class: "typing", hidden: "" }, [
  el("span", { class: "dots", "aria-hidden": "true" }, [el("i"), el("i"), el("i")]),
  el("span", { class: "visually-hidden", text: "The assistant is typing" }),
]);
const status = el("p", { class: "status", role: "status" });
const input = el("textarea", {
  id: "hta-input",
  rows: "1",
  maxlength: String(MAX_INPUT_CHARS),
  placeholder: "Type your question",
  autocomplete: "off",
});
const form = el("form", { class: "composer" }, [
  el("label", { for: "hta-input", class: "visually-hidden", text: "Your message" }),
  input,
  el("button", { type: "submit", class: "send", text: "Send" }),
]);
const panel = el(
  "section",
  { id: "hta-panel", class: "panel", "aria-labelledby": titleId },
  [
    el("header", {}, [
      el("div", { class: "heading" }, [
        el("h2", { id: titleId, text: settings.title }),
        hotlineLink,
      ]),
      el("div", { class: "header-buttons" }, [quickExit, closeButton]),
    ]),
    el("p", {
      class: "notice",
      text: "Automated answers from awareness documents. Closing this tab erases the chat.",
    }),
    log,
    typing,
    status,
    form,
  ]
);
root.append(stylesheet, launcher, panel);

// --- Showing messages --------------------------------------------------------------
function renderMessage(message) {
  const from = message.from === "user" ? "You" : "Assistant";
  const bubble = el("div", { class: `message ${message.from}` }, [
    el("span", { class: "visually-hidden", text: `${from}: ` }),
  ]);
  const text = el("p", { class: "text" });
  text.append(linkified(String(message.text || "")));
  bubble.append(text);
  if (message.source) {
    bubble.append(el("p", { class: "source", text: String(message.source) }));
  }
  log.append(bubble);
  log.scrollTop = log.scrollHeight;
}

function renderQuickReplies(replies) {
  root.querySelectorAll(".quick-replies").forEach((n) => n.remove());
  if (!Array.isArray(replies) || replies.length === 0) return;
  const group = el("div", {
    class: "quick-replies",
    role: "group",
    "aria-label": "Suggested questions",
  });
  for (const reply of replies) {
    const button = el("button", { type: "button", text: String(reply.title) });
    button.addEventListener("click", () => {
      send(String(reply.payload), String(reply.title));
      input.focus(); // the button is gone; keep the keyboard user in the chat
    });
    group.append(button);
  }
  log.append(group);
  log.scrollTop = log.scrollHeight;
}

function addMessage(message) {
  state.messages.push(message);
  saveState();
  renderMessage(message);
}

function setTyping(on) {
  typing.hidden = !on;
  clearTimeout(setTyping.timer);
  if (on) setTyping.timer = setTimeout(() => setTyping(false), TYPING_TIMEOUT_MS);
}

function setOpen(open) {
  state.open = open;
  saveState();
  panel.hidden = !open;
  launcher.hidden = open;
  launcher.setAttribute("aria-expanded", String(open));
  if (open) {
    input.focus();
    greetOnce();
  } else {
    launcher.focus();
  }
}

// A new conversation opens with the assistant's greeting (the hotline and a few
// suggested questions), asked for by intent so no user text is shown or sent.
let greeted = state.messages.length > 0;

function greetOnce() {
  if (greeted || !ready || !state.open) return;
  greeted = true;
  socket.emit("user_uttered", { message: "/greet" });
  setTyping(true);
}

// --- Talking to the server -----------------------------------------------------------
const socket = io(settings.server, {
  path: "/socket.io",
  // WebSocket first; long-polling where a proxy blocks WebSockets.
  transports: ["websocket", "polling"],
  tryAllTransports: true,
  withCredentials: false,
});
let ready = false;
let offlineShown = false;

function showOffline() {
  ready = false;
  setTyping(false);
  status.textContent = OFFLINE_STATUS;
  if (!offlineShown) {
    offlineShown = true;
    renderMessage({ from: "system", text: OFFLINE_NOTICE });
  }
}

socket.on("connect", () => {
  socket.emit("session_request", { session_id: state.sessionId });
});
socket.on("session_confirm", (sessionId) => {
  state.sessionId = sessionId;
  saveState();
  ready = true;
  greetOnce();
  if (offlineShown) {
    offlineShown = false;
    status.textContent = "Connected again.";
  } else {
    status.textContent = "";
  }
});
socket.on("connect_error", showOffline);
socket.on("disconnect", showOffline);
socket.on("bot_uttered", (message) => {
  if (!message || typeof message.text !== "string") return;
  setTyping(false);
  addMessage({ from: "bot", text: message.text, source: message.source || null });
  state.quickReplies = message.quick_replies || null;
  saveState();
  renderQuickReplies(state.quickReplies);
});

function send(payload, shown) {
  const text = payload.trim();
  if (!text) return false;
  if (!ready) {
    showOffline();
    status.textContent = `Not sent: not connected. Hotline: ${HOTLINE}.`;
    return false;
  }
  renderQuickReplies(null);
  state.quickReplies = null;
  addMessage({ from: "user", text: shown || text });
  socket.emit("user_uttered", { message: text.slice(0, MAX_INPUT_CHARS) });
  setTyping(true);
  return true;
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  if (send(input.value)) input.value = "";
  input.focus();
});
input.addEventListener("keydown", (event) => {
  // Enter sends; Shift+Enter starts a new line.
  if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    form.requestSubmit();
  }
});
launcher.addEventListener("click", () => setOpen(true));
closeButton.addEventListener("click", () => setOpen(false));

// --- Quick exit ------------------------------------------------------------------------
function leave() {
  socket.disconnect();
  try {
    sessionStorage.removeItem(STORAGE_KEY);
  } catch (_) {
    // Nothing stored, or storage blocked: nothing to erase.
  }
  host.remove();
  // Hide the whole page at once; the neutral page may take a moment to load.
  document.documentElement.style.visibility = "hidden";
  document.title = "";
  // replace(), not assign(): the page leaves the tab's history, so Back skips it.
  window.location.replace(settings.exitUrl);
}

quickExit.addEventListener("click", leave);
let lastEscape = 0;
document.addEventListener(
  "keydown",
  (event) => {
    if (event.key !== "Escape") return;
    const now = Date.now();
    if (now - lastEscape < DOUBLE_ESCAPE_MS) leave();
    lastEscape = now;
  },
  true
);

// --- Start --------------------------------------------------------------------------------
for (const message of state.messages) renderMessage(message);
renderQuickReplies(state.quickReplies);
panel.hidden = !state.open;
launcher.hidden = state.open;
launcher.setAttribute("aria-expanded", String(state.open));
if (document.body) document.body.append(host);
else document.addEventListener("DOMContentLoaded", () => document.body.append(host));
