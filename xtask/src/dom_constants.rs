//! Fills in the constants `runtime/src/dom.js` needs before the wasm has arrived (the
//! element draws a published form's first screen with them): the assistant's
//! stylesheet, compacted, and `engine::view::VERSION`. Their one source stays
//! `runtime/style.css` and the engine; the source `dom.js` holds empty stand-ins.

use std::path::Path;

const STYLE: &str = "const STYLE = \"\";";
const VIEW_VERSION: &str = "const VIEW_VERSION = 0;";

/// Fills in the built `dom_js` from `style_css` and the engine.
pub fn fill(dom_js: &Path, style_css: &Path) -> Result<(), String> {
    let css =
        std::fs::read_to_string(style_css).map_err(|e| format!("{}: {e}", style_css.display()))?;
    let js = std::fs::read_to_string(dom_js).map_err(|e| format!("{}: {e}", dom_js.display()))?;
    let js = filled(&js, &css).map_err(|why| format!("{}: {why}", dom_js.display()))?;
    std::fs::write(dom_js, js).map_err(|e| format!("{}: {e}", dom_js.display()))
}

fn filled(js: &str, css: &str) -> Result<String, String> {
    for stand_in in [STYLE, VIEW_VERSION] {
        if js.matches(stand_in).count() != 1 {
            return Err(format!("expected `{stand_in}` once"));
        }
    }
    let style = serde_json::to_string(&compact(css)).map_err(|e| e.to_string())?;
    Ok(js
        .replace(STYLE, &format!("const STYLE = {style};"))
        .replace(
            VIEW_VERSION,
            &format!("const VIEW_VERSION = {};", engine::view::VERSION),
        ))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_is_compacted_keeping_combinators() {
        let css =
            "/* the host */\n.ff :focus-visible {\n  outline: 2px solid;\n  font: 1rem a, b;\n}\n";
        assert_eq!(
            compact(css),
            ".ff :focus-visible{outline:2px solid;font:1rem a, b}"
        );
    }

    #[test]
    fn the_stand_ins_are_filled_in_once_each() {
        let js = "const STYLE = \"\";\nconst VIEW_VERSION = 0;\nuse(STYLE, VIEW_VERSION);";
        let out = filled(js, "a { content: \"x\" }").expect("filled");
        assert_eq!(
            out,
            format!(
                "const STYLE = \"a{{content:\\\"x\\\"}}\";\nconst VIEW_VERSION = {};\nuse(STYLE, VIEW_VERSION);",
                engine::view::VERSION
            )
        );
        assert!(filled("const STYLE = \"\";", "").is_err(), "no version");
    }
}
