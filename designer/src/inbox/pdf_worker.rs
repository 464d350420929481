//! The PDF/A writer runs in a web worker of its own: `app/src/bin/pdf-worker.rs`, built
//! by Trunk into `dist/posteingang/pdf-worker*`. Its code (`pdf.rs`, `font.rs`, the
//! deflate) is fetched only when a clerk asks for a PDF, and the page stays responsive
//! while it works. Both ends are here: [`make`] in the inbox, [`serve`] in the worker.
//!
//! The exchange: the worker posts [`READY`] once it listens; the inbox then posts
//! `[application as JSON, font bytes]` (the font's buffer transferred, not copied); the
//! worker answers with the PDF's bytes (a `Uint8Array`) or a German error text.

use js_sys::{Array, ArrayBuffer, Function, Promise, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{DedicatedWorkerGlobalScope, Event, MessageEvent, Worker, WorkerOptions, WorkerType};

use super::api::PATH;
use super::pdf::{self, Application};

/// The module Trunk writes to start the worker (`data-loader-shim`).
const LOADER: &str = "pdf-worker_loader.js";
const READY: &str = "bereit";
/// A PDF takes well under a second; a worker silent for this long is given up.
const TIME_LIMIT_MS: i32 = 60_000;
const TIMED_OUT: &str = "timeout";

/// The application as a PDF/A, made in a fresh worker that ends when it has answered.
pub async fn make(app: &Application, font: ArrayBuffer) -> Result<Vec<u8>, String> {
    let failed = |why: &str| format!("Das PDF/A ließ sich nicht erstellen: {why}");
    let job = serde_json::to_string(app).map_err(|e| failed(&e.to_string()))?;
    let options = WorkerOptions::new();
    options.set_type(WorkerType::Module);
    let worker = Worker::new_with_options(&format!("{PATH}/{LOADER}"), &options)
        .map_err(|_| failed("der Browser startet keinen Web Worker."))?;

    let mut settle: Option<(Function, Function)> = None;
    let answer = Promise::new(&mut |resolve, reject| settle = Some((resolve, reject)));
    let Some((resolve, reject)) = settle else {
        worker.terminate();
        return Err(failed("der Browser hat nicht geantwortet."));
    };
    let to = worker.clone();
    let rejected = reject.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
        let data = e.data();
        if data.as_string().as_deref() == Some(READY) {
            let message = Array::of2(&JsValue::from_str(&job), &font);
            let transfer = Array::of1(&font);
            if let Err(err) = to.post_message_with_transfer(&message, &transfer) {
                let _ = rejected.call1(&JsValue::NULL, &err);
            }
        } else {
            let _ = resolve.call1(&JsValue::NULL, &data);
        }
    });
    let timed_out = reject.clone();
    let on_error = Closure::<dyn FnMut(Event)>::new(move |_: Event| {
        let _ = reject.call1(&JsValue::NULL, &JsValue::NULL);
    });
    let on_timeout = Closure::<dyn FnMut()>::new(move || {
        let _ = timed_out.call1(&JsValue::NULL, &JsValue::from_str(TIMED_OUT));
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    worker.set_onmessageerror(Some(on_error.as_ref().unchecked_ref()));
    let timer = web_sys::window().and_then(|w| {
        w.set_timeout_with_callback_and_timeout_and_arguments_0(
            on_timeout.as_ref().unchecked_ref(),
            TIME_LIMIT_MS,
        )
        .ok()
    });
    let answer = JsFuture::from(answer).await;
    // Ended before its handlers go, so none is called once dropped.
    worker.terminate();
    if let (Some(window), Some(timer)) = (web_sys::window(), timer) {
        window.clear_timeout_with_handle(timer);
    }
    drop((on_message, on_error, on_timeout));
    match answer {
        Ok(data) if data.is_instance_of::<Uint8Array>() => {
            Ok(data.unchecked_into::<Uint8Array>().to_vec())
        }
        Ok(data) => Err(data
            .as_string()
            .unwrap_or_else(|| failed("unerwartete Antwort."))),
        Err(e) if e.as_string().as_deref() == Some(TIMED_OUT) => Err(failed(
            "es dauerte länger als eine Minute. Bitte versuchen Sie es erneut.",
        )),
        Err(_) => Err(failed(
            "das Programm dafür ließ sich nicht laden. Bitte laden Sie die Seite neu.",
        )),
    }
}

/// The worker's main: answers each `[JSON, font]` with the PDF or an error text.
pub fn serve() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
        let message = Array::from(&e.data());
        let job = message.get(0).as_string().unwrap_or_default();
        let font = Uint8Array::new(&message.get(1)).to_vec();
        let sent = match pdf::from_job(&job, &font) {
            Ok(bytes) => {
                let bytes = Uint8Array::from(bytes.as_slice());
                reply.post_message_with_transfer(&bytes, &Array::of1(&bytes.buffer()))
            }
            Err(e) => reply.post_message(&JsValue::from_str(&e)),
        };
        if sent.is_err() {
            let _ =
                reply.post_message(&JsValue::from_str("Das PDF/A ließ sich nicht zurückgeben."));
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
    let _ = scope.post_message(&JsValue::from_str(READY));
}
