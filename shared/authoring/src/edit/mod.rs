//! Editing a definition, as the designer does it: new elements with sensible defaults,
//! inserting, moving and removing elements and steps by position, keys that follow
//! their labels, options from pasted lines, a condition builder, and the undo history.
//!
//! Every function works on a plain [`Form`] and reports what it cannot do as an
//! [`EditError`], so the designer's drag and drop, keyboard commands and inspector stay
//! thin and all of it is tested here. This file holds positions and moves; the other
//! concerns have a file each.

mod conditions;
mod create;
mod history;
mod options;
mod rules;
#[cfg(test)]
mod tests;
mod texts;

pub use conditions::{condition, expressions, is_referenced, references, Comparison, Reference};
pub use create::{all_keys, new_element, set_label, set_title, NEW_FORM_ID};
pub use history::History;
pub use options::{options_from_lines, paste_options};
pub use rules::{check, date_limit_from_typed, date_limit_shown, set_check};
pub use texts::{
    for_each_text, language_of, optional_language_of, set_language, set_optional_language,
};

use crate::keys::Keys;
use engine::format::{Element, Form, Kind, Step};
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

/// A place an element can be moved to, as a menu lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Container {
    /// The end of its list.
    pub slot: Slot,
    pub place: Place,
    /// 0 for a step, 1 for a group in it, and so on.
    pub depth: usize,
}

/// What a [`Container`] is, for the designer to name in its own words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// A step, numbered from 1, with its German title.
    Step { number: usize, title: String },
    /// A group or repeating group, by its German label (its key when it has none).
    Group(String),
}

/// Where an element can be moved: every step and every group or repeating group, in
/// document order. `moving` and what lies inside it are left out.
pub fn containers(form: &Form, moving: &Path) -> Vec<Container> {
    fn groups(
        elements: &[Element],
        step: usize,
        parent: &[usize],
        moving: &Path,
        out: &mut Vec<Container>,
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
            out.push(Container {
                slot,
                place: Place::Group(name),
                depth: indices.len(),
            });
            groups(element.children(), step, &indices, moving, out);
        }
    }
    let mut out = Vec::new();
    for (index, step) in form.steps.iter().enumerate() {
        out.push(Container {
            slot: Slot::end_of_step(form, index),
            place: Place::Step {
                number: index + 1,
                title: step.title.de.clone(),
            },
            depth: 0,
        });
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
