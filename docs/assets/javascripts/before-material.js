/* What runs just before Material's bundle (docs_tools/render/theme/main.html):
   search on demand (this first part), copy buttons without a style
   recalculation each, code blocks kept focusable until Material mounts
   them, and the colour-scheme toggle (the parts at the end). Each is a few
   DOM calls; none restyles the page while it starts (the dark scheme's
   <meta name="color-scheme"> aside).

   Search on demand. Material for MkDocs fetches its language's search index
   (250-310 KiB) and starts its search worker as soon as its bundle runs, on
   every page, for every reader, searching or not. This script runs just
   before the bundle (docs_tools/render/theme/main.html) and holds both back until
   the reader opens search: the search toggle changes, the search box gets
   focus (a click, a tap, or the "/", "s", "f" keys), or the page was opened
   from a search result (?h=..., whose words Material highlights with the
   index) or with a query (?q=...). Material then gets the same index and the
   same worker, a moment later, as it does on file:// pages. */
(() => {
  let release;
  const opened = new Promise((resolve) => {
    release = resolve;
  });

  const params = new URLSearchParams(location.search);
  if (params.has("h") || params.has("q")) release();
  const toggle = document.getElementById("__search");
  if (toggle) toggle.addEventListener("change", () => release(), { once: true });
  const search = document.querySelector(".md-search");
  if (search) search.addEventListener("focusin", () => release(), { once: true });

  // The index: Material asks for <base>/search/search_index.json with XMLHttpRequest.
  const open = XMLHttpRequest.prototype.open;
  const send = XMLHttpRequest.prototype.send;
  const waiting = new WeakSet();
  XMLHttpRequest.prototype.open = function (method, url, ...rest) {
    if (/\/search\/search_index\.json$/.test(new URL(url, location.href).pathname)) waiting.add(this);
    return open.call(this, method, url, ...rest);
  };
  XMLHttpRequest.prototype.send = function (...args) {
    if (!waiting.has(this)) return send.apply(this, args);
    waiting.delete(this);
    opened.then(() => send.apply(this, args));
  };

  // The worker: started when search opens; messages posted before then wait.
  const RealWorker = window.Worker;
  class LazySearchWorker extends EventTarget {
    constructor(url, options) {
      super();
      this.queue = [];
      opened.then(() => {
        this.worker = new RealWorker(url, options);
        for (const type of ["message", "messageerror", "error"]) {
          this.worker.addEventListener(type, (event) => {
            const copy = type === "error" ? new ErrorEvent("error", event) : new MessageEvent(type, { data: event.data });
            this.dispatchEvent(copy);
          });
        }
        for (const message of this.queue) this.worker.postMessage(message);
        this.queue = [];
      });
    }
    postMessage(message) {
      if (this.worker) this.worker.postMessage(message);
      else this.queue.push(message);
    }
    terminate() {
      if (this.worker) this.worker.terminate();
      this.queue = [];
    }
  }
  window.Worker = function Worker(url, options) {
    const path = new URL(url, location.href).pathname;
    return /\/workers\/search\.[^/]*\.js$/.test(path) ? new LazySearchWorker(url, options) : new RealWorker(url, options);
  };
})();

/* Copy buttons without a style recalculation each. For every code block,
   Material's bundle asks clipboard.js whether the browser can copy, which
   calls document.queryCommandSupported("copy") and ("cut"); Chromium brings
   the page's style up to date for each call, and Material has just inserted
   the previous block's button, so a page with 80 code blocks recalculated
   its style 160 times while starting (Lighthouse, README). Whether the
   browser supports a command does not change while the page is open: ask
   once per command. (This file runs just before Material's bundle:
   docs_tools/render/theme/main.html.) */
(() => {
  const query = Document.prototype.queryCommandSupported;
  if (typeof query !== "function") return;
  const known = new Map();
  Document.prototype.queryCommandSupported = function queryCommandSupported(command) {
    const key = String(command).toLowerCase();
    if (!known.has(key)) known.set(key, query.call(this, command));
    return known.get(key);
  };
})();

/* Code blocks not yet in view. With the content.lazy feature (mkdocs.yml),
   Material mounts a code block (copy button; tabindex="0" when it scrolls
   sideways, so the keyboard can scroll it) when it first comes into view.
   Until then every block is focusable, as a scrollable one would be (and a
   table holding one can be scrolled from the keyboard too); Material drops
   the tabindex of those that do not scroll when it mounts them. */
for (const code of document.querySelectorAll(".md-content pre > code:not([tabindex])")) code.tabIndex = 0;

/* The colour-scheme toggle (light / dark), without Material's start-up work.
   Material's palette component, on every page load, marks <body> as
   "switching" (a rule of its palette stylesheet matches every element
   under it), adds <meta name="color-scheme"> and sets it: each makes the
   browser recompute the style of the whole page, three times on a long
   chapter (about 130 ms each on Lighthouse's phone, README). The header's
   form is therefore not marked as Material's component
   (docs_tools/render/theme/main.html renames data-md-component="palette" to
   data-palette) and this does the same job: Material's inline script right
   after the toggle (partials/javascripts/palette.html) has already applied
   the reader's saved scheme to <body>; here the matching toggle button is
   shown, and a change is applied, shown and saved where Material keeps it
   (__md_set("__palette"), so that script reads it on the next page).
   <meta name="color-scheme"> (the browser's own parts: scrollbars) is
   written only for the dark scheme: light is the default. The schemes in
   mkdocs.yml name no "media" (no following the system's setting), which
   this does not do; tests/browser/test_palette.py checks both. */
(() => {
  const form = document.querySelector("form[data-palette]");
  if (!form) return;
  const inputs = [...form.querySelectorAll("input[name='__palette']")];
  const header = document.querySelector("[data-md-component='header']");
  const meta = (name) =>
    document.head.querySelector(`meta[name='${name}']`) ||
    document.head.appendChild(Object.assign(document.createElement("meta"), { name }));

  function show(index, switched) {
    inputs[index].checked = true;
    inputs.forEach((input, i) => {
      const label = input.nextElementSibling;
      if (label) label.hidden = i !== index;
    });
    const style = getComputedStyle(header);
    meta("theme-color").content =
      "#" + style.backgroundColor.match(/\d+/g).slice(0, 3).map((n) => (+n).toString(16).padStart(2, "0")).join("");
    if (switched || style.colorScheme !== "light") meta("color-scheme").content = style.colorScheme;
  }

  const scheme = document.body.getAttribute("data-md-color-scheme");
  show(Math.max(0, inputs.findIndex((input) => input.getAttribute("data-md-color-scheme") === scheme)), false);

  form.addEventListener("change", () => {
    const index = inputs.findIndex((input) => input.checked);
    const color = {};
    for (const key of ["media", "scheme", "primary", "accent"]) {
      color[key] = inputs[index].getAttribute(`data-md-color-${key}`);
      document.body.setAttribute(`data-md-color-${key}`, color[key]);
    }
    show(index, true);
    __md_set("__palette", { index, color });
  });
  // Enter on the toggle switches, as with Material's; the arrow keys move between the radio buttons
  // themselves, which fires the same change.
  form.addEventListener("keydown", (event) => {
    if (event.key !== "Enter") return;
    const next = inputs[(inputs.findIndex((input) => input.checked) + 1) % inputs.length];
    next.click();
    next.focus();
  });
})();
