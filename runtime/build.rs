//! Compacts `style.css` for the wasm (comments and spaces out: 0.3 KB gzip of the
//! runtime's budget); the source stays commented. `src/lib.rs` includes the result.
// It runs at build time, never in the bundle: the size rules do not apply.
#![allow(clippy::disallowed_methods)]

fn main() {
    println!("cargo:rerun-if-changed=style.css");
    let css = std::fs::read_to_string("style.css").expect("runtime/style.css is readable");
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("style.css"), compact(&css)).expect("OUT_DIR is writable");
}

/// Drops comments and the spaces CSS does not need. Spaces before `:` stay (in
/// `.ff :focus-visible` that one is a combinator), and so do those after commas: a
/// custom property keeps its value as written.
fn compact(css: &str) -> String {
    let mut text = String::new();
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        text.push_str(&rest[..start]);
        rest = rest[start..]
            .find("*/")
            .map_or("", |end| &rest[start + end + 2..]);
    }
    text.push_str(rest);
    let mut out = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for mark in ["{", "}", ";"] {
        out = out
            .replace(&format!(" {mark}"), mark)
            .replace(&format!("{mark} "), mark);
    }
    out.replace(": ", ":").replace(";}", "}")
}
