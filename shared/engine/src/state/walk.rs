//! Visiting element instances in document order (entries of repeating groups in turn),
//! as error summaries, the review page and the payload list them.

use crate::compiled::NodeId;
use crate::state::{FormState, Loc};

/// Calls `visit` for every element instance of `step`, in document order, with its
/// nesting depth. Returning false skips the instance's children.
pub fn walk_step(state: &FormState, step: usize, visit: &mut dyn FnMut(&Loc, usize) -> bool) {
    let form = state.form();
    let step_node = form.steps[step];
    walk(state, &form.nodes[step_node].children, &[], 0, visit);
}

fn walk(
    state: &FormState,
    nodes: &[NodeId],
    items: &[usize],
    depth: usize,
    visit: &mut dyn FnMut(&Loc, usize) -> bool,
) {
    let form = state.form();
    for &id in nodes {
        let loc = Loc::new(id, items.to_vec());
        if !visit(&loc, depth) {
            continue;
        }
        let children = &form.nodes[id].children;
        if children.is_empty() {
            continue;
        }
        if matches!(
            form.element_kind(id),
            Some(crate::format::Kind::Repeat { .. })
        ) {
            for index in 0..state.item_count(&loc) {
                let mut inner = items.to_vec();
                inner.push(index);
                walk(state, children, &inner, depth + 1, visit);
            }
        } else {
            walk(state, children, items, depth + 1, visit);
        }
    }
}

/// How an instance is named in payload errors: `halter.vorname`, `hunde[1].name`.
pub fn display_path(state: &FormState, loc: &Loc) -> String {
    let form = state.form();
    let node = &form.nodes[loc.node];
    let mut path = String::new();
    for (depth, &repeat) in node.repeats.iter().enumerate() {
        if !path.is_empty() {
            path.push('.');
        }
        path.push_str(&form.nodes[repeat].path);
        path.push_str(&format!("[{}]", loc.items.get(depth).copied().unwrap_or(0)));
    }
    if !path.is_empty() {
        path.push('.');
    }
    path.push_str(&node.path);
    path
}
