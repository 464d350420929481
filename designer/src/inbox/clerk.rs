//! What every view of the inbox shares: the session, the message for screen readers,
//! the application open, and which keys the authority and this browser have.

use leptos::prelude::*;
use leptos::task::spawn_local;
use server_api::SessionInfo;

use super::{api, keys};
use crate::i18n::tr;

/// What every view of the inbox shares.
#[derive(Clone, Copy)]
pub(crate) struct Clerk {
    pub session: RwSignal<Option<SessionInfo>>,
    /// Said to screen readers (and shown) after an action.
    pub message: RwSignal<String>,
    /// The application open, by reference; `None`: the list.
    pub opened: RwSignal<Option<String>>,
    /// The kid of the authority's current key, once known; `Some("")`: none yet.
    pub authority_kid: RwSignal<Option<String>>,
    /// The kids of the keys this browser holds.
    pub browser_kids: RwSignal<Vec<String>>,
}

impl Clerk {
    pub fn csrf(&self) -> String {
        self.session
            .with_untracked(|s| s.as_ref().map(|s| s.csrf.clone()))
            .unwrap_or_default()
    }

    pub fn say(&self, text: impl Into<String>) {
        self.message.set(text.into());
    }

    /// Reads again which keys the authority and this browser have.
    pub fn refresh_keys(self) {
        spawn_local(async move {
            match api::authority_key().await {
                Ok(jwk) => self
                    .authority_kid
                    .set(Some(jwk.map(|j| kid_of(&j)).unwrap_or_default())),
                Err(e) => self.say(e),
            }
            match keys::stored_kids().await {
                Ok(kids) => self.browser_kids.set(kids),
                Err(_) => self.say(tr(
                    "Dieser Browser kann keine Schlüssel speichern (IndexedDB fehlt, z. B. im privaten Modus).",
                    "This browser cannot store keys (no IndexedDB, e.g. in private mode).",
                )),
            }
        });
    }
}

/// The `kid` of a JWK given as text.
pub(crate) fn kid_of(jwk: &str) -> String {
    engine::Json::parse(jwk)
        .ok()
        .and_then(|j| j["kid"].as_str().map(str::to_string))
        .unwrap_or_default()
}

/// A moment as clerks read it: "03.12.2026, 14:05" in German time.
pub(crate) fn german_time(unix: i64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(unix as f64 * 1000.0));
    let options = js_sys::Object::new();
    for (key, value) in [
        ("timeZone", "Europe/Berlin"),
        ("dateStyle", "medium"),
        ("timeStyle", "short"),
    ] {
        let _ = js_sys::Reflect::set(&options, &key.into(), &value.into());
    }
    String::from(date.to_locale_string("de-DE", &options))
}
