//! genericode 1.0 code lists, as FIM publishes them beside a schema.

use super::FimError;
use crate::xml::{self, Element as Xml};
use engine::text::Text;

const NS_GENERICODE: &str = "http://docs.oasis-open.org/codelist/ns/genericode/1.0/";

#[derive(Debug, Clone, PartialEq)]
pub struct CodeList {
    pub file: String,
    pub name: String,
    pub canonical_uri: String,
    pub version: String,
    pub canonical_version_uri: String,
    /// Column ids in order.
    columns: Vec<String>,
    /// The key column (the code).
    key_column: usize,
    /// The column marked as the name key, if any.
    name_column: Option<usize>,
    /// Cells by column index.
    rows: Vec<Vec<Option<String>>>,
}

impl CodeList {
    pub fn parse(file: &str, text: &str) -> Result<CodeList, FimError> {
        let fail = |de: String, en: String| FimError::CodeList {
            file: file.to_string(),
            message: Text::new(de, en),
        };
        let root = xml::parse(text).map_err(|error| FimError::Xml {
            file: file.to_string(),
            error,
        })?;
        if root.namespace != NS_GENERICODE || root.name != "CodeList" {
            return Err(fail(
                "Die Datei ist keine genericode-Codeliste (gc:CodeList).".into(),
                "The file is not a genericode code list (gc:CodeList).".into(),
            ));
        }
        let ident = root.first("Identification");
        let ident_text = |name: &str| {
            ident
                .and_then(|i| i.first(name))
                .map(Xml::text)
                .unwrap_or_default()
        };
        let column_set = root.first("ColumnSet").ok_or_else(|| {
            fail(
                "gc:ColumnSet fehlt.".into(),
                "gc:ColumnSet is missing.".into(),
            )
        })?;
        let columns: Vec<String> = column_set
            .all("Column")
            .map(|c| c.attribute("Id").unwrap_or_default().to_string())
            .collect();
        if columns.is_empty() {
            return Err(fail(
                "Die Codeliste hat keine Spalten.".into(),
                "The code list has no columns.".into(),
            ));
        }
        let index = |id: &str| columns.iter().position(|c| c == id);
        let key_ref = |key: &Xml| {
            key.first("ColumnRef")
                .and_then(|r| r.attribute("Ref"))
                .and_then(index)
        };
        let key_column = column_set.all("Key").next().and_then(key_ref).unwrap_or(0);
        let name_column = column_set
            .all("Key")
            .find(|k| k.attribute("Id") == Some("codenameKey"))
            .and_then(key_ref);
        let mut rows = Vec::new();
        if let Some(list) = root.first("SimpleCodeList") {
            for row in list.all("Row") {
                let mut cells = vec![None; columns.len()];
                let mut next = 0;
                for value in row.all("Value") {
                    // Without a ColumnRef a value belongs to the column after the previous.
                    let column = match value.attribute("ColumnRef") {
                        Some(id) => index(id),
                        None => Some(next),
                    };
                    if let Some(column) = column.filter(|&c| c < columns.len()) {
                        cells[column] = value.first("SimpleValue").map(Xml::text);
                        next = column + 1;
                    }
                }
                rows.push(cells);
            }
        }
        Ok(CodeList {
            file: file.to_string(),
            name: ident_text("ShortName"),
            canonical_uri: ident_text("CanonicalUri"),
            version: ident_text("Version"),
            canonical_version_uri: ident_text("CanonicalVersionUri"),
            columns,
            key_column,
            name_column,
            rows,
        })
    }

    /// (code, label) of every row that has a code. The label comes from `name_key`
    /// (a column id, as v3 fields may name it), else the list's name key, else a
    /// column called `name`, else the first column after the code.
    pub fn entries(&self, name_key: Option<&str>) -> Vec<(String, String)> {
        let by_id = |id: &str| self.columns.iter().position(|c| c == id);
        let label_column = name_key
            .and_then(by_id)
            .or(self.name_column.filter(|&c| c != self.key_column))
            .or_else(|| by_id("name"))
            .or_else(|| (0..self.columns.len()).find(|&c| c != self.key_column))
            .unwrap_or(self.key_column);
        self.rows
            .iter()
            .filter_map(|row| {
                let code = row[self.key_column].clone().filter(|c| !c.is_empty())?;
                let label = row[label_column]
                    .clone()
                    .filter(|l| !l.is_empty())
                    .unwrap_or_else(|| code.clone());
                Some((code, label))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_codes_and_names_by_column_reference_and_position() {
        let text = r#"<gc:CodeList xmlns:gc="http://docs.oasis-open.org/codelist/ns/genericode/1.0/">
  <gc:Identification><gc:ShortName>Einheit</gc:ShortName><gc:Version>1</gc:Version>
    <gc:CanonicalUri>urn:x</gc:CanonicalUri><gc:CanonicalVersionUri>urn:x_1</gc:CanonicalVersionUri></gc:Identification>
  <gc:ColumnSet>
    <gc:Column Id="kurz"/><gc:Column Id="code"/><gc:Column Id="lang"/>
    <gc:Key Id="codeKey"><gc:ColumnRef Ref="code"/></gc:Key>
    <gc:Key Id="codenameKey"><gc:ColumnRef Ref="lang"/></gc:Key>
  </gc:ColumnSet>
  <gc:SimpleCodeList>
    <gc:Row><gc:Value ColumnRef="code"><gc:SimpleValue>01</gc:SimpleValue></gc:Value>
      <gc:Value ColumnRef="lang"><gc:SimpleValue>Kilogramm</gc:SimpleValue></gc:Value></gc:Row>
    <gc:Row><gc:Value><gc:SimpleValue>m²</gc:SimpleValue></gc:Value>
      <gc:Value><gc:SimpleValue>02</gc:SimpleValue></gc:Value></gc:Row>
    <gc:Row><gc:Value ColumnRef="lang"><gc:SimpleValue>ohne Code</gc:SimpleValue></gc:Value></gc:Row>
  </gc:SimpleCodeList>
</gc:CodeList>"#;
        let list = CodeList::parse("einheit.xml", text).expect("code list");
        assert_eq!(list.canonical_version_uri, "urn:x_1");
        assert_eq!(
            list.entries(None),
            vec![
                ("01".to_string(), "Kilogramm".to_string()),
                ("02".to_string(), "02".to_string()),
            ]
        );
        assert_eq!(list.entries(Some("kurz"))[1].1, "m²");
    }

    #[test]
    fn a_schema_is_not_a_code_list() {
        let error = CodeList::parse(
            "S1.xml",
            r#"<xdf:x xmlns:xdf="urn:xoev-de:fim:standard:xdatenfelder_2"/>"#,
        )
        .expect_err("not a code list");
        assert!(error.message().de.contains("S1.xml"), "{error}");
        assert!(error.message().de.contains("keine genericode"), "{error}");
    }
}
