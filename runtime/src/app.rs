//! The assistant in the page: the `App` around the state the view describes
//! (`engine::view::Model`: its shadow root, the chosen files, the application's key),
//! with the clock and random ids the runtime reads.

use engine::view::Model;
use engine::{CompiledForm, Date};
use wasm_bindgen::prelude::*;
use web_sys::ShadowRoot;

#[wasm_bindgen(module = "/src/dom.js")]
extern "C" {
    /// 128 random bits from `crypto.getRandomValues`, as a UUID (version 4).
    #[wasm_bindgen(js_name = randomId)]
    fn random_id() -> String;
}

/// The assistant in the page.
pub struct App {
    pub model: Model,
    pub root: ShadowRoot,
    /// Where the application is POSTed: the element's `endpoint`, else the form's.
    pub endpoint: Option<String>,
    /// The authority's public key (JWK) address: set, the application and its files
    /// are sent encrypted for it (JWE, through the browser's WebCrypto).
    pub encrypt_key: Option<String>,
    /// One key per application, kept in its draft and reused by every retry, so the
    /// receiver stores it once; a new application gets a new one.
    pub idempotency_key: String,
    /// The files chosen, by attachment id: sent with the application. A draft keeps
    /// only their manifest, so after a reload they must be chosen again.
    pub files: Vec<(String, web_sys::File)>,
    /// Answers typed since the draft was last written (written when the citizen leaves
    /// a field, moves on, or the page is hidden or closed).
    pub unsaved: bool,
}

/// A new random id: an application's idempotency key, an attachment's id.
pub fn new_id() -> String {
    random_id()
}

/// Milliseconds since 1970 (UTC), read from the clock at each use.
#[allow(clippy::disallowed_methods)] // The one place that reads the clock.
pub fn now() -> f64 {
    js_sys::Date::now()
}

/// Today where the form's authority is: an assistant left open past midnight must not
/// judge by yesterday (see `events::refresh_today`).
pub fn today(form: &CompiledForm) -> Date {
    form.form.time_zone().date_at(now()).unwrap_or(Date {
        year: 2026,
        month: 1,
        day: 1,
    })
}
