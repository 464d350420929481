//! Undo and redo.

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
