//! Builds what `engine::view` describes: the description (`Tree`, one string) goes to
//! `dom.js` in a single call. Building element by element through web-sys would cost a
//! wasm-to-JS crossing and a string decode per element and attribute (500 fields: some
//! 10,000 of each), and generated glue code at every call site.

use engine::view::Tree;
use wasm_bindgen::prelude::*;
use web_sys::Node;

#[wasm_bindgen(module = "/src/dom.js")]
extern "C" {
    /// The DOM nodes `tokens` (a `Tree`'s) describe, as a fragment.
    #[wasm_bindgen(catch, js_name = build)]
    fn build_tokens(tokens: &str) -> Result<Node, JsValue>;
    /// Builds at once the contents of elements opened with `open_later` still to come.
    pub fn finish();
}

/// The DOM nodes `tree` describes (a fragment, to be appended).
pub fn build(tree: &mut Tree) -> Result<Node, JsValue> {
    build_tokens(tree.tokens())
}
