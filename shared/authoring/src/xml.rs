//! A small, strict XML reader for importing FIM files (XDatenfelder, genericode).
//!
//! Written here rather than pulled in: the designer's bundle pays for every byte, and
//! we need only elements, attributes, text and namespaces, with the line of every
//! error. No DTDs (so no entity expansion attacks), no external anything. Iterative, so
//! deep nesting cannot overflow the stack.

use engine::text::Text;

/// An element with its namespace resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct Element {
    /// Namespace URI ("" when none).
    pub namespace: String,
    /// Local name, without prefix.
    pub name: String,
    /// Attributes by local name (namespace declarations left out).
    pub attributes: Vec<(String, String)>,
    pub children: Vec<Node>,
    /// 1-based line of the start tag.
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Element(Element),
    Text(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct XmlError {
    pub line: usize,
    pub column: usize,
    pub message: Text,
}

impl std::fmt::Display for XmlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Zeile {}, Spalte {}: {}",
            self.line, self.column, self.message.de
        )
    }
}

impl Element {
    /// Child elements, in order.
    pub fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|node| match node {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    /// Child elements with this local name.
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.elements().filter(move |e| e.name == name)
    }

    pub fn first(&self, name: &str) -> Option<&Element> {
        self.elements().find(|e| e.name == name)
    }

    /// The text inside, entities decoded, surrounding white space trimmed.
    pub fn text(&self) -> String {
        let mut text = String::new();
        for node in &self.children {
            if let Node::Text(t) = node {
                text.push_str(t);
            }
        }
        text.trim().to_string()
    }

    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Deeper nesting is refused: real FIM files stay below 20 levels, and everything
/// walking the tree recursively stays safe.
pub const MAX_DEPTH: usize = 200;
/// Attributes (namespace declarations included) of one element: schemas use a handful,
/// and the check for repeated ones stays linear in the input.
pub const MAX_ATTRIBUTES: usize = 256;

/// Parses a whole document and returns its root element.
pub fn parse(input: &str) -> Result<Element, XmlError> {
    Parser {
        input,
        pos: 0,
        scopes: vec![Vec::new()],
        counted_to: 0,
        lines: 1,
    }
    .document()
}

struct Open {
    element: Element,
    /// The tag as written, to match the end tag.
    qualified: String,
}

struct Parser<'a> {
    input: &'a str,
    pos: usize,
    /// Namespace declarations per open element: (prefix, uri); "" is the default.
    scopes: Vec<Vec<(String, String)>>,
    /// Lines counted up to `counted_to`, so tag lines cost linear time overall.
    counted_to: usize,
    lines: usize,
}

impl<'a> Parser<'a> {
    fn document(mut self) -> Result<Element, XmlError> {
        self.skip_bom();
        let mut stack: Vec<Open> = Vec::new();
        let mut root: Option<Element> = None;
        loop {
            if self.pos >= self.input.len() {
                if let Some(open) = stack.last() {
                    return Err(self.error(
                        format!(
                            "Das Dokument endet, bevor <{}> geschlossen wurde.",
                            open.qualified
                        ),
                        format!("The document ends before <{}> is closed.", open.qualified),
                    ));
                }
                return root.ok_or_else(|| {
                    self.error(
                        "Das Dokument enthält kein Element.",
                        "The document contains no element.",
                    )
                });
            }
            let rest = &self.input[self.pos..];
            if rest.starts_with("<?") {
                self.skip_past("?>", "<?")?;
            } else if rest.starts_with("<!--") {
                self.skip_past("-->", "<!--")?;
            } else if rest.starts_with("<![CDATA[") {
                let start = self.pos + "<![CDATA[".len();
                self.skip_past("]]>", "<![CDATA[")?;
                let text = &self.input[start..self.pos - 3];
                self.add_text(&mut stack, text.to_string())?;
            } else if rest.starts_with("<!") {
                return Err(self.error(
                    "DOCTYPE-Deklarationen werden nicht unterstützt.",
                    "DOCTYPE declarations are not supported.",
                ));
            } else if rest.starts_with("</") {
                let open = stack.pop().ok_or_else(|| {
                    self.error(
                        "Ein schließendes Tag ohne öffnendes.",
                        "A closing tag without an opening one.",
                    )
                })?;
                self.pos += 2;
                let name = self.name()?;
                if name != open.qualified {
                    return Err(self.error(
                        format!("</{name}> schließt <{}>, das passt nicht.", open.qualified),
                        format!(
                            "</{name}> closes <{}>, which does not match.",
                            open.qualified
                        ),
                    ));
                }
                self.skip_space();
                self.expect(">")?;
                self.scopes.pop();
                self.finish(&mut stack, &mut root, open.element)?;
            } else if rest.starts_with('<') {
                if stack.len() >= MAX_DEPTH {
                    return Err(self.error(
                        format!("Die Elemente sind tiefer als {MAX_DEPTH} Ebenen verschachtelt."),
                        format!("Elements are nested deeper than {MAX_DEPTH} levels."),
                    ));
                }
                let (open, empty) = self.start_tag()?;
                if empty {
                    self.scopes.pop();
                    self.finish(&mut stack, &mut root, open.element)?;
                } else {
                    stack.push(open);
                }
            } else {
                let end = rest.find('<').map_or(self.input.len(), |i| self.pos + i);
                let raw = &self.input[self.pos..end];
                let text = self.decode(raw)?;
                self.pos = end;
                self.add_text(&mut stack, text)?;
            }
        }
    }

    fn finish(
        &self,
        stack: &mut [Open],
        root: &mut Option<Element>,
        element: Element,
    ) -> Result<(), XmlError> {
        match stack.last_mut() {
            Some(parent) => parent.element.children.push(Node::Element(element)),
            None if root.is_none() => *root = Some(element),
            None => {
                return Err(self.error(
                    "Nach dem Wurzelelement folgt ein weiteres Element.",
                    "Another element follows the root element.",
                ))
            }
        }
        Ok(())
    }

    fn add_text(&self, stack: &mut [Open], text: String) -> Result<(), XmlError> {
        match stack.last_mut() {
            Some(open) => {
                if !text.trim().is_empty() {
                    open.element.children.push(Node::Text(text));
                }
                Ok(())
            }
            None if text.trim().is_empty() => Ok(()),
            None => Err(self.error(
                "Text außerhalb des Wurzelelements.",
                "Text outside the root element.",
            )),
        }
    }

    fn start_tag(&mut self) -> Result<(Open, bool), XmlError> {
        let line = self.line_of_tag();
        self.pos += 1;
        let qualified = self.name()?;
        let mut raw_attributes: Vec<(String, String)> = Vec::new();
        let mut declarations = Vec::new();
        let empty = loop {
            let had_space = self.skip_space();
            let rest = &self.input[self.pos..];
            if rest.starts_with("/>") {
                self.pos += 2;
                break true;
            }
            if rest.starts_with('>') {
                self.pos += 1;
                break false;
            }
            if !had_space {
                return Err(self.error(
                    format!("Im Tag <{qualified}> fehlt ein Leerzeichen oder „>“."),
                    format!("The tag <{qualified}> lacks a space or \">\"."),
                ));
            }
            if raw_attributes.len() + declarations.len() == MAX_ATTRIBUTES {
                return Err(self.error(
                    format!("Das Tag <{qualified}> hat mehr als {MAX_ATTRIBUTES} Attribute."),
                    format!("The tag <{qualified}> has more than {MAX_ATTRIBUTES} attributes."),
                ));
            }
            let attribute = self.name()?;
            self.skip_space();
            self.expect("=")?;
            self.skip_space();
            let value = self.quoted()?;
            if raw_attributes.iter().any(|(n, _)| *n == attribute) {
                return Err(self.error(
                    format!("Das Attribut „{attribute}“ steht doppelt."),
                    format!("The attribute \"{attribute}\" appears twice."),
                ));
            }
            if attribute == "xmlns" {
                declarations.push((String::new(), value));
            } else if let Some(prefix) = attribute.strip_prefix("xmlns:") {
                declarations.push((prefix.to_string(), value));
            } else {
                raw_attributes.push((attribute, value));
            }
        };
        self.scopes.push(declarations);
        let (prefix, name) = split_name(&qualified);
        let namespace = self.resolve(prefix).ok_or_else(|| {
            self.error(
                format!("Das Präfix „{prefix}“ ist keinem Namensraum zugeordnet."),
                format!("The prefix \"{prefix}\" is bound to no namespace."),
            )
        })?;
        let attributes = raw_attributes
            .into_iter()
            .map(|(n, v)| (split_name(&n).1.to_string(), v))
            .collect();
        let element = Element {
            namespace,
            name: name.to_string(),
            attributes,
            children: Vec::new(),
            line,
        };
        Ok((Open { element, qualified }, empty))
    }

    fn resolve(&self, prefix: &str) -> Option<String> {
        if prefix == "xml" {
            return Some("http://www.w3.org/XML/1998/namespace".into());
        }
        for scope in self.scopes.iter().rev() {
            if let Some((_, uri)) = scope.iter().rev().find(|(p, _)| p == prefix) {
                return Some(uri.clone());
            }
        }
        prefix.is_empty().then(String::new)
    }

    fn name(&mut self) -> Result<String, XmlError> {
        let rest = &self.input[self.pos..];
        let len = rest
            .find(|c: char| c.is_whitespace() || matches!(c, '>' | '/' | '=' | '<' | '"' | '\''))
            .unwrap_or(rest.len());
        let name = &rest[..len];
        let valid_start = name
            .chars()
            .next()
            .is_some_and(|c| c.is_alphabetic() || c == '_');
        if !valid_start || name.matches(':').count() > 1 || name.ends_with(':') {
            return Err(self.error("Hier wird ein Name erwartet.", "A name is expected here."));
        }
        self.pos += len;
        Ok(name.to_string())
    }

    fn quoted(&mut self) -> Result<String, XmlError> {
        let quote = match self.input[self.pos..].chars().next() {
            Some(q @ ('"' | '\'')) => q,
            _ => {
                return Err(self.error(
                    "Attributwerte stehen in Anführungszeichen.",
                    "Attribute values must be quoted.",
                ))
            }
        };
        self.pos += 1;
        let rest = &self.input[self.pos..];
        let len = rest.find(quote).ok_or_else(|| {
            self.error(
                "Ein Attributwert wird nicht geschlossen.",
                "An attribute value is not closed.",
            )
        })?;
        let raw = &rest[..len];
        if raw.contains('<') {
            return Err(self.error(
                "„<“ ist in Attributwerten nicht erlaubt.",
                "\"<\" is not allowed in attribute values.",
            ));
        }
        let value = self.decode(raw)?;
        self.pos += len + 1;
        Ok(value)
    }

    /// Replaces entity and character references.
    fn decode(&self, raw: &str) -> Result<String, XmlError> {
        if !raw.contains('&') {
            return Ok(raw.to_string());
        }
        let mut out = String::with_capacity(raw.len());
        let mut rest = raw;
        while let Some(amp) = rest.find('&') {
            out.push_str(&rest[..amp]);
            let after = &rest[amp + 1..];
            let semi = after.find(';').filter(|&i| i <= 10);
            let reference = semi.map(|i| &after[..i]);
            let decoded = match reference {
                Some("lt") => Some('<'),
                Some("gt") => Some('>'),
                Some("amp") => Some('&'),
                Some("quot") => Some('"'),
                Some("apos") => Some('\''),
                Some(r) if r.starts_with("#x") => u32::from_str_radix(&r[2..], 16)
                    .ok()
                    .and_then(char::from_u32),
                Some(r) if r.starts_with('#') => r[1..].parse().ok().and_then(char::from_u32),
                _ => None,
            };
            match (decoded, semi) {
                (Some(c), Some(i)) => {
                    out.push(c);
                    rest = &after[i + 1..];
                }
                _ => {
                    let shown: String = after.chars().take(12).collect();
                    return Err(self.error(
                        format!("Unbekannte Entität „&{shown}…“; „&“ muss als „&amp;“ geschrieben werden."),
                        format!("Unknown entity \"&{shown}…\"; \"&\" must be written as \"&amp;\"."),
                    ));
                }
            }
        }
        out.push_str(rest);
        Ok(out)
    }

    fn skip_bom(&mut self) {
        if self.input.starts_with('\u{feff}') {
            self.pos = '\u{feff}'.len_utf8();
        }
    }

    fn skip_space(&mut self) -> bool {
        let rest = &self.input[self.pos..];
        let trimmed = rest.trim_start();
        self.pos += rest.len() - trimmed.len();
        rest.len() != trimmed.len()
    }

    fn skip_past(&mut self, end: &str, what: &str) -> Result<(), XmlError> {
        match self.input[self.pos..].find(end) {
            Some(i) => {
                self.pos += i + end.len();
                Ok(())
            }
            None => Err(self.error(
                format!("„{what}“ wird nicht mit „{end}“ geschlossen."),
                format!("\"{what}\" is not closed with \"{end}\"."),
            )),
        }
    }

    fn expect(&mut self, token: &str) -> Result<(), XmlError> {
        if self.input[self.pos..].starts_with(token) {
            self.pos += token.len();
            Ok(())
        } else {
            Err(self.error(
                format!("Hier wird „{token}“ erwartet."),
                format!("\"{token}\" is expected here."),
            ))
        }
    }

    fn line_of_tag(&mut self) -> usize {
        let newlines = self.input[self.counted_to..self.pos]
            .bytes()
            .filter(|&b| b == b'\n')
            .count();
        self.lines += newlines;
        self.counted_to = self.pos;
        self.lines
    }

    fn line_at(&self, pos: usize) -> usize {
        self.input[..pos].bytes().filter(|&b| b == b'\n').count() + 1
    }

    fn error(&self, de: impl Into<String>, en: impl Into<String>) -> XmlError {
        let before = &self.input[..self.pos];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        XmlError {
            line: self.line_at(self.pos),
            column: before[line_start..].chars().count() + 1,
            message: Text::new(de, en),
        }
    }
}

fn split_name(qualified: &str) -> (&str, &str) {
    qualified.split_once(':').unwrap_or(("", qualified))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_elements_attributes_text_and_namespaces() {
        let doc = r#"<?xml version="1.0" encoding="UTF-8"?>
<!-- a comment -->
<x:root xmlns:x="urn:a" xmlns="urn:default" lang='de'>
  <x:item code="1">Hund &amp; Katze &#xD;&#228;</x:item>
  <plain/>
  <x:cdata><![CDATA[<b>&</b>]]></x:cdata>
</x:root>"#;
        let root = parse(doc).expect("well-formed");
        assert_eq!(
            (root.namespace.as_str(), root.name.as_str()),
            ("urn:a", "root")
        );
        assert_eq!(root.attribute("lang"), Some("de"));
        assert_eq!(root.line, 3);
        let item = root.first("item").expect("item");
        assert_eq!(item.text(), "Hund & Katze \rä");
        assert_eq!(item.attribute("code"), Some("1"));
        assert_eq!(item.line, 4);
        let plain = root.first("plain").expect("plain");
        assert_eq!(plain.namespace, "urn:default");
        assert_eq!(root.first("cdata").expect("cdata").text(), "<b>&</b>");
        assert_eq!(root.elements().count(), 3);
    }

    #[test]
    fn errors_say_where() {
        let cases = [
            ("<a>\n<b></a>", 2, "passt nicht"),
            ("<a>\n  <b>", 2, "endet"),
            ("<a>&nbsp;</a>", 1, "Entität"),
            ("<x:a/>", 1, "Präfix"),
            ("<!DOCTYPE a><a/>", 1, "DOCTYPE"),
            ("<a/><b/>", 1, "weiteres Element"),
            ("", 1, "kein Element"),
            ("<a b=c/>", 1, "Anführungszeichen"),
            ("<a b='1' b='2'/>", 1, "doppelt"),
            ("<a>\n\n<!-- open", 3, "geschlossen"),
        ];
        for (doc, line, words) in cases {
            let error = parse(doc).expect_err(doc);
            assert_eq!(error.line, line, "{doc}: {error}");
            assert!(error.message.de.contains(words), "{doc}: {error}");
        }
    }

    #[test]
    fn deep_nesting_and_many_attributes_are_refused() {
        let attributes = |count: usize| {
            let list: Vec<String> = (0..count).map(|i| format!(" a{i}=\"{i}\"")).collect();
            format!("<a{}/>", list.concat())
        };
        assert!(parse(&attributes(MAX_ATTRIBUTES)).is_ok());
        // 100,000 attributes once took 44 s: refused at the first beyond the cap.
        let error = parse(&attributes(100_000)).expect_err("too many");
        assert!(
            error.to_string().contains("mehr als 256 Attribute"),
            "{error}"
        );
        let nested = |depth: usize| format!("{}{}", "<a>".repeat(depth), "</a>".repeat(depth));
        assert!(parse(&nested(MAX_DEPTH)).is_ok());
        let error = parse(&nested(100_000)).expect_err("too deep");
        assert!(error.message.de.contains("verschachtelt"), "{error}");
    }
}
