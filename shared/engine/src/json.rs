//! A small JSON implementation for definitions, answers and payloads.
//!
//! Written here rather than taken from serde: serde's generated code for this format
//! cost the runtime bundle more than half of its size budget. Objects keep their order
//! (definitions stay readable when saved; payloads list answers in document order).
//! Numbers are `f64`; those that `f64` cannot hold exactly as written (more than 15
//! significant digits, or beyond 1e22) are refused rather than silently changed.

use std::fmt::Write as _;

#[derive(Debug, Clone, PartialEq, Default)]
pub enum Json {
    #[default]
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    Array(Vec<Json>),
    /// Key order as written; keys are unique.
    Object(Vec<(String, Json)>),
}

/// Where parsing failed, counted from 1, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct ParseError {
    pub line: usize,
    pub column: usize,
    pub message: crate::text::Text,
}

/// One step of a path into a document: `steps[1].elements[0].type`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    Key(String),
    Index(usize),
}

pub fn render_path(path: &[Segment]) -> String {
    let mut out = String::new();
    for segment in path {
        match segment {
            Segment::Key(key) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Segment::Index(index) => {
                let _ = write!(out, "[{index}]");
            }
        }
    }
    out
}

use crate::limits::{MAX_JSON_DEPTH, MAX_KEYS};

impl Json {
    pub fn parse(text: &str) -> Result<Json, ParseError> {
        let mut parser = Parser {
            text,
            bytes: text.as_bytes(),
            pos: 0,
            depth: 0,
            locate: None,
            found: None,
        };
        parser.skip_whitespace();
        let value = parser.value(&mut Vec::new())?;
        parser.skip_whitespace();
        if parser.pos < parser.bytes.len() {
            return Err(parser.error(
                "Nach dem Ende des JSON-Werts folgt noch Text.",
                &crate::en!("Unexpected text after the end of the JSON value."),
            ));
        }
        Ok(value)
    }

    /// Line and column where the value at `path` starts in `text`, for error messages.
    pub fn locate(text: &str, path: &[Segment]) -> Option<(usize, usize)> {
        let mut parser = Parser {
            text,
            bytes: text.as_bytes(),
            pos: 0,
            depth: 0,
            locate: Some(path),
            found: None,
        };
        parser.skip_whitespace();
        let _ = parser.value(&mut Vec::new());
        parser.found
    }

    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// Sets `key`, replacing an existing entry in place or appending.
    pub fn insert(&mut self, key: impl Into<String>, value: Json) {
        if let Json::Object(entries) = self {
            let key = key.into();
            match entries.iter_mut().find(|(k, _)| *k == key) {
                Some(entry) => entry.1 = value,
                None => entries.push((key, value)),
            }
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Json::Number(n) => Some(*n),
            _ => None,
        }
    }

    /// A whole number (no fraction) that fits an i64 exactly.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Json::Number(n) if n.fract() == 0.0 && n.abs() <= 9_007_199_254_740_992.0 => {
                Some(*n as i64)
            }
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Json::Bool(b) => Some(*b),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[Json]> {
        match self {
            Json::Array(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&[(String, Json)]> {
        match self {
            Json::Object(entries) => Some(entries),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Json::Null)
    }

    pub fn is_object_or_array(&self) -> bool {
        matches!(self, Json::Object(_) | Json::Array(_))
    }

    /// Compact, as sent over the network.
    pub fn to_compact(&self) -> String {
        let mut out = String::new();
        self.write(&mut out, None, 0);
        out
    }

    /// Indented by two spaces, as saved for people to read.
    pub fn to_pretty(&self) -> String {
        let mut out = String::new();
        self.write(&mut out, Some(2), 0);
        out
    }

    fn write(&self, out: &mut String, indent: Option<usize>, level: usize) {
        let newline = |out: &mut String, level: usize| {
            if let Some(width) = indent {
                out.push('\n');
                out.extend(std::iter::repeat_n(' ', width * level));
            }
        };
        match self {
            Json::Null => out.push_str("null"),
            Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Json::Number(n) => write_number(out, *n),
            Json::String(s) => write_string(out, s),
            Json::Array(items) if items.is_empty() => out.push_str("[]"),
            Json::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    newline(out, level + 1);
                    item.write(out, indent, level + 1);
                }
                newline(out, level);
                out.push(']');
            }
            Json::Object(entries) if entries.is_empty() => out.push_str("{}"),
            Json::Object(entries) => {
                out.push('{');
                for (i, (key, value)) in entries.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    newline(out, level + 1);
                    write_string(out, key);
                    out.push(':');
                    if indent.is_some() {
                        out.push(' ');
                    }
                    value.write(out, indent, level + 1);
                }
                newline(out, level);
                out.push('}');
            }
        }
    }
}

impl std::fmt::Display for Json {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_compact())
    }
}

use crate::number::{format_decimal, parse_decimal, parse_unsigned};

fn write_number(out: &mut String, n: f64) {
    match format_decimal(n, None) {
        Some(text) => out.push_str(&text),
        None => out.push_str("null"),
    }
}

fn write_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

impl From<bool> for Json {
    fn from(b: bool) -> Json {
        Json::Bool(b)
    }
}

impl From<f64> for Json {
    fn from(n: f64) -> Json {
        Json::Number(n)
    }
}

impl From<i64> for Json {
    fn from(n: i64) -> Json {
        Json::Number(n as f64)
    }
}

impl From<i32> for Json {
    fn from(n: i32) -> Json {
        Json::Number(f64::from(n))
    }
}

impl From<u64> for Json {
    fn from(n: u64) -> Json {
        Json::Number(n as f64)
    }
}

impl From<u32> for Json {
    fn from(n: u32) -> Json {
        Json::Number(f64::from(n))
    }
}

impl From<usize> for Json {
    fn from(n: usize) -> Json {
        Json::Number(n as f64)
    }
}

/// A text as the format writes it: `{"de": …}`, with `"en"` when translated.
impl From<&crate::text::Text> for Json {
    fn from(text: &crate::text::Text) -> Json {
        let mut o = crate::json!({ "de": (text.de.as_str()) });
        if let Some(en) = &text.en {
            o.insert("en", Json::from(en.as_str()));
        }
        o
    }
}

impl From<&str> for Json {
    fn from(s: &str) -> Json {
        Json::String(s.to_string())
    }
}

impl From<String> for Json {
    fn from(s: String) -> Json {
        Json::String(s)
    }
}

impl From<&String> for Json {
    fn from(s: &String) -> Json {
        Json::String(s.clone())
    }
}

impl<T: Into<Json>> From<Vec<T>> for Json {
    fn from(items: Vec<T>) -> Json {
        Json::Array(items.into_iter().map(Into::into).collect())
    }
}

impl<T: Into<Json>> From<Option<T>> for Json {
    fn from(value: Option<T>) -> Json {
        value.map_or(Json::Null, Into::into)
    }
}

impl std::ops::Index<&str> for Json {
    type Output = Json;

    /// `Null` for a missing key, as in JavaScript.
    fn index(&self, key: &str) -> &Json {
        static NULL: Json = Json::Null;
        self.get(key).unwrap_or(&NULL)
    }
}

impl std::ops::Index<usize> for Json {
    type Output = Json;

    fn index(&self, index: usize) -> &Json {
        static NULL: Json = Json::Null;
        self.as_array()
            .and_then(|items| items.get(index))
            .unwrap_or(&NULL)
    }
}

/// Builds a [`Json`] value: `json!({"id": (form.id), "steps": [1, 2], "x": null})`.
/// Values that are not literals go in parentheses.
#[macro_export]
macro_rules! json {
    (null) => { $crate::json::Json::Null };
    ([ $($item:tt),* $(,)? ]) => { $crate::json::Json::Array(vec![ $( $crate::json!($item) ),* ]) };
    ({ $($key:tt : $value:tt),* $(,)? }) => {
        $crate::json::Json::Object(vec![ $( (($key).to_string(), $crate::json!($value)) ),* ])
    };
    ($other:expr) => { $crate::json::Json::from($other) };
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    depth: usize,
    /// When locating: the path sought, and where its value starts.
    locate: Option<&'a [Segment]>,
    found: Option<(usize, usize)>,
}

impl Parser<'_> {
    fn position(&self) -> (usize, usize) {
        let before = &self.bytes[..self.pos.min(self.bytes.len())];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        // Characters, not bytes: a UTF-8 continuation byte does not start one.
        let column = before[line_start..]
            .iter()
            .filter(|&&b| b & 0xC0 != 0x80)
            .count()
            + 1;
        (line, column)
    }

    fn error(&self, de: &str, en: &str) -> ParseError {
        let (line, column) = self.position();
        ParseError {
            line,
            column,
            message: crate::text::Text::new(de, en),
        }
    }

    fn skip_whitespace(&mut self) {
        while self.pos < self.bytes.len()
            && matches!(self.bytes[self.pos], b' ' | b'\t' | b'\n' | b'\r')
        {
            self.pos += 1;
        }
    }

    fn value(&mut self, path: &mut Vec<Segment>) -> Result<Json, ParseError> {
        if self.locate == Some(path.as_slice()) && self.found.is_none() {
            self.found = Some(self.position());
        }
        self.depth += 1;
        if self.depth > MAX_JSON_DEPTH {
            return Err(self.error(
                "Die Daten sind zu tief verschachtelt.",
                &crate::en!("The data is nested too deeply."),
            ));
        }
        let result = match self.bytes.get(self.pos) {
            None => Err(self.error(
                "Die Daten enden zu früh.",
                &crate::en!("The data ends too early."),
            )),
            Some(b'{') => self.object(path),
            Some(b'[') => self.array(path),
            Some(b'"') => self.string().map(Json::String),
            Some(b't') => self.literal("true", Json::Bool(true)),
            Some(b'f') => self.literal("false", Json::Bool(false)),
            Some(b'n') => self.literal("null", Json::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.error(
                "Hier wird ein Wert erwartet (Text in \"…\", Zahl, true, false, null, [ oder {).",
                &crate::en!(
                    "A value is expected here (\"text\", number, true, false, null, [ or {)."
                ),
            )),
        };
        self.depth -= 1;
        result
    }

    fn literal(&mut self, word: &str, value: Json) -> Result<Json, ParseError> {
        if self.bytes[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            Ok(value)
        } else {
            Err(self.error(
                "Unbekanntes Wort: erwartet sind true, false oder null.",
                &crate::en!("Unknown word: expected true, false or null."),
            ))
        }
    }

    fn object(&mut self, path: &mut Vec<Segment>) -> Result<Json, ParseError> {
        self.pos += 1;
        let mut entries: Vec<(String, Json)> = Vec::new();
        // Where each key starts, to point at a repeated one.
        let mut positions = Vec::new();
        self.skip_whitespace();
        if self.bytes.get(self.pos) == Some(&b'}') {
            self.pos += 1;
            return Ok(Json::Object(entries));
        }
        loop {
            self.skip_whitespace();
            if self.bytes.get(self.pos) != Some(&b'"') {
                return Err(self.error(
                    "Hier wird ein Name in Anführungszeichen erwartet (z. B. \"key\").",
                    &crate::en!("A name in double quotes is expected here (e.g. \"key\")."),
                ));
            }
            let key_position = self.pos;
            if entries.len() == MAX_KEYS {
                return Err(self.error(
                    &format!("Ein Objekt darf höchstens {MAX_KEYS} Namen haben."),
                    &crate::en!(format!("An object may have at most {MAX_KEYS} names.")),
                ));
            }
            let key = self.string()?;
            positions.push(key_position);
            self.skip_whitespace();
            if self.bytes.get(self.pos) != Some(&b':') {
                return Err(self.error(
                    "Hier fehlt ein Doppelpunkt „:“.",
                    &crate::en!("A colon ':' is missing here."),
                ));
            }
            self.pos += 1;
            self.skip_whitespace();
            // The path is only needed when locating; copying every key costs allocations.
            let tracking = self.locate.is_some();
            if tracking {
                path.push(Segment::Key(key.clone()));
            }
            let value = self.value(path);
            if tracking {
                path.pop();
            }
            entries.push((key, value?));
            self.skip_whitespace();
            match self.bytes.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return match repeated(&entries, &positions) {
                        None => Ok(Json::Object(entries)),
                        Some((key, at)) => {
                            self.pos = at;
                            Err(self.error(
                                &format!("Der Name „{key}“ kommt in diesem Objekt zweimal vor."),
                                &format!("The name '{key}' occurs twice in this object."),
                            ))
                        }
                    };
                }
                _ => {
                    return Err(self.error(
                        "Hier fehlt ein Komma „,“ oder die schließende Klammer „}“.",
                        &crate::en!("A comma ',' or the closing brace '}' is missing here."),
                    ))
                }
            }
        }
    }

    fn array(&mut self, path: &mut Vec<Segment>) -> Result<Json, ParseError> {
        self.pos += 1;
        let mut items = Vec::new();
        self.skip_whitespace();
        if self.bytes.get(self.pos) == Some(&b']') {
            self.pos += 1;
            return Ok(Json::Array(items));
        }
        loop {
            self.skip_whitespace();
            let tracking = self.locate.is_some();
            if tracking {
                path.push(Segment::Index(items.len()));
            }
            let value = self.value(path);
            if tracking {
                path.pop();
            }
            items.push(value?);
            self.skip_whitespace();
            match self.bytes.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Json::Array(items));
                }
                _ => {
                    return Err(self.error(
                        "Hier fehlt ein Komma „,“ oder die schließende Klammer „]“.",
                        &crate::en!("A comma ',' or the closing bracket ']' is missing here."),
                    ))
                }
            }
        }
    }

    fn string(&mut self) -> Result<String, ParseError> {
        self.pos += 1;
        let mut out = String::new();
        loop {
            let start = self.pos;
            while self.pos < self.bytes.len()
                && !matches!(self.bytes[self.pos], b'"' | b'\\' | 0..=0x1f)
            {
                self.pos += 1;
            }
            // The stops are ASCII, so both ends are character boundaries.
            let run = self.text.get(start..self.pos).unwrap_or_default();
            if out.is_empty() && self.bytes.get(self.pos) == Some(&b'"') {
                // Most texts have no escapes: one allocation of the right size.
                self.pos += 1;
                return Ok(run.to_string());
            }
            out.push_str(run);
            match self.bytes.get(self.pos) {
                None => {
                    return Err(self.error(
                        "Der Text ist nicht abgeschlossen: das Anführungszeichen am Ende fehlt.",
                        &crate::en!("Unterminated text: the closing quote is missing."),
                    ))
                }
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.pos += 1;
                    let escaped = match self.bytes.get(self.pos) {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            self.pos += 1;
                            let first = self.hex4()?;
                            let code = if (0xD800..0xDC00).contains(&first) {
                                // A high surrogate: only a low one may follow.
                                let low = self.bytes[self.pos..].starts_with(b"\\u")
                                    && self
                                        .text
                                        .get(self.pos + 2..self.pos + 6)
                                        .and_then(|d| parse_unsigned(d, 16))
                                        .is_some_and(|v| (0xDC00..0xE000).contains(&v));
                                if !low {
                                    return Err(self.error(
                                        "Nach einem \\u-Ersatzzeichen (D800–DBFF) muss ein zweites (DC00–DFFF) folgen.",
                                        &crate::en!("A \\u high surrogate (D800-DBFF) must be followed by a low one (DC00-DFFF)."),
                                    ));
                                }
                                self.pos += 2;
                                let second = self.hex4()?;
                                0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
                            } else {
                                first
                            };
                            out.push(char::from_u32(code).unwrap_or('\u{FFFD}'));
                            continue;
                        }
                        _ => {
                            return Err(self.error(
                                "Ungültige Escape-Sequenz nach „\\“.",
                                &crate::en!("Invalid escape sequence after '\\'."),
                            ))
                        }
                    };
                    self.pos += 1;
                    out.push(escaped);
                }
                Some(_) => return Err(self.error(
                    "Steuerzeichen (z. B. ein Zeilenumbruch) sind in Texten nur als \\n erlaubt.",
                    &crate::en!("Control characters (such as a line break) must be written as \\n in texts."),
                )),
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, ParseError> {
        let digits = self.text.get(self.pos..self.pos + 4);
        let value = digits.and_then(|d| parse_unsigned(d, 16)).map(|v| v as u32);
        match value {
            Some(v) => {
                self.pos += 4;
                Ok(v)
            }
            None => Err(self.error(
                "Nach \\u werden vier Hexadezimalziffern erwartet.",
                &crate::en!("\\u must be followed by four hex digits."),
            )),
        }
    }

    fn number(&mut self) -> Result<Json, ParseError> {
        let start = self.pos;
        if self.bytes.get(self.pos) == Some(&b'-') {
            self.pos += 1;
        }
        let digits = |parser: &mut Parser| {
            let from = parser.pos;
            while parser.pos < parser.bytes.len() && parser.bytes[parser.pos].is_ascii_digit() {
                parser.pos += 1;
            }
            parser.pos - from
        };
        let int_digits = digits(self);
        let mut valid =
            int_digits > 0 && !(int_digits > 1 && self.bytes[self.pos - int_digits] == b'0');
        if self.bytes.get(self.pos) == Some(&b'.') {
            self.pos += 1;
            valid &= digits(self) > 0;
        }
        if matches!(self.bytes.get(self.pos), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.bytes.get(self.pos), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            valid &= digits(self) > 0;
        }
        let text = self.text.get(start..self.pos).unwrap_or_default();
        if !valid {
            self.pos = start;
            return Err(self.error("Ungültige Zahl.", &crate::en!("Invalid number.")));
        }
        match parse_decimal(text) {
            Some(n) => Ok(Json::Number(n)),
            None => {
                self.pos = start;
                Err(self.error(
                    "Die Zahl ist zu groß oder zu genau (höchstens 15 gültige Ziffern).",
                    &crate::en!(
                        "The number is too large or too precise (at most 15 significant digits)."
                    ),
                ))
            }
        }
    }
}

/// The first key (in document order) that occurs again in an object, with where its
/// repetition starts: by sorting, so an object of many keys costs n log n, not n².
fn repeated<'a>(entries: &'a [(String, Json)], positions: &[usize]) -> Option<(&'a str, usize)> {
    if entries.len() < 2 {
        return None;
    }
    let mut order: Vec<usize> = (0..entries.len()).collect();
    order.sort_unstable_by(|&a, &b| entries[a].0.cmp(&entries[b].0).then(a.cmp(&b)));
    order
        .windows(2)
        .filter(|pair| entries[pair[0]].0 == entries[pair[1]].0)
        .map(|pair| pair[1])
        .min()
        .map(|index| (entries[index].0.as_str(), positions[index]))
}

#[cfg(test)]
#[allow(clippy::disallowed_methods)] // The tests compare with std.
mod tests {
    use super::*;

    #[test]
    fn parses_and_writes_round_trip() {
        let text = r#"{"b": [1, -2.5, 1e3, true, null], "a": {"x": "ä\"\\\n\u00e9\ud83d\ude00"}, "c": 0.1}"#;
        let value = Json::parse(text).expect("valid");
        assert_eq!(value["b"][2], Json::Number(1000.0));
        assert_eq!(value["a"]["x"].as_str(), Some("ä\"\\\né😀"));
        let compact = value.to_compact();
        assert_eq!(
            compact,
            r#"{"b":[1,-2.5,1000,true,null],"a":{"x":"ä\"\\\né😀"},"c":0.1}"#
        );
        assert_eq!(Json::parse(&compact), Ok(value.clone()));
        assert_eq!(Json::parse(&value.to_pretty()), Ok(value));
    }

    #[test]
    fn reports_line_and_column() {
        let error = Json::parse("{\n  \"a\": 1,\n  \"b\" 2\n}").expect_err("missing colon");
        assert_eq!((error.line, error.column), (3, 7));
        // Columns count characters, not bytes.
        let error = Json::parse("{\"ä\" 1}").expect_err("missing colon");
        assert_eq!((error.line, error.column), (1, 6));
        let error = Json::parse("[1, 2,]").expect_err("trailing comma");
        assert_eq!((error.line, error.column), (1, 7));
        let error = Json::parse(r#"{"a": 1, "a": 2}"#).expect_err("duplicate");
        assert!(error.message.de.contains("zweimal"));
        assert!(Json::parse("01").is_err());
        assert!(Json::parse("1.").is_err());
        assert!(Json::parse("\"a\nb\"").is_err());
        assert!(Json::parse("[1] x").is_err());
        assert!(
            Json::parse(&"[".repeat(10_000)).is_err(),
            "deep nesting is refused, not a stack overflow"
        );
    }

    #[test]
    fn refuses_hostile_input_in_time_linear_in_its_size() {
        // As many distinct keys as allowed read; one more is refused at once.
        let object = |n: usize| {
            let keys: Vec<String> = (0..n).map(|i| format!("\"k{i}\": {i}")).collect();
            format!("{{{}}}", keys.join(","))
        };
        let parsed = Json::parse(&object(MAX_KEYS)).expect("within the cap");
        assert_eq!(parsed.as_object().map(<[_]>::len), Some(MAX_KEYS));
        let error = Json::parse(&object(MAX_KEYS + 1)).expect_err("beyond the cap");
        assert!(
            error.message.de.contains("höchstens 10000 Namen"),
            "{error:?}"
        );
        // A repeated key among many is found, and the error points at the repetition.
        let mut many: Vec<String> = (0..5_000).map(|i| format!("\"k{i}\":1")).collect();
        many.insert(4_000, "\"k17\":2".into());
        let text = format!("{{{}}}", many.join(","));
        let error = Json::parse(&text).expect_err("repeated");
        assert!(error
            .message
            .de
            .contains("„k17“ kommt in diesem Objekt zweimal"));
        assert_eq!(error.column, text.find("\"k17\":2").expect("there") + 1);
    }

    #[test]
    fn a_high_surrogate_needs_a_low_one() {
        assert_eq!(
            Json::parse(r#""\ud83d\ude00""#),
            Ok(Json::String("😀".into()))
        );
        // "\ud800\u0041" once became U+10041, swallowing the "A".
        for text in [
            r#""\ud800\u0041""#,
            r#""\ud800""#,
            r#""\ud800x""#,
            r#""\udbff\ud800""#,
        ] {
            let error = Json::parse(text).expect_err(text);
            assert!(
                error.message.de.contains("Ersatzzeichen"),
                "{text}: {error:?}"
            );
        }
        // A lone low surrogate is no character: it reads as U+FFFD, as browsers do.
        assert_eq!(
            Json::parse(r#""\udc00""#),
            Ok(Json::String("\u{fffd}".into()))
        );
    }

    #[test]
    fn locates_paths_for_error_messages() {
        let text = "{\n  \"steps\": [\n    {\"id\": 1},\n    {\"id\": 2, \"x\": true}\n  ]\n}";
        let path = [
            Segment::Key("steps".into()),
            Segment::Index(1),
            Segment::Key("x".into()),
        ];
        assert_eq!(Json::locate(text, &path), Some((4, 20)));
        assert_eq!(render_path(&path), "steps[1].x");
    }

    #[test]
    fn builds_values_with_the_macro() {
        let id = "hund";
        let value = json!({ "id": (id), "n": 3, "list": [1, "a", null], "nested": { "ok": true } });
        assert_eq!(
            value.to_compact(),
            r#"{"id":"hund","n":3,"list":[1,"a",null],"nested":{"ok":true}}"#
        );
    }
}
