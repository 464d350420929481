//! The designer's own words in German and English. German is the default; the top
//! bar switches. `t!("Aufbau", "Build")` is a reactive text for views, `tr(…)` the
//! word for now (announcements, messages).

use std::cell::Cell;

use engine::Lang;
use leptos::prelude::*;

/// A text in German and English: `("Vorschau", "Preview")`.
pub type Words = (&'static str, &'static str);

thread_local! {
    static UI_LANG: Cell<Option<RwSignal<Lang>>> = const { Cell::new(None) };
}

/// Creates the language signal in the app's own scope, so it lives as long as the app
/// (a signal made inside a passing effect would be dropped with it).
pub fn init() {
    UI_LANG.with(|cell| cell.set(Some(RwSignal::new(Lang::De))));
}

/// The language signal (see [`init`]).
pub fn language() -> RwSignal<Lang> {
    UI_LANG.with(|cell| match cell.get() {
        Some(signal) => signal,
        None => {
            let signal = RwSignal::new(Lang::De);
            cell.set(Some(signal));
            signal
        }
    })
}

/// The language the designer speaks now (tracked inside reactive closures).
pub fn lang() -> Lang {
    language().get()
}

/// `de` or `en`, as the designer speaks now.
pub fn tr(de: &'static str, en: &'static str) -> &'static str {
    match lang() {
        Lang::De => de,
        Lang::En => en,
    }
}

/// A text in the designer's language that follows the switch: `t!("Aufbau", "Build")`.
#[macro_export]
macro_rules! t {
    ($de:expr, $en:expr) => {
        move || $crate::i18n::tr($de, $en)
    };
}

/// Whether the designer speaks English now (for texts with values in them).
pub fn en() -> bool {
    lang() == Lang::En
}
