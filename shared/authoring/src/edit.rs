//! Editing a definition, as the designer does it: new elements with sensible defaults,
//! inserting, moving and removing elements and steps by position, keys that follow
//! their labels, options from pasted lines, a condition builder, and the undo history.
//!
//! Every function works on a plain [`Form`] and reports what it cannot do as an
//! [`EditError`], so the designer's drag and drop, keyboard commands and inspector stay
//! thin and all of it is tested here.

use crate::keys::{self, Keys};
use engine::date::Date;
use engine::format::{
    Check, ChoiceDisplay, ChoiceOption, ComputedFormat, DateBound, DateUnit, Element, Form, Kind,
    KindName, ParameterKind, Rule, RuleName, Step, DEFAULT_MAX_FILE_SIZE,
};
use engine::text::Text;

/// An element's position: its step and the indices down through groups
/// (`[2, 0]`: the first element inside the third element of the step).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Path {
    pub step: usize,
    pub indices: Vec<usize>,
}

impl Path {
    pub fn new(step: usize, indices: &[usize]) -> Path {
        Path {
            step,
            indices: indices.to_vec(),
        }
    }

    /// The place the element occupies, i.e. where it would be inserted again.
    pub fn slot(&self) -> Slot {
        let (index, parent) = self.indices.split_last().unwrap_or((&0, &[]));
        Slot {
            step: self.step,
            parent: parent.to_vec(),
            index: *index,
        }
    }

    /// Whether `self` is `other` or lies inside it.
    pub fn within(&self, other: &Path) -> bool {
        self.step == other.step && self.indices.starts_with(&other.indices)
    }
}

/// A place between elements: in `step`, inside the group at `parent` (empty: the step
/// itself), before the element at `index` (the list's length: at the end).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot {
    pub step: usize,
    pub parent: Vec<usize>,
    pub index: usize,
}

impl Slot {
    /// The end of a step.
    pub fn end_of_step(form: &Form, step: usize) -> Slot {
        let index = form.steps.get(step).map_or(0, |s| s.elements.len());
        Slot {
            step,
            parent: Vec::new(),
            index,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditError {
    NoStep(usize),
    NoElement(Path),
    /// The slot's parent is not a group or repeating group.
    NotAGroup(Path),
    /// A group cannot be moved into itself.
    IntoItself,
    /// Already first or last in its list.
    AtEdge,
    /// A form keeps at least one step.
    LastStep,
}

impl EditError {
    pub fn message(&self) -> Text {
        match self {
            EditError::NoStep(n) => Text::new(
                format!("Schritt {} gibt es nicht.", n + 1),
                format!("There is no step {}.", n + 1),
            ),
            EditError::NoElement(_) => Text::new(
                "Dieses Element gibt es nicht mehr.",
                "This element no longer exists.",
            ),
            EditError::NotAGroup(_) => Text::new(
                "Hier kann nichts abgelegt werden: das Element ist keine Gruppe.",
                "Nothing can be placed here: the element is not a group.",
            ),
            EditError::IntoItself => Text::new(
                "Eine Gruppe kann nicht in sich selbst verschoben werden.",
                "A group cannot be moved into itself.",
            ),
            EditError::AtEdge => Text::new(
                "Das Element ist schon am Rand.",
                "The element is already at the edge.",
            ),
            EditError::LastStep => Text::new(
                "Ein Formular braucht mindestens einen Schritt.",
                "A form needs at least one step.",
            ),
        }
    }
}

/// The element at `path`.
pub fn element<'a>(form: &'a Form, path: &Path) -> Option<&'a Element> {
    let (first, rest) = path.indices.split_first()?;
    let mut element = form.steps.get(path.step)?.elements.get(*first)?;
    for &index in rest {
        element = element.children().get(index)?;
    }
    Some(element)
}

pub fn element_mut<'a>(form: &'a mut Form, path: &Path) -> Option<&'a mut Element> {
    let (last, parent) = path.indices.split_last()?;
    list_mut(form, path.step, parent).ok()?.get_mut(*last)
}

/// The list of elements of a step or a group.
fn list_mut<'a>(
    form: &'a mut Form,
    step: usize,
    parent: &[usize],
) -> Result<&'a mut Vec<Element>, EditError> {
    let mut list = &mut form
        .steps
        .get_mut(step)
        .ok_or(EditError::NoStep(step))?
        .elements;
    for (depth, &index) in parent.iter().enumerate() {
        let at = || Path::new(step, &parent[..=depth]);
        list = match list.get_mut(index).map(|e| &mut e.kind) {
            Some(Kind::Group { elements } | Kind::Repeat { elements, .. }) => elements,
            Some(_) => return Err(EditError::NotAGroup(at())),
            None => return Err(EditError::NoElement(at())),
        };
    }
    Ok(list)
}

/// Inserts `element` at `slot` (an index past the end appends) and returns its path.
pub fn insert(form: &mut Form, slot: &Slot, element: Element) -> Result<Path, EditError> {
    let list = list_mut(form, slot.step, &slot.parent)?;
    let index = slot.index.min(list.len());
    list.insert(index, element);
    let mut indices = slot.parent.clone();
    indices.push(index);
    Ok(Path {
        step: slot.step,
        indices,
    })
}

pub fn remove(form: &mut Form, path: &Path) -> Result<Element, EditError> {
    let (&last, parent) = path
        .indices
        .split_last()
        .ok_or_else(|| EditError::NoElement(path.clone()))?;
    let list = list_mut(form, path.step, parent)?;
    if last >= list.len() {
        return Err(EditError::NoElement(path.clone()));
    }
    Ok(list.remove(last))
}

/// Moves the element at `from` (with everything inside it) to `to`, a slot as seen
/// before the move. Returns the element's new path.
pub fn move_element(form: &mut Form, from: &Path, to: &Slot) -> Result<Path, EditError> {
    let target_parent = Path::new(to.step, &to.parent);
    if !to.parent.is_empty() && target_parent.within(from) {
        return Err(EditError::IntoItself);
    }
    // Check the target before taking the element out, so a failed move changes nothing.
    list_mut(form, to.step, &to.parent)?;
    let element = remove(form, from)?;
    let mut to = to.clone();
    if to.step == from.step {
        let (&removed, removed_parent) = from.indices.split_last().unwrap_or((&0, &[]));
        let depth = removed_parent.len();
        // Positions after the removed element in the same list moved up by one.
        if to.parent.len() > depth
            && to.parent[..depth] == *removed_parent
            && to.parent[depth] > removed
        {
            to.parent[depth] -= 1;
        } else if to.parent == removed_parent && to.index > removed {
            to.index -= 1;
        }
    }
    insert(form, &to, element)
}

/// Moves an element one place up (`-1`) or down (`1`) within its list.
pub fn move_by(form: &mut Form, path: &Path, delta: isize) -> Result<Path, EditError> {
    let slot = path.slot();
    let len = list_mut(form, slot.step, &slot.parent)?.len();
    let target = slot.index as isize + delta;
    if target < 0 || target >= len as isize {
        return Err(EditError::AtEdge);
    }
    // A slot is "before index" in the list as it was: moving down passes one more.
    let index = if delta > 0 { target + 1 } else { target } as usize;
    move_element(form, path, &Slot { index, ..slot })
}

/// Moves an element to the end of another step.
pub fn move_to_step(form: &mut Form, path: &Path, step: usize) -> Result<Path, EditError> {
    if step >= form.steps.len() {
        return Err(EditError::NoStep(step));
    }
    move_element(form, path, &Slot::end_of_step(form, step))
}

/// Where an element can be moved: every step and every group or repeating group
/// (a list: its step and the group's indices, empty for the step itself), with a
/// name and nesting depth for a menu. `moving` and what lies inside it are left out.
pub fn containers(form: &Form, moving: &Path) -> Vec<(Slot, String, usize)> {
    fn groups(
        elements: &[Element],
        step: usize,
        parent: &[usize],
        moving: &Path,
        out: &mut Vec<(Slot, String, usize)>,
    ) {
        for (index, element) in elements.iter().enumerate() {
            let mut indices = parent.to_vec();
            indices.push(index);
            let here = Path::new(step, &indices);
            if here.within(moving)
                || !matches!(element.kind, Kind::Group { .. } | Kind::Repeat { .. })
            {
                continue;
            }
            let name = if element.label.de.is_empty() {
                element.key.clone()
            } else {
                element.label.de.clone()
            };
            let slot = Slot {
                step,
                parent: indices.clone(),
                index: element.children().len(),
            };
            out.push((slot, name, indices.len()));
            groups(element.children(), step, &indices, moving, out);
        }
    }
    let mut out = Vec::new();
    for (index, step) in form.steps.iter().enumerate() {
        out.push((
            Slot::end_of_step(form, index),
            format!("Schritt {}: {}", index + 1, step.title.de),
            0,
        ));
        groups(&step.elements, index, &[], moving, &mut out);
    }
    out
}

/// Adds an empty step at `index` (clamped) and returns where it went.
pub fn add_step(form: &mut Form, index: usize) -> usize {
    let mut ids = Keys::new(form.steps.iter().map(|s| s.id.clone()));
    let number = form.steps.len() + 1;
    let step = Step {
        id: ids.claim(&format!("schritt {number}")),
        title: Text::de(format!("Schritt {number}")),
        visible_if: None,
        elements: Vec::new(),
    };
    let index = index.min(form.steps.len());
    form.steps.insert(index, step);
    index
}

pub fn move_step(form: &mut Form, from: usize, to: usize) -> Result<(), EditError> {
    let len = form.steps.len();
    if from >= len {
        return Err(EditError::NoStep(from));
    }
    if to >= len {
        return Err(EditError::AtEdge);
    }
    let step = form.steps.remove(from);
    form.steps.insert(to, step);
    Ok(())
}

pub fn remove_step(form: &mut Form, index: usize) -> Result<Step, EditError> {
    if index >= form.steps.len() {
        return Err(EditError::NoStep(index));
    }
    if form.steps.len() == 1 {
        return Err(EditError::LastStep);
    }
    Ok(form.steps.remove(index))
}

/// Every key in the form, groups' and repeating groups' included.
pub fn all_keys(form: &Form) -> Keys {
    fn collect(elements: &[Element], keys: &mut Vec<String>) {
        for element in elements {
            keys.push(element.key.clone());
            collect(element.children(), keys);
        }
    }
    let mut keys = Vec::new();
    for step in &form.steps {
        collect(&step.elements, &mut keys);
    }
    Keys::new(keys)
}

/// A new element of type `kind` labelled `label` (the designer's name for the type; a
/// text element gets it as its text) with a key unique in the form, ready to use (a
/// choice has two options to rename).
pub fn new_element(form: &Form, kind: KindName, label: &str) -> Element {
    let option = placeholder_option;
    let (kind, de) = match kind {
        KindName::Text => (Kind::Text, label),
        KindName::MultilineText => (Kind::MultilineText, label),
        KindName::Email => (Kind::Email, label),
        KindName::Phone => (Kind::Phone, label),
        KindName::PostalCode => (Kind::PostalCode, label),
        KindName::Iban => (Kind::Iban, label),
        KindName::SingleChoice => (
            Kind::SingleChoice {
                options: vec![option(1), option(2)],
                display: ChoiceDisplay::Radio,
            },
            label,
        ),
        KindName::MultipleChoice => (
            Kind::MultipleChoice {
                options: vec![option(1), option(2)],
            },
            label,
        ),
        KindName::YesNo => (Kind::YesNo, label),
        KindName::Checkbox => (Kind::Checkbox, label),
        KindName::Integer => (Kind::Integer, label),
        KindName::Decimal => (Kind::Decimal, label),
        KindName::Currency => (Kind::Currency, label),
        KindName::Date => (Kind::Date, label),
        KindName::File => (
            Kind::File {
                accept: vec!["application/pdf".into(), "image/*".into()],
                max_size: DEFAULT_MAX_FILE_SIZE,
                max_count: 1,
            },
            label,
        ),
        KindName::Group => (
            Kind::Group {
                elements: Vec::new(),
            },
            label,
        ),
        KindName::Repeat => (
            Kind::Repeat {
                elements: Vec::new(),
                min: 0,
                max: None,
                item_label: Text::de("Eintrag"),
            },
            label,
        ),
        KindName::Content => (
            Kind::Content {
                markdown: Text::de(label),
            },
            "",
        ),
        KindName::Computed => (
            Kind::Computed {
                expression: "0".into(),
                format: ComputedFormat::Auto,
            },
            label,
        ),
    };
    let mut keys = all_keys(form);
    let key = keys.claim(if de.is_empty() { "hinweis" } else { de });
    let label = if de.is_empty() {
        Text::default()
    } else {
        Text::de(de)
    };
    let mut element = Element::new(key, kind, label);
    if let Kind::Repeat { elements, .. } = &mut element.kind {
        // An empty repeating group is an error; one field makes it usable at once.
        elements.push(Element::new(
            keys::key_base("Bezeichnung"),
            Kind::Text,
            Text::de("Bezeichnung"),
        ));
    }
    element
}

/// Sets the German label; a key that still followed the old label follows the new one
/// (kept unique in the form). Returns whether the key changed.
pub fn set_label(form: &mut Form, path: &Path, de: &str) -> Result<bool, EditError> {
    let missing = || EditError::NoElement(path.clone());
    let current = element(form, path).ok_or_else(missing)?;
    // A key named in an expression stays: renaming it would break that expression.
    let follows = !de.trim().is_empty()
        && keys::derived_from(&current.key, &current.label.de)
        && !is_referenced(form, &current.key);
    let new_key = if follows && keys::key_base(de) != keys::key_base(&current.label.de) {
        let mut taken = all_keys(form);
        Some(taken.claim(de))
    } else {
        None
    };
    let element = element_mut(form, path).ok_or_else(missing)?;
    element.label.de = de.to_string();
    match new_key {
        Some(key) => {
            element.key = key;
            Ok(true)
        }
        None => Ok(false),
    }
}

/// The id a new form gets before it has a title (`neues-formular`, `neues-formular-2`).
pub const NEW_FORM_ID: &str = "neues-formular";

/// Sets the German title; an id that still followed the old title (or is a new form's)
/// follows the new one, made unique by `unique` (ids of other saved forms). Returns
/// whether the id changed.
pub fn set_title(form: &mut Form, de: &str, unique: impl FnOnce(&str) -> String) -> bool {
    let is_new = form.id.strip_prefix(NEW_FORM_ID).is_some_and(|rest| {
        rest.is_empty()
            || rest
                .strip_prefix('-')
                .is_some_and(|n| n.parse::<u32>().is_ok())
    });
    let follows = is_new || form.id == keys::slug(&form.title.de, '-');
    form.title.de = de.to_string();
    let wanted = keys::slug(de, '-');
    if !follows || wanted.is_empty() || wanted == form.id {
        return false;
    }
    form.id = unique(&wanted);
    true
}

/// Every expression of the form: conditions, computed values, rule expressions.
pub fn expressions(form: &Form) -> Vec<&str> {
    fn collect<'a>(elements: &'a [Element], out: &mut Vec<&'a str>) {
        for element in elements {
            out.extend(element.visible_if.as_deref());
            out.extend(element.required_if.as_deref());
            if let Kind::Computed { expression, .. } = &element.kind {
                out.push(expression);
            }
            for rule in &element.rules {
                if let Check::Expression { expression } = &rule.check {
                    out.push(expression);
                }
            }
            collect(element.children(), out);
        }
    }
    let mut out = Vec::new();
    for step in &form.steps {
        out.extend(step.visible_if.as_deref());
        collect(&step.elements, &mut out);
    }
    out
}

/// Whether any expression names `key` (alone or as a part of `group.key`). Expressions
/// that do not parse yet count as naming nothing.
pub fn is_referenced(form: &Form, key: &str) -> bool {
    expressions(form).iter().any(|expression| {
        let Ok(expr) = crate::expr::parse(expression) else {
            return false;
        };
        let mut paths = Vec::new();
        crate::compile::collect_paths(&expr, &mut paths);
        paths.iter().flatten().any(|part| part == key)
    })
}

/// Options from pasted lines, one per line; `wert | Beschriftung` gives the value
/// explicitly, otherwise it is derived from the label. Empty lines are skipped; values
/// stay unique.
pub fn options_from_lines(text: &str) -> Vec<ChoiceOption> {
    let mut values = Keys::default();
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(|line| {
            let (value, label) = match line.split_once('|') {
                Some((value, label)) => (value.trim(), label.trim()),
                None => ("", line),
            };
            let value = if value.is_empty() {
                values.claim(label)
            } else {
                values.claim(value)
            };
            ChoiceOption {
                value,
                label: Text::de(label),
            }
        })
        .collect()
}

/// The n-th option a new choice field starts with, to be replaced by real ones.
fn placeholder_option(n: u32) -> ChoiceOption {
    ChoiceOption {
        value: format!("option_{n}"),
        label: Text::de(format!("Option {n}")),
    }
}

/// Adds the options of pasted lines (see [`options_from_lines`]) after `options`,
/// values kept unique; the placeholder options a new field starts with, as long as
/// they are untouched, are replaced rather than kept. The number added.
pub fn paste_options(options: &mut Vec<ChoiceOption>, text: &str) -> usize {
    let new = options_from_lines(text);
    if new.is_empty() {
        return 0;
    }
    let untouched = options
        .iter()
        .enumerate()
        .all(|(i, o)| *o == placeholder_option(i as u32 + 1));
    if untouched {
        options.clear();
    }
    let mut values = Keys::new(options.iter().map(|o| o.value.clone()));
    let added = new.len();
    for mut option in new {
        option.value = values.claim(&option.value);
        options.push(option);
    }
    added
}

/// The comparisons the simple condition builder offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparison {
    Equals,
    NotEquals,
    Greater,
    Less,
    Filled,
    Empty,
    Yes,
    No,
}

impl Comparison {
    pub const ALL: [Comparison; 8] = [
        Comparison::Equals,
        Comparison::NotEquals,
        Comparison::Greater,
        Comparison::Less,
        Comparison::Filled,
        Comparison::Empty,
        Comparison::Yes,
        Comparison::No,
    ];

    pub fn label(self) -> Text {
        let (de, en) = match self {
            Comparison::Equals => ("ist gleich", "equals"),
            Comparison::NotEquals => ("ist nicht", "is not"),
            Comparison::Greater => ("ist größer als", "is greater than"),
            Comparison::Less => ("ist kleiner als", "is less than"),
            Comparison::Filled => ("ist ausgefüllt", "is filled in"),
            Comparison::Empty => ("ist leer", "is empty"),
            Comparison::Yes => ("ist „Ja“", "is \"yes\""),
            Comparison::No => ("ist „Nein“", "is \"no\""),
        };
        Text::new(de, en)
    }

    /// Whether the comparison needs a value typed in.
    pub fn takes_value(self) -> bool {
        matches!(
            self,
            Comparison::Equals | Comparison::NotEquals | Comparison::Greater | Comparison::Less
        )
    }
}

/// The expression for "`reference` `comparison` `value`", with the value written as
/// the referenced field's type needs it: numbers as numbers (German "1,5" accepted),
/// dates as `@YYYY-MM-DD` (German "31.12.2024" accepted), everything else as text.
pub fn condition(reference: &str, kind: &Kind, comparison: Comparison, value: &str) -> String {
    let value = value.trim();
    // A choice is compared by an option's value; its label typed instead means it.
    let value = match kind {
        Kind::SingleChoice { options, .. } | Kind::MultipleChoice { options }
            if !options.iter().any(|o| o.value == value) =>
        {
            options
                .iter()
                .find(|o| o.label.de.trim().eq_ignore_ascii_case(value))
                .map_or(value, |o| o.value.as_str())
        }
        _ => value,
    };
    if let (Kind::MultipleChoice { .. }, Comparison::Equals | Comparison::NotEquals) =
        (kind, comparison)
    {
        let contains = format!("contains({reference}, {})", quoted(value));
        return if comparison == Comparison::Equals {
            contains
        } else {
            format!("not {contains}")
        };
    }
    let literal = || match kind {
        Kind::Integer | Kind::Decimal | Kind::Currency => {
            let number = value.replace('.', "").replace(',', ".");
            if number.parse::<f64>().is_ok() {
                return number;
            }
            quoted(value)
        }
        Kind::Date => match engine::date::Date::parse_german(value)
            .or_else(|| engine::date::Date::parse_iso(value))
        {
            Some(date) => format!("@{date}"),
            None => quoted(value),
        },
        _ => quoted(value),
    };
    match comparison {
        Comparison::Equals => format!("{reference} == {}", literal()),
        Comparison::NotEquals => format!("{reference} != {}", literal()),
        Comparison::Greater => format!("{reference} > {}", literal()),
        Comparison::Less => format!("{reference} < {}", literal()),
        Comparison::Filled => format!("not empty({reference})"),
        Comparison::Empty => format!("empty({reference})"),
        Comparison::Yes => format!("{reference} == true"),
        Comparison::No => format!("{reference} == false"),
    }
}

fn quoted(text: &str) -> String {
    let mut out = String::from('"');
    for c in text.chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// The names an expression of the element at `path` can use, for completion: the
/// fields of the form outside repeating groups (`anschrift.plz` into groups), the
/// repeating groups themselves (for `count`), and inside a repeating group its own
/// entry's fields by their plain key.
pub fn references(form: &Form, path: &Path) -> Vec<Reference> {
    fn collect(elements: &[Element], prefix: &str, out: &mut Vec<Reference>) {
        for element in elements {
            let name = format!("{prefix}{}", element.key);
            match &element.kind {
                Kind::Group { elements } => collect(elements, &format!("{name}."), out),
                Kind::Content { .. } => {}
                kind => out.push(Reference {
                    name,
                    label: element.label.de.clone(),
                    kind: kind.clone(),
                }),
            }
        }
    }
    let mut out = Vec::new();
    // Inside a repeating group: its entry's fields first, they are the likely ones.
    let step = form.steps.get(path.step);
    if let Some(step) = step {
        let mut list = &step.elements;
        for &index in &path.indices {
            let Some(element) = list.get(index) else {
                break;
            };
            if let Kind::Repeat { elements, .. } = &element.kind {
                out.clear();
                collect(elements, "", &mut out);
            }
            list = match &element.kind {
                Kind::Group { elements } | Kind::Repeat { elements, .. } => elements,
                _ => break,
            };
        }
    }
    for step in &form.steps {
        collect(&step.elements, "", &mut out);
    }
    // The municipality's parameters, with the type expressions see.
    for parameter in &form.parameters {
        let kind = match parameter.kind {
            ParameterKind::Text => Kind::Text,
            ParameterKind::Number => Kind::Decimal,
            ParameterKind::Currency => Kind::Currency,
        };
        out.push(Reference {
            name: format!("param.{}", parameter.key),
            label: parameter.label.de.clone(),
            kind,
        });
    }
    // The element itself is no sensible reference in its own condition.
    if let Some(own) = element(form, path) {
        out.retain(|r| r.name != own.key && !r.name.ends_with(&format!(".{}", own.key)));
    }
    out
}

/// A name an expression can use: `anschrift.plz`, with the label form builders know
/// it by and the kind of what it names.
#[derive(Debug, Clone, PartialEq)]
pub struct Reference {
    pub name: String,
    pub label: String,
    pub kind: Kind,
}

impl Reference {
    /// How lists show it to form builders: "Postleitzahl (anschrift.plz)".
    pub fn shown(&self) -> String {
        if self.label.trim().is_empty() {
            self.name.clone()
        } else {
            format!("{} ({})", self.label, self.name)
        }
    }
}

/// Undo and redo by whole snapshots: simple, and cheap enough for forms of thousands of
/// fields. Changes with the same `merge` tag in a row (typing into one input) form one
/// undo step.
#[derive(Debug, Clone)]
pub struct History<T> {
    past: Vec<T>,
    future: Vec<T>,
    limit: usize,
    last_merge: Option<String>,
}

impl<T> History<T> {
    pub fn new(limit: usize) -> History<T> {
        History {
            past: Vec::new(),
            future: Vec::new(),
            limit: limit.max(1),
            last_merge: None,
        }
    }

    /// Call with the state before a change.
    pub fn record(&mut self, before: T, merge: Option<&str>) {
        self.future.clear();
        if merge.is_some() && merge == self.last_merge.as_deref() {
            return;
        }
        self.last_merge = merge.map(str::to_string);
        if self.past.len() == self.limit {
            self.past.remove(0);
        }
        self.past.push(before);
    }

    /// The state to return to, given the current one (kept for redo).
    pub fn undo(&mut self, current: T) -> Option<T> {
        let previous = self.past.pop()?;
        self.future.push(current);
        self.last_merge = None;
        Some(previous)
    }

    pub fn redo(&mut self, current: T) -> Option<T> {
        let next = self.future.pop()?;
        self.past.push(current);
        self.last_merge = None;
        Some(next)
    }

    pub fn can_undo(&self) -> bool {
        !self.past.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.future.is_empty()
    }

    /// Ends merging: the next change is a new undo step even with the same tag.
    pub fn seal(&mut self) {
        self.last_merge = None;
    }
}

/// Replaces the rule with the same code as `check` (or removes it: `None` with `code`),
/// keeping a message the form builder wrote for it.
pub fn set_check(element: &mut Element, name: RuleName, check: Option<Check>) {
    let position = element
        .rules
        .iter()
        .position(|r| r.check.rule_name() == name);
    match (position, check) {
        (Some(i), Some(check)) => element.rules[i].check = check,
        (None, Some(check)) => element.rules.push(Rule {
            check,
            message: None,
        }),
        (Some(i), None) => {
            element.rules.remove(i);
        }
        (None, None) => {}
    }
}

/// The element's rule of this name, if it has one.
pub fn check(element: &Element, name: RuleName) -> Option<&Check> {
    element
        .rules
        .iter()
        .map(|r| &r.check)
        .find(|c| c.rule_name() == name)
}

/// A date limit as a form builder types it: `TT.MM.JJJJ` (or `JJJJ-MM-TT`), `heute`
/// (`today`), `heute - 18 Jahre` / `today-18y`, or another date field by its label or
/// key. `None` when it is none of these.
pub fn date_limit_from_typed(form: &Form, path: &Path, typed: &str) -> Option<DateBound> {
    let typed = typed.trim();
    if let Some(date) = Date::parse_german(typed).or_else(|| Date::parse_iso(typed)) {
        return Some(DateBound::Absolute(date));
    }
    let dates = || {
        references(form, path)
            .into_iter()
            .filter(|r| matches!(r.kind, Kind::Date))
    };
    let lower = typed.to_lowercase();
    if let Some(field) = dates().find(|r| r.name == typed || r.label.trim().to_lowercase() == lower)
    {
        return Some(DateBound::Field(field.name));
    }
    let compact: String = lower.chars().filter(|c| !c.is_whitespace()).collect();
    let rest = compact
        .strip_prefix("heute")
        .or_else(|| compact.strip_prefix("today"))?;
    if rest.is_empty() {
        return Some(DateBound::Relative {
            amount: 0,
            unit: DateUnit::Days,
        });
    }
    let (sign, rest) = match rest.chars().next()? {
        '+' => (1, &rest[1..]),
        '-' | '−' => (-1, &rest[rest.chars().next()?.len_utf8()..]),
        _ => return None,
    };
    let digits_end = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    let (digits, unit) = rest.split_at(digits_end);
    let amount: i32 = digits.parse().ok().filter(|n| *n <= 99_999)?;
    let unit = match unit.chars().next()? {
        'd' | 't' => DateUnit::Days,
        'm' => DateUnit::Months,
        'y' | 'j' => DateUnit::Years,
        _ => return None,
    };
    Some(DateBound::Relative {
        amount: sign * amount,
        unit,
    })
}

/// A date limit as the inspector shows it, in words [`date_limit_from_typed`] reads
/// back: `01.12.2026`, `heute`, `heute - 18 Jahre`, or the date field's label.
pub fn date_limit_shown(form: &Form, path: &Path, bound: &DateBound) -> String {
    match bound {
        DateBound::Absolute(date) => date.to_german(),
        DateBound::Relative { amount: 0, .. } => "heute".into(),
        DateBound::Relative { amount, unit } => {
            let n = amount.unsigned_abs();
            let unit = match (unit, n) {
                (DateUnit::Days, 1) => "Tag",
                (DateUnit::Days, _) => "Tage",
                (DateUnit::Months, 1) => "Monat",
                (DateUnit::Months, _) => "Monate",
                (DateUnit::Years, 1) => "Jahr",
                (DateUnit::Years, _) => "Jahre",
            };
            let sign = if *amount < 0 { '-' } else { '+' };
            format!("heute {sign} {n} {unit}")
        }
        DateBound::Field(name) => {
            let matching =
                |r: &Reference| !r.label.trim().is_empty() && matches!(r.kind, Kind::Date);
            let all = references(form, path);
            let field = all.iter().find(|r| r.name == *name);
            // The label, unless another date field has the same one.
            match field {
                Some(r)
                    if matching(r)
                        && all
                            .iter()
                            .filter(|o| matching(o) && o.label.trim() == r.label.trim())
                            .count()
                            == 1 =>
                {
                    r.label.trim().to_string()
                }
                _ => name.clone(),
            }
        }
    }
}

/// Every translatable text of the form with its address (`steps[0].elements[1].label`),
/// in document order, for the translations view; `f` may change them.
pub fn for_each_text(form: &mut Form, f: &mut dyn FnMut(&str, &mut Text)) {
    fn element_texts(element: &mut Element, at: &str, f: &mut dyn FnMut(&str, &mut Text)) {
        if !element.label.de.is_empty() || element.is_input() {
            f(&format!("{at}.label"), &mut element.label);
        }
        if let Some(help) = &mut element.help {
            f(&format!("{at}.help"), help);
        }
        if let Some(placeholder) = &mut element.placeholder {
            f(&format!("{at}.placeholder"), placeholder);
        }
        match &mut element.kind {
            Kind::SingleChoice { options, .. } | Kind::MultipleChoice { options } => {
                for (i, option) in options.iter_mut().enumerate() {
                    f(&format!("{at}.options[{i}]"), &mut option.label);
                }
            }
            Kind::Content { markdown } => f(&format!("{at}.markdown"), markdown),
            Kind::Repeat {
                elements,
                item_label,
                ..
            } => {
                f(&format!("{at}.item_label"), item_label);
                for (i, child) in elements.iter_mut().enumerate() {
                    element_texts(child, &format!("{at}.elements[{i}]"), f);
                }
            }
            Kind::Group { elements } => {
                for (i, child) in elements.iter_mut().enumerate() {
                    element_texts(child, &format!("{at}.elements[{i}]"), f);
                }
            }
            _ => {}
        }
        for (i, rule) in element.rules.iter_mut().enumerate() {
            if let Some(message) = &mut rule.message {
                f(&format!("{at}.rules[{i}].message"), message);
            }
        }
    }
    f("title", &mut form.title);
    if let Some(description) = &mut form.description {
        f("description", description);
    }
    for (s, step) in form.steps.iter_mut().enumerate() {
        f(&format!("steps[{s}].title"), &mut step.title);
        for (i, element) in step.elements.iter_mut().enumerate() {
            element_texts(element, &format!("steps[{s}].elements[{i}]"), f);
        }
    }
    for (i, declaration) in form.declarations.iter_mut().enumerate() {
        f(&format!("declarations[{i}].text"), &mut declaration.text);
    }
}

/// A new, empty form: one step, ready for the first field.
pub fn blank_form(id: &str) -> Form {
    Form {
        format_version: engine::format::FORMAT_VERSION,
        id: id.to_string(),
        version: "1.0.0".into(),
        title: Text::de("Neues Formular"),
        description: None,
        languages: vec![engine::text::Lang::De],
        leika: None,
        steps: vec![Step {
            id: "schritt_1".into(),
            title: Text::de("Schritt 1"),
            visible_if: None,
            elements: Vec::new(),
        }],
        declarations: Vec::new(),
        submission: None,
        fim: None,
        parameters: Vec::new(),
        time_zone: None,
        drafts: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::problem::{has_errors, Severity};
    use engine::format::SubmissionSettings;

    /// Step 1: name, group(anschrift: strasse, ort), alter; step 2: hinweis.
    fn sample() -> Form {
        let mut form = blank_form("test");
        form.submission = Some(SubmissionSettings {
            endpoint: Some("/api/submissions".into()),
        });
        add_step(&mut form, 1);
        let add = |form: &mut Form, kind: &str, label: &str, slot: Slot| {
            let kind = KindName::parse(kind).expect("known kind");
            let element = new_element(form, kind, "Neu");
            let path = insert(form, &slot, element).expect("inserted");
            set_label(form, &path, label).expect("labelled");
            path
        };
        let at = |step, parent: &[usize], index| Slot {
            step,
            parent: parent.to_vec(),
            index,
        };
        add(&mut form, "text", "Name", at(0, &[], 0));
        add(&mut form, "group", "Anschrift", at(0, &[], 1));
        add(&mut form, "text", "Straße", at(0, &[1], 0));
        add(&mut form, "text", "Ort", at(0, &[1], 1));
        add(&mut form, "integer", "Alter", at(0, &[], 2));
        add(&mut form, "content", "", at(1, &[], 0));
        form
    }

    fn keys_of(elements: &[Element]) -> Vec<&str> {
        elements.iter().map(|e| e.key.as_str()).collect()
    }

    #[test]
    fn date_limits_are_read_as_builders_type_them_and_shown_so() {
        let mut form = sample();
        for (label, index) in [("Beginn", 3), ("Ende", 4)] {
            let element = new_element(&form, KindName::Date, "Datum");
            let path = insert(
                &mut form,
                &Slot {
                    step: 0,
                    parent: vec![],
                    index,
                },
                element,
            )
            .expect("inserted");
            set_label(&mut form, &path, label).expect("labelled");
        }
        let end = Path::new(0, &[4]);
        let read = |typed: &str| date_limit_from_typed(&form, &end, typed);
        let day = |y, m, d| DateBound::Absolute(Date::new(y, m, d).expect("valid"));
        let relative = |amount, unit| DateBound::Relative { amount, unit };
        assert_eq!(read("01.12.2026"), Some(day(2026, 12, 1)));
        assert_eq!(read(" 1.2.2027 "), Some(day(2027, 2, 1)));
        assert_eq!(read("2026-12-01"), Some(day(2026, 12, 1)));
        assert_eq!(read("heute"), Some(relative(0, DateUnit::Days)));
        assert_eq!(read("Today"), Some(relative(0, DateUnit::Days)));
        assert_eq!(
            read("heute - 18 Jahre"),
            Some(relative(-18, DateUnit::Years))
        );
        assert_eq!(read("today+30d"), Some(relative(30, DateUnit::Days)));
        assert_eq!(
            read("heute + 2 Monate"),
            Some(relative(2, DateUnit::Months))
        );
        assert_eq!(read("Beginn"), Some(DateBound::Field("beginn".into())));
        assert_eq!(read("beginn"), Some(DateBound::Field("beginn".into())));
        assert_eq!(read("Name"), None, "a text field is no date limit");
        assert_eq!(read("31.02.2026"), None);
        assert_eq!(read("heute -"), None);
        assert_eq!(read("morgen"), None);
        // Shown as read back.
        for typed in [
            "01.12.2026",
            "heute",
            "heute - 18 Jahre",
            "heute + 1 Tag",
            "Beginn",
        ] {
            let bound = read(typed).expect(typed);
            let shown = date_limit_shown(&form, &end, &bound);
            assert_eq!(shown, typed);
            assert_eq!(read(&shown), Some(bound));
        }
    }

    #[test]
    fn new_elements_have_readable_unique_keys_that_follow_the_label() {
        let form = sample();
        assert_eq!(
            keys_of(&form.steps[0].elements),
            ["name", "anschrift", "alter"]
        );
        assert_eq!(
            keys_of(form.steps[0].elements[1].children()),
            ["strasse", "ort"]
        );
        let mut form = form;
        let path = Path::new(0, &[0]);
        assert!(set_label(&mut form, &path, "Vorname").expect("exists"));
        assert_eq!(form.steps[0].elements[0].key, "vorname");
        // A key the form builder chose stays when the label changes.
        element_mut(&mut form, &path).expect("exists").key = "rufname".into();
        assert!(!set_label(&mut form, &path, "Name des Kindes").expect("exists"));
        assert_eq!(form.steps[0].elements[0].key, "rufname");
        // A label giving a taken key gets a numbered one.
        let alter = Path::new(0, &[2]);
        set_label(&mut form, &alter, "Anschrift").expect("exists");
        assert_eq!(form.steps[0].elements[2].key, "anschrift_2");
        // A key used in a condition stays, so the condition keeps working.
        form.steps[1].elements[0].visible_if = Some("anschrift.ort != \"\"".into());
        assert!(is_referenced(&form, "ort"));
        assert!(!is_referenced(&form, "or"));
        assert!(
            !is_referenced(&form, "name"),
            "text inside quotes is no reference"
        );
        form.steps[1].elements[0].required_if = Some("name == \"strasse\"".into());
        assert!(is_referenced(&form, "name") && !is_referenced(&form, "strasse"));
        form.steps[1].elements[0].required_if = None;
        set_label(&mut form, &Path::new(0, &[1, 1]), "Wohnort").expect("exists");
        assert_eq!(form.steps[0].elements[1].children()[1].key, "ort");
    }

    #[test]
    fn every_kind_of_new_element_makes_a_usable_form() {
        let mut form = blank_form("alle-typen");
        form.submission = Some(SubmissionSettings {
            endpoint: Some("/api/submissions".into()),
        });
        for &kind in KindName::ALL {
            let element = new_element(&form, kind, "Neu");
            assert_eq!(element.kind.kind_name(), kind);
            let end = Slot::end_of_step(&form, 0);
            insert(&mut form, &end, element).expect("inserted");
        }
        let problems = crate::lint::lint(&form);
        let errors: Vec<_> = problems
            .iter()
            .filter(|p| p.severity == Severity::Error)
            .map(|p| p.to_string())
            .collect();
        assert!(errors.is_empty(), "{errors:#?}");
    }

    #[test]
    fn moves_within_a_list_in_both_directions() {
        let mut form = sample();
        let moved = move_by(&mut form, &Path::new(0, &[0]), 1).expect("moves");
        assert_eq!(moved, Path::new(0, &[1]));
        assert_eq!(
            keys_of(&form.steps[0].elements),
            ["anschrift", "name", "alter"]
        );
        let moved = move_by(&mut form, &Path::new(0, &[2]), -1).expect("moves");
        assert_eq!(moved, Path::new(0, &[1]));
        assert_eq!(
            keys_of(&form.steps[0].elements),
            ["anschrift", "alter", "name"]
        );
        assert_eq!(
            move_by(&mut form, &Path::new(0, &[0]), -1),
            Err(EditError::AtEdge)
        );
        assert_eq!(
            move_by(&mut form, &Path::new(0, &[2]), 1),
            Err(EditError::AtEdge)
        );
        // Dropping an element onto its own place changes nothing.
        let before = form.clone();
        let path = Path::new(0, &[1]);
        for index in [1, 2] {
            let slot = Slot {
                index,
                ..path.slot()
            };
            assert_eq!(move_element(&mut form, &path, &slot), Ok(path.clone()));
            assert_eq!(form, before);
        }
    }

    #[test]
    fn moves_into_and_out_of_groups_and_across_steps() {
        let mut form = sample();
        // "alter" into the group, between strasse and ort.
        let into = Slot {
            step: 0,
            parent: vec![1],
            index: 1,
        };
        let moved = move_element(&mut form, &Path::new(0, &[2]), &into).expect("moves");
        assert_eq!(moved, Path::new(0, &[1, 1]));
        assert_eq!(
            keys_of(form.steps[0].elements[1].children()),
            ["strasse", "alter", "ort"]
        );
        // "name" (before the group) into the group: the group's index shifts.
        let into_end = Slot {
            step: 0,
            parent: vec![1],
            index: 3,
        };
        let moved = move_element(&mut form, &Path::new(0, &[0]), &into_end).expect("moves");
        assert_eq!(moved, Path::new(0, &[0, 3]));
        assert_eq!(
            keys_of(form.steps[0].elements[0].children()),
            ["strasse", "alter", "ort", "name"]
        );
        // The group moves to step 2 with its children.
        let moved = move_to_step(&mut form, &Path::new(0, &[0]), 1).expect("moves");
        assert_eq!(moved, Path::new(1, &[1]));
        assert!(form.steps[0].elements.is_empty());
        assert_eq!(
            element(&form, &Path::new(1, &[1, 3])).map(|e| e.key.as_str()),
            Some("name")
        );
    }

    #[test]
    fn refuses_impossible_moves_without_changing_anything() {
        let mut form = sample();
        let before = form.clone();
        let group = Path::new(0, &[1]);
        let inside_itself = Slot {
            step: 0,
            parent: vec![1],
            index: 0,
        };
        assert_eq!(
            move_element(&mut form, &group, &inside_itself),
            Err(EditError::IntoItself)
        );
        let into_a_field = Slot {
            step: 0,
            parent: vec![0],
            index: 0,
        };
        assert_eq!(
            move_element(&mut form, &Path::new(0, &[2]), &into_a_field),
            Err(EditError::NotAGroup(Path::new(0, &[0])))
        );
        assert_eq!(
            move_to_step(&mut form, &Path::new(0, &[0]), 5),
            Err(EditError::NoStep(5))
        );
        assert_eq!(
            remove(&mut form, &Path::new(0, &[9])),
            Err(EditError::NoElement(Path::new(0, &[9])))
        );
        assert_eq!(form, before);
    }

    #[test]
    fn steps_are_added_moved_and_removed_but_never_the_last() {
        let mut form = sample();
        let index = add_step(&mut form, 99);
        assert_eq!(index, 2);
        assert_eq!(form.steps[2].title.de, "Schritt 3");
        let ids: Vec<_> = form.steps.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["schritt_1", "schritt_2", "schritt_3"]);
        move_step(&mut form, 0, 2).expect("moves");
        assert_eq!(form.steps[2].elements.len(), 3);
        assert_eq!(move_step(&mut form, 0, 3), Err(EditError::AtEdge));
        remove_step(&mut form, 0).expect("removes");
        remove_step(&mut form, 0).expect("removes");
        assert_eq!(remove_step(&mut form, 0), Err(EditError::LastStep));
        assert_eq!(
            keys_of(&form.steps[0].elements),
            ["name", "anschrift", "alter"]
        );
    }

    #[test]
    fn pasted_lines_become_options_with_unique_values() {
        // Pasted into a new field: its placeholder options make room.
        let Kind::SingleChoice {
            options: mut fresh, ..
        } = new_element(&blank_form("t"), KindName::SingleChoice, "Auswahl").kind
        else {
            panic!("a choice");
        };
        assert_eq!(paste_options(&mut fresh, "Ja\nNein\n"), 2);
        assert_eq!(
            fresh.iter().map(|o| o.value.as_str()).collect::<Vec<_>>(),
            ["ja", "nein"]
        );
        // Pasted after real ones: added, values kept apart.
        assert_eq!(paste_options(&mut fresh, "Ja\nVielleicht"), 2);
        assert_eq!(
            fresh.iter().map(|o| o.value.as_str()).collect::<Vec<_>>(),
            ["ja", "nein", "ja_2", "vielleicht"]
        );
        assert_eq!(paste_options(&mut fresh, "\n  \n"), 0);
        let options = options_from_lines("Dackel\n\n  Schäferhund \nmix | Mischling\nDackel\n");
        let values: Vec<_> = options.iter().map(|o| o.value.as_str()).collect();
        let labels: Vec<_> = options.iter().map(|o| o.label.de.as_str()).collect();
        assert_eq!(values, ["dackel", "schaeferhund", "mix", "dackel_2"]);
        assert_eq!(labels, ["Dackel", "Schäferhund", "Mischling", "Dackel"]);
    }

    #[test]
    fn conditions_on_choices_compare_values_even_when_a_label_is_typed() {
        let options = vec![
            ChoiceOption {
                value: "sonstiges".into(),
                label: Text::new("Sonstige Nutzung", "Other use"),
            },
            ChoiceOption {
                value: "geruest".into(),
                label: Text::new("Gerüst", "Scaffold"),
            },
        ];
        let single = Kind::SingleChoice {
            options: options.clone(),
            display: ChoiceDisplay::Radio,
        };
        let multiple = Kind::MultipleChoice { options };
        let cases = [
            (
                &single,
                Comparison::Equals,
                "sonstiges",
                r#"zweck == "sonstiges""#,
            ),
            (
                &single,
                Comparison::Equals,
                "Sonstige Nutzung",
                r#"zweck == "sonstiges""#,
            ),
            (
                &single,
                Comparison::NotEquals,
                "gerüst",
                r#"zweck != "geruest""#,
            ),
            (&single, Comparison::Equals, "Kran", r#"zweck == "Kran""#),
            (
                &multiple,
                Comparison::Equals,
                "Gerüst",
                r#"contains(zweck, "geruest")"#,
            ),
            (
                &multiple,
                Comparison::NotEquals,
                "geruest",
                r#"not contains(zweck, "geruest")"#,
            ),
            (&multiple, Comparison::Filled, "", "not empty(zweck)"),
        ];
        for (kind, comparison, value, expected) in cases {
            assert_eq!(condition("zweck", kind, comparison, value), expected);
        }
    }

    #[test]
    fn the_id_follows_the_title_until_changed() {
        let mut form = blank_form("neues-formular-2");
        let unique = |wanted: &str| wanted.to_string();
        assert!(set_title(&mut form, "Antrag auf Sondernutzung", unique));
        assert_eq!(form.id, "antrag-auf-sondernutzung");
        assert!(set_title(
            &mut form,
            "Antrag auf Sondernutzung öffentlicher Flächen",
            unique
        ));
        assert_eq!(form.id, "antrag-auf-sondernutzung-oeffentlicher-flaechen");
        // Taken by another saved form: made unique.
        assert!(set_title(&mut form, "Hundesteuer", |w| format!("{w}-2")));
        assert_eq!(form.id, "hundesteuer-2");
        // Changed by hand: it stays.
        form.id = "sondernutzung".into();
        assert!(!set_title(
            &mut form,
            "Sondernutzung öffentlicher Straßen",
            unique
        ));
        assert_eq!(form.id, "sondernutzung");
        assert_eq!(form.title.de, "Sondernutzung öffentlicher Straßen");
        // An empty title leaves the id.
        let mut form = blank_form(NEW_FORM_ID);
        assert!(!set_title(&mut form, " ", unique));
        assert_eq!(form.id, NEW_FORM_ID);
    }

    #[test]
    fn built_conditions_compile_against_the_form() {
        let mut form = sample();
        let cases = [
            (
                "alter",
                Kind::Integer,
                Comparison::Greater,
                "1.000,5",
                "alter > 1000.5",
            ),
            (
                "name",
                Kind::Text,
                Comparison::Equals,
                "Max \"M\"",
                r#"name == "Max \"M\"""#,
            ),
            (
                "anschrift.ort",
                Kind::Text,
                Comparison::Filled,
                "",
                "not empty(anschrift.ort)",
            ),
            (
                "alter",
                Kind::Integer,
                Comparison::Empty,
                "",
                "empty(alter)",
            ),
        ];
        for (reference, kind, comparison, value, expected) in cases {
            let expression = condition(reference, &kind, comparison, value);
            assert_eq!(expression, expected);
            form.steps[1].elements[0].visible_if = Some(expression);
            let problems = crate::lint::lint(&form);
            assert!(!has_errors(&problems), "{expected}: {problems:#?}");
        }
        let date = condition("geburt", &Kind::Date, Comparison::Less, "31.12.2000");
        assert_eq!(date, "geburt < @2000-12-31");
        assert_eq!(
            condition("hund", &Kind::YesNo, Comparison::Yes, ""),
            "hund == true"
        );
    }

    #[test]
    fn references_offer_what_an_expression_can_name() {
        let mut form = sample();
        let repeat = new_element(&form, KindName::Repeat, "Wiederholbare Gruppe");
        let end = Slot::end_of_step(&form, 1);
        insert(&mut form, &end, repeat).expect("inserted");
        let names = |form: &Form, path: &Path| -> Vec<String> {
            references(form, path).into_iter().map(|r| r.name).collect()
        };
        let hinweis = Path::new(1, &[0]);
        assert_eq!(
            names(&form, &hinweis),
            [
                "name",
                "anschrift.strasse",
                "anschrift.ort",
                "alter",
                "wiederholbare_gruppe"
            ]
        );
        // Inside the repeating group its entry's own fields come first.
        let inner = Path::new(1, &[1, 0]);
        assert_eq!(names(&form, &inner)[..2], ["name", "anschrift.strasse"]);
        let alter = Path::new(0, &[2]);
        assert!(!names(&form, &alter).contains(&"alter".to_string()));
        form.parameters.push(engine::format::Parameter {
            key: "satz".into(),
            label: Text::de("Steuersatz"),
            kind: ParameterKind::Currency,
            default: Some("120".into()),
        });
        assert_eq!(
            names(&form, &alter).last().map(String::as_str),
            Some("param.satz")
        );
    }

    #[test]
    fn history_undoes_and_redoes_with_a_limit_and_merged_typing() {
        let mut history = History::new(100);
        let mut current = 0;
        for n in 1..=150 {
            history.record(current, None);
            current = n;
        }
        let mut undone = 0;
        while let Some(previous) = history.undo(current) {
            current = previous;
            undone += 1;
        }
        assert_eq!((undone, current), (100, 50));
        assert_eq!(history.redo(current), Some(51));
        current = 51;
        // A new change drops what could be redone.
        history.record(current, None);
        current = 1000;
        assert!(!history.can_redo());
        // Typing into one field: one undo step.
        history.record(current, Some("label"));
        history.record(1001, Some("label"));
        history.record(1002, Some("label"));
        current = 1003;
        assert_eq!(history.undo(current), Some(1000));
    }

    #[test]
    fn texts_are_listed_with_their_address_and_can_be_translated() {
        let mut form = sample();
        let mut seen = Vec::new();
        for_each_text(&mut form, &mut |at, text| {
            seen.push((at.to_string(), text.is_missing(engine::text::Lang::En)));
            if at == "steps[0].elements[1].elements[0].label" {
                text.en = Some("Street".into());
            }
        });
        assert!(seen.contains(&("steps[0].elements[1].elements[0].label".into(), true)));
        assert!(seen.contains(&("steps[1].elements[0].markdown".into(), true)));
        assert_eq!(seen[0].0, "title");
        assert_eq!(
            form.steps[0].elements[1].children()[0].label.en.as_deref(),
            Some("Street")
        );
    }

    #[test]
    fn rules_are_set_replaced_and_removed_by_code() {
        let mut form = sample();
        let name = element_mut(&mut form, &Path::new(0, &[0])).expect("exists");
        set_check(
            name,
            RuleName::MaxLength,
            Some(Check::MaxLength { value: 10 }),
        );
        set_check(
            name,
            RuleName::MaxLength,
            Some(Check::MaxLength { value: 20 }),
        );
        assert_eq!(name.rules.len(), 1);
        assert_eq!(
            check(name, RuleName::MaxLength),
            Some(&Check::MaxLength { value: 20 })
        );
        set_check(name, RuleName::MaxLength, None);
        assert!(name.rules.is_empty());
    }

    #[test]
    fn containers_list_steps_and_groups_but_not_the_moving_group_itself() {
        let form = sample();
        let names = |moving: &Path| -> Vec<(String, usize)> {
            containers(&form, moving)
                .into_iter()
                .map(|(_, name, depth)| (name, depth))
                .collect()
        };
        assert_eq!(
            names(&Path::new(0, &[0])),
            [
                ("Schritt 1: Schritt 1".to_string(), 0),
                ("Anschrift".to_string(), 1),
                ("Schritt 2: Schritt 2".to_string(), 0)
            ]
        );
        assert_eq!(
            names(&Path::new(0, &[1])).len(),
            2,
            "a group cannot go into itself"
        );
        let (into_group, _, _) = containers(&form, &Path::new(0, &[2]))[1].clone();
        let mut moved = form.clone();
        let path = move_element(&mut moved, &Path::new(0, &[2]), &into_group).expect("moves");
        assert_eq!(path, Path::new(0, &[1, 2]));
    }
}
