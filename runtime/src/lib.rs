//! The application assistant citizens use, embedded by a municipal portal as
//! `<formfabrik-assistant>` (defined in `formfabrik-runtime.js`). It renders a
//! published form into the element's open shadow root; all behaviour comes from the
//! engine's `Wizard`.
//!
//! - `app.rs`: `App`, the state (`engine::view::Model`) in the page.
//! - `events.rs`: what the citizen does (input, the `Action`s of buttons).
//! - `patch.rs`: the DOM kept in step; `tree.rs`: built from what `engine::view`
//!   describes (by `dom.js`, which also draws a published form's first screen before
//!   the wasm has arrived, and holds the stylesheet).
//! - `send.rs`: sending the application; `drafts.rs`: drafts in localStorage.
//!
//! Nothing here may panic: a panic would take the citizen's answers with it. Every
//! failure becomes a message in the element and a console entry.

mod app;
mod drafts;
mod events;
mod patch;
mod send;
mod tree;

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;

use engine::view::{texts, Model, Phase};
use engine::wizard::Wizard;
use engine::{Json, Lang};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Event, ShadowRoot};

use crate::app::{new_id, today, App};

#[wasm_bindgen(module = "/src/dom.js")]
extern "C" {
    /// Empties `root` and adopts the assistant's stylesheet (made once per page).
    #[wasm_bindgen(js_name = prepare)]
    fn adopt_styles(root: &ShadowRoot);
    /// Calls `callback` when the page is hidden or closed; returns what stops that.
    #[wasm_bindgen(js_name = whenHidden)]
    fn when_hidden(callback: &JsValue) -> js_sys::Function;
    /// The option `name` of `mount`'s options, when it is a non-empty string.
    #[wasm_bindgen(js_name = optionText)]
    fn option_text(options: &JsValue, name: &str) -> Option<String>;
    /// Whether the option `name` of `mount`'s options is `true`.
    #[wasm_bindgen(js_name = optionFlag)]
    fn option_flag(options: &JsValue, name: &str) -> bool;
}

/// One delegated listener: the event type and its closure.
type Listener = (&'static str, Closure<dyn Fn(Event)>);

/// A mounted assistant; `destroy()` removes it and its listeners.
#[wasm_bindgen]
pub struct Assistant {
    app: Rc<RefCell<App>>,
    listeners: Vec<Listener>,
    /// Writes a draft not yet written when the page is hidden or closed.
    hidden: Closure<dyn Fn()>,
    stop_hidden: js_sys::Function,
}

#[wasm_bindgen]
impl Assistant {
    /// Fills in answers the portal already knows (e.g. from the citizen's login), as
    /// nested JSON in the payload's shape. Returns what did not fit, as JSON text.
    pub fn prefill(&self, answers: &str) -> Result<String, JsValue> {
        let json = Json::parse(answers)
            .map_err(|e| JsValue::from_str(&e.message.en.unwrap_or(e.message.de)))?;
        let mut app = self.app.borrow_mut();
        let lang = app.model.wizard.lang;
        let problems = engine::payload::load_answers(&mut app.model.wizard.state, &json, lang);
        patch::redraw(&app)?;
        Ok(Json::Array(problems.iter().map(|p| p.to_json()).collect()).to_compact())
    }

    pub fn destroy(self) {
        let app = self.app.borrow();
        for (event, listener) in &self.listeners {
            let _ = app
                .root
                .remove_event_listener_with_callback(event, listener.as_ref().unchecked_ref());
        }
        let _ = self.stop_hidden.call0(&JsValue::NULL);
        drop(self.hidden);
        app.root.set_text_content(None);
    }
}

/// How the element mounts an assistant: an object `{lang: "de", endpoint: "…",
/// encrypt_key: "…", preview: true, step: "…", answers_download: true, drawn: "…"}`,
/// each optional, its own properties only. (An object, not JSON: no parser on the way
/// to the first screen.)
struct MountOptions {
    lang: Lang,
    /// Where the application is POSTed, instead of the form's own address.
    endpoint: Option<String>,
    /// Where the authority's public key is (a formfabrik-server's intake): the
    /// application and its files are then sent encrypted for it.
    encrypt_key: Option<String>,
    /// The designer's preview: the answers typed so far (the draft) come back without
    /// asking, so they survive every edit of the form, and `step` (a step id) opens the
    /// step being edited.
    preview: bool,
    step: Option<String>,
    /// The confirmation offers the answers as JSON too.
    answers_download: bool,
    /// The published first screen the element drew into the root (`drawFirst` in
    /// `dom.js`), as its tokens: the assistant takes it over as it is when it describes
    /// the same.
    drawn: Option<String>,
}

impl MountOptions {
    fn read(options: &JsValue) -> MountOptions {
        MountOptions {
            // German unless English is asked for.
            lang: option_text(options, "lang")
                .and_then(|l| Lang::from_code(&l))
                .unwrap_or(Lang::De),
            endpoint: option_text(options, "endpoint"),
            encrypt_key: option_text(options, "encrypt_key"),
            preview: option_flag(options, "preview"),
            step: option_text(options, "step"),
            answers_download: option_flag(options, "answers_download"),
            drawn: option_text(options, "drawn"),
        }
    }
}

/// Renders the published form `bytes` into `root` with `options` (see
/// `MountOptions`). Returns `undefined` when the form cannot be read (the element then
/// shows why): not a published form, published by a newer Formfabrik, damaged.
#[wasm_bindgen]
pub fn mount(
    root: ShadowRoot,
    bytes: &[u8],
    options: &JsValue,
) -> Result<Option<Assistant>, JsValue> {
    let options = MountOptions::read(options);
    let lang = options.lang;
    // The first screen the element drew stays until the assistant has described its own.
    let drawn = options.drawn;
    if drawn.is_none() {
        adopt_styles(&root);
    }
    let form = match engine::published::read(bytes) {
        Ok(published) => Arc::new(published.form),
        Err(error) => {
            let message = error.message();
            web_sys::console::error_1(&JsValue::from_str(&format!(
                "Formfabrik: {}",
                message.get(Lang::En)
            )));
            render_error(&root, message.get(lang), lang)?;
            return Ok(None);
        }
    };
    let endpoint = options.endpoint.or_else(|| {
        form.form
            .submission
            .as_ref()
            .and_then(|s| s.endpoint.clone())
    });
    // Nobody could send it: said before the citizen starts, not at "Absenden". The
    // designer's preview shows the form with a notice.
    if endpoint.is_none() && !options.preview {
        render_error(&root, texts(lang).no_endpoint, lang)?;
        return Ok(None);
    }
    let wizard = Wizard::new(Arc::clone(&form), today(&form), lang);
    let mut app = App {
        model: Model {
            wizard,
            phase: Phase::Filling,
            show_errors: false,
            notice: endpoint
                .is_none()
                .then(|| texts(lang).no_endpoint.to_string()),
            missing_files: Vec::new(),
            offer_json: options.answers_download,
        },
        root: root.clone(),
        endpoint,
        encrypt_key: options.encrypt_key,
        idempotency_key: new_id(),
        files: Vec::new(),
        unsaved: false,
    };
    match drafts::find(&form) {
        drafts::Found::Draft(draft) if options.preview => events::resume(&mut app, &draft),
        drafts::Found::Draft(draft) => app.model.phase = Phase::Resume { draft },
        drafts::Found::Expired => {
            app.model.notice = Some(texts::draft_expired(form.form.draft_days(), lang));
        }
        drafts::Found::Nothing => {}
    }
    if let (true, Some(id)) = (options.preview, &options.step) {
        if let Some(step) = form.form.steps.iter().position(|s| s.id == *id) {
            app.model.wizard.go_to(step);
        }
    }
    match drawn {
        Some(tokens) => patch::take_over(&app, &tokens)?,
        None => patch::redraw(&app)?,
    }
    let app = Rc::new(RefCell::new(app));
    let mut listeners = Vec::new();
    for event in events::LISTENED {
        let target = Rc::clone(&app);
        let listener =
            Closure::<dyn Fn(Event)>::new(move |e: Event| events::handle(&target, event, &e));
        root.add_event_listener_with_callback(event, listener.as_ref().unchecked_ref())?;
        listeners.push((event, listener));
    }
    let target = Rc::clone(&app);
    let hidden = Closure::<dyn Fn()>::new(move || events::page_hidden(&target));
    let stop_hidden = when_hidden(hidden.as_ref());
    Ok(Some(Assistant {
        app,
        listeners,
        hidden,
        stop_hidden,
    }))
}

/// Shows why the assistant cannot start (e.g. the form was not found).
#[wasm_bindgen]
pub fn show_error(root: ShadowRoot, message: &str, lang: &str) -> Result<(), JsValue> {
    adopt_styles(&root);
    render_error(&root, message, Lang::from_code(lang).unwrap_or(Lang::De))
}

fn render_error(root: &ShadowRoot, message: &str, lang: Lang) -> Result<(), JsValue> {
    root.set_text_content(None);
    let out = &mut engine::view::Tree::new();
    out.open("div", "ff-error");
    out.fixed("role", "alert");
    out.fixed("part", "error");
    out.leaf("h2", "", texts(lang).load_failed);
    out.leaf("p", "", message);
    out.close();
    // The portal's own content of the element (e.g. a link to a PDF form) shows below.
    out.leaf("slot", "", "");
    root.append_child(&tree::build(out)?)?;
    Ok(())
}
