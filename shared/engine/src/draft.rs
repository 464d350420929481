//! Drafts: what a citizen has entered so far, kept in the browser between visits and
//! restored into a newer version of the form as far as it still fits.

use std::sync::Arc;

use crate::compiled::CompiledForm;
use crate::date::Date;
use crate::json::Json;
use crate::payload::{answers_to_json, load_answers, Scope};
use crate::text::Lang;
use crate::wizard::{Position, Wizard};

/// The storage key of a form's draft: one per form id and version.
pub fn storage_key(form: &CompiledForm) -> String {
    format!("{}{}", key_prefix(&form.form.id), form.form.version)
}

/// Drafts of every version of a form share this prefix.
pub fn key_prefix(form_id: &str) -> String {
    format!("formfabrik:draft:{form_id}:")
}

/// The draft as stored: answers (typed text included), the step, the form's version
/// and hash, the application's idempotency key (a resumed application is the same
/// application: a retry after the reload must not arrive twice), and when it was saved
/// (milliseconds since 1970, UTC) so that it expires.
pub fn save(wizard: &Wizard, key: &str, saved_at: f64) -> Json {
    let form = &wizard.state.form().form;
    let step = match wizard.position() {
        Position::Step(step) => Json::from(form.steps[step].id.as_str()),
        Position::Review => Json::from("review"),
    };
    crate::json!({
        "form": (form.id.as_str()),
        "version": (form.version.as_str()),
        "hash": (wizard.state.form().hash.as_str()),
        "key": (key),
        "saved": (saved_at.floor()),
        "step": (step),
        "answers": (answers_to_json(&wizard.state, Scope::Draft)),
    })
}

/// Whether a draft is older than `keep_days` at `now` (milliseconds since 1970), or
/// does not say when it was saved: then it must be deleted, not offered.
pub fn expired(draft: &Json, now: f64, keep_days: u32) -> bool {
    let keep = f64::from(keep_days) * 86_400_000.0;
    draft["saved"]
        .as_f64()
        .is_none_or(|saved| now - saved > keep)
}

/// The idempotency key of the application a draft belongs to.
pub fn key(draft: &Json) -> Option<&str> {
    draft["key"].as_str().filter(|k| !k.is_empty())
}

/// Whether a draft holds anything the citizen entered (empty groups and the minimum
/// entries of repeating groups do not count).
pub fn has_answers(draft: &Json) -> bool {
    fn any_value(json: &Json) -> bool {
        match json {
            Json::Null => false,
            Json::Object(entries) => entries.iter().any(|(_, v)| any_value(v)),
            Json::Array(items) => items.iter().any(any_value),
            _ => true,
        }
    }
    any_value(&draft["answers"])
}

/// How a restore went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Restored {
    /// Everything fitted.
    Complete,
    /// The draft came from another version; answers that no longer fit were dropped.
    Partly { dropped: usize },
}

/// A wizard with the draft's answers, at its step when that step is still shown.
pub fn restore(
    form: Arc<CompiledForm>,
    draft: &Json,
    today: Date,
    lang: Lang,
) -> (Wizard, Restored) {
    let mut wizard = Wizard::new(Arc::clone(&form), today, lang);
    // Typed text is read in the language of the page showing it again: the citizen sees
    // the characters they typed, meaning what they mean there ("1.500" is 1.5 on an
    // English page, no whole number; 1500 on a German one), and restoring what this page
    // saved gives the same answers.
    let dropped = load_answers(&mut wizard.state, &draft["answers"], lang).len();
    // The same version republished (e.g. with other parameters) is another form too.
    let same_version = draft["version"].as_str() == Some(form.form.version.as_str())
        && draft["hash"].as_str() == Some(form.hash.as_str());
    match draft["step"].as_str() {
        Some("review") => wizard.go_to_review(),
        Some(id) => {
            if let Some(step) = form.form.steps.iter().position(|s| s.id == id) {
                wizard.go_to(step);
            }
        }
        None => {}
    }
    let restored = if same_version && dropped == 0 {
        Restored::Complete
    } else {
        Restored::Partly { dropped }
    };
    (wizard, restored)
}
