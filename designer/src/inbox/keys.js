// The authority's private key in the clerk's browser: made with WebCrypto (RSA-OAEP,
// 4096 bits, SHA-256), kept non-extractable in IndexedDB, and once, when made, written
// into a backup encrypted with the clerk's passphrase (PBKDF2-SHA-256 → AES-GCM). The
// key never leaves WebCrypto otherwise; the wasm sees only the plaintexts it opens.

const DB = "formfabrik-posteingang";
const STORE = "keys";
const RSA = { name: "RSA-OAEP", hash: "SHA-256" };
const ITERATIONS = 600000;
const subtle = () => crypto.subtle;

const b64u = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes)))
  .replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
const fromB64u = (text) => Uint8Array.from(atob(text.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0));

function database() {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(DB, 1);
    open.onupgradeneeded = () => open.result.createObjectStore(STORE, { keyPath: "kid" });
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
}

async function request(mode, act) {
  const db = await database();
  try {
    return await new Promise((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const req = act(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(req.result);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
  } finally {
    db.close();
  }
}

/** The kids of the keys this browser holds. */
export async function storedKids() {
  return (await request("readonly", (store) => store.getAllKeys())).map(String);
}

async function wrapping(passphrase, salt, usage) {
  const material = await subtle().importKey("raw", new TextEncoder().encode(passphrase), "PBKDF2", false, ["deriveKey"]);
  return subtle().deriveKey({ name: "PBKDF2", hash: "SHA-256", salt, iterations: ITERATIONS }, material,
    { name: "AES-GCM", length: 256 }, false, [usage]);
}

async function keep(kid, pkcs8, publicJwk, backup) {
  // Imported again without the right to export it: from now on only WebCrypto can use it.
  const privateKey = await subtle().importKey("pkcs8", pkcs8, RSA, false, ["unwrapKey"]);
  await request("readwrite", (store) => store.put({ kid, privateKey, publicJwk, backup }));
}

/** Makes a key pair; returns [public JWK, backup], both as JSON text. */
export async function createKey(kid, passphrase) {
  const pair = await subtle().generateKey(
    { ...RSA, modulusLength: 4096, publicExponent: new Uint8Array([1, 0, 1]) }, true, ["wrapKey", "unwrapKey"]);
  const exported = await subtle().exportKey("jwk", pair.publicKey);
  const publicJwk = JSON.stringify({ kty: "RSA", n: exported.n, e: exported.e, kid, alg: "RSA-OAEP-256", key_ops: ["wrapKey"] });
  const pkcs8 = await subtle().exportKey("pkcs8", pair.privateKey);
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = await subtle().encrypt({ name: "AES-GCM", iv }, await wrapping(passphrase, salt, "encrypt"), pkcs8);
  const backup = JSON.stringify({
    format: "formfabrik-schluesselsicherung", version: 1, kid, public_jwk: JSON.parse(publicJwk),
    kdf: { name: "PBKDF2", hash: "SHA-256", iterations: ITERATIONS, salt: b64u(salt) },
    enc: { name: "AES-GCM", iv: b64u(iv) }, private_pkcs8: b64u(sealed),
  }, null, 2);
  await keep(kid, pkcs8, publicJwk, backup);
  return [publicJwk, backup];
}

/** The backup made with the key, again (it is encrypted; the passphrase opens it). */
export async function backupOf(kid) {
  const entry = await request("readonly", (store) => store.get(kid));
  return entry ? entry.backup : "";
}

/** Restores a key from its backup; returns its kid. Throws "passphrase" if it is wrong. */
export async function restoreKey(backupText, passphrase) {
  const backup = JSON.parse(backupText);
  if (backup.format !== "formfabrik-schluesselsicherung" || backup.version !== 1) throw new Error("format");
  const key = await wrapping(passphrase, fromB64u(backup.kdf.salt), "decrypt");
  let pkcs8;
  try {
    pkcs8 = await subtle().decrypt({ name: "AES-GCM", iv: fromB64u(backup.enc.iv) }, key, fromB64u(backup.private_pkcs8));
  } catch {
    throw new Error("passphrase");
  }
  await keep(String(backup.kid), pkcs8, JSON.stringify(backup.public_jwk), backupText);
  return String(backup.kid);
}

/** Opens a JWE's parts (already checked in Rust) with the key `kid`: the plaintext. */
export async function openParts(kid, protectedHeader, wrapped, iv, sealed) {
  const entry = await request("readonly", (store) => store.get(kid));
  if (!entry) throw new Error("nokey");
  const cek = await subtle().unwrapKey("raw", wrapped, entry.privateKey, { name: "RSA-OAEP" },
    { name: "AES-GCM" }, false, ["decrypt"]);
  const plain = await subtle().decrypt(
    { name: "AES-GCM", iv, additionalData: new TextEncoder().encode(protectedHeader) }, cek, sealed);
  return new Uint8Array(plain);
}

/** SHA-512 of the bytes, as lowercase hex. */
export async function sha512(bytes) {
  return [...new Uint8Array(await subtle().digest("SHA-512", bytes))].map((b) => b.toString(16).padStart(2, "0")).join("");
}
