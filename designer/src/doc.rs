//! The open form and everything that changes it: one [`Doc`] in the Leptos context.
//! Every edit goes through [`Doc::change`], which records it for undo, so no view
//! mutates the form on its own.

use authoring::edit::{self, EditError, History, Path};
use authoring::problem::Problem;
use engine::format::{Element, Form};
use leptos::prelude::*;

use crate::i18n::tr;

/// Undo keeps this many steps (the issue asks for at least 100).
const UNDO_LIMIT: usize = 200;

#[derive(Clone, Copy)]
pub struct Doc {
    pub form: RwSignal<Form>,
    /// The element the inspector shows.
    pub selected: RwSignal<Option<Path>>,
    /// The step being edited: new elements go there, the preview opens it.
    pub step: RwSignal<usize>,
    /// Counts changes since the form was opened (autosave and preview follow it).
    pub revision: RwSignal<u64>,
    /// The live region's text: what a command did, for screen readers.
    pub announcement: RwSignal<String>,
    pub problems: Memo<Vec<Problem>>,
    /// The id the form is kept under in "Meine Formulare"; `None` for an example not
    /// changed yet. An id changed in the form renames that entry (see `storage::save`).
    pub stored_id: RwSignal<Option<String>>,
    /// A notice shown until the next change, offering to undo what was just done
    /// (`revision` tells which change it belongs to).
    notice: RwSignal<Option<(String, u64)>>,
    history: StoredValue<History<Form>>,
    /// Bumped on undo/redo and open, so the buttons' state follows the history.
    history_version: RwSignal<u64>,
}

impl Doc {
    pub fn new(form: Form) -> Doc {
        let form = RwSignal::new(form);
        Doc {
            form,
            selected: RwSignal::new(None),
            step: RwSignal::new(0),
            revision: RwSignal::new(0),
            announcement: RwSignal::new(String::new()),
            problems: Memo::new(move |_| form.with(authoring::lint::lint)),
            stored_id: RwSignal::new(None),
            notice: RwSignal::new(None),
            history: StoredValue::new(History::new(UNDO_LIMIT)),
            history_version: RwSignal::new(0),
        }
    }

    /// Replaces the open form (opening another one): a fresh history. `stored`: it is
    /// kept in "Meine Formulare" under its id.
    pub fn open(&self, form: Form, stored: bool) {
        self.stored_id.set(stored.then(|| form.id.clone()));
        self.notice.set(None);
        self.history.set_value(History::new(UNDO_LIMIT));
        self.selected.set(None);
        self.step.set(0);
        self.form.set(form);
        self.revision.set(0);
        self.history_version.update(|v| *v += 1);
    }

    /// `f` of the element at `path` (tracked in reactive closures); the default when
    /// there is none.
    pub fn read<T: Default>(&self, path: &Path, f: impl FnOnce(&Element) -> T) -> T {
        self.form
            .with(|form| edit::element(form, path).map(f))
            .unwrap_or_default()
    }

    /// Changes the element at `path` through [`Doc::change`]; `merge` as there, per
    /// element.
    pub fn update(&self, path: &Path, merge: Option<&str>, f: impl FnOnce(&mut Element)) {
        let merge = merge.map(|m| format!("{m}@{path:?}"));
        self.change(merge.as_deref(), |form| {
            let element =
                edit::element_mut(form, path).ok_or_else(|| EditError::NoElement(path.clone()))?;
            f(element);
            Ok(())
        });
    }

    /// Applies `edit` to a copy of the form; on success the copy becomes the form and
    /// the old one an undo step. Edits with the same `merge` tag in a row (typing into
    /// one input) are one undo step. A refused edit changes nothing and is announced.
    pub fn change<T>(
        &self,
        merge: Option<&str>,
        edit: impl FnOnce(&mut Form) -> Result<T, EditError>,
    ) -> Option<T> {
        let mut next = self.form.get_untracked();
        match edit(&mut next) {
            Ok(result) => {
                if self.form.with_untracked(|current| *current != next) {
                    // The form is swapped, not copied again: it can have thousands of fields.
                    let mut before = None;
                    self.form
                        .update(|current| before = Some(std::mem::replace(current, next)));
                    if let Some(before) = before {
                        self.history.update_value(|h| h.record(before, merge));
                    }
                    self.revision.update(|r| *r += 1);
                    self.history_version.update(|v| *v += 1);
                }
                Some(result)
            }
            Err(error) => {
                self.announce(error.message().get(crate::i18n::lang()));
                None
            }
        }
    }

    pub fn undo(&self) {
        self.travel(true);
    }

    pub fn redo(&self) {
        self.travel(false);
    }

    fn travel(&self, back: bool) {
        let current = self.form.get_untracked();
        let target = self.history.try_update_value(|h| {
            if back {
                h.undo(current)
            } else {
                h.redo(current)
            }
        });
        match target.flatten() {
            Some(form) => {
                // The selection may point nowhere in the restored form.
                if let Some(path) = self.selected.get_untracked() {
                    if authoring::edit::element(&form, &path).is_none() {
                        self.selected.set(None);
                    }
                }
                let steps = form.steps.len();
                self.form.set(form);
                self.step.update(|s| *s = (*s).min(steps.saturating_sub(1)));
                self.revision.update(|r| *r += 1);
                self.history_version.update(|v| *v += 1);
                self.announce(if back {
                    tr("Rückgängig gemacht.", "Undone.")
                } else {
                    tr("Wiederhergestellt.", "Redone.")
                });
            }
            None => self.announce(if back {
                tr("Nichts rückgängig zu machen.", "Nothing to undo.")
            } else {
                tr("Nichts wiederherzustellen.", "Nothing to redo.")
            }),
        }
    }

    pub fn can_undo(&self) -> bool {
        self.history_version.track();
        self.history.with_value(History::can_undo)
    }

    pub fn can_redo(&self) -> bool {
        self.history_version.track();
        self.history.with_value(History::can_redo)
    }

    /// Ends typing-merging, e.g. when an input loses focus.
    pub fn seal(&self) {
        self.history.update_value(History::seal);
    }

    pub fn announce(&self, text: impl Into<String>) {
        let text = text.into();
        // The same text twice in a row must still be read out.
        if self.announcement.get_untracked() == text {
            self.announcement.set(format!("{text}\u{a0}"));
        } else {
            self.announcement.set(text);
        }
    }

    /// Shows `text` visibly, with "Rückgängig", until the next change; read out too.
    pub fn notify(&self, text: impl Into<String>) {
        let text = text.into();
        self.announce(text.clone());
        self.notice.set(Some((text, self.revision.get_untracked())));
    }

    /// The notice about the latest change, if any.
    pub fn notice(&self) -> Option<String> {
        let revision = self.revision.get();
        self.notice
            .get()
            .filter(|(_, at)| *at == revision)
            .map(|(text, _)| text)
    }

    pub fn dismiss(&self) {
        self.notice.set(None);
    }

    /// The lint's problems with `property` of the element at `path` (of the step itself
    /// when `path` has no indices); tracked, so views follow every edit.
    pub fn problems_at(&self, path: &Path, property: &str) -> Vec<Problem> {
        self.problems.with(|problems| {
            problems
                .iter()
                .filter(|p| {
                    p.location.step == Some(path.step)
                        && p.location.elements == path.indices
                        && p.location.property.as_deref() == Some(property)
                })
                .cloned()
                .collect()
        })
    }

    /// Selects an element and shows its step.
    pub fn select(&self, path: Path) {
        self.step.set(path.step);
        self.selected.set(Some(path));
    }
}

pub fn use_doc() -> Doc {
    expect_context::<Doc>()
}
