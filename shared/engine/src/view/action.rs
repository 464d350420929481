//! What a button does: each button carries its action's name in `data-action`, and the
//! click handler matches the action read back, exhaustively.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Continue the draft found.
    Resume,
    /// Discard the draft found and start afresh.
    Restart,
    /// "Eingaben löschen": discard the answers (after asking).
    Clear,
    Back,
    /// A change link on the review page (with `data-step`).
    Edit,
    /// Add an entry to a repeating group (with `data-loc`).
    AddEntry,
    /// Remove an entry (with `data-loc` and `data-index`).
    RemoveEntry,
    /// Remove a chosen file (with `data-loc` and `data-index`).
    RemoveFile,
    Print,
    /// The answers as a JSON file, for portals that ask for it.
    Download,
}

impl Action {
    pub const ALL: [Action; 10] = [
        Action::Resume,
        Action::Restart,
        Action::Clear,
        Action::Back,
        Action::Edit,
        Action::AddEntry,
        Action::RemoveEntry,
        Action::RemoveFile,
        Action::Print,
        Action::Download,
    ];

    /// The name in `data-action`.
    pub fn name(self) -> &'static str {
        match self {
            Action::Resume => "resume",
            Action::Restart => "restart",
            Action::Clear => "clear",
            Action::Back => "back",
            Action::Edit => "edit",
            Action::AddEntry => "add-item",
            Action::RemoveEntry => "remove-item",
            Action::RemoveFile => "remove-file",
            Action::Print => "print",
            Action::Download => "download",
        }
    }

    pub fn from_name(name: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|action| action.name() == name)
    }
}

#[cfg(test)]
mod tests {
    use super::Action;

    #[test]
    fn every_action_reads_back_from_its_name() {
        for action in Action::ALL {
            assert_eq!(Action::from_name(action.name()), Some(action));
        }
        assert_eq!(Action::from_name("launch"), None);
    }
}
