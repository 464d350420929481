//! Reading XDatenfelder 2 and 3 messages into one version-neutral model.

use super::FimError;
use crate::xml::Element as Xml;

pub const NS_V2: &str = "urn:xoev-de:fim:standard:xdatenfelder_2";
pub const NS_V3: &str = "urn:xoev-de:fim:standard:xdatenfelder_3.0.0";

/// A Stammdatenschema, or the single group of a v3 group message.
#[derive(Debug)]
pub struct Schema {
    pub version: XdfVersion,
    pub root: Item,
    /// Help text of the whole schema.
    pub help: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum XdfVersion {
    V2,
    V3,
}

/// A schema, group or field: what all FIM elements share.
#[derive(Debug)]
pub struct Item {
    pub id: String,
    pub version: String,
    pub name: String,
    pub label: String,
    pub help: String,
    pub rules: Vec<FimRule>,
    pub body: Body,
}

#[derive(Debug)]
pub enum Body {
    Group(Vec<Child>),
    Field(Box<Field>),
}

/// One `struktur`: an element with how often it occurs.
#[derive(Debug)]
pub struct Child {
    pub min: u32,
    /// `None` for `*`.
    pub max: Option<u32>,
    pub item: Item,
}

#[derive(Debug, Default)]
pub struct Field {
    pub feldart: String,
    pub datentyp: String,
    pub min_length: Option<u32>,
    pub max_length: Option<u32>,
    pub min_value: Option<String>,
    pub max_value: Option<String>,
    pub pattern: Option<String>,
    /// `inhalt`: text of labels, value of locked fields.
    pub content: String,
    pub code_list: Option<CodeListRef>,
    /// Values given inline (v3).
    pub values: Vec<(String, String)>,
    /// Column of a code list holding the label (v3 `nameKey`).
    pub name_key: Option<String>,
    pub media_types: Vec<String>,
    /// v3 `maxSize`, in kilobytes.
    pub max_size_kb: Option<u64>,
}

#[derive(Debug, Default, Clone)]
pub struct CodeListRef {
    pub canonical_uri: String,
    pub version: String,
    pub canonical_version_uri: String,
}

#[derive(Debug, Clone)]
pub struct FimRule {
    pub id: String,
    pub version: String,
    pub name: String,
    /// The rule in prose.
    pub text: String,
    /// XDatenfelder 3 `typ`: K (komplex), M (Multiplizität), V (Validierung),
    /// B (Berechnung).
    pub kind: Option<String>,
    /// XDatenfelder 3 `skript`, when it holds more than an empty function.
    pub script: Option<String>,
}

pub fn schema(root: &Xml) -> Result<Schema, FimError> {
    let version = match root.namespace.as_str() {
        NS_V2 => XdfVersion::V2,
        NS_V3 => XdfVersion::V3,
        ns if ns.starts_with("urn:xoev-de:fim:standard:xdatenfelder_1") => {
            return Err(FimError::Version1)
        }
        "http://docs.oasis-open.org/codelist/ns/genericode/1.0/" => {
            return Err(FimError::CodeListAsSchema)
        }
        ns => {
            return Err(FimError::UnknownNamespace {
                namespace: ns.to_string(),
                line: root.line,
            })
        }
    };
    let reader = Reader { version };
    let (inner, is_schema) = match root.name.as_str() {
        "xdatenfelder.stammdatenschema.0102" => (root.first("stammdatenschema"), true),
        "xdatenfelder.datenfeldgruppe.0103" if version == XdfVersion::V3 => {
            (root.first("datenfeldgruppe"), false)
        }
        other => {
            return Err(FimError::UnknownMessage {
                name: other.to_string(),
                line: root.line,
            })
        }
    };
    let inner = inner.ok_or_else(|| FimError::Missing {
        what: if is_schema {
            "xdf:stammdatenschema"
        } else {
            "xdf:datenfeldgruppe"
        },
        parent: root.name.clone(),
        line: root.line,
    })?;
    let help = reader
        .single(
            inner,
            if is_schema && version == XdfVersion::V2 {
                "hilfetext"
            } else {
                "hilfetextEingabe"
            },
        )
        .unwrap_or_default();
    let root = reader.item(inner)?;
    Ok(Schema {
        version,
        root,
        help,
    })
}

/// Elements that may appear once only; a second one is an error, as in FIM's schema.
const SINGLE: &[&str] = &[
    "name",
    "bezeichnungEingabe",
    "bezeichnungAusgabe",
    "beschreibung",
    "definition",
    "hilfetextEingabe",
    "hilfetextAusgabe",
    "hilfetext",
    "feldart",
    "datentyp",
    "praezisierung",
    "anzahl",
    "status",
    "freigabestatus",
    "versionshinweis",
    "fachlicherErsteller",
    "identifikation",
    "codelisteReferenz",
];

struct Reader {
    version: XdfVersion,
}

impl Reader {
    fn item(&self, xml: &Xml) -> Result<Item, FimError> {
        let (id, version) = self.identification(xml)?;
        for name in SINGLE {
            let mut found = xml.all(name);
            if let (Some(_), Some(second)) = (found.next(), found.next()) {
                return Err(FimError::Duplicate {
                    what: format!("xdf:{name}"),
                    id: id.clone(),
                    line: second.line,
                });
            }
        }
        if let Some(status) = xml.first("freigabestatus") {
            let code = status.first("code").map(Xml::text).unwrap_or_default();
            if !matches!(code.as_str(), "1" | "2" | "3" | "4" | "5" | "6" | "7" | "8") {
                return Err(FimError::InvalidValue {
                    what: "xdf:freigabestatus",
                    value: code,
                    id,
                    line: status.line,
                });
            }
        }
        let name = self.single(xml, "name").unwrap_or_default();
        let label = self.single(xml, "bezeichnungEingabe").unwrap_or_default();
        let help = self.single(xml, "hilfetextEingabe").unwrap_or_default();
        let rules = xml
            .all("regel")
            .map(|rule| self.rule(rule))
            .collect::<Result<_, _>>()?;
        let body = if xml.name == "datenfeld" {
            Body::Field(Box::new(self.field(xml, &id)?))
        } else {
            let mut children = Vec::new();
            for structure in xml.all("struktur") {
                children.push(self.child(structure, &id)?);
            }
            Body::Group(children)
        };
        Ok(Item {
            id,
            version,
            name,
            label,
            help,
            rules,
            body,
        })
    }

    fn identification(&self, xml: &Xml) -> Result<(String, String), FimError> {
        let ident = xml
            .first("identifikation")
            .ok_or_else(|| FimError::Missing {
                what: "xdf:identifikation",
                parent: xml.name.clone(),
                line: xml.line,
            })?;
        for child in ident.elements() {
            if !matches!(child.name.as_str(), "id" | "version") {
                return Err(FimError::Unexpected {
                    what: format!("xdf:{}", child.name),
                    parent: "xdf:identifikation".into(),
                    line: child.line,
                });
            }
        }
        let mut ids = ident.all("id");
        let id = ids.next().map(Xml::text).unwrap_or_default();
        if let Some(second) = ids.next() {
            return Err(FimError::Duplicate {
                what: "xdf:id".into(),
                id,
                line: second.line,
            });
        }
        if id.is_empty() {
            return Err(FimError::Missing {
                what: "xdf:id",
                parent: format!("xdf:{}", xml.name),
                line: ident.first("id").map_or(ident.line, |e| e.line),
            });
        }
        let version = ident.first("version").map(Xml::text).unwrap_or_default();
        Ok((id, version))
    }

    fn child(&self, structure: &Xml, parent_id: &str) -> Result<Child, FimError> {
        let count = structure.first("anzahl").map(Xml::text).unwrap_or_default();
        let (min, max) = parse_count(&count).ok_or_else(|| FimError::InvalidValue {
            what: "xdf:anzahl",
            value: count.clone(),
            id: parent_id.to_string(),
            line: structure.line,
        })?;
        let content = structure
            .first("enthaelt")
            .and_then(|e| e.elements().next())
            .filter(|e| matches!(e.name.as_str(), "datenfeld" | "datenfeldgruppe"))
            .ok_or_else(|| FimError::Missing {
                what: "xdf:datenfeld / xdf:datenfeldgruppe",
                parent: format!("xdf:struktur in {parent_id}"),
                line: structure.line,
            })?;
        // The XML reader bounds nesting, so this recursion is bounded too.
        let item = self.item(content)?;
        Ok(Child { min, max, item })
    }

    fn field(&self, xml: &Xml, id: &str) -> Result<Field, FimError> {
        let code = |name: &str| {
            xml.first(name)
                .map(|e| e.first("code").map_or_else(|| e.text(), Xml::text))
                .unwrap_or_default()
        };
        let mut field = Field {
            feldart: code("feldart"),
            datentyp: code("datentyp"),
            content: xml
                .all("inhalt")
                .map(Xml::text)
                .find(|t| !t.is_empty())
                .unwrap_or_default(),
            ..Field::default()
        };
        if let Some(precision) = xml.first("praezisierung") {
            self.precision(precision, id, &mut field)?;
        }
        if let Some(reference) = xml.first("codelisteReferenz") {
            let find = |name: &str| descendant_text(reference, name).unwrap_or_default();
            let list = CodeListRef {
                canonical_uri: find("canonicalIdentification"),
                version: find("version"),
                canonical_version_uri: find("canonicalVersionUri"),
            };
            if !list.canonical_uri.is_empty() || !list.canonical_version_uri.is_empty() {
                field.code_list = Some(list);
            }
        }
        if let Some(values) = xml.first("werte") {
            for value in values.all("wert") {
                let code = value.first("code").map(Xml::text).unwrap_or_default();
                let name = value.first("name").map(Xml::text).unwrap_or_default();
                field.values.push((code, name));
            }
        }
        field.name_key = xml
            .first("nameKey")
            .map(Xml::text)
            .filter(|t| !t.is_empty());
        field.media_types = xml
            .all("mediaType")
            .map(Xml::text)
            .filter(|t| !t.is_empty())
            .collect();
        field.max_size_kb = xml.first("maxSize").and_then(|e| e.text().parse().ok());
        Ok(field)
    }

    fn precision(&self, xml: &Xml, id: &str, field: &mut Field) -> Result<(), FimError> {
        let invalid = |value: String| FimError::InvalidValue {
            what: "xdf:praezisierung",
            value,
            id: id.to_string(),
            line: xml.line,
        };
        let mut entries: Vec<(String, String)> = Vec::new();
        match self.version {
            XdfVersion::V3 => entries.extend(xml.attributes.iter().cloned()),
            XdfVersion::V2 => {
                let text = xml.text();
                if !text.is_empty() {
                    let json =
                        engine::json::Json::parse(&text).map_err(|_| invalid(text.clone()))?;
                    let engine::json::Json::Object(members) = json else {
                        return Err(invalid(text));
                    };
                    for (key, value) in members {
                        let value = match value {
                            engine::json::Json::String(s) => s,
                            engine::json::Json::Number(n) => {
                                engine::number::format_decimal(n, None).unwrap_or_default()
                            }
                            _ => return Err(invalid(text)),
                        };
                        entries.push((key, value));
                    }
                }
            }
        }
        for (key, value) in entries {
            let value = value.trim().to_string();
            let length = || {
                value
                    .parse::<u32>()
                    .map_err(|_| invalid(format!("{key}={value}")))
            };
            match key.as_str() {
                "minLength" => field.min_length = Some(length()?),
                "maxLength" => field.max_length = Some(length()?),
                "minValue" => field.min_value = Some(value),
                "maxValue" => field.max_value = Some(value),
                "pattern" => field.pattern = Some(value).filter(|p| !p.is_empty()),
                _ => {}
            }
        }
        Ok(())
    }

    fn rule(&self, xml: &Xml) -> Result<FimRule, FimError> {
        let (id, version) = self.identification(xml)?;
        let text = ["freitextRegel", "definition", "beschreibung", "name"]
            .iter()
            .filter_map(|name| xml.first(name).map(Xml::text))
            .find(|t| !t.is_empty())
            .unwrap_or_default();
        let code = |name: &str| {
            xml.first(name)
                .map(|e| e.first("code").map_or_else(|| e.text(), Xml::text))
                .map(|t| t.trim().to_string())
                .filter(|t| !t.is_empty())
        };
        let script = ["skript", "script"]
            .iter()
            .find_map(|name| xml.first(name).map(Xml::text))
            .filter(|s| script_has_body(s));
        Ok(FimRule {
            id,
            version,
            name: xml.first("name").map(Xml::text).unwrap_or_default(),
            text: normalize_space(&text),
            kind: code("typ"),
            script,
        })
    }

    /// The text of a child that may appear once; line breaks normalised.
    fn single(&self, xml: &Xml, name: &str) -> Option<String> {
        xml.first(name)
            .map(|e| e.text().replace("\r\n", "\n").replace('\r', "\n"))
            .filter(|t| !t.is_empty())
    }
}

fn descendant_text(xml: &Xml, name: &str) -> Option<String> {
    for child in xml.elements() {
        if child.name == name {
            return Some(child.text());
        }
        if let Some(found) = descendant_text(child, name) {
            return Some(found);
        }
    }
    None
}

/// `1:1`, `0:*`, `2:5` → (min, max).
pub fn parse_count(text: &str) -> Option<(u32, Option<u32>)> {
    let (min, max) = text.trim().split_once(':')?;
    let min = min.trim().parse().ok()?;
    let max = match max.trim() {
        "*" => None,
        n => Some(n.parse().ok()?),
    };
    match max {
        Some(max) if max < min || max == 0 => None,
        _ => Some((min, max)),
    }
}

/// Whether a script does anything: FIM's editors write `function script() { }` when
/// a rule has none.
fn script_has_body(script: &str) -> bool {
    let body = match (script.find('{'), script.rfind('}')) {
        (Some(open), Some(close)) if open < close => &script[open + 1..close],
        _ => script,
    };
    !body.trim().is_empty()
}

fn normalize_space(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts() {
        assert_eq!(parse_count("1:1"), Some((1, Some(1))));
        assert_eq!(parse_count("0:*"), Some((0, None)));
        assert_eq!(parse_count(" 2:5 "), Some((2, Some(5))));
        for bad in ["", "1", "3:2", "a:b", "0:0", "-1:2"] {
            assert_eq!(parse_count(bad), None, "{bad}");
        }
    }
}
