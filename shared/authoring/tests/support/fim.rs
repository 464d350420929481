//! The FIM fixtures and how the tests import them.

use std::path::{Path, PathBuf};

use authoring::fim::{self, FimError, Import};

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fim")
}

pub fn read(path: &str) -> String {
    std::fs::read_to_string(fixtures().join(path)).expect("fixture")
}

/// The real Stammdatenschema S00000186 ("Anzeige Tätigkeiten mit Asbest").
pub const REAL: &str = "xdf2-real/S00000186/S00000186v1.0_xdf2.xml";

pub fn real_code_lists() -> Vec<(String, String)> {
    let dir = fixtures().join("xdf2-real/S00000186");
    let mut lists: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("fixture dir")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| {
            path.file_name()
                .is_some_and(|n| !n.to_string_lossy().starts_with('S'))
        })
        .map(|path| {
            let name = path
                .file_name()
                .expect("name")
                .to_string_lossy()
                .into_owned();
            (name, std::fs::read_to_string(&path).expect("code list"))
        })
        .collect();
    lists.sort();
    lists
}

pub fn import_with(path: &str, lists: &[(String, String)]) -> Result<Import, FimError> {
    let refs: Vec<(&str, &str)> = lists
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    fim::import(&read(path), &refs)
}
