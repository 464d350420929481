//! Patterns for answers (`pattern` rules, FIM's `pattern`), compiled: a Thompson NFA
//! run breadth-first (every possible state at once), so matching takes time linear in
//! the answer's length and no pattern can hang the browser. Always matched against the
//! whole answer. `authoring::pattern` compiles the common regular expression syntax
//! into this program when a form is published.

/// A compiled pattern.
#[derive(Debug, Clone, PartialEq)]
pub struct Pattern {
    pub program: Vec<Inst>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Look {
    Start,
    End,
    /// `^` and `$` with the flag `m`.
    LineStart,
    LineEnd,
    WordBoundary,
    NotWordBoundary,
}

/// A set of characters as inclusive ranges.
#[derive(Debug, Clone, PartialEq)]
pub struct Class {
    pub ranges: Vec<(char, char)>,
    pub negated: bool,
}

impl Class {
    fn contains(&self, c: char) -> bool {
        self.ranges.iter().any(|&(from, to)| from <= c && c <= to) != self.negated
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Inst {
    Char(char),
    Any,
    Class(Class),
    Assert(Look),
    /// Continue at both targets.
    Split(usize, usize),
    Jump(usize),
    Match,
}

impl Pattern {
    /// Whether the whole of `text` matches.
    pub fn is_match(&self, text: &str) -> bool {
        let mut current = Threads::new(self.program.len());
        let mut next = Threads::new(self.program.len());
        let mut chars = text.chars().peekable();
        current.add(&self.program, 0, None, chars.peek().copied());
        while let Some(c) = chars.next() {
            if current.list.is_empty() {
                return false;
            }
            let after = chars.peek().copied();
            next.clear();
            for &pc in &current.list {
                let advances = match &self.program[pc] {
                    Inst::Char(expected) => *expected == c,
                    Inst::Any => c != '\n',
                    Inst::Class(class) => class.contains(c),
                    _ => false,
                };
                if advances {
                    next.add(&self.program, pc + 1, Some(c), after);
                }
            }
            std::mem::swap(&mut current, &mut next);
        }
        current
            .list
            .iter()
            .any(|&pc| self.program[pc] == Inst::Match)
    }
}

/// The NFA states alive at one position; `seen` keeps each state in once.
struct Threads {
    list: Vec<usize>,
    seen: Vec<bool>,
    stack: Vec<usize>,
}

impl Threads {
    fn new(size: usize) -> Self {
        Threads {
            list: Vec::new(),
            seen: vec![false; size],
            stack: Vec::new(),
        }
    }

    fn clear(&mut self) {
        for &pc in &self.list {
            self.seen[pc] = false;
        }
        self.list.clear();
    }

    /// Adds `start` and every state reachable from it without reading a character,
    /// between the characters `before` and `after` (`None` at the ends of the text).
    fn add(&mut self, program: &[Inst], start: usize, before: Option<char>, after: Option<char>) {
        self.stack.push(start);
        while let Some(pc) = self.stack.pop() {
            if self.seen[pc] {
                continue;
            }
            self.seen[pc] = true;
            self.list.push(pc);
            match &program[pc] {
                Inst::Jump(to) => self.stack.push(*to),
                Inst::Split(first, second) => {
                    self.stack.push(*second);
                    self.stack.push(*first);
                }
                Inst::Assert(look) if holds(*look, before, after) => self.stack.push(pc + 1),
                _ => {}
            }
        }
    }
}

fn holds(look: Look, before: Option<char>, after: Option<char>) -> bool {
    let word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
    match look {
        Look::Start => before.is_none(),
        Look::End => after.is_none(),
        Look::LineStart => before.is_none_or(|c| c == '\n'),
        Look::LineEnd => after.is_none_or(|c| c == '\n'),
        Look::WordBoundary => word(before) != word(after),
        Look::NotWordBoundary => word(before) == word(after),
    }
}
