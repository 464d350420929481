//! A DOM tree described as one string, built by the runtime's `dom.js` in a single call. Building
//! element by element through web-sys costs a wasm-to-JS crossing and a string decode
//! per element and attribute (500 fields: some 10,000 of each), and generated glue code
//! at every call site; one description is smaller and faster.
//!
//! The description is a list of tokens, each ended by NUL: `<tag` opens an element,
//! `=name` followed by a value token sets an attribute on the open element, `"text`
//! appends a text node, `>` closes the open element. Texts are set as text by the
//! builder, never parsed as HTML. `+tag` opens an element whose contents the builder
//! makes later, in tasks of their own (`open_later`); `finish` makes them at once.
//!
//! An opening token also carries the element's fixed attributes (class, part, type, …:
//! values from this code, never from a definition), each as `\u{1}name\u{1}value`. The
//! builder keeps one prototype element per distinct opening and clones it: one call
//! instead of one per attribute (a plain field: 10 DOM calls instead of 17).

#[derive(Default)]
pub struct Tree {
    tokens: String,
    /// The last token is an opening still taking fixed attributes (not yet ended).
    opening: bool,
    /// The `::part` of each class opened so far, by the class's address and length: a
    /// step repeats a few dozen classes thousands of times, and comparing each with
    /// every name in `PARTS` took ~2.5 ms of a 500-field step in V8's baseline tier.
    parts: Vec<((usize, usize), Option<&'static str>)>,
}

impl Tree {
    pub fn new() -> Self {
        Self::default()
    }

    fn end_opening(&mut self) {
        if self.opening {
            self.tokens.push('\0');
            self.opening = false;
        }
    }

    fn push(&mut self, op: char, payload: &str) {
        self.end_opening();
        self.tokens.push(op);
        // NUL ends a token; a definition text containing one must not end it early.
        if payload.contains('\0') {
            self.tokens.push_str(&payload.replace('\0', "\u{fffd}"));
        } else {
            self.tokens.push_str(payload);
        }
        self.tokens.push('\0');
    }

    /// Opens an element; a non-empty `class` is set, with its `::part` name if it has one.
    pub fn open(&mut self, tag: &'static str, class: &'static str) {
        self.open_with('<', tag, class);
    }

    /// Opens an element that is built at once, and its contents in a later task (or
    /// when `finish` is called): the rest of a long step, after its first screen.
    pub fn open_later(&mut self, tag: &'static str, class: &'static str) {
        self.open_with('+', tag, class);
    }

    fn open_with(&mut self, op: char, tag: &'static str, class: &'static str) {
        self.end_opening();
        self.tokens.push(op);
        self.tokens.push_str(tag);
        self.opening = true;
        if !class.is_empty() {
            self.fixed("class", class);
            if let Some(part) = self.part(class) {
                self.fixed("part", part);
            }
        }
    }

    fn part(&mut self, class: &'static str) -> Option<&'static str> {
        let key = (class.as_ptr() as usize, class.len());
        if let Some((_, part)) = self.parts.iter().find(|(k, _)| *k == key) {
            return *part;
        }
        let part = part_of(class);
        self.parts.push((key, part));
        part
    }

    /// An attribute fixed by this code: part of the element's prototype when set right
    /// after `open` (after a dynamic attribute or a child, it is set like one).
    pub fn fixed(&mut self, name: &'static str, value: &'static str) {
        if self.opening {
            for part in ["\u{1}", name, "\u{1}", value] {
                self.tokens.push_str(part);
            }
        } else {
            self.attr(name, value);
        }
    }

    /// An attribute whose value may come from the definition or the answers.
    pub fn attr(&mut self, name: &str, value: &str) {
        self.push('=', name);
        self.push('"', value);
    }

    pub fn text(&mut self, text: &str) {
        self.push('"', text);
    }

    pub fn close(&mut self) {
        self.end_opening();
        self.tokens.push_str(">\0");
    }

    /// An element holding only `text`.
    pub fn leaf(&mut self, tag: &'static str, class: &'static str, text: &str) {
        self.open(tag, class);
        if !text.is_empty() {
            self.text(text);
        }
        self.close();
    }

    /// The description: `<tag`, `=name`, `"text`, `>` tokens, each ended by NUL, as
    /// the runtime's `dom.js` builds them.
    pub fn tokens(&mut self) -> &str {
        self.end_opening();
        &self.tokens
    }
}

/// The `::part` names portals can style (documented in the README, "Theming"), by the
/// class of the element that carries them.
const PARTS: [(&str, &str); 13] = [
    ("ff-title", "title"),
    ("ff-progress", "progress"),
    ("ff-step-title", "step-title"),
    ("ff-summary", "error-summary"),
    ("ff-field", "field"),
    ("ff-label", "label"),
    ("ff-help", "help"),
    ("ff-input", "input"),
    ("ff-field-error", "field-error"),
    ("ff-group", "group"),
    ("ff-primary", "button-primary"),
    ("ff-secondary", "button-secondary"),
    ("ff-nav", "navigation"),
];

fn part_of(class: &str) -> Option<&'static str> {
    PARTS
        .iter()
        .find(|(c, _)| *c == class)
        .map(|(_, part)| *part)
}
