//! The designer's files import each other without cycles: a view uses `commands`,
//! `kinds` and `doc`, and no two files need each other, directly or round about.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;
use std::path::Path;

/// The designer modules each file names (`crate::x`, `use crate::{x, y}`).
fn imports() -> BTreeMap<String, Vec<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut graph = BTreeMap::new();
    for entry in std::fs::read_dir(&src).expect("src") {
        let path = entry.expect("entry").path();
        let Some(module) = path.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        if module == "lib" {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("readable");
        let mut named = Vec::new();
        for (at, _) in text.match_indices("crate::") {
            let rest = &text[at + "crate::".len()..];
            let names: Vec<&str> = match rest.strip_prefix('{') {
                Some(group) => group
                    .split('}')
                    .next()
                    .unwrap_or_default()
                    .split(',')
                    .map(|n| n.trim().split("::").next().unwrap_or_default())
                    .collect(),
                None => vec![rest
                    .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .next()
                    .unwrap_or_default()],
            };
            for name in names {
                let name = name.trim().to_string();
                if !name.is_empty() && name != module && !named.contains(&name) {
                    named.push(name);
                }
            }
        }
        graph.insert(module.to_string(), named);
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
    // The check sees imports: the inspector uses the commands.
    assert!(graph["inspector"].contains(&"commands".to_string()));
}
