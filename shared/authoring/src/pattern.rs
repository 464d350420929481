//! Compiling patterns for answers (`pattern` rules, FIM's `pattern`): the common regular
//! expression syntax, always matched against the whole answer.
//!
//! Our own small engine rather than a regex crate, for the runtime's size budget: the
//! pattern is parsed into a tree, compiled into a Thompson NFA and run breadth-first
//! (every possible state at once), so matching takes time linear in the answer's length
//! and no pattern can hang the browser. Supported: literals and escapes, `.`, classes
//! `[a-z]`/`[^…]` with `\d \w \s` (ASCII, as their upper-case negations), groups `(…)`
//! and `(?:…)`, alternation `|`, `* + ? {n} {n,} {n,m}` (lazy forms too: for a whole
//! match they mean the same), anchors `^ $ \A \z`, word boundaries `\b \B`, POSIX
//! classes like `[[:alpha:]]` (ASCII), and the flags `i` (case-insensitive, for ASCII
//! and Latin-1 letters), `m` (`^ $` at line ends) and `s` (`.` also matches a line
//! break), as `(?i)` or `(?i:…)`. Refused with a reason: back-references, look-around,
//! other flags, Unicode classes (`\p{L}`; the FIM import spells it out as ranges).

use engine::pattern::{Class, Inst, Look, Pattern};
use engine::text::{lower_case, upper_case};
use engine::Text;

/// Longest pattern accepted, in characters.
const MAX_LENGTH: usize = 1000;
/// Deepest nesting of groups.
const MAX_DEPTH: usize = 50;
/// Largest count in `{n,m}`.
const MAX_COUNT: u32 = 1000;
/// Most instructions a pattern may compile to (counted repetitions multiply).
const MAX_PROGRAM: usize = engine::limits::MAX_PATTERN_PROGRAM;

#[derive(Debug, Clone, PartialEq)]
enum Node {
    Empty,
    Char(char),
    /// Any character but a line break.
    Any,
    Class(Class),
    Assert(Look),
    Concat(Vec<Node>),
    Alternation(Vec<Node>),
    Repeat {
        node: Box<Node>,
        min: u32,
        max: Option<u32>,
    },
}

/// The flags in force at a point of the pattern.
#[derive(Debug, Clone, Copy, Default)]
struct Flags {
    ignore_case: bool,
    multi_line: bool,
    dot_all: bool,
}

const DIGITS: &[(char, char)] = &[('0', '9')];
const WORD: &[(char, char)] = &[('0', '9'), ('A', 'Z'), ('_', '_'), ('a', 'z')];
const SPACE: &[(char, char)] = &[('\t', '\r'), (' ', ' ')];

/// Compiles `pattern`; the error says what is wrong and where, in German and English.
pub fn compile(pattern: &str) -> Result<Pattern, Text> {
    let chars: Vec<char> = pattern.chars().collect();
    if chars.len() > MAX_LENGTH {
        return Err(Text::new(
            format!("länger als {MAX_LENGTH} Zeichen"),
            format!("longer than {MAX_LENGTH} characters"),
        ));
    }
    let mut parser = Parser {
        chars,
        at: 0,
        flags: Flags::default(),
    };
    let node = parser.alternation(0)?;
    if parser.at < parser.chars.len() {
        // Only an unmatched ')' stops the top level early.
        return Err(parser.error("„)“ ohne öffnende Klammer", "')' without an opening '('"));
    }
    // Counted first: `((){1000}){1000}` compiles to nothing, yet emitting it copy by copy
    // would loop a million times; a size over the cap is refused before any copy.
    if size(&node) >= MAX_PROGRAM {
        return Err(too_large());
    }
    let mut program = Vec::new();
    emit(&node, &mut program)?;
    program.push(Inst::Match);
    Ok(Pattern { program })
}

fn too_large() -> Text {
    Text::new(
        "das Muster ist zu groß (zu viele Wiederholungen)",
        "the pattern is too large (too many repetitions)",
    )
}

fn push(program: &mut Vec<Inst>, inst: Inst) -> Result<usize, Text> {
    if program.len() >= MAX_PROGRAM {
        return Err(too_large());
    }
    program.push(inst);
    Ok(program.len() - 1)
}

/// The instructions `node` compiles to, counted without compiling (saturating).
fn size(node: &Node) -> usize {
    match node {
        Node::Empty => 0,
        Node::Char(_) | Node::Any | Node::Class(_) | Node::Assert(_) => 1,
        Node::Concat(nodes) => nodes.iter().fold(0, |sum, n| sum.saturating_add(size(n))),
        Node::Alternation(branches) => branches.iter().fold(0usize, |sum, n| {
            // A split and a jump around every branch but the last.
            sum.saturating_add(size(n)).saturating_add(2)
        }),
        Node::Repeat { node, min, max } => {
            let body = size(node);
            if body == 0 {
                return 0;
            }
            let required = body.saturating_mul(*min as usize);
            let optional = match max {
                None => body.saturating_add(2),
                Some(max) => (body + 1).saturating_mul(max.saturating_sub(*min) as usize),
            };
            required.saturating_add(optional)
        }
    }
}

fn emit(node: &Node, program: &mut Vec<Inst>) -> Result<(), Text> {
    match node {
        Node::Empty => {}
        Node::Char(c) => {
            push(program, Inst::Char(*c))?;
        }
        Node::Any => {
            push(program, Inst::Any)?;
        }
        Node::Class(class) => {
            push(program, Inst::Class(class.clone()))?;
        }
        Node::Assert(look) => {
            push(program, Inst::Assert(*look))?;
        }
        Node::Concat(nodes) => {
            for node in nodes {
                emit(node, program)?;
            }
        }
        Node::Alternation(branches) => {
            // split L1, next; L1: first; jump end; next: split L2, … ; last branch.
            let mut jumps = Vec::new();
            for (index, branch) in branches.iter().enumerate() {
                if index + 1 < branches.len() {
                    let split = push(program, Inst::Split(0, 0))?;
                    emit(branch, program)?;
                    jumps.push(push(program, Inst::Jump(0))?);
                    program[split] = Inst::Split(split + 1, program.len());
                } else {
                    emit(branch, program)?;
                }
            }
            let end = program.len();
            for jump in jumps {
                program[jump] = Inst::Jump(end);
            }
        }
        // An empty body repeated is empty (and must not be looped over).
        Node::Repeat { node, .. } if size(node) == 0 => {}
        Node::Repeat { node, min, max } => {
            for _ in 0..*min {
                emit(node, program)?;
            }
            match max {
                None => {
                    // loop: split body, end; body; jump loop.
                    let split = push(program, Inst::Split(0, 0))?;
                    emit(node, program)?;
                    push(program, Inst::Jump(split))?;
                    program[split] = Inst::Split(split + 1, program.len());
                }
                Some(max) => {
                    // Each optional copy may be skipped straight to the end.
                    let mut splits = Vec::new();
                    for _ in *min..*max {
                        splits.push(push(program, Inst::Split(0, 0))?);
                        emit(node, program)?;
                    }
                    let end = program.len();
                    for split in splits {
                        program[split] = Inst::Split(split + 1, end);
                    }
                }
            }
        }
    }
    Ok(())
}

struct Parser {
    chars: Vec<char>,
    at: usize,
    flags: Flags,
}

impl Parser {
    fn error(&self, de: &str, en: &str) -> Text {
        let position = self.at.min(self.chars.len()) + 1;
        Text::new(
            format!("{de} (Zeichen {position})"),
            format!("{en} (character {position})"),
        )
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn eat(&mut self, c: char) -> bool {
        let found = self.peek() == Some(c);
        if found {
            self.at += 1;
        }
        found
    }

    fn alternation(&mut self, depth: usize) -> Result<Node, Text> {
        let mut branches = vec![self.concat(depth)?];
        while self.eat('|') {
            branches.push(self.concat(depth)?);
        }
        Ok(if branches.len() == 1 {
            branches.pop().unwrap_or(Node::Empty)
        } else {
            Node::Alternation(branches)
        })
    }

    fn concat(&mut self, depth: usize) -> Result<Node, Text> {
        let mut nodes = Vec::new();
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            let atom = self.atom(depth)?;
            nodes.push(self.quantified(atom)?);
        }
        Ok(match nodes.len() {
            0 => Node::Empty,
            1 => nodes.pop().unwrap_or(Node::Empty),
            _ => Node::Concat(nodes),
        })
    }

    fn quantified(&mut self, atom: Node) -> Result<Node, Text> {
        let start = self.at;
        let Some(operator) = self.peek().filter(|c| matches!(c, '*' | '+' | '?' | '{')) else {
            return Ok(atom);
        };
        self.at += 1;
        let (min, max) = match operator {
            '*' => (0, None),
            '+' => (1, None),
            '?' => (0, Some(1)),
            _ => self.counts()?,
        };
        if matches!(atom, Node::Assert(_)) {
            self.at = start;
            return Err(self.error(
                "Anker wie ^ oder $ können nicht wiederholt werden",
                "anchors like ^ or $ cannot be repeated",
            ));
        }
        self.eat('?'); // lazy: the same for a whole match
        if matches!(self.peek(), Some('*' | '+' | '?' | '{')) {
            return Err(self.error(
                "zwei Wiederholungen hintereinander; klammern Sie die erste ein",
                "two repetitions in a row; put the first in parentheses",
            ));
        }
        Ok(Node::Repeat {
            node: Box::new(atom),
            min,
            max,
        })
    }

    /// `n}`, `n,}` or `n,m}` after a `{`.
    fn counts(&mut self) -> Result<(u32, Option<u32>), Text> {
        let unclosed = |p: &Parser| {
            p.error(
                "„{“ muss eine Anzahl wie {3} oder {2,5} beginnen",
                "'{' must start a count like {3} or {2,5}",
            )
        };
        let min = self.number().ok_or_else(|| unclosed(self))?;
        let max = if self.eat(',') {
            if self.peek() == Some('}') {
                None
            } else {
                Some(self.number().ok_or_else(|| unclosed(self))?)
            }
        } else {
            Some(min)
        };
        if self.peek() != Some('}') {
            return Err(unclosed(self));
        }
        self.at += 1;
        if min > MAX_COUNT || max.is_some_and(|m| m > MAX_COUNT) {
            return Err(self.error(
                &format!("Anzahlen über {MAX_COUNT} sind nicht erlaubt"),
                &format!("counts above {MAX_COUNT} are not allowed"),
            ));
        }
        if max.is_some_and(|m| m < min) {
            return Err(self.error(
                "in {n,m} darf m nicht kleiner als n sein",
                "in {n,m}, m must not be less than n",
            ));
        }
        Ok((min, max))
    }

    fn number(&mut self) -> Option<u32> {
        let start = self.at;
        let mut value: u32 = 0;
        while let Some(digit) = self.peek().and_then(|c| c.to_digit(10)) {
            value = value.saturating_mul(10).saturating_add(digit);
            self.at += 1;
        }
        (self.at > start).then_some(value)
    }

    fn atom(&mut self, depth: usize) -> Result<Node, Text> {
        let Some(c) = self.peek() else {
            return Ok(Node::Empty);
        };
        self.at += 1;
        let flags = self.flags;
        match c {
            '(' => self.group(depth),
            '[' => self.class().map(Node::Class),
            '.' if flags.dot_all => Ok(Node::Class(Class {
                ranges: Vec::new(),
                negated: true,
            })),
            '.' => Ok(Node::Any),
            '^' if flags.multi_line => Ok(Node::Assert(Look::LineStart)),
            '^' => Ok(Node::Assert(Look::Start)),
            '$' if flags.multi_line => Ok(Node::Assert(Look::LineEnd)),
            '$' => Ok(Node::Assert(Look::End)),
            '\\' => match self.escape(false)? {
                Node::Char(c) => Ok(self.literal(c)),
                node => Ok(node),
            },
            '*' | '+' | '?' | '{' => {
                self.at -= 1;
                Err(self.error(
                    "eine Wiederholung (*, +, ?, {…}) braucht etwas davor, das sie wiederholt",
                    "a repetition (*, +, ?, {…}) needs something before it to repeat",
                ))
            }
            c => Ok(self.literal(c)),
        }
    }

    /// A character, or with the flag `i` both its cases.
    fn literal(&self, c: char) -> Node {
        let (lower, upper) = (lower_case(c), upper_case(c));
        if !self.flags.ignore_case || lower == upper {
            return Node::Char(c);
        }
        Node::Class(Class {
            ranges: vec![(lower, lower), (upper, upper)],
            negated: false,
        })
    }

    fn group(&mut self, depth: usize) -> Result<Node, Text> {
        if depth >= MAX_DEPTH {
            return Err(self.error(
                "zu viele ineinander geschachtelte Klammern",
                "too many nested parentheses",
            ));
        }
        let outer = self.flags;
        if self.eat('?') {
            if self.peek() == Some('<') && !matches!(self.chars.get(self.at + 1), Some('=' | '!'))
                || self.peek() == Some('P')
            {
                // A named group: the name does not matter for a match.
                while let Some(c) = self.peek() {
                    self.at += 1;
                    if c == '>' {
                        break;
                    }
                }
            } else if self.group_flags()? {
                // `(?i)`: the flags hold to the end of the enclosing group.
                return Ok(Node::Empty);
            }
        }
        let inner = self.alternation(depth + 1)?;
        if !self.eat(')') {
            return Err(self.error("„(“ wird nicht geschlossen", "'(' is not closed"));
        }
        self.flags = outer;
        Ok(inner)
    }

    /// After `(?`: flags like `i`, `-i` or `im-s`, then `)` (true: they hold from here) or
    /// `:` (false: a group follows in which they hold; `(?:` sets none).
    fn group_flags(&mut self) -> Result<bool, Text> {
        let mut on = true;
        loop {
            let Some(c) = self.peek() else {
                return Err(self.error("„(“ wird nicht geschlossen", "'(' is not closed"));
            };
            self.at += 1;
            match c {
                ')' => return Ok(true),
                ':' => return Ok(false),
                '-' => on = false,
                'i' => self.flags.ignore_case = on,
                'm' => self.flags.multi_line = on,
                's' => self.flags.dot_all = on,
                '=' | '!' | '<' => {
                    self.at -= 1;
                    return Err(self.error(
                        "Lookarounds wie (?=…) werden nicht unterstützt",
                        "look-around like (?=…) is not supported",
                    ));
                }
                _ => {
                    self.at -= 1;
                    return Err(self.error(
                        &format!("das Flag „{c}“ wird nicht unterstützt (nur i, m und s)"),
                        &format!("the flag '{c}' is not supported (only i, m and s)"),
                    ));
                }
            }
        }
    }

    /// After a `\`: an escaped character, a class like `\d`, or (outside classes) `\b`.
    fn escape(&mut self, in_class: bool) -> Result<Node, Text> {
        let Some(c) = self.peek() else {
            return Err(self.error("„\\“ am Ende des Musters", "'\\' at the end of the pattern"));
        };
        self.at += 1;
        let class = |ranges: &[(char, char)], negated| {
            Ok(Node::Class(Class {
                ranges: ranges.to_vec(),
                negated,
            }))
        };
        match c {
            'd' => class(DIGITS, false),
            'D' => class(DIGITS, true),
            'w' => class(WORD, false),
            'W' => class(WORD, true),
            's' => class(SPACE, false),
            'S' => class(SPACE, true),
            'b' if !in_class => Ok(Node::Assert(Look::WordBoundary)),
            'B' if !in_class => Ok(Node::Assert(Look::NotWordBoundary)),
            'A' if !in_class => Ok(Node::Assert(Look::Start)),
            'z' if !in_class => Ok(Node::Assert(Look::End)),
            'n' => Ok(Node::Char('\n')),
            't' => Ok(Node::Char('\t')),
            'r' => Ok(Node::Char('\r')),
            'f' => Ok(Node::Char('\u{c}')),
            'v' => Ok(Node::Char('\u{b}')),
            'x' | 'u' => self.code_point(c).map(Node::Char),
            '1'..='9' => Err(self.error(
                "Rückverweise wie \\1 werden nicht unterstützt",
                "back-references like \\1 are not supported",
            )),
            'p' | 'P' => Err(self.error(
                "Unicode-Klassen wie \\p{L} werden nicht unterstützt; schreiben Sie Bereiche wie [a-zA-ZäöüÄÖÜß]",
                "Unicode classes like \\p{L} are not supported; write ranges like [a-zA-ZäöüÄÖÜß]",
            )),
            c if c.is_ascii_punctuation() || c == ' ' => Ok(Node::Char(c)),
            _ => Err(self.error(
                &format!("unbekannte Escape-Sequenz „\\{c}“"),
                &format!("unknown escape sequence '\\{c}'"),
            )),
        }
    }

    /// `\xHH`, `\uHHHH` or either with braces: `\x{HHHHHH}`.
    fn code_point(&mut self, kind: char) -> Result<char, Text> {
        let braced = self.eat('{');
        let mut digits = String::new();
        while let Some(c) = self.peek() {
            let enough = !braced && digits.len() == if kind == 'x' { 2 } else { 4 };
            if enough || !c.is_ascii_hexdigit() {
                break;
            }
            digits.push(c);
            self.at += 1;
        }
        let closed = !braced || self.eat('}');
        engine::number::parse_unsigned(&digits, 16)
            .and_then(|code| u32::try_from(code).ok())
            .filter(|_| closed && !digits.is_empty())
            .and_then(char::from_u32)
            .ok_or_else(|| {
                self.error(
                    &format!("„\\{kind}“ braucht einen Zeichencode wie \\{kind}{{41}}"),
                    &format!("'\\{kind}' needs a character code like \\{kind}{{41}}"),
                )
            })
    }

    /// After a `[`: the items up to the closing `]`.
    fn class(&mut self) -> Result<Class, Text> {
        let open = self.at - 1;
        let negated = self.eat('^');
        let mut ranges = Vec::new();
        let mut first = true;
        loop {
            let Some(c) = self.peek() else {
                self.at = open;
                return Err(self.error("„[“ wird nicht geschlossen", "'[' is not closed"));
            };
            if c == ']' && !first {
                self.at += 1;
                break;
            }
            first = false;
            let from = match self.class_item()? {
                Item::Char(c) => c,
                Item::Set(set) => {
                    ranges.extend(set);
                    continue;
                }
            };
            let is_range =
                self.peek() == Some('-') && self.chars.get(self.at + 1).is_some_and(|&c| c != ']');
            if !is_range {
                ranges.push((from, from));
                continue;
            }
            self.at += 1;
            let Item::Char(to) = self.class_item()? else {
                return Err(self.error(
                    "ein Bereich muss mit einem einzelnen Zeichen enden",
                    "a range must end with a single character",
                ));
            };
            if to < from {
                return Err(self.error(
                    &format!("der Bereich {from}-{to} ist verkehrt herum"),
                    &format!("the range {from}-{to} is backwards"),
                ));
            }
            ranges.push((from, to));
        }
        if self.flags.ignore_case {
            ranges = with_other_cases(ranges);
        }
        Ok(Class { ranges, negated })
    }

    fn class_item(&mut self) -> Result<Item, Text> {
        let Some(c) = self.peek() else {
            return Err(self.error("„[“ wird nicht geschlossen", "'[' is not closed"));
        };
        self.at += 1;
        if c == '[' && self.peek() == Some(':') {
            return self.posix_class().map(Item::Set);
        }
        if c != '\\' {
            return Ok(Item::Char(c));
        }
        Ok(match self.escape(true)? {
            Node::Char(c) => Item::Char(c),
            Node::Class(class) if !class.negated => Item::Set(class.ranges),
            _ => {
                return Err(self.error(
                    "\\D, \\W und \\S gehen in eckigen Klammern nicht",
                    "\\D, \\W and \\S do not work inside brackets",
                ))
            }
        })
    }
}

enum Item {
    Char(char),
    Set(Vec<(char, char)>),
}

impl Parser {
    /// After `[` inside brackets, at `:`: a POSIX class like `[:alpha:]` (ASCII).
    fn posix_class(&mut self) -> Result<Vec<(char, char)>, Text> {
        let start = self.at - 1;
        let rest: String = self.chars[self.at..].iter().take(12).collect();
        let name = rest
            .strip_prefix(':')
            .and_then(|r| Some(r[..engine::text::find(r, ":]")?].to_string()))
            .unwrap_or_default();
        let ranges: &[(char, char)] = match name.as_str() {
            "alpha" => &[('A', 'Z'), ('a', 'z')],
            "digit" => DIGITS,
            "alnum" => &[('0', '9'), ('A', 'Z'), ('a', 'z')],
            "upper" => &[('A', 'Z')],
            "lower" => &[('a', 'z')],
            "space" => SPACE,
            "word" => WORD,
            "xdigit" => &[('0', '9'), ('A', 'F'), ('a', 'f')],
            "punct" => &[('!', '/'), (':', '@'), ('[', '`'), ('{', '~')],
            _ => {
                self.at = start;
                return Err(self.error(
                    "unbekannte Klasse; bekannt sind [:alpha:], [:digit:], [:alnum:], [:upper:], [:lower:], [:space:], [:word:], [:xdigit:], [:punct:]",
                    "unknown class; known are [:alpha:], [:digit:], [:alnum:], [:upper:], [:lower:], [:space:], [:word:], [:xdigit:], [:punct:]",
                ));
            }
        };
        self.at += name.chars().count() + 3;
        Ok(ranges.to_vec())
    }
}

/// `ranges` with the other case of every ASCII and Latin-1 letter in them.
fn with_other_cases(mut ranges: Vec<(char, char)>) -> Vec<(char, char)> {
    // Blocks of letters whose other case lies 32 code points away (× and ÷ excluded).
    const BLOCKS: [(char, char, i32); 6] = [
        ('A', 'Z', 32),
        ('a', 'z', -32),
        ('À', 'Ö', 32),
        ('Ø', 'Þ', 32),
        ('à', 'ö', -32),
        ('ø', 'þ', -32),
    ];
    let shift = |c: char, by: i32| char::from_u32((c as i32 + by) as u32).unwrap_or(c);
    let mut added = Vec::new();
    for &(from, to) in &ranges {
        for (block_from, block_to, by) in BLOCKS {
            let (low, high) = (from.max(block_from), to.min(block_to));
            if low <= high {
                added.push((shift(low, by), shift(high, by)));
            }
        }
    }
    ranges.extend(added);
    ranges
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(pattern: &str, text: &str) -> bool {
        compile(pattern)
            .unwrap_or_else(|e| panic!("{pattern}: {}", e.de))
            .is_match(text)
    }

    fn refusal(pattern: &str) -> String {
        match compile(pattern) {
            Ok(_) => panic!("{pattern} compiled"),
            Err(text) => text.get(engine::Lang::En).to_string(),
        }
    }

    #[test]
    fn matches_the_whole_answer_only() {
        assert!(matches("[0-9]{5}", "24937"));
        assert!(!matches("[0-9]{5}", "249371"));
        assert!(!matches("[0-9]{5}", "x24937"));
        assert!(matches("abc|x", "x"));
        assert!(!matches("abc|x", "abcx"));
        assert!(matches("", ""));
        assert!(!matches("", "a"));
    }

    #[test]
    fn understands_the_patterns_of_real_fim_fields() {
        let postal = "([0]{1}[1-9]{1}|[1-9]{1}[0-9]{1})[0-9]{3}";
        assert!(matches(postal, "01067") && matches(postal, "24937"));
        assert!(!matches(postal, "00123") && !matches(postal, "2493"));
        let email = "[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{1,63}$";
        assert!(matches(email, "anna.schmidt@flensburg.de"));
        assert!(!matches(email, "anna@flensburg"));
        let letters = "[a-zA-ZÀ-ÖØ-öø-ſ0-9. ]*";
        assert!(matches(letters, "Öztürk 12a"));
        assert!(!matches(letters, "a×b"));
    }

    #[test]
    fn repetitions_classes_and_escapes() {
        assert!(matches("a*", "") && matches("a*", "aaaa"));
        assert!(matches("a+", "a") && !matches("a+", ""));
        assert!(matches("colou?r", "color") && matches("colou?r", "colour"));
        assert!(matches("(ab){2,3}", "abab") && matches("(ab){2,3}", "ababab"));
        assert!(!matches("(ab){2,3}", "ab") && !matches("(ab){2,3}", "abababab"));
        assert!(matches("x{2,}", "xxxxx") && !matches("x{2,}", "x"));
        assert!(matches("a.c", "abc") && !matches("a.c", "a\nc"));
        assert!(matches("[^0-9]+", "abc") && !matches("[^0-9]+", "a1"));
        assert!(matches("\\d\\d:\\d\\d", "08:15") && !matches("\\d", "٣"));
        assert!(matches("[\\w-]+", "ab_c-9") && !matches("\\w", "ä"));
        assert!(matches("\\S+\\s\\S+", "a b") && !matches("\\S", " "));
        assert!(matches("[]a]+", "]a]") && matches("[a-]+", "a-") && matches("[-a]", "-"));
        assert!(matches(
            "\\.\\(\\)\\[\\]\\{\\}\\*\\+\\?\\|\\^\\$\\\\",
            ".()[]{}*+?|^$\\"
        ));
        assert!(matches("\\x41\\u00e4\\x{1F600}", "Aä😀"));
        assert!(matches("(?:ab)+(?P<x>c)(?<y>d)", "ababcd"));
        assert!(matches("a+?b*?", "aab"));
    }

    #[test]
    fn anchors_and_word_boundaries_are_assertions() {
        assert!(matches("^abc$", "abc"));
        assert!(!matches("a^b", "ab"));
        assert!(matches("(a|^b)c", "bc"));
        assert!(matches("\\bab\\b", "ab"));
        assert!(matches("a\\b \\bb", "a b"));
        assert!(!matches("a\\Bb", "a b") && matches("a\\Bb", "ab"));
    }

    #[test]
    fn flags_change_case_lines_and_dots() {
        assert!(matches("(?i)[a-z]{2}-straße", "AB-STRAßE"));
        assert!(matches("(?i)ä[ö-ü]", "ÄÜ") && !matches("(?i)[à-þ]", "×"));
        assert!(matches("a(?i:b)c", "aBc") && !matches("a(?i:b)c", "aBC"));
        assert!(matches("(?i)a(?-i)b", "Ab") && !matches("(?i)a(?-i)b", "AB"));
        assert!(matches("((?i)a)a", "Aa") && !matches("((?i)a)a", "AA"));
        assert!(!matches("a.b", "a\nb") && matches("(?s)a.b", "a\nb"));
        assert!(!matches("a$\n^b", "a\nb") && matches("(?m)a$\n^b", "a\nb"));
        assert!(matches("\\Aab\\z", "ab") && !matches("(?m)a\\z\n^b", "a\nb"));
    }

    #[test]
    fn posix_classes_are_ascii() {
        assert!(matches("[[:alpha:]]+[[:digit:]]", "Ab1") && !matches("[[:alpha:]]", "ä"));
        assert!(matches("[[:upper:][:space:]]+", "A B") && matches("[^[:punct:]]", "a"));
        assert!(matches("[[:xdigit:]]{2}", "fF") && matches("[[:alnum:]_]+", "a_1"));
        assert!(matches("(?i)[[:lower:]]", "Q"));
    }

    #[test]
    fn nested_loops_do_not_hang_and_stay_linear() {
        let nested = compile("(a*)*b").expect("compiles");
        let long = "a".repeat(10_000);
        assert!(!nested.is_match(&long));
        assert!(nested.is_match(&(long + "b")));
        let classic = compile("(a|aa)+$").expect("compiles");
        assert!(classic.is_match(&"a".repeat(5_000)));
    }

    #[test]
    fn refuses_what_it_cannot_do_and_says_where() {
        assert!(refusal("(a").contains("not closed"));
        assert!(refusal("a)").contains("character 2"));
        assert!(refusal("[a-").contains("not closed"));
        assert!(refusal("(a)\\1").contains("back-references"));
        assert!(refusal("\\p{L}").contains("Unicode classes"));
        assert!(refusal("(?=a)").contains("look-around"));
        assert!(refusal("(?<!a)b").contains("look-around"));
        assert!(refusal("(?x)a").contains("the flag 'x'"));
        assert!(refusal("[[:letters:]]").contains("unknown class"));
        assert!(refusal("*a").contains("needs something before it"));
        assert!(refusal("a**").contains("two repetitions"));
        assert!(refusal("a{2").contains("count"));
        assert!(refusal("a{3,2}").contains("must not be less"));
        assert!(refusal("[z-a]").contains("backwards"));
        assert!(refusal("\\q").contains("unknown escape"));
        assert!(refusal("^*").contains("cannot be repeated"));
        assert!(refusal("\\").contains("at the end"));
        assert!(refusal(&"(".repeat(60)).contains("nested"));
        assert!(refusal("a{1001}").contains("above 1000"));
        assert!(refusal("(a{1000}){1000}").contains("too large"));
        // An exact count of an empty group compiles to nothing at once (it never ended).
        let empty =
            compile(&format!("{}{}", "(".repeat(4), "){1000}".repeat(4))).expect("compiles");
        assert!(empty.is_match(""));
        assert!(!empty.is_match("a"));
        assert!(compile("((a){1000}){1000}")
            .expect_err("too large")
            .en
            .is_some());
        assert!(refusal(&"a".repeat(1001)).contains("longer than"));
    }

    #[test]
    fn german_messages_too() {
        let error = compile("(a").expect_err("refused");
        assert_eq!(error.de, "„(“ wird nicht geschlossen (Zeichen 3)");
    }
}
