//! The assistant as a pure state machine: which steps are shown, where the citizen is,
//! what "Weiter", "Zurück" and the review page's change links do, and what may be
//! submitted. The runtime renders it; nothing here knows about the DOM.

use std::sync::Arc;

use crate::json::Json;

use crate::compiled::CompiledForm;
use crate::date::Date;
use crate::expr::Value;
use crate::format::Kind;
use crate::input::display_value;
use crate::payload::{build_payload, PayloadProblem};
use crate::state::walk::walk_step;
use crate::state::{FormState, Loc};
use crate::text::Joined;
use crate::text::{Lang, Text};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Position {
    /// A step, by its index in the definition.
    Step(usize),
    /// The summary before submitting.
    Review,
}

/// An error to list in the summary and show at its field.
#[derive(Debug, Clone, PartialEq)]
pub struct StepError {
    pub loc: Loc,
    /// The field's label, with the entry for repeating groups ("Hund 2: Name").
    pub label: String,
    pub message: String,
}

/// One line of the review page.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewRow {
    pub loc: Loc,
    pub label: String,
    /// `None` for headings (groups, repeating groups with entries, and their entries).
    pub value: Option<String>,
    pub depth: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ReviewStep {
    pub step: usize,
    pub title: String,
    pub rows: Vec<ReviewRow>,
}

/// A step's review rows as they are found, without the headings at the top that only
/// say the step's title again (a group or an optional group under the step's own
/// title, as FIM imports make them): the rows under such a heading move one level up.
struct Rows<'t> {
    rows: Vec<ReviewRow>,
    title: &'t str,
    lifting: bool,
}

impl Rows<'_> {
    fn push(&mut self, mut row: ReviewRow) {
        if row.depth == 0 {
            self.lifting = row.value.is_none() && row.label == self.title;
            if self.lifting {
                return;
            }
        } else if self.lifting {
            row.depth -= 1;
        }
        self.rows.push(row);
    }
}

#[derive(Debug, Clone)]
pub struct Wizard {
    pub state: FormState,
    pub lang: Lang,
    position: Position,
    /// Set by a change link on the review page: "Weiter" returns to the review.
    returning_to_review: bool,
    accepted: Vec<String>,
}

impl Wizard {
    pub fn new(form: Arc<CompiledForm>, today: Date, lang: Lang) -> Wizard {
        let state = FormState::new(form, today);
        let mut wizard = Wizard {
            state,
            lang,
            position: Position::Review,
            returning_to_review: false,
            accepted: Vec::new(),
        };
        wizard.position = wizard
            .visible_steps()
            .first()
            .map_or(Position::Review, |&s| Position::Step(s));
        wizard
    }

    pub fn position(&self) -> Position {
        self.position
    }

    pub fn returning_to_review(&self) -> bool {
        self.returning_to_review
    }

    /// Steps shown with the current answers, in order.
    pub fn visible_steps(&self) -> Vec<usize> {
        (0..self.state.form().steps.len())
            .filter(|&s| self.state.step_visible(s))
            .collect()
    }

    /// "Schritt 2 von 5": the current step's number among the visible steps, and
    /// their count. `None` on the review page.
    pub fn indicator(&self) -> Option<(usize, usize)> {
        let Position::Step(step) = self.position else {
            return None;
        };
        let visible = self.visible_steps();
        let number = visible.iter().filter(|&&s| s < step).count() + 1;
        Some((number, visible.len()))
    }

    /// The errors of a step's visible fields, in document order.
    pub fn step_errors(&self, step: usize) -> Vec<StepError> {
        let mut errors = Vec::new();
        if !self.state.step_visible(step) {
            return errors;
        }
        let form = Arc::clone(self.state.form());
        walk_step(&self.state, step, &mut |loc, _| {
            let Some(cell) = self.state.cell(loc) else {
                return false;
            };
            if !cell.visible {
                return false;
            }
            for error in &cell.errors {
                errors.push(StepError {
                    loc: loc.clone(),
                    label: self.label_of(&form, loc),
                    message: error.message.get(self.lang).to_string(),
                });
            }
            true
        });
        errors
    }

    /// A field's label, prefixed by its entry in repeating groups ("Hund 2: Rasse").
    pub fn label_of(&self, form: &CompiledForm, loc: &Loc) -> String {
        let node = &form.nodes[loc.node];
        let mut parts = Vec::new();
        for (depth, &repeat) in node.repeats.iter().enumerate() {
            let index = loc.items.get(depth).copied().unwrap_or(0);
            parts.push(form.element(repeat).entry_label(index, self.lang));
        }
        let element = form.element(loc.node);
        let label = if element.label.is_empty() {
            element.key.clone()
        } else {
            element.label.get(self.lang).to_string()
        };
        parts.push(label);
        parts.joined(": ")
    }

    /// "Weiter": validates the current step; on success moves to the next visible step
    /// (or back to the review after a change link, or to the review after the last).
    pub fn next_step(&mut self) -> Result<Position, Vec<StepError>> {
        let Position::Step(step) = self.position else {
            return Ok(self.position);
        };
        let errors = self.step_errors(step);
        if !errors.is_empty() {
            return Err(errors);
        }
        self.position = if self.returning_to_review {
            self.returning_to_review = false;
            Position::Review
        } else {
            self.visible_steps()
                .into_iter()
                .find(|&s| s > step)
                .map_or(Position::Review, Position::Step)
        };
        Ok(self.position)
    }

    /// "Zurück": never validates, never discards answers.
    pub fn back(&mut self) -> Position {
        let visible = self.visible_steps();
        self.returning_to_review = false;
        self.position = match self.position {
            Position::Review => visible
                .last()
                .map_or(Position::Review, |&s| Position::Step(s)),
            Position::Step(step) => visible
                .iter()
                .rev()
                .find(|&&s| s < step)
                .or(visible.first())
                .map_or(Position::Review, |&s| Position::Step(s)),
        };
        self.position
    }

    /// A change link on the review page: edit `step`, then come back to the review.
    pub fn edit_from_review(&mut self, step: usize) -> Position {
        if self.state.step_visible(step) {
            self.position = Position::Step(step);
            self.returning_to_review = true;
        }
        self.position
    }

    /// Errors the receiving authority reported (payload paths with messages): shown at
    /// their fields, and the first step with one opened as from the review, so that
    /// "Weiter" returns there after the fix. Returns those that name no visible field.
    pub fn reject(&mut self, errors: Vec<PayloadProblem>) -> Vec<PayloadProblem> {
        let mut unplaced = Vec::new();
        let mut first_step = None;
        for error in errors {
            match self.state.find_path(&error.path) {
                Some(loc) if self.state.is_visible(&loc) => {
                    let step = self.state.form().nodes[loc.node].step;
                    first_step = Some(first_step.map_or(step, |s: usize| s.min(step)));
                    self.state.reject(&loc, error.message);
                }
                _ => unplaced.push(error),
            }
        }
        if let Some(step) = first_step {
            self.edit_from_review(step);
        }
        unplaced
    }

    /// Goes to `step` (e.g. restoring a draft), or to the nearest visible step.
    pub fn go_to(&mut self, step: usize) -> Position {
        self.returning_to_review = false;
        self.position = Position::Step(step.min(self.state.form().steps.len().saturating_sub(1)));
        self.settle()
    }

    /// Goes to the review (e.g. restoring a draft saved there) when no visible step has
    /// an error; else to the first step that has one.
    pub fn go_to_review(&mut self) {
        self.returning_to_review = false;
        self.position = self
            .visible_steps()
            .into_iter()
            .find(|&step| !self.step_errors(step).is_empty())
            .map_or(Position::Review, Position::Step);
    }

    /// Makes sure the position is a visible step after answers changed it.
    pub fn settle(&mut self) -> Position {
        if let Position::Step(step) = self.position {
            if !self.state.step_visible(step) {
                let visible = self.visible_steps();
                self.position = visible
                    .iter()
                    .find(|&&s| s > step)
                    .or(visible.iter().rev().find(|&&s| s < step))
                    .map_or(Position::Review, |&s| Position::Step(s));
            }
        }
        self.position
    }

    pub fn set_declaration(&mut self, id: &str, accepted: bool) {
        if !accepted {
            self.accepted.retain(|a| a != id);
        } else if !self.declaration_accepted(id) {
            self.accepted.push(id.to_string());
        }
    }

    pub fn declaration_accepted(&self, id: &str) -> bool {
        self.accepted.iter().any(|a| a == id)
    }

    /// The review page: per visible step, its visible answers, formatted.
    pub fn review(&self) -> Vec<ReviewStep> {
        let form = Arc::clone(self.state.form());
        self.visible_steps()
            .into_iter()
            .map(|step| {
                let title = form.form.steps[step].title.get(self.lang);
                let mut rows = Rows {
                    rows: Vec::new(),
                    title,
                    lifting: false,
                };
                walk_step(&self.state, step, &mut |loc, depth| {
                    let Some(cell) = self.state.cell(loc) else {
                        return false;
                    };
                    if !cell.visible {
                        return false;
                    }
                    // Each entry of a repeating group starts with its heading ("Hund 2").
                    if let Some(repeat) = form.nodes[loc.node].parent {
                        let first_child = form.nodes[repeat].children.first() == Some(&loc.node);
                        if first_child
                            && matches!(form.element_kind(repeat), Some(Kind::Repeat { .. }))
                        {
                            let entry = loc.items.last().copied().unwrap_or(0);
                            rows.push(ReviewRow {
                                loc: Loc::new(
                                    repeat,
                                    loc.items[..loc.items.len().saturating_sub(1)].to_vec(),
                                ),
                                label: form.element(repeat).entry_label(entry, self.lang),
                                value: None,
                                depth: depth.saturating_sub(1),
                            });
                        }
                    }
                    let element = form.element(loc.node);
                    let value = match &element.kind {
                        Kind::Content { .. } => return true,
                        Kind::Group { .. } => None,
                        Kind::Repeat { .. } if self.state.item_count(loc) > 0 => None,
                        // No entries: said as for an empty field, not a bare heading.
                        Kind::Repeat { .. } => {
                            Some(display_value(element, &Value::Null, self.lang))
                        }
                        _ => Some(display_value(element, &self.state.value(loc), self.lang)),
                    };
                    rows.push(ReviewRow {
                        loc: loc.clone(),
                        label: element.label.get(self.lang).to_string(),
                        value,
                        depth,
                    });
                    true
                });
                ReviewStep {
                    step,
                    title: title.to_string(),
                    rows: rows.rows,
                }
            })
            .collect()
    }

    /// Everything that still stands in the way of submitting: errors on any visible
    /// step, and declarations not accepted.
    pub fn submit_blockers(&self) -> Vec<StepError> {
        let mut blockers: Vec<StepError> = self
            .visible_steps()
            .into_iter()
            .flat_map(|s| self.step_errors(s))
            .collect();
        for declaration in &self.state.form().form.declarations {
            if !self.declaration_accepted(&declaration.id) {
                blockers.push(StepError {
                    loc: Loc::top(usize::MAX),
                    label: declaration.text.get(self.lang).to_string(),
                    message: Text::new(
                        "Bitte bestätigen Sie diese Erklärung.",
                        "Please accept this declaration.",
                    )
                    .get(self.lang)
                    .to_string(),
                });
            }
        }
        blockers
    }

    /// The payload to submit, or what blocks it.
    pub fn payload(&self) -> Result<Json, Vec<StepError>> {
        let blockers = self.submit_blockers();
        if !blockers.is_empty() {
            return Err(blockers);
        }
        // In the definition's order, however they were ticked.
        let accepted: Vec<&str> = self
            .state
            .form()
            .form
            .declarations
            .iter()
            .map(|d| d.id.as_str())
            .filter(|id| self.declaration_accepted(id))
            .collect();
        Ok(build_payload(&self.state, self.lang, &accepted))
    }
}
