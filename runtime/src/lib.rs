//! The application assistant citizens use, embedded by a municipal portal as
//! `<formfabrik-assistant>` (defined in `formfabrik-runtime.js`). It renders into the
//! element's open shadow root; all behaviour comes from the `shared` core.
//!
//! Nothing here may panic: a panic would take the citizen's answers with it. Every
//! failure becomes an error box in the element and a console message.

use std::sync::Arc;

use shared::load::load_compiled;
use shared::wizard::Wizard;
use shared::{Date, Lang};
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element, ShadowRoot};

const STYLE: &str = include_str!("../style.css");

/// Renders the definition `json` into `root` in `lang` (`de` or `en`).
#[wasm_bindgen]
pub fn mount(root: ShadowRoot, json: &str, lang: &str) -> Result<(), JsValue> {
    let (document, lang) = prepare(&root, lang)?;
    match load_compiled(json) {
        Ok(form) => {
            let wizard = Wizard::new(Arc::new(form), today(), lang);
            render_overview(&document, &root, &wizard)
        }
        Err(error) => {
            let message = error.message();
            web_sys::console::error_1(&JsValue::from_str(&format!(
                "Formfabrik: {}",
                message.get(Lang::En)
            )));
            render_error(&document, &root, message.get(lang), lang)
        }
    }
}

/// Shows why the assistant cannot start (e.g. the definition was not found).
#[wasm_bindgen]
pub fn show_error(root: ShadowRoot, message: &str, lang: &str) -> Result<(), JsValue> {
    let (document, lang) = prepare(&root, lang)?;
    render_error(&document, &root, message, lang)
}

/// Empties `root` and gives it the assistant's styles; resolves the language.
fn prepare(root: &ShadowRoot, lang: &str) -> Result<(Document, Lang), JsValue> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsValue::from_str("no document"))?;
    adopt_style(root)?;
    root.set_inner_html("");
    Ok((document, Lang::from_code(lang).unwrap_or(Lang::De)))
}

/// Constructable stylesheets are allowed under `style-src 'self'`; `<style>` is not.
fn adopt_style(root: &ShadowRoot) -> Result<(), JsValue> {
    let sheet = web_sys::CssStyleSheet::new()?;
    sheet.replace_sync(STYLE)?;
    root.set_adopted_style_sheets(&js_sys::Array::of1(&sheet));
    Ok(())
}

fn element(document: &Document, tag: &str, class: &str, text: &str) -> Result<Element, JsValue> {
    let element = document.create_element(tag)?;
    if !class.is_empty() {
        element.set_class_name(class);
    }
    // Texts from definitions are inserted as text, never as HTML.
    element.set_text_content(Some(text));
    Ok(element)
}

fn render_overview(document: &Document, root: &ShadowRoot, wizard: &Wizard) -> Result<(), JsValue> {
    let form = &wizard.state.form().form;
    let lang = wizard.lang;
    let section = element(document, "section", "ff", "")?;
    section.set_attribute("part", "assistant")?;
    let child = element(document, "h2", "ff-title", form.title.get(lang))?;
    section.append_child(&child)?;
    if let Some((number, total)) = wizard.indicator() {
        let text = match lang {
            Lang::De => format!("Schritt {number} von {total}"),
            Lang::En => format!("Step {number} of {total}"),
        };
        let child = element(document, "p", "ff-progress", &text)?;
        section.append_child(&child)?;
    }
    let list = element(document, "ol", "ff-steps", "")?;
    for step in wizard.visible_steps() {
        let child = element(document, "li", "", form.steps[step].title.get(lang))?;
        list.append_child(&child)?;
    }
    section.append_child(&list)?;
    root.append_child(&section)?;
    Ok(())
}

fn render_error(
    document: &Document,
    root: &ShadowRoot,
    message: &str,
    lang: Lang,
) -> Result<(), JsValue> {
    let errorbox = element(document, "div", "ff-error", "")?;
    errorbox.set_attribute("role", "alert")?;
    errorbox.set_attribute("part", "error")?;
    let heading = match lang {
        Lang::De => "Das Formular kann gerade nicht angezeigt werden",
        Lang::En => "The form cannot be shown right now",
    };
    let child = element(document, "h2", "", heading)?;
    errorbox.append_child(&child)?;
    let child = element(document, "p", "", message)?;
    errorbox.append_child(&child)?;
    root.append_child(&errorbox)?;
    Ok(())
}

fn today() -> Date {
    let days = (js_sys::Date::now() / 86_400_000.0).floor() as i64;
    Date::from_days_since_epoch(days).unwrap_or(Date {
        year: 2026,
        month: 1,
        day: 1,
    })
}
