//! The designer's files import each other without cycles: a view uses `commands`,
//! `kinds` and `doc`, and no two files need each other, directly or round about.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;
use std::path::Path;

/// The names after `prefix` in `text`: `prefix x`, `prefix {x, y::z}`.
fn named_after<'t>(text: &'t str, prefix: &str) -> Vec<&'t str> {
    let mut names = Vec::new();
    for (at, _) in text.match_indices(prefix) {
        let before = text[..at].chars().next_back();
        if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':') {
            continue;
        }
        let rest = &text[at + prefix.len()..];
        match rest.strip_prefix('{') {
            Some(group) => names.extend(
                group
                    .split('}')
                    .next()
                    .unwrap_or_default()
                    .split(',')
                    .map(|n| n.trim().split("::").next().unwrap_or_default().trim()),
            ),
            None => names.push(
                rest.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .next()
                    .unwrap_or_default(),
            ),
        }
    }
    names.retain(|n| !n.is_empty());
    names
}

/// The modules of a folder: file stem (or folder name) and path; `mod.rs` and `lib.rs`
/// are the folder's own module.
fn files(dir: &Path) -> Vec<(String, std::path::PathBuf)> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).expect("a folder") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            found.push((stem(&path), path.join("mod.rs")));
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push((stem(&path), path));
        }
    }
    found
}

fn stem(path: &Path) -> String {
    path.file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default()
        .to_string()
}

/// The designer modules each file names: `crate::x`, `use crate::{x, y}`, and inside a
/// folder module (`inbox/`) its files as `inbox::x`, named by `super::x` from a
/// sibling or by `x::` from the folder's `mod.rs` (a name `super::` finds in `mod.rs`
/// itself is the folder's module).
fn imports() -> BTreeMap<String, Vec<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut graph: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (module, path) in files(&src) {
        if module == "lib" {
            continue;
        }
        let folder = path
            .ends_with("mod.rs")
            .then(|| path.parent().map(files))
            .flatten();
        let mut add =
            |module: &str, text: &str, siblings: &[(String, std::path::PathBuf)], own: &str| {
                let mut named: Vec<String> = named_after(text, "crate::")
                    .into_iter()
                    .map(str::to_string)
                    .collect();
                for name in named_after(text, "super::") {
                    let is_file = siblings.iter().any(|(s, _)| s == name && s != "mod");
                    named.push(if is_file {
                        format!("{own}::{name}")
                    } else {
                        own.to_string()
                    });
                }
                named.retain(|n| n != module);
                named.dedup();
                graph.entry(module.to_string()).or_default().extend(named);
            };
        match folder {
            None => add(
                &module,
                &std::fs::read_to_string(&path).expect("readable"),
                &[],
                "",
            ),
            Some(children) => {
                let own_text = std::fs::read_to_string(&path).expect("readable");
                let mut own_named: Vec<String> = Vec::new();
                for (child, child_path) in &children {
                    if child == "mod" {
                        continue;
                    }
                    let id = format!("{module}::{child}");
                    if own_text.contains(&format!("{child}::")) {
                        own_named.push(id.clone());
                    }
                    if child_path.extension().is_some_and(|e| e == "rs") {
                        let text = std::fs::read_to_string(child_path).expect("readable");
                        add(&id, &text, &children, &module);
                    }
                }
                add(&module, &own_text, &[], "");
                graph.entry(module.clone()).or_default().extend(own_named);
            }
        }
    }
    graph
}

#[test]
fn no_two_files_import_each_other() {
    let graph = imports();
    assert!(graph.len() > 10, "{graph:?}");
    // Depth-first from every file; a file met again on the current path is a cycle.
    fn visit(
        graph: &BTreeMap<String, Vec<String>>,
        module: &str,
        path: &mut Vec<String>,
        done: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|m| m == module) {
            let mut cycle = path[at..].to_vec();
            cycle.push(module.to_string());
            return Some(cycle);
        }
        if done.iter().any(|m| m == module) {
            return None;
        }
        path.push(module.to_string());
        for next in graph.get(module).into_iter().flatten() {
            if graph.contains_key(next) {
                if let Some(cycle) = visit(graph, next, path, done) {
                    return Some(cycle);
                }
            }
        }
        path.pop();
        done.push(module.to_string());
        None
    }
    let mut done = Vec::new();
    for module in graph.keys() {
        if let Some(cycle) = visit(&graph, module, &mut Vec::new(), &mut done) {
            panic!("an import cycle: {}", cycle.join(" → "));
        }
    }
    // The check sees imports: the inspector uses the commands; the inbox's list its
    // requests, and the inbox its list.
    assert!(graph["inspector"].contains(&"commands".to_string()));
    assert!(
        graph["inbox::list"].contains(&"inbox::api".to_string()),
        "{graph:?}"
    );
    assert!(
        graph["inbox"].contains(&"inbox::list".to_string()),
        "{graph:?}"
    );
}
