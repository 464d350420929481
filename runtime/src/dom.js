// The runtime's few JS helpers, imported by wasm-bindgen: what is shorter said in JS
// than through web-sys bindings (each binding adds glue to the bundle).
//
// `build` makes the DOM nodes a `Tree` (shared/engine/src/view/tree.rs) describes and
// returns them as a fragment. An element joins its parent when it is closed, complete:
// Chrome's cost of adding inputs to a <form> one by one grows with the square of their
// number.
// Elements are cloned from a prototype per opening token (tag and fixed attributes).
//
// An element opened by `+` instead of `<` is built empty and its contents later, in
// tasks of a few milliseconds each (`later`): a long step shows its first fields at
// once and stays responsive while the rest arrives. `finish` builds what is still to
// come at once; the runtime calls it before it changes the DOM after building it.
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

// Contents still to build: [element, tokens, first token, token after the last].
const later = [];
const channel = new MessageChannel();
channel.port1.onmessage = () => {
  const until = performance.now() + 16;
  while (later.length && performance.now() < until) fillLater(later.shift());
  if (later.length) channel.port2.postMessage(null);
};

// Builds tokens[from..to) into `root`, an element or a fragment.
function fill(root, parts, from, to) {
  const stack = [root];
  for (let i = from; i < to; i++) {
    const part = parts[i];
    const top = stack[stack.length - 1];
    switch (part[0]) {
      case "<":
        stack.push(element(part));
        break;
      case "+": {
        const deferred = element(part);
        const close = closing(parts, i);
        if (!later.length) channel.port2.postMessage(null);
        later.push([deferred, parts, i + 1, close]);
        top.append(deferred);
        i = close;
        break;
      }
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
}

// The index of the token closing the element opened at `open`.
function closing(parts, open) {
  let depth = 0;
  for (let i = open; ; i++) {
    const op = parts[i][0];
    if (op === "<" || op === "+") depth++;
    else if (op === ">" && --depth === 0) return i;
  }
}

export function build(tokens) {
  const fragment = document.createDocumentFragment();
  const parts = tokens.split("\0");
  fill(fragment, parts, 0, parts.length - 1);
  return fragment;
}

export function finish() {
  while (later.length) fillLater(later.shift());
}

// Contents of an element drawn over since (the step left, the assistant removed) are
// not built.
function fillLater([element, parts, from, to]) {
  if (!element.isConnected) return;
  // Built apart, then added at once (see above: inputs added one by one to a form in
  // the page cost the square of their number).
  const fragment = document.createDocumentFragment();
  fill(fragment, parts, from, to);
  element.append(fragment);
}

// Encryption on the citizen's device, as FIT-Connect does it: each part a JWE in
// compact serialization, RSA-OAEP-256 wrapping a fresh AES-256-GCM key, for the
// authority's public key fetched from `keyUrl` (a JWK with its kid; imported for
// wrapKey only). The browser's WebCrypto does the cryptography; none is in the wasm.
const bytesOf = (text) => new TextEncoder().encode(text);

function b64u(bytes) {
  let text = "";
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

async function seal(subtle, publicKey, kid, plaintext) {
  const header = b64u(bytesOf(JSON.stringify({ alg: "RSA-OAEP-256", enc: "A256GCM", kid })));
  const cek = await subtle.generateKey({ name: "AES-GCM", length: 256 }, true, ["encrypt"]);
  const wrapped = new Uint8Array(await subtle.wrapKey("raw", cek, publicKey, { name: "RSA-OAEP" }));
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const out = new Uint8Array(await subtle.encrypt({ name: "AES-GCM", iv, additionalData: bytesOf(header) }, cek, plaintext));
  return [header, b64u(wrapped), b64u(iv), b64u(out.subarray(0, out.length - 16)), b64u(out.subarray(out.length - 16))].join(".");
}

const sha512 = async (subtle, bytes) =>
  [...new Uint8Array(await subtle.digest("SHA-512", bytes))].map((b) => b.toString(16).padStart(2, "0")).join("");

// The body for a formfabrik-server: the payload and each file sealed, with what the
// server may know of a file to check it against the form (field, media type, size).
// Sealed with the payload, its own SHA-512 and each file's, so the authority finds any
// part changed or swapped: {"payload": JSON text, "sha512", "attachments": [{id, sha512}]}.
async function sealed(keyUrl, json, files) {
  const subtle = crypto.subtle;
  const jwk = await (await fetch(keyUrl, { credentials: "omit" })).json();
  const publicKey = await subtle.importKey("jwk", { kty: jwk.kty, n: jwk.n, e: jwk.e, alg: "RSA-OAEP-256", ext: true },
    { name: "RSA-OAEP", hash: "SHA-256" }, false, ["wrapKey"]);
  const listed = JSON.parse(json).attachments || [];
  const attachments = [];
  const hashes = [];
  for (let i = 0; i < files.length; i += 2) {
    const about = listed.find((a) => a.id === files[i]) || {};
    const bytes = new Uint8Array(await files[i + 1].arrayBuffer());
    hashes.push({ id: files[i], sha512: await sha512(subtle, bytes) });
    attachments.push({
      id: files[i], field: about.field, media_type: about.media_type, size: bytes.length,
      content: await seal(subtle, publicKey, jwk.kid, bytes),
    });
  }
  const envelope = JSON.stringify({ payload: json, sha512: await sha512(subtle, bytesOf(json)), attachments: hashes });
  return JSON.stringify({ payload: await seal(subtle, publicKey, jwk.kid, bytesOf(envelope)), attachments });
}

// POSTs the application: `json` alone as application/json, or with `files` ([id, File,
// id, File, …]) as multipart/form-data, the JSON in the part "payload" and each file
// in a part named by its attachment id (the browser sets the boundary). Calls
// `done(status, text)` once, later; status 0 when the network failed. The
// Idempotency-Key lets the receiver store a retried application once. Never throws:
// an exception passing through the wasm would leave the assistant's state locked.
export function send(endpoint, json, key, files, encryptKey, done) {
  let request;
  try {
    const headers = { "Idempotency-Key": key };
    let body = json;
    if (encryptKey) {
      headers["Content-Type"] = "application/json";
      request = sealed(encryptKey, json, files).then((sealedBody) =>
        fetch(endpoint, { method: "POST", credentials: "omit", headers, body: sealedBody }));
    } else if (files.length) {
      body = new FormData();
      body.append("payload", new Blob([json], { type: "application/json" }), "payload.json");
      for (let i = 0; i < files.length; i += 2) body.append(files[i], files[i + 1], files[i + 1].name);
    } else {
      headers["Content-Type"] = "application/json";
    }
    request ||= fetch(endpoint, { method: "POST", credentials: "same-origin", headers, body });
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

// The option `name` of `mount`'s options: its own properties only, so a script that
// changed Object.prototype cannot redirect the application.
function option(options, name) {
  return options !== null && typeof options === "object" && Object.hasOwn(options, name)
    ? options[name]
    : undefined;
}

// A text option, when it is a non-empty string.
export function optionText(options, name) {
  const value = option(options, name);
  return typeof value === "string" && value !== "" ? value : undefined;
}

// A flag option: set when it is `true`.
export function optionFlag(options, name) {
  return option(options, name) === true;
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

// Filled in by the build (`xtask/src/dom_constants.rs`), so they are here before the
// wasm: the assistant's stylesheet (`runtime/style.css`, compacted) and
// `engine::view::VERSION`, the version of the first screens this runtime draws. As
// written here (the component tests' build), no styles and no first screens.
const STYLE = "";
const VIEW_VERSION = 0;

// Empties `root` and gives it the assistant's styles: one constructed stylesheet for
// every assistant on the page (allowed under `style-src 'self'`; a <style> is not).
let sheet;
export function prepare(root) {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(STYLE);
  }
  root.adoptedStyleSheets = [sheet];
  root.replaceChildren();
}

// The first screen of the published form `bytes` in `lang` (its tokens), read here so
// the element can draw it before the wasm has arrived: the first step as the form was
// published with it (docs/published-form.md, "First screens"; `engine::published::
// first_screen` reads the same). Undefined when there is none of this runtime's
// version, when a draft of the form is kept (the assistant then opens with it), and for
// bytes that do not read as one.
export function firstScreen(bytes, lang) {
  let at = 0;
  let end = bytes.length;
  const varint = () => {
    let value = 0;
    for (let shift = 0; shift < 53; shift += 7) {
      if (at >= end) break;
      const byte = bytes[at++];
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
    }
    throw new RangeError("varint");
  };
  const text = () => {
    const length = varint();
    if (length > end - at) throw new RangeError("text");
    at += length;
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(at - length, at));
  };
  try {
    if (bytes[0] !== 0x46 || bytes[1] !== 0x46 || bytes[2] !== 0x50 || bytes[3] !== 0x46) return;
    at = 4;
    if (varint() !== 2) return;
    at += 32;
    const length = varint();
    if (length > end - at) return;
    end = at + length;
    const draftPrefix = text();
    if (varint() !== VIEW_VERSION || hasDraft(draftPrefix)) return;
    let found;
    for (let count = varint(); count > 0; count--) {
      const code = text();
      const tokens = text();
      if (code === lang) found = tokens;
    }
    return found !== undefined && drawable(found) ? found : undefined;
  } catch {
    return undefined;
  }
}

// What a first screen may hold: what `engine::view` draws on a first step. Until the
// assistant has compared it with its own description, a first screen is only what a
// file says (one from another server, say), so no script, handler, frame or style
// comes from it, and links go where the definition's links may go
// (`authoring::markdown`'s `safe_target`), or to a fragment.
const SCREEN_TAGS = new Set(("a b button dd details div dl dt em fieldset form h2 h3 h4 input label " +
  "legend li ol option output p progress section select slot span strong summary textarea ul").split(" "));
const SCREEN_ATTRIBUTES = /^(accept|autocomplete|checked|class|disabled|for|hidden|href|id|inputmode|lang|max|maxlength|min|multiple|name|novalidate|part|placeholder|role|rows|selected|step|tabindex|type|value|(aria|data)-[a-z-]+)$/;
const SCREEN_LINK = /^(#|https?:\/\/|mailto:|tel:|\/(?!\/))[^\\\s\x00-\x1f\x7f]*$/;

function allowed(name, value) {
  return SCREEN_ATTRIBUTES.test(name) && (name !== "href" || SCREEN_LINK.test(value));
}

// Whether `tokens` are a first screen `build` may draw: known elements and attributes
// only, every element closed (a damaged one is not drawn: the assistant draws the step).
function drawable(tokens) {
  const parts = tokens.split("\0");
  if (parts.pop() !== "") return false;
  let depth = 0;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    switch (part[0]) {
      case "<":
      case "+": {
        const [tag, ...attributes] = part.slice(1).split("\x01");
        if (!SCREEN_TAGS.has(tag) || attributes.length % 2) return false;
        for (let a = 0; a < attributes.length; a += 2) if (!allowed(attributes[a], attributes[a + 1])) return false;
        depth++;
        break;
      }
      case ">":
        if (--depth < 0) return false;
        break;
      case "=":
        if (depth === 0 || i + 1 === parts.length || !allowed(part.slice(1), parts[++i].slice(1))) return false;
        break;
      case '"':
        break;
      default:
        return false;
    }
  }
  return depth === 0;
}

// Whether a draft is kept under a key starting with `prefix` (read or not).
function hasDraft(prefix) {
  const kept = storage();
  if (!kept) return false;
  for (let i = 0; i < kept.length; i++) if (kept.key(i)?.startsWith(prefix)) return true;
  return false;
}

// Draws a first screen (`firstScreen`'s tokens) into `root`, with the styles.
export function drawFirst(root, tokens) {
  prepare(root);
  root.append(build(tokens));
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
