//! The published forms the server receives applications for, read from the folder the
//! portal serves them from. A published form never changes (its name carries its
//! hash), so each is read once and kept.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use engine::format::Kind;
use engine::published;

/// What the intake needs of a published form.
#[derive(Debug)]
pub struct FormInfo {
    pub id: String,
    pub version: String,
    pub hash: String,
    /// Its file fields by full path (`nachweis`, `hunde.impfpass`).
    pub files: Vec<FileField>,
    /// The largest body an application for it can have.
    pub max_body: u64,
}

#[derive(Debug)]
pub struct FileField {
    pub path: String,
    pub accept: Vec<String>,
    pub max_size: u64,
    /// Files it may hold in all: `max_count`, times the entries of enclosing
    /// repeating groups (the form's own maximum, or the engine's cap), at most the
    /// engine's cap on files per application.
    pub max_files: u64,
}

/// The payload's own ciphertext, at most: 4 MB of answers, base64url (4/3).
pub const MAX_PAYLOAD: u64 = 4 * 1024 * 1024 * 4 / 3;
/// Room for the JSON around the ciphertexts and each JWE's header and key.
const OVERHEAD_PER_FILE: u64 = 4096;

pub struct Forms {
    folder: PathBuf,
    read: Mutex<HashMap<String, Arc<FormInfo>>>,
}

impl Forms {
    pub fn new(folder: PathBuf) -> Forms {
        Forms {
            folder,
            read: Mutex::new(HashMap::new()),
        }
    }

    /// The published form named `file` (`hundesteuer-anmeldung_1.0.0_p2_….ffp`), or
    /// `None` when there is none (or the name is not one of a published form).
    pub fn get(&self, file: &str) -> Option<Arc<FormInfo>> {
        let valid = file.ends_with(".ffp")
            && file.len() <= 200
            && file
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
            && !file.starts_with('.');
        if !valid {
            return None;
        }
        if let Some(info) = self.read.lock().ok()?.get(file) {
            return Some(Arc::clone(info));
        }
        let bytes = std::fs::read(self.folder.join(file)).ok()?;
        let form = published::read(&bytes).ok()?;
        let info = Arc::new(info_of(&form.form, form.hash));
        self.read
            .lock()
            .ok()?
            .insert(file.to_string(), Arc::clone(&info));
        Some(info)
    }
}

fn info_of(form: &engine::CompiledForm, hash: String) -> FormInfo {
    let mut files = Vec::new();
    for (id, node) in form.nodes.iter().enumerate() {
        if node.indices.is_empty() {
            continue; // a step
        }
        let Kind::File {
            accept,
            max_size,
            max_count,
        } = &form.element(id).kind
        else {
            continue;
        };
        let mut path = String::new();
        let mut entries: u64 = 1;
        for &repeat in &node.repeats {
            path.push_str(&form.nodes[repeat].path);
            path.push('.');
            let max = match &form.element(repeat).kind {
                Kind::Repeat { max: Some(max), .. } => u64::from(*max),
                _ => engine::limits::MAX_ENTRIES as u64,
            };
            entries = entries.saturating_mul(max);
        }
        path.push_str(&node.path);
        files.push(FileField {
            path,
            accept: accept.clone(),
            max_size: *max_size,
            max_files: entries
                .saturating_mul(u64::from(*max_count))
                .min(engine::limits::MAX_FILES as u64),
        });
    }
    let max_body = files
        .iter()
        .fold(MAX_PAYLOAD + OVERHEAD_PER_FILE, |sum, f| {
            let per_file = f.max_size.saturating_mul(4) / 3 + OVERHEAD_PER_FILE;
            sum.saturating_add(per_file.saturating_mul(f.max_files))
        });
    FormInfo {
        id: form.form.id.clone(),
        version: form.form.version.clone(),
        hash,
        files,
        max_body,
    }
}
