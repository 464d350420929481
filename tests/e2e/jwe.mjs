// What the authority's side does with an application in the tests: a key pair as the
// clerk's browser will make it, and opening a compact JWE (RSA-OAEP-256, A256GCM).
import { createHash, webcrypto } from "node:crypto";

const { subtle } = webcrypto;
const fromB64u = (text) => new Uint8Array(Buffer.from(text, "base64url"));

/** An RSA-OAEP key pair and its public JWK as the server registers it. */
export async function keyPair(kid) {
  const pair = await subtle.generateKey(
    { name: "RSA-OAEP", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" },
    true, ["wrapKey", "unwrapKey"]);
  const jwk = { ...(await subtle.exportKey("jwk", pair.publicKey)), kid, alg: "RSA-OAEP-256", key_ops: ["wrapKey"] };
  return { privateKey: pair.privateKey, jwk };
}

/** Opens a compact JWE with the private key: its header and plaintext. */
export async function open(jwe, privateKey) {
  const [header, wrapped, iv, ciphertext, tag] = jwe.split(".");
  const cek = await subtle.unwrapKey("raw", fromB64u(wrapped), privateKey, { name: "RSA-OAEP" },
    { name: "AES-GCM" }, false, ["decrypt"]);
  const sealed = new Uint8Array([...fromB64u(ciphertext), ...fromB64u(tag)]);
  const plain = await subtle.decrypt({ name: "AES-GCM", iv: fromB64u(iv), additionalData: new TextEncoder().encode(header) }, cek, sealed);
  return { header: JSON.parse(Buffer.from(header, "base64url").toString()), plain: new Uint8Array(plain) };
}

export const sha512 = (data) => createHash("sha512").update(data).digest("hex");
