//! Browser file plumbing: reading chosen files, offering downloads, blob URLs.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Blob, BlobPropertyBag, File, HtmlInputElement, Url};

/// The name and text of every file chosen in a file input.
pub async fn read_chosen(input: &HtmlInputElement) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    let Some(files) = input.files() else {
        return Ok(out);
    };
    for i in 0..files.length() {
        let Some(file) = files.get(i) else { continue };
        out.push((file.name(), read_text(&file).await?));
    }
    Ok(out)
}

pub async fn read_text(file: &File) -> Result<String, String> {
    let text = wasm_bindgen_futures::JsFuture::from(file.text())
        .await
        .map_err(|_| format!("{} kann nicht gelesen werden.", file.name()))?;
    text.as_string()
        .ok_or_else(|| format!("{} ist keine Textdatei.", file.name()))
}

/// A `blob:` URL holding `text`.
pub fn blob_url(text: &str, media_type: &str) -> Option<String> {
    blob_url_of(&JsValue::from_str(text), media_type)
}

/// A `blob:` URL holding `bytes`, e.g. to hand a published form to the runtime's `src`.
pub fn bytes_url(bytes: &[u8], media_type: &str) -> Option<String> {
    blob_url_of(&js_sys::Uint8Array::from(bytes), media_type)
}

fn blob_url_of(part: &JsValue, media_type: &str) -> Option<String> {
    let parts = js_sys::Array::of1(part);
    let options = BlobPropertyBag::new();
    options.set_type(media_type);
    let blob = Blob::new_with_u8_array_sequence_and_options(&parts, &options).ok()?;
    Url::create_object_url_with_blob(&blob).ok()
}

pub fn revoke(url: &str) {
    let _ = Url::revoke_object_url(url);
}

/// Offers `text` as a JSON download named `file_name`.
pub fn download(file_name: &str, text: &str) {
    offer(file_name, blob_url(text, "application/json"));
}

/// Offers `bytes` as a download named `file_name`.
pub fn download_bytes(file_name: &str, bytes: &[u8]) {
    offer(file_name, bytes_url(bytes, "application/octet-stream"));
}

fn offer(file_name: &str, url: Option<String>) {
    let Some(url) = url else {
        return;
    };
    let link = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.create_element("a").ok())
        .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok());
    if let Some(link) = link {
        link.set_href(&url);
        link.set_download(file_name);
        link.click();
    }
    revoke(&url);
}

/// Milliseconds since the page started, for timing figures.
pub fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// A `performance` mark, for timings the benchmarks read.
pub fn mark(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark(name);
    }
}

/// A `performance` measure from the mark `start` until now.
pub fn measure(name: &str, start: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.measure_with_start_mark(name, start);
    }
}
