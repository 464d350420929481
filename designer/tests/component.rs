//! Component tests of the designer in headless Chromium (wasm-bindgen-test): the whole
//! `App` mounted, driven by clicks and keys as a form builder would.
//! Run by `cargo xtask test` (`cargo test -p designer --target wasm32-unknown-unknown`).
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Document, Element, HtmlElement, HtmlInputElement, KeyboardEvent, KeyboardEventInit};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> Document {
    web_sys::window()
        .and_then(|w| w.document())
        .expect("a document")
}

/// Lets Leptos run its effects and redraw.
async fn settle() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = web_sys::window()
            .expect("a window")
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 20);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

fn all(selector: &str) -> Vec<Element> {
    let list = document()
        .query_selector_all(selector)
        .expect("a valid selector");
    (0..list.length())
        .filter_map(|i| list.item(i))
        .map(|n| n.unchecked_into())
        .collect()
}

fn text(element: &Element) -> String {
    element.text_content().unwrap_or_default()
}

fn button(selector: &str, label: &str) -> HtmlElement {
    all(selector)
        .into_iter()
        .find(|b| text(b).trim() == label || text(b).ends_with(label))
        .unwrap_or_else(|| panic!("no button {label}"))
        .unchecked_into()
}

fn card_labels() -> Vec<String> {
    all(".card-label").iter().map(text).collect()
}

fn announced() -> String {
    document()
        .get_element_by_id("announcer")
        .map(|a| text(&a))
        .unwrap_or_default()
}

fn key(target: &Element, key: &str, alt: bool) {
    let init = KeyboardEventInit::new();
    init.set_key(key);
    init.set_alt_key(alt);
    init.set_bubbles(true);
    let event =
        KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).expect("an event");
    target.dispatch_event(&event).expect("dispatched");
}

#[wasm_bindgen_test]
async fn builds_moves_and_undoes_by_clicks_and_keys() {
    if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = storage.clear();
    }
    leptos::mount::mount_to_body(designer::App);
    settle().await;
    button("button", "+ Neues Formular").click();
    settle().await;
    assert_eq!(card_labels(), Vec::<String>::new());

    button(".palette-item", "Textfeld").click();
    settle().await;
    assert_eq!(announced(), "Textfeld eingefügt in „Schritt 1“.");
    button(".palette-item", "E-Mail-Adresse").click();
    settle().await;
    assert_eq!(card_labels(), ["Textfeld", "E-Mail-Adresse"]);

    // The inspector shows the new element; its key follows the label.
    let label: HtmlInputElement = document()
        .get_element_by_id("inspector-label")
        .expect("the inspector")
        .unchecked_into();
    label.set_value("Kontakt per E-Mail");
    label
        .dispatch_event(&web_sys::Event::new("input").expect("an event"))
        .expect("dispatched");
    settle().await;
    let key: HtmlInputElement = document()
        .get_element_by_id("inspector-key")
        .expect("the key")
        .unchecked_into();
    assert_eq!(key.value(), "kontakt_per_e_mail");

    // Alt+↑ on the focused card moves it and says so.
    let card = all(".card-main").into_iter().nth(1).expect("a second card");
    key_press_and_settle(&card, "ArrowUp").await;
    assert_eq!(card_labels(), ["Kontakt per E-Mail", "Textfeld"]);
    assert_eq!(announced(), "Verschoben an Position 1.");

    // Undo restores the order, redo repeats the move.
    button(".topbar button", "Rückgängig").click();
    settle().await;
    assert_eq!(card_labels(), ["Textfeld", "Kontakt per E-Mail"]);
    button(".topbar button", "Wiederholen").click();
    settle().await;
    assert_eq!(card_labels(), ["Kontakt per E-Mail", "Textfeld"]);
    // The one problem left is what a new form lacks: where applications go.
    assert_eq!(
        document()
            .get_element_by_id("problems-heading")
            .map(|h| text(&h)),
        Some("Probleme (1)".to_string())
    );
    let problems = document()
        .query_selector(".problems")
        .ok()
        .flatten()
        .map(|p| text(&p))
        .unwrap_or_default();
    assert!(problems.contains("Keine Empfangsadresse"), "{problems}");
}

async fn key_press_and_settle(target: &Element, name: &str) {
    key(target, name, true);
    settle().await;
}
