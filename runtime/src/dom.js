// The runtime's few JS helpers, imported by wasm-bindgen: what is shorter said in JS
// than through web-sys bindings (each binding adds glue to the bundle).
//
// `build` makes the DOM nodes a `Tree` (runtime/src/tree.rs) describes and returns
// them as a fragment. An element joins its parent when it is closed, complete: Chrome's
// cost of adding inputs to a <form> one by one grows with the square of their number.
// Elements are cloned from a prototype per opening token (tag and fixed attributes).
const prototypes = new Map();

function element(opening) {
  let prototype = prototypes.get(opening);
  if (!prototype) {
    const [tag, ...attributes] = opening.slice(1).split("\x01");
    prototype = document.createElement(tag);
    for (let i = 0; i < attributes.length; i += 2) prototype.setAttribute(attributes[i], attributes[i + 1]);
    prototypes.set(opening, prototype);
  }
  return prototype.cloneNode(false);
}

export function build(tokens) {
  const stack = [document.createDocumentFragment()];
  const parts = tokens.split("\0");
  for (let i = 0; i < parts.length - 1; i++) {
    const part = parts[i];
    const top = stack[stack.length - 1];
    switch (part[0]) {
      case "<":
        stack.push(element(part));
        break;
      case ">":
        stack.pop();
        stack[stack.length - 1].append(top);
        break;
      case "=":
        top.setAttribute(part.slice(1), parts[++i].slice(1));
        break;
      default:
        top.append(part.slice(1));
    }
  }
  return stack[0];
}

// POSTs the application: `json` alone as application/json, or with `files` ([id, File,
// id, File, …]) as multipart/form-data, the JSON in the part "payload" and each file
// in a part named by its attachment id (the browser sets the boundary). Calls
// `done(status, text)` once, later; status 0 when the network failed. The
// Idempotency-Key lets the receiver store a retried application once. Never throws:
// an exception passing through the wasm would leave the assistant's state locked.
export function send(endpoint, json, key, files, done) {
  let request;
  try {
    const headers = { "Idempotency-Key": key };
    let body = json;
    if (files.length) {
      body = new FormData();
      body.append("payload", new Blob([json], { type: "application/json" }), "payload.json");
      for (let i = 0; i < files.length; i += 2) body.append(files[i], files[i + 1], files[i + 1].name);
    } else {
      headers["Content-Type"] = "application/json";
    }
    request = fetch(endpoint, { method: "POST", credentials: "same-origin", headers, body });
  } catch (error) {
    request = Promise.reject(error);
  }
  request
    .then((response) => response.text().then((text) => [response.status, text]))
    .then(([status, text]) => done(status, text), (error) => {
      console.error("Formfabrik:", error);
      done(0, "");
    });
}

// Offers `text` as a JSON file named `name`, for the citizen's own records.
export function download(root, name, text) {
  try {
    const url = URL.createObjectURL(new Blob([text], { type: "application/json" }));
    const link = root.ownerDocument.createElement("a");
    link.href = url;
    link.download = name;
    link.click();
    URL.revokeObjectURL(url);
  } catch (error) {
    console.error("Formfabrik: the download failed", error);
  }
}

// The page's localStorage, or null where the browser refuses it (blocked storage
// throws on access).
export function storage() {
  try {
    return localStorage;
  } catch {
    return null;
  }
}

// A CustomEvent from the assistant's element that leaves the shadow root, for the portal.
export function emit(root, name, detail) {
  root.host.dispatchEvent(new CustomEvent(name, { bubbles: true, composed: true, detail }));
}

export function emitStep(root, step, total) {
  emit(root, "formfabrik-step", { step, total });
}

// Empties `root` and gives it the assistant's styles: one constructed stylesheet for
// every assistant on the page (allowed under `style-src 'self'`; a <style> is not).
let sheet;
export function prepare(root, css) {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
  }
  root.adoptedStyleSheets = [sheet];
  root.replaceChildren();
}

// 128 random bits as a UUID (version 4), from `crypto.getRandomValues`, which (unlike
// `crypto.randomUUID`) pages served without TLS have too: an application's
// idempotency key, an attachment's id.
export function randomId() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// Calls `callback` when the page is hidden (another tab, the phone's home screen) or
// left: the last moment to keep what was typed. Returns what stops it.
export function whenHidden(callback) {
  const onVisibility = () => { if (document.visibilityState === "hidden") callback(); };
  document.addEventListener("visibilitychange", onVisibility);
  window.addEventListener("pagehide", callback);
  return () => {
    document.removeEventListener("visibilitychange", onVisibility);
    window.removeEventListener("pagehide", callback);
  };
}
