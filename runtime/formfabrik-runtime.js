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
// that the form is loading. (`dom.js` is `src/dom.js`, moved there by the build.) The
// helpers alone draw a published form's first screen, before the wasm has arrived.
const wasm = fetch(new URL("./runtime_bg.wasm", import.meta.url));
const helpers = import("./dom.js");
const ready = Promise.all([import("./runtime.js"), helpers]).then(async ([runtime]) => {
  await runtime.default({ module_or_path: wasm });
  return runtime;
});
// The runtime once it is here: a first screen is taken over at once from then on.
let arrived;
ready.then((runtime) => (arrived = runtime), () => {});

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
    let form;
    try {
      form = await bytes;
    } catch (error) {
      console.error("Formfabrik:", error);
      const runtime = await ready.catch((failed) => current() && cannotStart(root, lang, failed));
      if (runtime && current()) {
        const message = lang === "en"
          ? `The form could not be loaded (${error.message}).`
          : `Das Formular konnte nicht geladen werden (${error.message}).`;
        runtime.show_error(root, message, lang);
      }
      return;
    }
    let options;
    try {
      // The first step as the form was published with it, drawn as soon as the form
      // is here: the wasm may still be on the way.
      const dom = await helpers;
      if (!current()) return;
      const drawn = this.hasAttribute("preview") ? undefined : dom.firstScreen(form, lang);
      if (drawn) dom.drawFirst(root, drawn);
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
        drawn,
      };
    } catch (error) {
      cannotStart(root, lang, error);
      return;
    }
    // Whether it mounted.
    const mount = (runtime) => {
      if (!current()) return false;
      try {
        this.assistant = runtime.mount(root, form, options);
        return true;
      } catch (error) {
        cannotStart(root, lang, error);
        return false;
      }
    };
    try {
      if (options.drawn) await takeOver(root, ready, mount);
      else mount(await ready);
    } catch (error) {
      if (current()) cannotStart(root, lang, error);
    }
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
 * Mounts the assistant (`mount(runtime)`, true when it did) over the first screen drawn
 * into `root`: when the runtime has arrived and the screen has been painted, or as soon
 * as the runtime is there once the citizen acts on the screen (a key, a touch, focus;
 * in the capture phase, so the event then reaches the mounted assistant). What the
 * citizen typed, chose or pressed while the runtime was still on the way reaches the
 * assistant when it is mounted, as the same events again; a submit meanwhile (Enter,
 * "Weiter") is held, not sent to the page's own address. Rejects when the runtime
 * cannot start.
 */
function takeOver(root, ready, mount) {
  return new Promise((resolve, reject) => {
    let runtime = arrived;
    let painted = false;
    let done = false;
    const early = [];
    const stop = () => {
      done = true;
      for (const type of FIRST_ACTS) root.removeEventListener(type, act, true);
    };
    const go = () => {
      if (done || !runtime || !painted) return;
      stop();
      try {
        if (mount(runtime)) replay(root, early);
      } finally {
        // `mounted` settles whatever the replay met (`prefill` waits for it).
        resolve();
      }
    };
    function act(event) {
      if (!runtime) {
        const { type } = event;
        const target = type === "click" ? event.target.closest?.("button") : event.target;
        if (type === "submit") event.preventDefault();
        else if (target && type !== "pointerdown" && type !== "keydown" && type !== "focusin") {
          const [lastType, lastTarget] = early.at(-1) || [];
          if (lastType !== type || lastTarget !== target) early.push([type, target]);
        }
      }
      painted = true;
      go();
    }
    for (const type of FIRST_ACTS) root.addEventListener(type, act, true);
    const paint = () => {
      painted = true;
      go();
    };
    requestAnimationFrame(() => setTimeout(paint));
    // A page in the background paints no frames.
    setTimeout(paint, 200);
    ready.then((here) => {
      runtime = here;
      go();
    }, (error) => {
      stop();
      reject(error);
    });
  });
}

/**
 * Hands the assistant what the citizen did on the first screen before it was mounted
 * (`takeOver`): the same events again, on the same elements.
 */
function replay(root, early) {
  for (const [type, was] of early) {
    // Drawn anew (a screen unlike the assistant's own): the same field, by its id.
    const target = was.isConnected ? was : was.id && root.getElementById(was.id);
    if (!target) continue;
    if (target !== was && type !== "click") {
      try {
        target.value = was.value;
        target.checked = was.checked;
      } catch {
        // a file input: files cannot be moved over
      }
    }
    if (type === "click") target.click();
    else target.dispatchEvent(new Event(type, { bubbles: true }));
  }
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
