//! Answers and their evaluation: visibility, required, computed values and validation
//! of every element instance, kept up to date incrementally.
//!
//! Answers live in records: one for the form, one per entry of a repeating group. A
//! [`Loc`] names one instance: the node, and the entry index in each enclosing
//! repeating group. When an answer changes, only the nodes that read it (per
//! [`CompiledForm::dependents`]) are re-evaluated, in dependency order, and only their
//! instances that can see the change.

pub mod walk;

use std::sync::Arc;

use crate::compiled::{CompiledForm, NodeId};
use crate::date::Date;
use crate::expr::{eval, Env, Expr, Target, Value};
use crate::format::{ComputedFormat, Kind};
use crate::input::parse_input;
use crate::limits::MAX_ENTRIES;
use crate::text::{Lang, Text};
use crate::validate::{validate, Answer, FieldError};

/// One instance of an element: the node, and the entry index in each enclosing
/// repeating group (outermost first).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Loc {
    pub node: NodeId,
    pub items: Vec<usize>,
}

impl Loc {
    pub fn new(node: NodeId, items: Vec<usize>) -> Loc {
        Loc { node, items }
    }

    pub fn top(node: NodeId) -> Loc {
        Loc {
            node,
            items: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Record {
    pub cells: Vec<Cell>,
}

/// The state of one element instance.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cell {
    /// The answer, or the computed value.
    pub value: Value,
    /// Text typed that does not fit the type; kept so nothing typed is lost.
    pub raw: Option<String>,
    /// Entries of a repeating group.
    pub items: Vec<Record>,
    pub visible: bool,
    pub required: bool,
    pub errors: Vec<FieldError>,
    /// What the receiving authority refused about this answer (a 4xx with field
    /// errors); shown like any error until the answer changes.
    pub rejected: Option<Text>,
}

/// What an update changed, for the user interface to patch.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Changes {
    /// Instances whose visibility, required state, value or errors changed, in order
    /// (a sorted vector: the runtime's size budget has no room for a B-tree).
    pub cells: Vec<Loc>,
    /// Whether a step appeared or disappeared.
    pub steps: bool,
}

impl Changes {
    pub fn add(&mut self, loc: Loc) {
        if let Err(at) = self.cells.binary_search(&loc) {
            self.cells.insert(at, loc);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.cells.is_empty() && !self.steps
    }
}

/// Why an entry could not be added or removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemError {
    NotARepeat,
    AtMaximum,
    AtMinimum,
    NoSuchItem,
}

/// Answers being loaded in bulk: see [`FormState::load`].
pub struct Loading<'a> {
    state: &'a mut FormState,
}

impl Loading<'_> {
    pub fn state(&self) -> &FormState {
        self.state
    }

    /// A typed answer, as [`FormState::set`] takes it.
    pub fn set(&mut self, loc: &Loc, value: Value) {
        self.state.store(loc, value, None);
    }

    /// Typed text, as [`FormState::set_input`] reads it.
    pub fn set_input(&mut self, loc: &Loc, text: &str, lang: Lang) {
        let Some(kind) = self.state.form.element_kind(loc.node) else {
            return;
        };
        match parse_input(kind, text, lang) {
            Some(value) => self.state.store(loc, value, None),
            None => self.state.store(loc, Value::Null, Some(text.to_string())),
        };
    }

    /// Sets the number of entries of the repeating group at `repeat`, within its
    /// limits: the entries it has at most, `Err` with the count it has when asked for
    /// more.
    pub fn entries(&mut self, repeat: &Loc, count: usize) -> Result<(), usize> {
        let form = Arc::clone(&self.state.form);
        let (min, max) = match form.element_kind(repeat.node) {
            Some(Kind::Repeat { min, max, .. }) => (*min as usize, entry_limit(*max)),
            _ => return Err(0),
        };
        let Some(cell) = self.state.cell_mut(repeat) else {
            return Err(0);
        };
        let wanted = count.clamp(min, max);
        cell.items.truncate(wanted);
        while cell.items.len() < wanted {
            cell.items.push(new_record(&form, Some(repeat.node)));
        }
        if count > max {
            return Err(max);
        }
        Ok(())
    }
}

impl Drop for Loading<'_> {
    /// Loaded: everything evaluated once.
    fn drop(&mut self) {
        self.state.evaluate_all();
    }
}

/// The most entries a repeating group can have: its `max`, never beyond `MAX_ENTRIES`.
pub fn entry_limit(max: Option<u32>) -> usize {
    max.map_or(MAX_ENTRIES, |m| (m as usize).min(MAX_ENTRIES))
}

#[derive(Debug, Clone)]
pub struct FormState {
    form: Arc<CompiledForm>,
    root: Record,
    step_visible: Vec<bool>,
    today: Date,
    /// Instances evaluated since the state was made: the work an answer costs, for
    /// tests that it stays independent of the form's size.
    evaluated: u64,
}

impl FormState {
    /// Empty answers (repeating groups start with their minimum of entries), evaluated.
    pub fn new(form: Arc<CompiledForm>, today: Date) -> FormState {
        let root = new_record(&form, None);
        let step_visible = vec![false; form.steps.len()];
        let mut state = FormState {
            form,
            root,
            step_visible,
            today,
            evaluated: 0,
        };
        state.evaluate_all();
        state
    }

    pub fn form(&self) -> &Arc<CompiledForm> {
        &self.form
    }

    pub fn today(&self) -> Date {
        self.today
    }

    /// How many element instances were evaluated since the state was made.
    pub fn evaluated(&self) -> u64 {
        self.evaluated
    }

    /// The top-level record, with every entry beneath it.
    pub fn root(&self) -> &Record {
        &self.root
    }

    pub fn step_visible(&self, step: usize) -> bool {
        self.step_visible.get(step).copied().unwrap_or(false)
    }

    pub fn cell(&self, loc: &Loc) -> Option<&Cell> {
        let node = self.form.nodes.get(loc.node)?;
        if node.is_step() {
            return None;
        }
        self.record(&node.repeats, &loc.items)?.cells.get(node.slot)
    }

    pub fn is_visible(&self, loc: &Loc) -> bool {
        match self.form.nodes.get(loc.node) {
            Some(node) if node.is_step() => self.step_visible(node.step),
            Some(_) => self.cell(loc).is_some_and(|c| c.visible),
            None => false,
        }
    }

    /// The value as expressions see it: `Null` while hidden or mistyped.
    pub fn value(&self, loc: &Loc) -> Value {
        match self.cell(loc) {
            Some(cell) if cell.visible && cell.raw.is_none() => cell.value.clone(),
            _ => Value::Null,
        }
    }

    /// Sets a typed answer (from a choice, a checkbox, a file list, a prefill).
    pub fn set(&mut self, loc: &Loc, value: Value) -> Changes {
        self.write(loc, value, None)
    }

    /// Sets an answer from typed text, parsed per the field's type and `lang`.
    pub fn set_input(&mut self, loc: &Loc, text: &str, lang: Lang) -> Changes {
        let Some(kind) = self.form.element_kind(loc.node) else {
            return Changes::default();
        };
        match parse_input(kind, text, lang) {
            Some(value) => self.write(loc, value, None),
            None => self.write(loc, Value::Null, Some(text.to_string())),
        }
    }

    fn write(&mut self, loc: &Loc, value: Value, raw: Option<String>) -> Changes {
        if !self.store(loc, value, raw) {
            return Changes::default();
        }
        let mut changes = self.propagate(vec![(loc.node, loc.items.clone())]);
        changes.add(loc.clone());
        changes
    }

    /// Keeps an answer without evaluating anything; true when it changed.
    fn store(&mut self, loc: &Loc, value: Value, raw: Option<String>) -> bool {
        if self.form.nodes.get(loc.node).is_none_or(|n| n.is_step())
            || !self.form.element(loc.node).is_input()
        {
            return false;
        }
        let Some(cell) = self.cell_mut(loc) else {
            return false;
        };
        if cell.value == value && cell.raw == raw {
            return false;
        }
        cell.value = value;
        cell.raw = raw;
        cell.rejected = None;
        true
    }

    /// Answers read in bulk (a draft, a prefill, a payload): `load` takes them, entries
    /// included, without evaluating anything, and `evaluate_all` evaluates once at the
    /// end. Restoring 1,000 entries with a sum over them then costs one evaluation, not
    /// one per answer.
    pub fn load(&mut self) -> Loading<'_> {
        Loading { state: self }
    }

    /// Marks an answer as refused by the receiving authority, with its message.
    pub fn reject(&mut self, loc: &Loc, message: Text) -> Changes {
        let Some(cell) = self.cell_mut(loc) else {
            return Changes::default();
        };
        cell.rejected = Some(message);
        let mut changes = Changes::default();
        if self.check_node(loc.node, &loc.items) {
            changes.add(loc.clone());
        }
        changes
    }

    /// The instance a payload path names (`halter.vorname`, `hunde[1].name`).
    pub fn find_path(&self, path: &str) -> Option<Loc> {
        (0..self.form.nodes.len())
            .filter(|&node| !self.form.nodes[node].is_step())
            .flat_map(|node| {
                self.instances(node, &[])
                    .into_iter()
                    .map(move |items| Loc::new(node, items))
            })
            .find(|loc| crate::state::walk::display_path(self, loc) == path)
    }

    /// Adds an entry to the repeating group at `repeat`; returns its index.
    pub fn add_item(&mut self, repeat: &Loc) -> Result<(usize, Changes), ItemError> {
        let max = match &self.form.element_kind(repeat.node) {
            Some(Kind::Repeat { max, .. }) => *max,
            _ => return Err(ItemError::NotARepeat),
        };
        let record = new_record(&self.form, Some(repeat.node));
        let cell = self.cell_mut(repeat).ok_or(ItemError::NotARepeat)?;
        if cell.items.len() >= entry_limit(max) {
            return Err(ItemError::AtMaximum);
        }
        cell.items.push(record);
        let index = cell.items.len() - 1;
        Ok((index, self.structure_changed(repeat, Some(index))))
    }

    /// Removes entry `index`; later entries move up.
    pub fn remove_item(&mut self, repeat: &Loc, index: usize) -> Result<Changes, ItemError> {
        let min = match &self.form.element_kind(repeat.node) {
            Some(Kind::Repeat { min, .. }) => *min,
            _ => return Err(ItemError::NotARepeat),
        };
        let cell = self.cell_mut(repeat).ok_or(ItemError::NotARepeat)?;
        if index >= cell.items.len() {
            return Err(ItemError::NoSuchItem);
        }
        if cell.items.len() <= min as usize {
            return Err(ItemError::AtMinimum);
        }
        cell.items.remove(index);
        Ok(self.structure_changed(repeat, None))
    }

    /// Number of entries of the repeating group at `repeat`.
    pub fn item_count(&self, repeat: &Loc) -> usize {
        self.cell(repeat).map_or(0, |c| c.items.len())
    }

    fn descendants(&self, node: NodeId) -> Vec<NodeId> {
        let mut result = Vec::new();
        let mut stack = self.form.nodes[node].children.clone();
        while let Some(id) = stack.pop() {
            result.push(id);
            stack.extend(self.form.nodes[id].children.iter().copied());
        }
        result
    }

    /// Evaluates everything from scratch; returns what changed.
    pub fn evaluate_all(&mut self) -> Changes {
        let form = Arc::clone(&self.form);
        let mut changes = Changes::default();
        for &id in &form.order {
            for items in self.instances(id, &[]) {
                if self.evaluate_node(id, &items) {
                    if form.nodes[id].is_step() {
                        changes.steps = true;
                    } else {
                        // Cheap: the evaluation order mostly follows the document's.
                        changes.add(Loc::new(id, items));
                    }
                }
            }
        }
        let pending = Pending {
            check: (0..form.nodes.len()).map(|id| (id, Vec::new())).collect(),
            ..Pending::default()
        };
        self.settle_into(pending, &mut changes);
        changes
    }

    /// Moves today on, for an assistant left open past midnight: what depends on the
    /// date (`today()`, `age()`, date limits like `today-18y`) is evaluated again.
    /// Returns what changed; nothing when the date is the same.
    pub fn set_today(&mut self, today: Date) -> Changes {
        if today == self.today {
            return Changes::default();
        }
        self.today = today;
        self.evaluate_all()
    }

    /// Every instance of `node` whose enclosing entries start with `prefix`.
    pub fn instances(&self, node: NodeId, prefix: &[usize]) -> Vec<Vec<usize>> {
        let repeats = &self.form.nodes[node].repeats;
        let start = prefix.len().min(repeats.len());
        let mut result = vec![prefix[..start].to_vec()];
        for &repeat in &repeats[start..] {
            let mut next = Vec::new();
            for items in result {
                let count = self
                    .cell(&Loc::new(repeat, items.clone()))
                    .map_or(0, |c| c.items.len());
                for index in 0..count {
                    let mut deeper = items.clone();
                    deeper.push(index);
                    next.push(deeper);
                }
            }
            result = next;
        }
        result
    }

    /// Re-evaluates what depends on the `forced` nodes (whose value changed at the given
    /// entry prefix), in dependency order, then re-validates.
    fn propagate(&mut self, forced: Vec<(NodeId, Vec<usize>)>) -> Changes {
        let mut pending = Pending::default();
        for (node, items) in &forced {
            pending.dependents_of(&self.form, *node, items);
        }
        self.settle(pending)
    }

    /// After an entry was added (`added`, its index) or removed: what reads the entries
    /// from outside (sums, counts) or reads the repeating group itself is re-evaluated,
    /// and a new entry's elements are evaluated for the first time. The other entries
    /// are left alone, so adding the 2,000th entry costs what adding the first did.
    fn structure_changed(&mut self, repeat: &Loc, added: Option<usize>) -> Changes {
        let form = Arc::clone(&self.form);
        let subtree = self.descendants(repeat.node);
        let inside = |node: NodeId| form.nodes[node].repeats.contains(&repeat.node);
        let mut pending = Pending::default();
        // Inside the entries, only what reads across them: anything naming the group
        // itself (its count), or an element of the entries as a list of all of them.
        let level = repeat.items.len();
        let across = |from: NodeId, reader: NodeId| {
            let level = if from == repeat.node {
                usize::MAX
            } else {
                level
            };
            !inside(reader) || form.nodes[reader].reads_across(from, level)
        };
        for from in std::iter::once(repeat.node).chain(subtree.iter().copied()) {
            for &dependent in form.dependents[from].iter().filter(|&&d| across(from, d)) {
                let prefix = shared_prefix(&form, from, dependent, &repeat.items);
                pending.evaluate(&form, dependent, prefix);
            }
            for &dependent in form.check_dependents[from]
                .iter()
                .filter(|&&d| across(from, d))
            {
                let prefix = shared_prefix(&form, from, dependent, &repeat.items);
                add_check(&mut pending.check, dependent, &prefix);
            }
        }
        add_check(&mut pending.check, repeat.node, &repeat.items);
        if let Some(index) = added {
            let mut entry = repeat.items.clone();
            entry.push(index);
            for &node in &subtree {
                pending.evaluate(&form, node, entry.clone());
            }
        }
        let mut changes = self.settle(pending);
        changes.add(repeat.clone());
        changes
    }

    /// Evaluates what is pending in dependency order, and what that changes in turn,
    /// then re-validates.
    fn settle(&mut self, pending: Pending) -> Changes {
        let mut changes = Changes::default();
        self.settle_into(pending, &mut changes);
        changes
    }

    fn settle_into(&mut self, mut pending: Pending, changes: &mut Changes) {
        let form = Arc::clone(&self.form);
        // A computed value is empty while an answer it reads is invalid
        // (`evaluate_node`): when checking changes an answer's errors, the computed
        // values reading it are evaluated again, and what they change checked.
        loop {
            while let Some((_, node, prefix)) = pending.queue.pop() {
                for items in self.instances(node, &prefix) {
                    if self.evaluate_node(node, &items) {
                        if form.nodes[node].is_step() {
                            changes.steps = true;
                        } else {
                            changes.add(Loc::new(node, items.clone()));
                        }
                        pending.dependents_of(&form, node, &items);
                    }
                }
            }
            for (node, prefix) in std::mem::take(&mut pending.check) {
                for items in self.instances(node, &prefix) {
                    if self.check_node(node, &items) {
                        for &dependent in &form.dependents[node] {
                            if form.nodes[dependent].computed.is_some() {
                                let prefix = shared_prefix(&form, node, dependent, &items);
                                pending.evaluate(&form, dependent, prefix);
                            }
                        }
                        changes.add(Loc::new(node, items));
                    }
                }
            }
            if pending.queue.is_empty() {
                return;
            }
        }
    }

    /// Whether an answer `expr` reads at the instance `items` has an error other than
    /// being empty (see `settle`).
    fn reads_invalid(&self, expr: &Expr, items: &[usize]) -> bool {
        let mut targets = Vec::new();
        expr.targets(&mut targets);
        targets.iter().any(|target| {
            let prefix = &items[..target.shared_depth.min(items.len())];
            self.instances(target.node, prefix).into_iter().any(|at| {
                self.cell(&Loc::new(target.node, at))
                    .is_some_and(|c| c.errors.iter().any(|e| e.code != "required"))
            })
        })
    }

    /// Recomputes visibility and computed value; true when either changed.
    fn evaluate_node(&mut self, id: NodeId, items: &[usize]) -> bool {
        self.evaluated += 1;
        let form = Arc::clone(&self.form);
        let node = &form.nodes[id];
        let env = At { state: self, items };
        let condition = node
            .visible_if
            .as_ref()
            .is_none_or(|expr| eval(expr, &env).as_bool());
        if node.is_step() {
            let changed = self.step_visible[node.step] != condition;
            self.step_visible[node.step] = condition;
            return changed;
        }
        let parent_visible = match node.parent {
            Some(parent) if form.nodes[parent].is_step() => {
                self.step_visible(form.nodes[parent].step)
            }
            Some(parent) => {
                let depth = form.nodes[parent].repeats.len();
                self.cell(&Loc::new(parent, items[..depth].to_vec()))
                    .is_some_and(|c| c.visible)
            }
            None => true,
        };
        let visible = parent_visible && condition;
        let computed = match (&node.computed, visible) {
            (Some(expr), true) if self.reads_invalid(expr, items) => Some(Value::Null),
            (Some(expr), true) => {
                let value = eval(expr, &env);
                Some(match (&form.element(id).kind, value) {
                    (
                        Kind::Computed {
                            format: ComputedFormat::Currency,
                            ..
                        },
                        Value::Number(n),
                    ) => Value::Number((n * 100.0).round() / 100.0),
                    (_, value) => value,
                })
            }
            (Some(_), false) => Some(Value::Null),
            (None, _) => None,
        };
        let Some(cell) = self.cell_mut(&Loc::new(id, items.to_vec())) else {
            return false;
        };
        let mut changed = cell.visible != visible;
        cell.visible = visible;
        if let Some(value) = computed {
            changed |= cell.value != value;
            cell.value = value;
        }
        changed
    }

    /// Recomputes required state and errors; true when either changed.
    fn check_node(&mut self, id: NodeId, items: &[usize]) -> bool {
        let form = Arc::clone(&self.form);
        let node = &form.nodes[id];
        if node.is_step() {
            return false;
        }
        let element = form.element(id);
        let loc = Loc::new(id, items.to_vec());
        let Some(cell) = self.cell(&loc) else {
            return false;
        };
        let (required, errors) = if cell.visible {
            let env = At { state: self, items };
            let required = element.required
                || node
                    .required_if
                    .as_ref()
                    .is_some_and(|expr| eval(expr, &env).as_bool());
            let answer = Answer {
                value: &cell.value,
                raw: cell.raw.as_deref(),
                required,
                item_count: cell.items.len(),
            };
            let mut errors = match element.kind {
                Kind::Group { .. } | Kind::Content { .. } => Vec::new(),
                _ => validate(element, &node.rules, &answer, &env),
            };
            if let Some(message) = &cell.rejected {
                errors.push(FieldError {
                    code: "rejected",
                    message: message.clone(),
                });
            }
            (required, errors)
        } else {
            (false, Vec::new())
        };
        let Some(cell) = self.cell_mut(&loc) else {
            return false;
        };
        let changed = cell.required != required || cell.errors != errors;
        cell.required = required;
        cell.errors = errors;
        changed
    }

    fn record(&self, repeats: &[NodeId], items: &[usize]) -> Option<&Record> {
        if items.len() != repeats.len() {
            return None;
        }
        let mut record = &self.root;
        for (&repeat, &index) in repeats.iter().zip(items) {
            record = record
                .cells
                .get(self.form.nodes[repeat].slot)?
                .items
                .get(index)?;
        }
        Some(record)
    }

    fn cell_mut(&mut self, loc: &Loc) -> Option<&mut Cell> {
        let node = self.form.nodes.get(loc.node)?;
        if node.is_step() || loc.items.len() != node.repeats.len() {
            return None;
        }
        let mut record = &mut self.root;
        for (&repeat, &index) in node.repeats.iter().zip(&loc.items) {
            record = record
                .cells
                .get_mut(self.form.nodes[repeat].slot)?
                .items
                .get_mut(index)?;
        }
        record.cells.get_mut(node.slot)
    }

    /// The value a reference sees from the entries `items`.
    fn lookup(&self, target: Target, items: &[usize]) -> Value {
        let node = &self.form.nodes[target.node];
        let is_repeat = matches!(
            self.form.element_kind(target.node),
            Some(Kind::Repeat { .. })
        );
        let depth = node.repeats.len();
        let shared = target.shared_depth.min(items.len());
        if depth <= shared {
            let loc = Loc::new(target.node, items[..depth].to_vec());
            return if is_repeat {
                match self.cell(&loc) {
                    Some(cell) if cell.visible => {
                        Value::List(vec![Value::Bool(true); cell.items.len()])
                    }
                    _ => Value::List(Vec::new()),
                }
            } else {
                self.value(&loc)
            };
        }
        let mut values = Vec::new();
        for instance in self.instances(target.node, &items[..shared]) {
            let loc = Loc::new(target.node, instance);
            match self.value(&loc) {
                _ if is_repeat => values.extend(std::iter::repeat_n(
                    Value::Bool(true),
                    self.cell(&loc)
                        .filter(|c| c.visible)
                        .map_or(0, |c| c.items.len()),
                )),
                Value::List(inner) => values.extend(inner),
                value => values.push(value),
            }
        }
        Value::List(values)
    }
}

/// The part of `items` (entries of `from`'s instance) that `to`'s affected instances share.
fn shared_prefix(form: &CompiledForm, from: NodeId, to: NodeId, items: &[usize]) -> Vec<usize> {
    let a = &form.nodes[from].repeats;
    let b = &form.nodes[to].repeats;
    let common = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    items[..common.min(items.len())].to_vec()
}

/// What is still to evaluate and to validate, each with the entry prefix the change
/// concerns: nodes to evaluate by rank, highest first so that the next in dependency
/// order is popped from the end, and nodes to validate by id. Sorted vectors, like
/// `Changes`.
#[derive(Default)]
struct Pending {
    queue: Vec<(usize, NodeId, Vec<usize>)>,
    check: Vec<(NodeId, Vec<usize>)>,
}

impl Pending {
    fn evaluate(&mut self, form: &CompiledForm, node: NodeId, prefix: Vec<usize>) {
        let rank = form.rank[node];
        match self.queue.binary_search_by(|entry| rank.cmp(&entry.0)) {
            Ok(at) => merge_prefix(&mut self.queue[at].2, &prefix),
            Err(at) => self.queue.insert(at, (rank, node, prefix)),
        }
    }

    /// What reads `from`, whose instance at `items` changed.
    fn dependents_of(&mut self, form: &CompiledForm, from: NodeId, items: &[usize]) {
        for &dependent in &form.dependents[from] {
            self.evaluate(form, dependent, shared_prefix(form, from, dependent, items));
        }
        for &dependent in &form.check_dependents[from] {
            let prefix = shared_prefix(form, from, dependent, items);
            add_check(&mut self.check, dependent, &prefix);
        }
        add_check(&mut self.check, from, items);
    }
}

/// Keeps the longest prefix both cover, so every affected instance is re-evaluated.
fn add_check(to_check: &mut Vec<(NodeId, Vec<usize>)>, node: NodeId, prefix: &[usize]) {
    match to_check.binary_search_by_key(&node, |entry| entry.0) {
        Ok(at) => merge_prefix(&mut to_check[at].1, prefix),
        Err(at) => to_check.insert(at, (node, prefix.to_vec())),
    }
}

fn merge_prefix(existing: &mut Vec<usize>, other: &[usize]) {
    let common = existing
        .iter()
        .zip(other)
        .take_while(|(a, b)| a == b)
        .count();
    existing.truncate(common);
}

fn new_record(form: &CompiledForm, scope: Option<NodeId>) -> Record {
    let slots = match scope {
        None => form.root_slots,
        Some(repeat) => form.nodes[repeat].item_slots,
    };
    let mut record = Record {
        cells: vec![Cell::default(); slots],
    };
    for (id, node) in form.nodes.iter().enumerate() {
        if node.is_step() || node.repeats.last().copied() != scope {
            continue;
        }
        if let Kind::Repeat { min, .. } = &form.element(id).kind {
            let count = (*min as usize).min(MAX_ENTRIES);
            record.cells[node.slot].items =
                (0..count).map(|_| new_record(form, Some(id))).collect();
        }
    }
    record
}

/// Evaluation environment at one instance.
struct At<'a> {
    state: &'a FormState,
    items: &'a [usize],
}

impl Env for At<'_> {
    fn value(&self, target: Target) -> Value {
        self.state.lookup(target, self.items)
    }

    fn today(&self) -> Date {
        self.state.today
    }
}
