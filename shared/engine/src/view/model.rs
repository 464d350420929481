//! The state the view describes: plain data, natively tested.

use crate::wizard::Wizard;
use crate::{CompiledForm, Json};

/// Where the citizen is beyond filling in steps.
pub enum Phase {
    /// A saved draft was found: continue or start again?
    Resume {
        draft: Json,
    },
    Filling,
    Sending,
    Failed {
        message: String,
    },
    Sent {
        reference: String,
        date: String,
    },
}

/// What the assistant shows.
pub struct Model {
    pub wizard: Wizard,
    pub phase: Phase,
    /// Errors are shown once "Weiter" found some, and then kept up to date.
    pub show_errors: bool,
    /// A notice above the step (e.g. a draft from another version of the form).
    pub notice: Option<String>,
    /// Attachments a restored draft names whose contents the browser no longer has:
    /// the citizen must choose them again (said at the field and on the review).
    pub missing_files: Vec<String>,
    /// The confirmation offers the answers as JSON too (for portals that ask for it:
    /// the element's `answers-download` attribute); printing is always offered.
    pub offer_json: bool,
}

impl Model {
    /// A fresh assistant: the first step, nothing typed, no errors shown.
    pub fn new(wizard: Wizard) -> Model {
        Model {
            wizard,
            phase: Phase::Filling,
            show_errors: false,
            notice: None,
            missing_files: Vec::new(),
            offer_json: false,
        }
    }

    pub fn form(&self) -> &CompiledForm {
        self.wizard.state.form()
    }
}
