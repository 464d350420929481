//! Component tests of the assistant in headless Chromium (wasm-bindgen-test): the
//! runtime's own `mount` on a shadow root, events as a browser fires them.
//! Run by `cargo xtask test` (`cargo test -p runtime --target wasm32-unknown-unknown`).
#![cfg(target_arch = "wasm32")]

use engine::text::Joined;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, Event, EventInit, HtmlElement, HtmlInputElement, ShadowRoot};

wasm_bindgen_test_configure!(run_in_browser);

/// A small form: a number that drives a condition, a required name with a character
/// check, a label carrying markup; `id` keeps the tests' drafts apart.
fn definition(id: &str) -> String {
    format!(
        r#"{{
  "format_version": 1, "id": "{id}", "version": "1.0.0",
  "title": {{ "de": "Testformular" }}, "languages": ["de"],
  "steps": [
    {{ "id": "eins", "title": {{ "de": "Angaben" }}, "elements": [
      {{ "key": "name", "type": "text", "label": {{ "de": "Name" }}, "required": true, "rules": [{{ "rule": "latin" }}] }},
      {{ "key": "anzahl", "type": "integer", "label": {{ "de": "Anzahl der Hunde" }},
        "rules": [{{ "rule": "max_value", "value": 5 }}] }},
      {{ "key": "zwinger", "type": "text", "label": {{ "de": "Name des Zwingers" }}, "visible_if": "anzahl > 2" }},
      {{ "key": "halterschein", "type": "text", "label": {{ "de": "Nummer des Halterscheins" }}, "required_if": "anzahl > 3" }},
      {{ "key": "bemerkung", "type": "multiline_text", "label": {{ "de": "<img src=x onerror=alert(1)> Bemerkung" }} }}
    ] }},
    {{ "id": "zwei", "title": {{ "de": "Zweiter Schritt" }}, "elements": [
      {{ "key": "ok", "type": "checkbox", "label": {{ "de": "Einverstanden" }} }}
    ] }}
  ]
}}"#
    )
}

fn shadow_host() -> ShadowRoot {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .expect("a document");
    let host = document.create_element("div").expect("a div");
    document
        .body()
        .expect("a body")
        .append_child(&host)
        .expect("appended");
    host.attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open))
        .expect("a shadow root")
}

/// `definition` published (with the municipality's `parameters`), as a portal serves it.
/// A form names where applications go; these send to a test address unless they say.
fn published(definition: &str, parameters: &[(&str, &str)]) -> Vec<u8> {
    let mut form = authoring::load::load_form(definition).expect("the definition loads");
    form.submission
        .get_or_insert_with(Default::default)
        .endpoint
        .get_or_insert_with(|| "/api/submissions".into());
    let values: Vec<(String, String)> = parameters
        .iter()
        .map(|(key, value)| (key.to_string(), value.to_string()))
        .collect();
    authoring::publish::publish(form, &values)
        .expect("the definition publishes")
        .bytes
}

/// `mount`'s options, as the element hands them over.
fn options(json: &str) -> wasm_bindgen::JsValue {
    js_sys::JSON::parse(json).expect("valid JSON")
}

/// Mounts a published form on a fresh shadow root; also says whether it loaded.
fn try_mount(bytes: &[u8]) -> (ShadowRoot, bool) {
    try_mount_with(bytes, &options(r#"{"lang": "de"}"#))
}

fn try_mount_with(bytes: &[u8], options: &wasm_bindgen::JsValue) -> (ShadowRoot, bool) {
    let root = shadow_host();
    let assistant = runtime::mount(root.clone(), bytes, options).expect("no JS error");
    let loaded = assistant.is_some();
    // Kept for the page's lifetime, as the element keeps it.
    std::mem::forget(assistant);
    (root, loaded)
}

fn mount(id: &str) -> ShadowRoot {
    let (root, loaded) = try_mount(&published(&definition(id), &[]));
    assert!(loaded, "the published form loads");
    root
}

fn find(root: &ShadowRoot, selector: &str) -> Element {
    root.query_selector(selector)
        .expect("a valid selector")
        .unwrap_or_else(|| panic!("nothing matches {selector}"))
}

fn input_labelled(root: &ShadowRoot, label: &str) -> HtmlInputElement {
    let labels = root.query_selector_all("label").expect("labels");
    for i in 0..labels.length() {
        let Some(node) = labels.item(i) else { continue };
        let element: Element = node.unchecked_into();
        if element
            .text_content()
            .unwrap_or_default()
            .starts_with(label)
        {
            let id = element.get_attribute("for").expect("label has for");
            return find(root, &format!("#{id}")).unchecked_into();
        }
    }
    panic!("no field labelled {label}");
}

fn type_into(input: &HtmlInputElement, text: &str) {
    input.set_value(text);
    fire(input, "input");
}

fn wrapper_hidden(root: &ShadowRoot, input: &HtmlInputElement) -> bool {
    let id = input.id();
    find(root, &format!("#{id}-wrap")).has_attribute("hidden")
}

#[wasm_bindgen_test]
fn renders_the_first_step_with_labels_tied_to_inputs() {
    let root = mount("component-render");
    assert_eq!(
        find(&root, "h2").text_content().as_deref(),
        Some("Testformular")
    );
    assert_eq!(
        find(&root, ".ff-step-title").text_content().as_deref(),
        Some("Angaben")
    );
    assert!(find(&root, ".ff-progress")
        .text_content()
        .unwrap_or_default()
        .contains("Schritt 1 von 2"));
    let name = input_labelled(&root, "Name");
    assert_eq!(name.get_attribute("aria-required").as_deref(), Some("true"));
    let number = input_labelled(&root, "Anzahl der Hunde");
    assert_eq!(
        number.get_attribute("inputmode").as_deref(),
        Some("numeric")
    );
    // Optional fields say so.
    let labels = root.query_selector_all("label").expect("labels");
    let texts: Vec<String> = (0..labels.length())
        .filter_map(|i| labels.item(i))
        .map(|n| n.text_content().unwrap_or_default())
        .collect();
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with("Anzahl der Hunde") && t.contains("optional")),
        "{texts:?}"
    );
}

#[wasm_bindgen::prelude::wasm_bindgen(module = "/src/dom.js")]
extern "C" {
    /// What the element does with a published form's first screen before the wasm is
    /// there (`dom.js`).
    #[wasm_bindgen(js_name = drawFirst)]
    fn draw_first(root: &ShadowRoot, tokens: &str);
}

#[wasm_bindgen_test]
fn a_drawn_first_screen_is_taken_over_and_a_changed_one_drawn_anew() {
    let bytes = published(&definition("erster-schritt"), &[]);
    let tokens = engine::published::first_screen(&bytes, engine::Lang::De)
        .expect("published with its first screen")
        .tokens;
    let take_over = |root: &ShadowRoot, tokens: &str| {
        let drawn = options(r#"{"lang": "de"}"#);
        js_sys::Reflect::set(&drawn, &"drawn".into(), &tokens.into()).expect("an object");
        let assistant = runtime::mount(root.clone(), &bytes, &drawn).expect("no JS error");
        assert!(assistant.is_some(), "mounted");
        std::mem::forget(assistant);
    };

    // Drawn before the form is read, then taken over as it is, and live.
    let root = shadow_host();
    draw_first(&root, &tokens);
    let heading = find(&root, "[data-role=heading]");
    assert_eq!(heading.text_content().as_deref(), Some("Angaben"));
    take_over(&root, &tokens);
    assert!(heading.is_connected(), "the drawn step itself is kept");
    let anzahl = input_labelled(&root, "Anzahl der Hunde");
    let zwinger = input_labelled(&root, "Name des Zwingers");
    assert!(wrapper_hidden(&root, &zwinger));
    type_into(&anzahl, "3");
    assert!(!wrapper_hidden(&root, &zwinger), "the assistant answers");

    // A screen changed on the way (the hash leaves it out): the assistant draws its own.
    let changed = tokens.replacen("Angaben", "Angabex", 1);
    let root = shadow_host();
    draw_first(&root, &changed);
    let heading = find(&root, "[data-role=heading]");
    assert_eq!(heading.text_content().as_deref(), Some("Angabex"));
    take_over(&root, &changed);
    assert!(!heading.is_connected(), "drawn anew");
    assert_eq!(
        find(&root, "[data-role=heading]").text_content().as_deref(),
        Some("Angaben")
    );
}

#[wasm_bindgen_test]
fn a_condition_follows_the_answer_it_depends_on() {
    let root = mount("component-condition");
    let zwinger = input_labelled(&root, "Name des Zwingers");
    assert!(wrapper_hidden(&root, &zwinger));
    let anzahl = input_labelled(&root, "Anzahl der Hunde");
    type_into(&anzahl, "3");
    assert!(!wrapper_hidden(&root, &zwinger));
    type_into(&anzahl, "1");
    assert!(wrapper_hidden(&root, &zwinger));
}

#[wasm_bindgen_test]
fn next_shows_the_errors_at_the_fields_and_in_a_summary() {
    let root = mount("component-errors");
    let anzahl = input_labelled(&root, "Anzahl der Hunde");
    type_into(&anzahl, "1.234");
    find(&root, "[data-role=next]")
        .unchecked_into::<HtmlElement>()
        .click();
    let summary = find(&root, "[data-role=summary]");
    assert!(!summary.has_attribute("hidden"));
    let summary_text = summary.text_content().unwrap_or_default();
    assert!(
        summary_text.contains("Bitte korrigieren Sie"),
        "{summary_text}"
    );
    // Name is missing, 1.234 is above the maximum, and makes the licence number required.
    assert_eq!(summary.query_selector_all("a").expect("links").length(), 3);
    for input in [input_labelled(&root, "Name"), anzahl] {
        assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
        let described = input.get_attribute("aria-describedby").unwrap_or_default();
        let error = described
            .split(' ')
            .filter_map(|id| root.get_element_by_id(id))
            .map(|e| e.text_content().unwrap_or_default())
            .collect::<String>();
        assert!(
            !error.trim().is_empty(),
            "{} has its error text",
            input.id()
        );
    }
    // Still on the first step: nothing was lost.
    assert_eq!(input_labelled(&root, "Anzahl der Hunde").value(), "1.234");
}

#[wasm_bindgen_test]
fn markup_in_a_label_stays_text() {
    let root = mount("component-xss");
    assert!(root.query_selector("img").expect("selector").is_none());
    let field = input_labelled(&root, "<img src=x onerror=alert(1)> Bemerkung");
    assert_eq!(field.tag_name(), "TEXTAREA");
}

#[wasm_bindgen_test]
fn a_nul_character_in_a_text_cannot_cut_the_dom_description() {
    // NUL ends a token of the description `dom.js` builds from: it becomes U+FFFD.
    let definition = definition("component-nul").replace(
        r#""label": { "de": "Name" }"#,
        r#""label": { "de": "Na\u0000me" }"#,
    );
    let (root, loaded) = try_mount(&published(&definition, &[]));
    assert!(loaded, "the published form loads");
    input_labelled(&root, "Na\u{fffd}me");
    input_labelled(&root, "Anzahl der Hunde");
}

#[wasm_bindgen_test]
fn a_damaged_or_unpublished_form_shows_an_error_box_instead_of_nothing() {
    let mut bytes = published(&definition("component-damaged"), &[]);
    let middle = bytes.len() / 2;
    // In the body, which the hash covers (the first screen before it is checked when
    // taken over).
    let near_end = bytes.len() - 10;
    bytes[near_end] ^= 1;
    for (bytes, reason) in [
        (&bytes[..], "beschädigt"),
        (&bytes[..middle], "beschädigt"),
        (
            definition("component-json").as_bytes(),
            "kein veröffentlichtes Formular",
        ),
    ] {
        let (root, loaded) = try_mount(bytes);
        assert!(!loaded);
        let text = find(&root, "[role=alert]")
            .text_content()
            .unwrap_or_default();
        assert!(text.contains(reason), "{text}");
    }
}

#[wasm_bindgen_test]
fn a_field_required_by_a_condition_loses_its_optional_marker() {
    let root = mount("component-required-if");
    let field = input_labelled(&root, "Nummer des Halterscheins");
    let label = find(&root, &format!("label[for='{}']", field.id()));
    assert_eq!(
        label.text_content().as_deref(),
        Some("Nummer des Halterscheins (optional)")
    );
    assert_eq!(field.get_attribute("aria-required"), None);
    type_into(&input_labelled(&root, "Anzahl der Hunde"), "4");
    assert_eq!(
        label.text_content().as_deref(),
        Some("Nummer des Halterscheins")
    );
    assert_eq!(
        field.get_attribute("aria-required").as_deref(),
        Some("true")
    );
    type_into(&input_labelled(&root, "Anzahl der Hunde"), "2");
    assert_eq!(
        label.text_content().as_deref(),
        Some("Nummer des Halterscheins (optional)")
    );
}

#[wasm_bindgen_test]
fn the_municipality_sets_its_values_when_it_publishes_the_form() {
    let definition = r#"{
      "format_version": 1, "id": "component-parameters", "version": "1",
      "title": { "de": "Hundesteuer" }, "languages": ["de"],
      "parameters": [{ "key": "satz", "label": { "de": "Steuersatz" }, "type": "currency", "default": "120" }],
      "steps": [{ "id": "s", "title": { "de": "Hunde" }, "elements": [
        { "key": "anzahl", "type": "integer", "label": { "de": "Anzahl der Hunde" } },
        { "key": "steuer", "type": "computed", "label": { "de": "Steuer im Jahr" },
          "expression": "anzahl * param.satz", "format": "currency" }] }]
    }"#;
    let steuer = |parameters: &[(&str, &str)]| {
        // Each mount starts afresh, without the previous one's draft.
        if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
            let _ = storage.clear();
        }
        let (root, loaded) = try_mount(&published(definition, parameters));
        assert!(loaded, "the published form loads");
        type_into(&input_labelled(&root, "Anzahl der Hunde"), "2");
        find(&root, "output").text_content().unwrap_or_default()
    };
    assert_eq!(steuer(&[]).replace('\u{a0}', " "), "240,00 €");
    assert_eq!(
        steuer(&[("satz", "96.5")]).replace('\u{a0}', " "),
        "193,00 €"
    );
}

#[wasm_bindgen_test]
fn an_error_cleared_while_typing_keeps_its_room_until_the_citizen_moves_on() {
    let root = mount("component-kept-error");
    let anzahl = input_labelled(&root, "Anzahl der Hunde");
    let name = input_labelled(&root, "Name");
    let next = find(&root, "[data-role=next]").unchecked_into::<HtmlElement>();
    type_into(&anzahl, "9");
    next.click();
    let slot = find(&root, &format!("#{}-error", anzahl.id()));
    assert!(!slot.has_attribute("hidden"), "9 is above the maximum of 5");
    anzahl.focus().expect("focused");
    assert_eq!(root.active_element().map(|a| a.id()), Some(anzahl.id()));
    type_into(&anzahl, "3");
    // Unseen, not gone: the step does not move under the caret.
    assert!(slot.has_attribute("data-kept") && !slot.has_attribute("hidden"));
    assert_eq!(anzahl.get_attribute("aria-invalid"), None);
    assert!(!anzahl
        .get_attribute("aria-describedby")
        .unwrap_or_default()
        .contains(&slot.id()));
    type_into(&anzahl, "37");
    assert!(!slot.has_attribute("data-kept"), "the error is back, seen");
    assert_eq!(
        anzahl.get_attribute("aria-invalid").as_deref(),
        Some("true")
    );
    type_into(&anzahl, "3");
    // Focus leaving for a button (pressed, not yet released): the room stays, so the
    // button does not move away from under the pointer.
    next.focus().expect("focused");
    assert!(slot.has_attribute("data-kept"));
    // Into the next field to type in: given back.
    name.focus().expect("focused");
    assert!(slot.has_attribute("hidden") && !slot.has_attribute("data-kept"));
    assert_eq!(slot.text_content().unwrap_or_default(), "");
    // And after a click, once it has been handled.
    type_into(&anzahl, "8");
    next.click();
    anzahl.focus().expect("focused");
    type_into(&anzahl, "2");
    assert!(slot.has_attribute("data-kept"));
    next.click();
    assert!(slot.has_attribute("hidden") && !slot.has_attribute("data-kept"));
}

#[wasm_bindgen_test]
fn only_the_options_own_properties_count() {
    let bytes = published(&definition("component-options"), &[]);
    let next = |root: &ShadowRoot| find(root, "[data-role=next]").text_content();
    let (root, _) = try_mount_with(&bytes, &options(r#"{"lang": "en", "preview": true}"#));
    assert_eq!(next(&root).as_deref(), Some("Next"));
    // Inherited, as from a script that changed Object.prototype: not an option.
    let inherited: js_sys::Object =
        js_sys::Object::create(&options(r#"{"lang": "en"}"#).unchecked_into());
    let (root, _) = try_mount_with(&bytes, &inherited);
    assert_eq!(next(&root).as_deref(), Some("Weiter"));
    // Not an object at all: the defaults.
    let (root, loaded) = try_mount_with(&bytes, &wasm_bindgen::JsValue::NULL);
    assert!(loaded);
    assert_eq!(next(&root).as_deref(), Some("Weiter"));
}

fn fire(target: &Element, kind: &str) {
    let init = EventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    let event = Event::new_with_event_init_dict(kind, &init).expect("an event");
    target.dispatch_event(&event).expect("dispatched");
}

#[wasm_bindgen_test]
fn a_choice_shows_its_error_in_its_fieldset_and_clears_it_when_answered() {
    let definition = r#"{
      "format_version": 1, "id": "component-choice", "version": "1",
      "title": { "de": "Wahl" }, "languages": ["de"],
      "steps": [{ "id": "s", "title": { "de": "Wahl" }, "elements": [
        { "key": "rasse", "type": "single_choice", "label": { "de": "Rasse" }, "required": true,
          "display": "radio", "options": [
            { "value": "dackel", "label": { "de": "Dackel" } },
            { "value": "pudel", "label": { "de": "Pudel" } }] }] },
        { "id": "t", "title": { "de": "Ende" }, "elements": [
        { "key": "ok", "type": "checkbox", "label": { "de": "Einverstanden" } }] }]
    }"#;
    let (root, loaded) = try_mount(&published(definition, &[]));
    assert!(loaded, "the definition loads");
    let fieldset = find(&root, "fieldset.ff-choices");
    assert!(
        root.query_selector(".ff-field-error")
            .expect("selector")
            .is_none(),
        "no place for errors before there is one"
    );
    find(&root, "[data-role=next]")
        .unchecked_into::<HtmlElement>()
        .click();
    let error = find(&root, "fieldset.ff-choices > .ff-field-error");
    assert!(!error.has_attribute("hidden"));
    assert_eq!(
        fieldset.get_attribute("aria-describedby").as_deref(),
        Some(error.id().as_str())
    );
    assert_eq!(
        fieldset.get_attribute("aria-invalid").as_deref(),
        Some("true")
    );
    let pudel: HtmlInputElement = find(&root, "input[value=pudel]").unchecked_into();
    pudel.set_checked(true);
    fire(&pudel, "change");
    assert!(error.has_attribute("hidden"));
    assert_eq!(fieldset.get_attribute("aria-invalid"), None);
    find(&root, "[data-role=next]")
        .unchecked_into::<HtmlElement>()
        .click();
    assert_eq!(
        find(&root, ".ff-step-title").text_content().as_deref(),
        Some("Ende")
    );
}

/// Elements are cloned from shared prototypes (runtime/src/dom.js): a state set on one
/// (checked, hidden, required) must not reach its twins, on first render or after.
#[wasm_bindgen_test]
fn elements_cloned_from_one_prototype_keep_their_own_state() {
    let definition = r#"{
      "format_version": 1, "id": "component-prototypes", "version": "1",
      "title": { "de": "Zwillinge" }, "languages": ["de"],
      "steps": [{ "id": "s", "title": { "de": "Fragen" }, "elements": [
        { "key": "a", "type": "yes_no", "label": { "de": "Erste Frage" } },
        { "key": "b", "type": "yes_no", "label": { "de": "Zweite Frage" } },
        { "key": "c", "type": "text", "label": { "de": "Pflicht" }, "required": true },
        { "key": "d", "type": "text", "label": { "de": "Frei" } },
        { "key": "e", "type": "text", "label": { "de": "Nur bei Ja" }, "visible_if": "a == true" }] },
        { "id": "t", "title": { "de": "Ende" }, "elements": [
        { "key": "ok", "type": "checkbox", "label": { "de": "Einverstanden" } }] }]
    }"#;
    let (root, loaded) = try_mount(&published(definition, &[]));
    assert!(loaded, "the definition loads");
    let required = input_labelled(&root, "Pflicht");
    let free = input_labelled(&root, "Frei");
    assert_eq!(
        required.get_attribute("aria-required").as_deref(),
        Some("true")
    );
    assert_eq!(free.get_attribute("aria-required"), None);
    assert_ne!(required.id(), free.id());
    let hidden = input_labelled(&root, "Nur bei Ja");
    assert!(wrapper_hidden(&root, &hidden));
    assert!(!wrapper_hidden(&root, &free));

    let yes: HtmlInputElement = find(&root, "fieldset input[value=true]").unchecked_into();
    yes.set_checked(true);
    fire(&yes, "change");
    type_into(&required, "x");
    find(&root, "[data-role=next]")
        .unchecked_into::<HtmlElement>()
        .click();
    find(&root, "[data-action=back]")
        .unchecked_into::<HtmlElement>()
        .click();
    // Drawn anew from the answers: only the first question's "Ja" is checked.
    let checked = root
        .query_selector_all("input[type=radio]:checked")
        .expect("selector");
    assert_eq!(checked.length(), 1);
    let checked: Element = checked.item(0).expect("one").unchecked_into();
    assert_eq!(checked.get_attribute("value").as_deref(), Some("true"));
    assert_eq!(checked.get_attribute("name"), Some(yes.name()));
    assert!(!wrapper_hidden(&root, &input_labelled(&root, "Nur bei Ja")));
}

/// A step of 100 fields: the first decides whether the 91st shows; the 96th is required.
fn long_step(id: &str) -> String {
    let mut fields =
        vec![r#"{ "key": "anzahl", "type": "integer", "label": { "de": "Anzahl" } }"#.to_string()];
    for n in 1..100 {
        let condition = match n {
            90 => r#", "visible_if": "anzahl > 2""#,
            95 => r#", "required": true"#,
            _ => "",
        };
        fields.push(format!(
            r#"{{ "key": "feld{n}", "type": "text", "label": {{ "de": "Feld {n}" }}{condition} }}"#
        ));
    }
    format!(
        r#"{{ "format_version": 1, "id": "{id}", "version": "1.0.0", "title": {{ "de": "Lang" }},
  "languages": ["de"], "steps": [{{ "id": "eins", "title": {{ "de": "Alles" }}, "elements": [{}] }}] }}"#,
        fields.joined(",")
    )
}

fn count(root: &ShadowRoot, selector: &str) -> u32 {
    root.query_selector_all(selector)
        .expect("selector")
        .length()
}

/// Resolves after `ms` milliseconds (other tasks run meanwhile).
async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .expect("a window")
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .expect("a timer");
    });
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .expect("the timer fires");
}

#[wasm_bindgen_test]
async fn a_long_step_shows_its_first_fields_at_once_and_the_rest_just_after() {
    let (root, loaded) = try_mount(&published(&long_step("component-long"), &[]));
    assert!(loaded);
    // Two chunks of 20 at once, the other three empty for now; the buttons are there.
    assert_eq!(count(&root, ".ff-chunk"), 5);
    assert_eq!(count(&root, "input"), 40);
    assert_eq!(count(&root, ".ff-chunk:empty"), 3);
    find(&root, "[data-role=next]");
    for _ in 0..100 {
        if count(&root, ".ff-chunk:empty") == 0 {
            break;
        }
        sleep(10).await;
    }
    assert_eq!(count(&root, "input"), 100, "the rest followed by itself");
    let labels = root.query_selector_all("label").expect("labels");
    let last = labels.item(labels.length() - 1).expect("a label");
    assert_eq!(last.text_content().as_deref(), Some("Feld 99 (optional)"));
}

#[wasm_bindgen_test]
fn a_change_before_the_rest_of_a_long_step_arrived_reaches_it() {
    let (root, loaded) = try_mount(&published(&long_step("component-long-early"), &[]));
    assert!(loaded);
    assert_eq!(count(&root, ".ff-chunk:empty"), 3);
    // The first field, typed into at once: the field it shows is in a chunk still to come.
    type_into(&input_labelled(&root, "Anzahl"), "3");
    assert_eq!(count(&root, "input"), 100);
    assert!(!wrapper_hidden(&root, &input_labelled(&root, "Feld 90")));
    type_into(&input_labelled(&root, "Anzahl"), "1");
    assert!(wrapper_hidden(&root, &input_labelled(&root, "Feld 90")));
}

#[wasm_bindgen_test]
fn next_before_the_rest_of_a_long_step_arrived_marks_the_errors_there() {
    let (root, loaded) = try_mount(&published(&long_step("component-long-next"), &[]));
    assert!(loaded);
    assert_eq!(count(&root, ".ff-chunk:empty"), 3);
    find(&root, "[data-role=next]")
        .unchecked_into::<HtmlElement>()
        .click();
    let required = input_labelled(&root, "Feld 95");
    assert_eq!(
        required.get_attribute("aria-invalid").as_deref(),
        Some("true")
    );
    let summary = find(&root, "[data-role=summary]");
    assert_eq!(summary.query_selector_all("a").expect("links").length(), 1);
}
