//! A form ready to evaluate: one node per step and element, expressions resolved and
//! type-checked, patterns compiled, and the dependency graph that lets
//! [`crate::state::FormState`] re-evaluate only what an answer affects. Made by
//! `authoring::compile` from a definition; what a published form holds.

use crate::expr::{Expr, Type, Value};
use crate::format::{Element, Form, Kind};
use crate::markdown::Markdown;
use crate::pattern::Pattern;
use crate::Lang;

pub type NodeId = usize;

/// A definition ready to evaluate.
#[derive(Debug)]
pub struct CompiledForm {
    pub form: Form,
    pub nodes: Vec<Node>,
    /// Node ids in evaluation order: everything a node depends on comes before it.
    pub order: Vec<NodeId>,
    /// Position of each node in `order`.
    pub rank: Vec<usize>,
    /// Nodes whose visibility or computed value reads a node (or is inside it).
    pub dependents: Vec<Vec<NodeId>>,
    /// Nodes whose `required_if` or rules read a node: re-validated when it changes.
    pub check_dependents: Vec<Vec<NodeId>>,
    /// The node of each step.
    pub steps: Vec<NodeId>,
    /// Number of cells in the top-level record.
    pub root_slots: usize,
    /// The value of each of the form's parameters in effect.
    pub parameters: Vec<(String, Value)>,
    /// The SHA-256 of its published encoding, lower-case hex: what names this exact
    /// form (with its parameters) in drafts and payloads. Set by whoever assembles it:
    /// `authoring::compile` and [`crate::published::read`].
    pub hash: String,
}

#[derive(Debug)]
pub struct Node {
    /// Step index this node belongs to.
    pub step: usize,
    /// Indices from the step through groups to this element; empty for a step node.
    pub indices: Vec<usize>,
    pub key: String,
    /// Keys from the record's scope, e.g. `halter.vorname`, or `name` inside `hunde`.
    pub path: String,
    pub parent: Option<NodeId>,
    pub children: Vec<NodeId>,
    /// Enclosing repeating groups, outermost first.
    pub repeats: Vec<NodeId>,
    /// Index of this element's cell in its record (unused for steps).
    pub slot: usize,
    /// For repeating groups: cells in each entry's record.
    pub item_slots: usize,
    /// The type of the value in expressions, for fields, computed values and repeats.
    pub value_type: Option<Type>,
    pub visible_if: Option<Expr>,
    pub required_if: Option<Expr>,
    pub computed: Option<Expr>,
    pub rules: Vec<CompiledRule>,
    /// For content: its text, read.
    pub content: Option<Markdown>,
}

impl Node {
    pub fn is_step(&self) -> bool {
        self.indices.is_empty()
    }

    /// Whether one of its expressions names `target` sharing at most `level` enclosing
    /// repeating groups with it: then it reads across the entries of the group at that
    /// level (`sum(hunde.steuer)` from inside a dog's entry), not only its own entry.
    pub fn reads_across(&self, target: NodeId, level: usize) -> bool {
        [&self.visible_if, &self.computed, &self.required_if]
            .into_iter()
            .flatten()
            .chain(self.rules.iter().filter_map(|r| r.expression.as_ref()))
            .any(|expr| expr.reads(target, level))
    }

    fn blank(step: usize, indices: Vec<usize>, key: String, parent: Option<NodeId>) -> Node {
        Node {
            step,
            indices,
            path: key.clone(),
            key,
            parent,
            children: Vec::new(),
            repeats: Vec::new(),
            slot: 0,
            item_slots: 0,
            value_type: None,
            visible_if: None,
            required_if: None,
            computed: None,
            rules: Vec::new(),
            content: None,
        }
    }
}

/// The shape of a form: a node per step and element, with parents, children, enclosing
/// repeating groups, record slots and one rule slot per rule, but nothing compiled yet.
/// Compiling a definition and reading a published form both start from it, so the
/// shape of a form is derived in one place.
#[derive(Debug)]
pub struct Structure {
    pub nodes: Vec<Node>,
    /// The node of each step.
    pub steps: Vec<NodeId>,
    /// Number of cells in the top-level record.
    pub root_slots: usize,
}

impl Structure {
    pub fn of(form: &Form) -> Structure {
        let mut structure = Structure {
            nodes: Vec::new(),
            steps: Vec::new(),
            root_slots: 0,
        };
        for (index, step) in form.steps.iter().enumerate() {
            let id = structure.push(Node::blank(index, Vec::new(), step.id.clone(), None));
            structure.steps.push(id);
            structure.add_elements(&step.elements, id, "", &[]);
        }
        structure
    }

    fn push(&mut self, node: Node) -> NodeId {
        self.nodes.push(node);
        self.nodes.len() - 1
    }

    /// Adds `elements` under `parent`; `prefix` is the path of the group they are in
    /// inside its scope, `repeats` the enclosing repeating groups.
    fn add_elements(
        &mut self,
        elements: &[Element],
        parent: NodeId,
        prefix: &str,
        repeats: &[NodeId],
    ) {
        for (index, element) in elements.iter().enumerate() {
            let mut indices = self.nodes[parent].indices.clone();
            indices.push(index);
            let step = self.nodes[parent].step;
            let mut node = Node::blank(step, indices, element.key.clone(), Some(parent));
            if !prefix.is_empty() {
                node.path = format!("{prefix}.{}", element.key);
            }
            node.repeats = repeats.to_vec();
            node.slot = match repeats.last() {
                None => {
                    self.root_slots += 1;
                    self.root_slots - 1
                }
                Some(&repeat) => {
                    self.nodes[repeat].item_slots += 1;
                    self.nodes[repeat].item_slots - 1
                }
            };
            node.value_type = base_type(&element.kind);
            node.rules = (0..element.rules.len())
                .map(|index| CompiledRule {
                    index,
                    pattern: None,
                    expression: None,
                })
                .collect();
            let id = self.push(node);
            self.nodes[parent].children.push(id);
            match &element.kind {
                Kind::Group { elements } => {
                    let path = self.nodes[id].path.clone();
                    self.add_elements(elements, id, &path, repeats);
                }
                Kind::Repeat { elements, .. } => {
                    let mut inner = repeats.to_vec();
                    inner.push(id);
                    self.add_elements(elements, id, "", &inner);
                }
                _ => {}
            }
        }
    }
}

/// The type a field's answer has in expressions.
fn base_type(kind: &Kind) -> Option<Type> {
    Some(match kind {
        // Listed one by one: a new kind must decide its type here.
        Kind::Text
        | Kind::MultilineText
        | Kind::Email
        | Kind::Phone
        | Kind::PostalCode
        | Kind::Iban
        | Kind::SingleChoice { .. } => Type::Text,
        Kind::Integer | Kind::Decimal | Kind::Currency => Type::Number,
        Kind::Date => Type::Date,
        Kind::YesNo | Kind::Checkbox => Type::Bool,
        Kind::MultipleChoice { .. } => Type::List(Box::new(Type::Text)),
        Kind::File { .. } => Type::List(Box::new(Type::File)),
        Kind::Repeat { .. } => Type::Items,
        // Known only once the expression is checked.
        Kind::Computed { .. } => Type::Any,
        Kind::Content { .. } | Kind::Group { .. } => return None,
    })
}

/// A rule of an element, ready to apply.
#[derive(Debug)]
pub struct CompiledRule {
    /// Index into the element's `rules`.
    pub index: usize,
    pub pattern: Option<Pattern>,
    pub expression: Option<Expr>,
}

impl CompiledForm {
    /// A compiled form from the structure of `form` with its compiled parts filled in,
    /// the evaluation order and the dependents of each node.
    pub fn assemble(
        form: Form,
        structure: Structure,
        order: Vec<NodeId>,
        dependents: Vec<Vec<NodeId>>,
        check_dependents: Vec<Vec<NodeId>>,
        parameters: Vec<(String, Value)>,
    ) -> CompiledForm {
        let mut rank = vec![0; structure.nodes.len()];
        for (position, &id) in order.iter().enumerate() {
            if let Some(slot) = rank.get_mut(id) {
                *slot = position;
            }
        }
        CompiledForm {
            form,
            nodes: structure.nodes,
            order,
            rank,
            dependents,
            check_dependents,
            steps: structure.steps,
            root_slots: structure.root_slots,
            parameters,
            hash: String::new(),
        }
    }

    /// The element behind a (non-step) node.
    pub fn element(&self, node: NodeId) -> &Element {
        element_at(&self.form, &self.nodes[node])
    }

    /// The kind of an element node; `None` for steps.
    pub fn element_kind(&self, node: NodeId) -> Option<&Kind> {
        let n = self.nodes.get(node)?;
        (!n.is_step()).then(|| &self.element(node).kind)
    }

    /// Whether `node` is a group or repeating group at the top of its step under the
    /// step's own title, as FIM imports make them (each of the schema's groups a step):
    /// the title is then said once, by the step's heading, and the step draws no legend
    /// for the group (the review leaves such headings out too, by their text).
    pub fn repeats_step_title(&self, node: NodeId, lang: Lang) -> bool {
        let n = &self.nodes[node];
        n.indices.len() == 1
            && matches!(
                self.element(node).kind,
                Kind::Group { .. } | Kind::Repeat { .. }
            )
            && self.element(node).label.get(lang) == self.form.steps[n.step].title.get(lang)
    }

    /// Finds an element node by its scope path (`halter.vorname`, or `hunde.name` for
    /// the field inside the repeating group).
    pub fn find(&self, full_path: &str) -> Option<NodeId> {
        self.nodes
            .iter()
            .position(|node| !node.is_step() && self.full_path(node) == full_path)
    }

    /// The path of a node from the form's root, through repeating groups.
    pub fn full_path(&self, node: &Node) -> String {
        match node.repeats.last() {
            Some(&repeat) => format!("{}.{}", self.full_path(&self.nodes[repeat]), node.path),
            None => node.path.clone(),
        }
    }
}

/// The element a node stands for, found through its indices.
pub fn element_at<'f>(form: &'f Form, node: &Node) -> &'f Element {
    let mut element = &form.steps[node.step].elements[node.indices[0]];
    for &index in &node.indices[1..] {
        element = &element.children()[index];
    }
    element
}
