//! The form as a tree of places: each element with its step, indices, parent,
//! children, key and FIM id, so rules can find elements and name them.

use engine::format::{Element, Form, Kind};

pub(super) struct Node {
    pub(super) step: usize,
    pub(super) indices: Vec<usize>,
    pub(super) parent: Option<usize>,
    pub(super) children: Vec<usize>,
    pub(super) key: String,
    pub(super) fim: Option<String>,
    pub(super) repeat: bool,
}

/// Every element of the form with its place, parent and children.
pub(super) struct Tree {
    pub(super) nodes: Vec<Node>,
    /// The top-level elements of all steps, in order: one scope for keys.
    pub(super) top: Vec<usize>,
}

impl Tree {
    pub(super) fn of(form: &Form) -> Tree {
        let mut tree = Tree {
            nodes: Vec::new(),
            top: Vec::new(),
        };
        for (step, s) in form.steps.iter().enumerate() {
            for (i, element) in s.elements.iter().enumerate() {
                let id = tree.add(element, step, vec![i], None);
                tree.top.push(id);
            }
        }
        tree
    }

    fn add(
        &mut self,
        element: &Element,
        step: usize,
        indices: Vec<usize>,
        parent: Option<usize>,
    ) -> usize {
        let id = self.nodes.len();
        self.nodes.push(Node {
            step,
            indices: indices.clone(),
            parent,
            children: Vec::new(),
            key: element.key.clone(),
            fim: element.fim.as_ref().map(|f| f.id.clone()),
            repeat: matches!(element.kind, Kind::Repeat { .. }),
        });
        for (i, child) in element.children().iter().enumerate() {
            let mut inner = indices.clone();
            inner.push(i);
            let child_id = self.add(child, step, inner, Some(id));
            self.nodes[id].children.push(child_id);
        }
        id
    }

    pub(super) fn element<'f>(&self, form: &'f Form, node: usize) -> &'f Element {
        let node = &self.nodes[node];
        let mut element = &form.steps[node.step].elements[node.indices[0]];
        for &i in &node.indices[1..] {
            element = &element.children()[i];
        }
        element
    }

    pub(super) fn element_mut<'f>(&self, form: &'f mut Form, node: usize) -> &'f mut Element {
        let node = &self.nodes[node];
        let mut element = &mut form.steps[node.step].elements[node.indices[0]];
        for &i in &node.indices[1..] {
            element = match &mut element.kind {
                Kind::Group { elements } | Kind::Repeat { elements, .. } => &mut elements[i],
                _ => unreachable!("the tree was built from this form"),
            };
        }
        element
    }

    pub(super) fn at(&self, step: usize, indices: &[usize]) -> Option<usize> {
        self.nodes
            .iter()
            .position(|n| n.step == step && n.indices == indices)
    }

    pub(super) fn with_fim(&self, id: &str) -> Vec<usize> {
        (0..self.nodes.len())
            .filter(|&n| self.fim_of(n) == Some(id))
            .collect()
    }

    pub(super) fn fim_of(&self, node: usize) -> Option<&str> {
        self.nodes[node].fim.as_deref()
    }

    pub(super) fn ancestors(&self, node: usize) -> impl Iterator<Item = usize> + '_ {
        std::iter::successors(self.nodes[node].parent, |&n| self.nodes[n].parent)
    }

    pub(super) fn in_subtree(&self, node: usize, root: usize) -> bool {
        node == root || self.ancestors(node).any(|a| a == root)
    }

    /// What the core's resolver finds for `path` in an expression of `from`: enclosing
    /// groups first (up to the first repeating one), then the entries of the enclosing
    /// repeating groups, innermost first, then the whole form.
    pub(super) fn lookup(&self, from: usize, path: &[&str]) -> Option<usize> {
        let tree = self;
        let ancestors: Vec<usize> = tree.ancestors(from).collect();
        for &group in &ancestors {
            if tree.nodes[group].repeat {
                break;
            }
            if let Some(found) = self.walk(Some(group), path) {
                return found;
            }
        }
        let repeats = ancestors.iter().filter(|&&a| tree.nodes[a].repeat);
        for container in repeats.map(|&r| Some(r)).chain([None]) {
            if let Some(found) = self.walk(container, path) {
                return found;
            }
        }
        None
    }

    /// `None` when the first key is not a member of `container`.
    fn walk(&self, container: Option<usize>, path: &[&str]) -> Option<Option<usize>> {
        let tree = self;
        let members = match container {
            Some(c) => &tree.nodes[c].children,
            None => &tree.top,
        };
        let (first, rest) = path.split_first()?;
        let mut node = *members.iter().find(|&&m| tree.nodes[m].key == *first)?;
        for segment in rest {
            match tree.nodes[node]
                .children
                .iter()
                .find(|&&c| tree.nodes[c].key == *segment)
            {
                Some(&child) => node = child,
                None => return Some(None),
            }
        }
        Some(Some(node))
    }
}
