//! The assistant's state: the `Model` the view describes (plain data, natively
//! tested), and the `App` around it in the page (its shadow root, the chosen files, the
//! application's key), with the clock and random ids the runtime reads.

use engine::wizard::Wizard;
use engine::{CompiledForm, Date, Json};
use wasm_bindgen::prelude::*;
use web_sys::ShadowRoot;

#[wasm_bindgen(module = "/src/dom.js")]
extern "C" {
    /// 128 random bits from `crypto.getRandomValues`, as a UUID (version 4).
    #[wasm_bindgen(js_name = randomId)]
    fn random_id() -> String;
}

/// Where the citizen is beyond filling in steps.
pub enum Phase {
    /// A saved draft was found: continue or start again?
    Resume {
        draft: Json,
    },
    Filling,
    Sending,
    Failed {
        message: String,
    },
    Sent {
        reference: String,
        date: String,
    },
}

/// What the assistant shows.
pub struct Model {
    pub wizard: Wizard,
    pub phase: Phase,
    /// Errors are shown once "Weiter" found some, and then kept up to date.
    pub show_errors: bool,
    /// A notice above the step (e.g. a draft from another version of the form).
    pub notice: Option<String>,
    /// Attachments a restored draft names whose contents the browser no longer has:
    /// the citizen must choose them again (said at the field and on the review).
    pub missing_files: Vec<String>,
    /// The confirmation offers the answers as JSON too (for portals that ask for it:
    /// the element's `answers-download` attribute); printing is always offered.
    pub offer_json: bool,
}

impl Model {
    pub fn form(&self) -> &CompiledForm {
        self.wizard.state.form()
    }
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
