//! The checked-in JSON Schema of the definition format (docs/form-definition.schema.json)
//! must be what the Rust types generate. `UPDATE_GOLDEN=1` rewrites it.
#![cfg(feature = "schema")]

use std::path::Path;

#[test]
fn checked_in_format_schema_is_current() {
    let schema = schemars::schema_for!(engine::Form);
    let rendered = serde_json::to_string_pretty(&schema).expect("json") + "\n";
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/form-definition.schema.json");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, &rendered).expect("write schema");
    }
    let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        checked_in == rendered,
        "docs/form-definition.schema.json is stale: run UPDATE_GOLDEN=1 cargo test -p authoring --features schema"
    );
}
