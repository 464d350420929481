//! Any text as a FIM rule (on a small schema with choices, yes/no questions, a text
//! field, groups side by side and a section one adds), as its prose or, under prose no
//! reader knows, as its XDatenfelder 3 script: the import never panics, the rule lands
//! in exactly one of the report's three lists, and no condition it wrote is one the
//! lint refuses.
#![no_main]

use authoring::fim::ReportKind;
use libfuzzer_sys::fuzz_target;

fn field(anzahl: &str, id: &str, name: &str, datentyp: &str, values: &str) -> String {
    let feldart = if values.is_empty() { "input" } else { "select" };
    format!(
        r#"<xdf:struktur><xdf:anzahl>{anzahl}</xdf:anzahl><xdf:enthaelt><xdf:datenfeld>
        <xdf:identifikation><xdf:id>{id}</xdf:id><xdf:version>1</xdf:version></xdf:identifikation>
        <xdf:name>{name}</xdf:name><xdf:feldart><code>{feldart}</code></xdf:feldart>
        <xdf:datentyp><code>{datentyp}</code></xdf:datentyp>{values}</xdf:datenfeld></xdf:enthaelt></xdf:struktur>"#
    )
}

fn group(anzahl: &str, id: &str, name: &str, children: &str) -> String {
    format!(
        r#"<xdf:struktur><xdf:anzahl>{anzahl}</xdf:anzahl><xdf:enthaelt><xdf:datenfeldgruppe>
        <xdf:identifikation><xdf:id>{id}</xdf:id><xdf:version>1</xdf:version></xdf:identifikation>
        <xdf:name>{name}</xdf:name>{children}</xdf:datenfeldgruppe></xdf:enthaelt></xdf:struktur>"#
    )
}

fn schema(rule: &str, script: &str) -> String {
    let codes = "<xdf:werte><xdf:wert><xdf:code>001</xdf:code><xdf:name>Eins</xdf:name></xdf:wert>\
        <xdf:wert><xdf:code>003</xdf:code><xdf:name>Drei</xdf:name></xdf:wert></xdf:werte>";
    let children = [
        field("1:1", "F00000001", "Art", "text", codes),
        field("0:3", "F00000002", "Mehrfach", "text", codes),
        field("0:1", "F00000003", "Ja oder nein", "bool", ""),
        field("0:1", "F00000004", "Text", "text", ""),
        group("0:1", "G00000010", "Abschnitt", &field("1:1", "F00000011", "Pflicht", "text", "")),
        group("1:1", "G00000020", "Gruppe", &(field("0:1", "F00000021", "A", "text", "") + &field("0:1", "F00000022", "B", "text", ""))),
        group("0:1", "G00000030", "Inland", &field("1:1", "F00000031", "PLZ", "text", "")),
        group("0:1", "G00000040", "Ausland", &field("1:1", "F00000041", "Staat", "text", "")),
    ]
    .concat();
    format!(
        r#"<xdf:xdatenfelder.datenfeldgruppe.0103 xmlns:xdf="urn:xoev-de:fim:standard:xdatenfelder_3.0.0">
<xdf:datenfeldgruppe><xdf:identifikation><xdf:id>G00000001</xdf:id><xdf:version>1</xdf:version></xdf:identifikation>
<xdf:name>Antrag</xdf:name><xdf:regel><xdf:identifikation><xdf:id>R00000001</xdf:id><xdf:version>1</xdf:version></xdf:identifikation>
<xdf:name>Regel</xdf:name><xdf:freitextRegel>{rule}</xdf:freitextRegel><xdf:typ><code>V</code></xdf:typ><xdf:skript>{script}</xdf:skript></xdf:regel>{children}</xdf:datenfeldgruppe>
</xdf:xdatenfelder.datenfeldgruppe.0103>"#
    )
}

fuzz_target!(|data: &[u8]| {
    // The first byte says whether the rest is the prose or the script.
    let Some((&which, data)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(data) else { return };
    let escaped: String = text
        .chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
        .map(|c| match c {
            '&' => "&amp;".to_string(),
            '<' => "&lt;".to_string(),
            '>' => "&gt;".to_string(),
            c => c.to_string(),
        })
        .collect();
    let xml = if which % 2 == 0 {
        schema(&escaped, "function script() { }")
    } else {
        schema("Siehe Skript.", &escaped)
    };
    let import = authoring::fim::import(&xml, &[]).expect("the schema imports");
    let lists = ReportKind::RULES
        .iter()
        .map(|&kind| import.report.items.iter().filter(|i| i.fim_id == "R00000001" && i.kind == kind).count())
        .sum::<usize>();
    assert_eq!(lists, 1, "the rule is in one list");
    for problem in authoring::lint::lint(&import.form) {
        let condition = matches!(problem.location.property.as_deref(), Some("visible_if" | "required_if"));
        assert!(
            problem.severity != authoring::Severity::Error || !condition,
            "a condition the lint refuses: {}",
            problem.message.de
        );
    }
});
