// Formfabrik runtime: defines <formfabrik-assistant>. Embed with
//   <script type="module" src=".../formfabrik-runtime.js"></script>
//   <formfabrik-assistant src="/forms/hundesteuer-anmeldung_1.0.0_p2_….ffp" lang="de"></formfabrik-assistant>
// Attributes: src (a published form: `formfabrik publish`, or the designer's
// "Einbetten"), lang, endpoint, intake (the address of a formfabrik-server: the
// application goes there encrypted on the device for the authority's key),
// answers-download (the confirmation offers the answers as JSON too); the designer's
// preview adds `preview` (answers kept without asking)
// and `step` (a step id).
// JS API: `mountAssistant(target, { src, lang, endpoint, answers })` puts an assistant
// into `target` and returns it; `await element.prefill({ vorname: "Anna" })` fills in
// known answers and returns what did not fit; `element.destroy()` removes it.
// Events: formfabrik-step, formfabrik-submitted (they bubble).

// The glue, the JS helpers it imports, the wasm and (in `start`) the form are all
// asked for at once, as soon as this file runs: on a slow line one round trip in all
// instead of one after the other. The element is defined at once, too, so it can say
// that the form is loading. (`dom.js` is `src/dom.js`, moved there by the build.)
const wasm = fetch(new URL("./runtime_bg.wasm", import.meta.url));
const ready = Promise.all([import("./runtime.js"), import("./dom.js")]).then(async ([runtime]) => {
  await runtime.default({ module_or_path: wasm });
  return runtime;
});

class FormfabrikAssistant extends HTMLElement {
  connectedCallback() {
    this.mounted = this.start();
  }

  async start() {
    // Each start supersedes the one before: an element moved in the page (disconnected
    // and connected again while loading) must end up with one assistant, not two.
    const run = (this.runs = (this.runs || 0) + 1);
    const current = () => run === this.runs && this.isConnected;
    const root = this.shadowRoot || this.attachShadow({ mode: "open" });
    const lang = (this.getAttribute("lang") || document.documentElement.lang || "de").slice(0, 2);
    // Said while the wasm and the form load (on a slow line, seconds); `mount`
    // replaces it. Not in the designer's preview, re-created at every edit.
    if (!root.firstChild && !this.hasAttribute("preview")) {
      root.textContent = lang === "en" ? "Loading the form …" : "Das Formular wird geladen …";
    }
    // Asked for now, while the bundle loads (see the top of this file).
    const bytes = this.formBytes();
    bytes.catch(() => {}); // awaited below; not an unhandled rejection meanwhile
    warmStorage();
    let runtime;
    try {
      runtime = await ready;
    } catch (error) {
      if (current()) cannotStart(root, lang, error);
      return;
    }
    let form;
    try {
      form = await bytes;
    } catch (error) {
      if (!current()) return;
      console.error("Formfabrik:", error);
      const message = lang === "en"
        ? `The form could not be loaded (${error.message}).`
        : `Das Formular konnte nicht geladen werden (${error.message}).`;
      runtime.show_error(root, message, lang);
      return;
    }
    if (!current()) return;
    let options;
    let drawn = false;
    try {
      // A formfabrik-server: applications go there encrypted for the authority's key.
      const intake = this.getAttribute("intake");
      const base = intake && new URL(intake.replace(/\/?$/, "/"), document.baseURI);
      const file = (this.getAttribute("src") || "").split(/[?#]/)[0].split("/").pop();
      options = {
        lang,
        endpoint: base ? new URL(`api/intake/${encodeURIComponent(file)}`, base).href : this.getAttribute("endpoint") || undefined,
        encrypt_key: base ? new URL(`api/intake/${encodeURIComponent(file)}/key`, base).href : undefined,
        preview: this.hasAttribute("preview"),
        step: this.getAttribute("step") || undefined,
        answers_download: this.hasAttribute("answers-download"),
      };
      // The first step as the form was published with it, before the form is read.
      drawn = runtime.draw_first(root, form, options);
    } catch (error) {
      cannotStart(root, lang, error);
      return;
    }
    const mount = () => {
      if (!current()) return;
      try {
        this.assistant = runtime.mount(root, form, { ...options, drawn });
      } catch (error) {
        cannotStart(root, lang, error);
      }
    };
    if (drawn) await takeOver(root, mount);
    else mount();
  }

  /** The published form's bytes, as `mount` takes them. */
  async formBytes() {
    const src = this.getAttribute("src");
    if (!src) throw new Error("src fehlt / missing");
    const response = await fetch(src, { credentials: "omit" });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  }

  /** Fills in answers the portal knows, e.g. `{ vorname: "Anna" }`; returns what did not fit. */
  async prefill(answers) {
    await this.mounted;
    return this.assistant ? JSON.parse(this.assistant.prefill(JSON.stringify(answers))) : [];
  }

  /** Removes the assistant from the page (the portal's counterpart of mounting it). */
  destroy() {
    this.remove();
  }

  disconnectedCallback() {
    this.runs = (this.runs || 0) + 1;
    if (this.assistant) {
      this.assistant.destroy();
      this.assistant = undefined;
    }
  }
}

/**
 * What the citizen may do first on a drawn first screen: each makes the assistant take
 * it over at once (`takeOver`), before the event goes on to the assistant's listeners.
 */
const FIRST_ACTS = ["pointerdown", "keydown", "focusin", "input", "change", "click", "submit"];

/**
 * Calls `mount` once the first screen drawn into `root` has been painted, or at once
 * when the citizen acts on it before (a key, a touch, focus: in the capture phase, so
 * the event then reaches the mounted assistant). Resolves when mounted.
 */
function takeOver(root, mount) {
  return new Promise((resolve) => {
    let done = false;
    const now = () => {
      if (done) return;
      done = true;
      for (const type of FIRST_ACTS) root.removeEventListener(type, now, true);
      mount();
      resolve();
    };
    for (const type of FIRST_ACTS) root.addEventListener(type, now, true);
    requestAnimationFrame(() => setTimeout(now));
    // A page in the background paints no frames.
    setTimeout(now, 200);
  });
}

/**
 * The browser loads the page's localStorage (where drafts are) on its first use, and
 * synchronously: 0.7–1.6 ms in a fresh page on our 2-core machines. Done while the
 * form is still on the way, not in `mount`, which looks for a draft before it draws
 * the first step. Storage may be refused (private mode, blocked cookies): `mount` then
 * works without drafts.
 */
function warmStorage() {
  try {
    void localStorage.length;
  } catch {
    // refused: nothing to load
  }
}

/**
 * The error box for when the runtime itself fails (its wasm not found, refused by the
 * page's Content-Security-Policy, an error inside): built here, as the wasm that draws
 * the assistant's own error box may be what failed. Never a blank space.
 */
let fallbackSheet;
function cannotStart(root, lang, error) {
  console.error("Formfabrik: cannot start (is runtime_bg.wasm served? does the CSP allow 'wasm-unsafe-eval'?)", error);
  if (!fallbackSheet) {
    fallbackSheet = new CSSStyleSheet();
    fallbackSheet.replaceSync("div{border:3px solid #b00020;padding:1rem}");
  }
  const box = document.createElement("div");
  box.setAttribute("role", "alert");
  box.setAttribute("part", "error");
  box.textContent = lang === "en"
    ? "The form cannot be shown right now. Please try again later or with another browser."
    : "Das Formular kann gerade nicht angezeigt werden. Bitte versuchen Sie es später noch einmal oder mit einem anderen Browser.";
  // The portal's own content of the element (e.g. a link to a PDF form) shows below.
  root.adoptedStyleSheets = [fallbackSheet];
  root.replaceChildren(box, document.createElement("slot"));
}

/**
 * Mounts an assistant into `target` (an element or a CSS selector) for portals that
 * build their pages in script. Options: `src` (a published form), `lang`, `endpoint`,
 * `intake` (a formfabrik-server: applications go there encrypted on the device),
 * `answers` (prefilled, e.g. from the citizen's login), `answersDownload` (the
 * confirmation offers the answers as JSON too). Returns the element;
 * `element.destroy()` removes it again. Only the options' own properties count, so a
 * script that changed `Object.prototype` cannot redirect the application.
 */
export async function mountAssistant(target, options = {}) {
  const host = typeof target === "string" ? document.querySelector(target) : target;
  if (!host) throw new Error(`Formfabrik: no element ${target}`);
  const own = (name) => (Object.hasOwn(options, name) ? options[name] : undefined);
  const element = document.createElement("formfabrik-assistant");
  for (const name of ["src", "lang", "endpoint", "intake"]) {
    const value = own(name);
    if (value) element.setAttribute(name, String(value));
  }
  if (own("answersDownload")) element.setAttribute("answers-download", "");
  host.append(element);
  await element.mounted;
  const answers = own("answers");
  if (answers) await element.prefill(answers);
  return element;
}

if (!customElements.get("formfabrik-assistant")) {
  customElements.define("formfabrik-assistant", FormfabrikAssistant);
}
