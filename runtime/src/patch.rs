//! Keeps the DOM in step with the state: the whole assistant drawn anew (`redraw`,
//! `show_step`), or only the cells a change names (`apply`), their errors and required
//! markers, and the error summary. Elements are found by id (`getElementById`, a
//! lookup, not a search of the whole step).

use std::sync::Arc;

use engine::format::Kind;
use engine::state::{Changes, Loc};
use engine::text::Joined;
use engine::view::{self, field_id, label_with_marker, texts, Tree};
use engine::wizard::{Position, StepError};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

use crate::app::App;
use crate::tree;

type Result<T = ()> = std::result::Result<T, JsValue>;

#[wasm_bindgen(module = "/src/dom.js")]
extern "C" {
    /// `formfabrik-step` with `{step, total}`, out of the shadow root to the portal.
    #[wasm_bindgen(js_name = emitStep)]
    fn emit_step(root: &web_sys::ShadowRoot, step: usize, total: usize);
}

/// Draws the assistant anew for its state, errors included once they are shown.
pub fn redraw(app: &App) -> Result {
    let nodes = tree::build(&mut view::render(&app.model))?;
    app.root.set_text_content(None);
    app.root.append_child(&nodes)?;
    // Errors are patched in by id, which needs the step in the shadow root.
    if let (true, Position::Step(step)) = (app.model.show_errors, app.model.wizard.position()) {
        tree::finish();
        let state = &app.model.wizard.state;
        let mut result = Ok(());
        engine::state::walk::walk_step(state, step, &mut |loc, _| {
            if result.is_ok() {
                result = show_field_errors(app, loc);
            }
            true
        });
        result?;
    }
    announce_step(app);
    Ok(())
}

/// Takes over the first screen the element drew (`tokens`, from the published form):
/// kept as it is when the state describes the same; else drawn anew.
pub fn take_over(app: &App, tokens: &str) -> Result {
    if view::render(&app.model).tokens() != tokens {
        web_sys::console::warn_1(&JsValue::from_str(
            "Formfabrik: the published first screen differs from the assistant's; drawn anew",
        ));
        return redraw(app);
    }
    announce_step(app);
    Ok(())
}

/// Draws the assistant for a new step (or page) and moves focus to its heading (built
/// at once: the rest of a long step may follow later).
pub fn show_step(app: &App) -> Result {
    redraw(app)?;
    focus_first(app, "[data-role=heading]")
}

/// Moves focus to the first element matching `selector`, anywhere in the step.
pub fn focus(app: &App, selector: &str) -> Result {
    tree::finish();
    focus_first(app, selector)
}

/// Moves focus to the first element matching `selector` built so far.
fn focus_first(app: &App, selector: &str) -> Result {
    if let Some(element) = app.root.query_selector(selector)? {
        if let Ok(element) = element.dyn_into::<HtmlElement>() {
            element.focus()?;
        }
    }
    Ok(())
}

/// Moves focus to the input of `loc` (or the first input of its fieldset).
pub fn focus_field(app: &App, loc: &Loc) -> Result {
    let id = field_id(loc);
    focus(app, &format!("#{id}, #{id} input"))
}

/// Tells the portal where the citizen is (step 0 of 0 on the review and after).
fn announce_step(app: &App) {
    let (step, total) = app.model.wizard.indicator().unwrap_or((0, 0));
    emit_step(&app.root, step, total);
}

/// Patches what a change touched: visibility, computed values, required markers, shown
/// errors, and the steps' count and the main button when steps came or went.
pub fn apply(app: &App, changes: &Changes) -> Result {
    // A change may touch any field of the step: the rest of a long step built first.
    tree::finish();
    let model = &app.model;
    let form = Arc::clone(model.wizard.state.form());
    for loc in &changes.cells {
        let id = field_id(loc);
        if let Some(wrap) = app.root.get_element_by_id(&format!("{id}-wrap")) {
            if model.wizard.state.is_visible(loc) {
                wrap.remove_attribute("hidden")?;
            } else {
                wrap.set_attribute("hidden", "")?;
            }
            update_required(app, loc, &wrap)?;
        }
        if let Some(Kind::Computed { .. }) = form.element_kind(loc.node) {
            if let Some(output) = app.root.get_element_by_id(&id) {
                let text = engine::input::display_value(
                    form.element(loc.node),
                    &model.wizard.state.value(loc),
                    model.wizard.lang,
                );
                output.set_text_content(Some(&text));
            }
        }
        if model.show_errors {
            show_field_errors(app, loc)?;
        }
    }
    if changes.steps {
        // Steps appeared or disappeared: the count and where "Weiter" leads change.
        let t = texts(model.wizard.lang);
        if let Some(progress) = app.root.query_selector("[data-role=progress]")? {
            let text = model
                .wizard
                .indicator()
                .map(|(n, total)| (t.step_of)(n, total));
            progress.set_text_content(text.as_deref());
        }
        if let (Some(button), Position::Step(step)) = (
            app.root.query_selector("[data-role=next]")?,
            model.wizard.position(),
        ) {
            let label = if view::next_leads_to_review(model, step) {
                t.to_review
            } else {
                t.next
            };
            button.set_text_content(Some(label));
        }
    }
    Ok(())
}

/// Keeps the "optional" marker and `aria-required` in step with a field whose required
/// state depends on other answers (`required_if`).
fn update_required(app: &App, loc: &Loc, wrap: &Element) -> Result {
    let Some(cell) = app.model.wizard.state.cell(loc) else {
        return Ok(());
    };
    let def = app.model.form().element(loc.node);
    let label = wrap.query_selector(":scope > label, :scope > fieldset > legend")?;
    if let Some(label) = label {
        let text = label_with_marker(def, cell.required, app.model.wizard.lang);
        if label.text_content().as_deref() != Some(text.as_str()) {
            label.set_text_content(Some(&text));
        }
    }
    if let Some(input) = app.root.get_element_by_id(&field_id(loc)) {
        if input.tag_name() != "FIELDSET" {
            if cell.required {
                input.set_attribute("aria-required", "true")?;
            } else {
                input.remove_attribute("aria-required")?;
            }
        }
    }
    Ok(())
}

/// Shows or clears the inline errors of one instance, linked to its input. The place
/// for them is made when the first error shows (most fields never have one).
pub fn show_field_errors(app: &App, loc: &Loc) -> Result {
    let id = field_id(loc);
    let root = &app.root;
    let lang = app.model.wizard.lang;
    let errors: Vec<&str> = app
        .model
        .wizard
        .state
        .cell(loc)
        .filter(|c| c.visible)
        .map(|c| c.errors.iter().map(|e| e.message.get(lang)).collect())
        .unwrap_or_default();
    let slot_id = format!("{id}-error");
    let slot = match root.get_element_by_id(&slot_id) {
        Some(slot) => slot,
        // Nothing shown yet, so nothing to clear.
        None if errors.is_empty() => return Ok(()),
        None => match error_slot(app, &id, &slot_id)? {
            Some(slot) => slot,
            None => return Ok(()), // not on this page
        },
    };
    let target = root.get_element_by_id(&id);
    let help_id = format!("{id}-help");
    let has_help = root.get_element_by_id(&help_id).is_some();
    if errors.is_empty() {
        let typing = root.active_element().is_some_and(|a| a.id() == id);
        if typing && !slot.has_attribute("hidden") {
            // The citizen is still typing in the field: the message goes unseen but
            // keeps its room, so the step does not jump with each key (an error that
            // comes and goes as a number is typed); `settle_kept` gives it back once
            // the citizen has moved on.
            slot.set_attribute("data-kept", "")?;
        } else {
            clear_slot(&slot)?;
        }
        if let Some(target) = &target {
            target.remove_attribute("aria-invalid")?;
            set_describedby(target, has_help.then_some(help_id.as_str()), None)?;
        }
    } else {
        slot.remove_attribute("hidden")?;
        slot.remove_attribute("data-kept")?;
        let text = errors.joined(" ");
        // The same message again (most keys in a field already in error): its text
        // node stays, so the browser lays nothing out again.
        if slot.text_content().as_deref() != Some(text.as_str()) {
            slot.set_text_content(Some(&text));
        }
        if let Some(target) = &target {
            target.set_attribute("aria-invalid", "true")?;
            set_describedby(target, has_help.then_some(help_id.as_str()), Some(&slot_id))?;
        }
    }
    Ok(())
}

/// Messages kept unseen while typing (`show_field_errors`) give their room back, but
/// for the one of `target`, the field focused or clicked. Called when focus enters a
/// field one types in, and after a click has been handled: never between a button's
/// press and its release, where the step moving up would take the click away from it.
pub fn settle_kept(app: &App, target: &Element) -> Result {
    let kept = app.root.query_selector_all(".ff-field-error[data-kept]")?;
    let own = format!("{}-error", target.id());
    for i in 0..kept.length() {
        let Some(slot) = kept.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else {
            continue;
        };
        if slot.id() != own {
            clear_slot(&slot)?;
        }
    }
    Ok(())
}

/// A field's place for errors, emptied and out of the layout.
fn clear_slot(slot: &Element) -> Result {
    slot.set_attribute("hidden", "")?;
    slot.remove_attribute("data-kept")?;
    slot.set_text_content(None);
    Ok(())
}

/// Adds the place for errors at the end of the field (inside its fieldset, if any).
fn error_slot(app: &App, id: &str, slot_id: &str) -> Result<Option<Element>> {
    let Some(wrap) = app.root.get_element_by_id(&format!("{id}-wrap")) else {
        return Ok(None);
    };
    let container = wrap.query_selector(":scope > fieldset")?.unwrap_or(wrap);
    let out = &mut Tree::new();
    out.open("p", "ff-field-error");
    out.attr("id", slot_id);
    out.close();
    container.append_child(&tree::build(out)?)?;
    Ok(app.root.get_element_by_id(slot_id))
}

fn set_describedby(target: &Element, help: Option<&str>, error: Option<&str>) -> Result {
    let ids: Vec<&str> = [help, error].into_iter().flatten().collect();
    if ids.is_empty() {
        target.remove_attribute("aria-describedby")
    } else {
        target.set_attribute("aria-describedby", &ids.joined(" "))
    }
}

/// The error summary at the top, focused: a heading and one link per error that moves
/// focus to the field (fragment links do not work inside a shadow root).
pub fn show_summary(app: &App, errors: &[StepError]) -> Result {
    let Some(summary) = app.root.query_selector("[data-role=summary]")? else {
        return Ok(());
    };
    summary.set_text_content(None);
    if errors.is_empty() {
        summary.set_attribute("hidden", "")?;
        summary.remove_attribute("role")?;
        return Ok(());
    }
    summary.remove_attribute("hidden")?;
    summary.set_attribute("role", "alert")?;
    let out = &mut Tree::new();
    out.leaf("h3", "", texts(app.model.wizard.lang).error_summary);
    out.open("ul", "");
    for error in errors {
        let id = field_id(&error.loc);
        out.open("li", "");
        out.open("a", "");
        out.attr("href", &format!("#{id}"));
        out.attr("data-focus", &id);
        out.text(&engine::text::label_and_message(
            &error.label,
            &error.message,
        ));
        out.close();
        out.close();
    }
    out.close();
    summary.append_child(&tree::build(out)?)?;
    focus(app, "[data-role=summary]")
}

/// Back on a step with errors to show (after "Weiter", or refused by the authority):
/// errors at their fields and in the summary, which gets focus.
pub fn show_errors(app: &mut App, errors: &[StepError]) -> Result {
    tree::finish();
    app.model.show_errors = true;
    for error in errors {
        show_field_errors(app, &error.loc)?;
    }
    show_summary(app, errors)
}
