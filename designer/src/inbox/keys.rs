//! The authority's private key, through `keys.js`: WebCrypto and IndexedDB. The key is
//! made and kept there, non-extractable; Rust hands over a JWE's checked parts and gets
//! the plaintext back.

use js_sys::{Array, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use super::open::JweParts;

#[wasm_bindgen(module = "/src/inbox/keys.js")]
extern "C" {
    #[wasm_bindgen(js_name = storedKids)]
    fn stored_kids_js() -> js_sys::Promise;
    #[wasm_bindgen(js_name = createKey)]
    fn create_key_js(kid: &str, passphrase: &str) -> js_sys::Promise;
    #[wasm_bindgen(js_name = backupOf)]
    fn backup_of_js(kid: &str) -> js_sys::Promise;
    #[wasm_bindgen(js_name = restoreKey)]
    fn restore_key_js(backup: &str, passphrase: &str) -> js_sys::Promise;
    #[wasm_bindgen(js_name = openParts)]
    fn open_parts_js(
        kid: &str,
        protected: &str,
        wrapped: &[u8],
        iv: &[u8],
        sealed: &[u8],
    ) -> js_sys::Promise;
    #[wasm_bindgen(js_name = sha512)]
    fn sha512_js(bytes: &[u8]) -> js_sys::Promise;
}

/// The error's message, e.g. "passphrase" from `keys.js` or a DOMException's.
fn reason(error: JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "unbekannt".into())
}

/// The kids of the keys this browser holds.
pub async fn stored_kids() -> Result<Vec<String>, String> {
    let list = JsFuture::from(stored_kids_js()).await.map_err(reason)?;
    Ok(Array::from(&list)
        .iter()
        .filter_map(|k| k.as_string())
        .collect())
}

/// Makes the key pair `kid`: its public JWK and the encrypted backup, as JSON text.
pub async fn create(kid: &str, passphrase: &str) -> Result<(String, String), String> {
    let pair = JsFuture::from(create_key_js(kid, passphrase))
        .await
        .map_err(reason)?;
    let pair = Array::from(&pair);
    match (pair.get(0).as_string(), pair.get(1).as_string()) {
        (Some(jwk), Some(backup)) => Ok((jwk, backup)),
        _ => Err("kein Schlüsselpaar".into()),
    }
}

/// The backup made with the key `kid` (encrypted with the passphrase given then).
pub async fn backup(kid: &str) -> Option<String> {
    JsFuture::from(backup_of_js(kid))
        .await
        .ok()?
        .as_string()
        .filter(|b| !b.is_empty())
}

/// Why a restore failed.
pub enum RestoreError {
    Passphrase,
    NotABackup,
    Other(String),
}

/// Restores a key from its backup file; its kid.
pub async fn restore(backup: &str, passphrase: &str) -> Result<String, RestoreError> {
    match JsFuture::from(restore_key_js(backup, passphrase)).await {
        Ok(kid) => kid.as_string().ok_or(RestoreError::NotABackup),
        Err(error) => Err(match reason(error).as_str() {
            "passphrase" => RestoreError::Passphrase,
            "format" => RestoreError::NotABackup,
            other if other.contains("JSON") => RestoreError::NotABackup,
            other => RestoreError::Other(other.to_string()),
        }),
    }
}

/// Opens a JWE with the browser's key of its kid.
pub async fn open(parts: &JweParts) -> Result<Vec<u8>, String> {
    let plain = JsFuture::from(open_parts_js(
        &parts.kid,
        &parts.protected,
        &parts.wrapped_key,
        &parts.iv,
        &parts.sealed,
    ))
    .await
    .map_err(|e| match reason(e).as_str() {
        "nokey" => format!(
            "Dieser Browser hat den Schlüssel „{}“ nicht, für den der Antrag verschlüsselt ist.",
            parts.kid
        ),
        _ => "Der Antrag lässt sich mit dem Schlüssel nicht öffnen: er ist beschädigt oder für einen anderen Schlüssel verschlüsselt.".into(),
    })?;
    Ok(Uint8Array::new(&plain).to_vec())
}

/// SHA-512 of `bytes`, lowercase hex.
pub async fn sha512(bytes: &[u8]) -> Result<String, String> {
    JsFuture::from(sha512_js(bytes))
        .await
        .map_err(reason)?
        .as_string()
        .ok_or_else(|| "kein Hash".into())
}

/// A new key id: random, so two keys never share one.
pub fn new_kid() -> String {
    let mut bytes = [0u8; 12];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.get_random_values_with_u8_array(&mut bytes).is_ok())
        .unwrap_or(false);
    if !filled {
        // Without WebCrypto nothing here works anyway; the page says so.
        return String::new();
    }
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("ff-{hex}")
}
