//! Keys: the identifiers of elements in expressions and payloads, derived readably from
//! labels and names (`Name des Hundes` → `name_des_hundes`) by the designer and the FIM
//! import alike.

use std::collections::HashSet;

/// Keys longer than this are cut at a word boundary.
const KEY_MAX: usize = 40;

/// Words of the expression language, which cannot be keys (`param` names parameters).
const RESERVED: [&str; 7] = ["and", "or", "not", "in", "true", "false", "param"];

/// Keys taken in one scope (the form, a group, a repeating group).
#[derive(Debug, Default, Clone)]
pub struct Keys(HashSet<String>);

impl Keys {
    pub fn new(taken: impl IntoIterator<Item = String>) -> Keys {
        Keys(taken.into_iter().collect())
    }

    pub fn contains(&self, key: &str) -> bool {
        self.0.contains(key)
    }

    /// A readable key from `name` that is not taken yet, and takes it:
    /// `Familienname` → `familienname`, a second one → `familienname_2`.
    pub fn claim(&mut self, name: &str) -> String {
        let base = key_base(name);
        let mut key = base.clone();
        let mut n = 2;
        while !self.0.insert(key.clone()) {
            key = format!("{base}_{n}");
            n += 1;
        }
        key
    }
}

/// The key `name` gives before numbering: lower-case ASCII words joined by `_`,
/// starting with a letter, never a word of the expression language.
pub fn key_base(name: &str) -> String {
    let mut base = slug(name, '_');
    if base.len() > KEY_MAX {
        let cut = base[..KEY_MAX]
            .rfind('_')
            .filter(|&i| i > 10)
            .unwrap_or(KEY_MAX);
        base.truncate(cut);
    }
    if base.is_empty() {
        base = "feld".into();
    } else if !base.starts_with(|c: char| c.is_ascii_alphabetic()) {
        base = format!("feld_{base}");
    }
    if RESERVED.contains(&base.as_str()) {
        base = format!("{base}_feld");
    }
    base
}

/// Whether `key` is what `label` gives (possibly numbered): then the key still follows
/// the label, and renaming the label may rename the key.
pub fn derived_from(key: &str, label: &str) -> bool {
    let base = key_base(label);
    match key.strip_prefix(base.as_str()) {
        Some("") => true,
        Some(rest) => rest
            .strip_prefix('_')
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())),
        None => false,
    }
}

/// Whether `key` can be used as a key: a letter, then letters, digits and `_`, at most
/// 64 characters, no word of the expression language.
pub fn is_valid_key(key: &str) -> bool {
    key.starts_with(|c: char| c.is_ascii_alphabetic())
        && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        && !RESERVED.contains(&key)
        && key.len() <= 64
}

/// Lower-case ASCII with umlauts spelled out, words joined by `separator`.
pub fn slug(text: &str, separator: char) -> String {
    let mut out = String::new();
    let mut pending = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        let spelled: &str = match c {
            'ä' => "ae",
            'ö' => "oe",
            'ü' => "ue",
            'ß' => "ss",
            'é' | 'è' | 'ê' => "e",
            'á' | 'à' | 'â' => "a",
            c if c.is_ascii_alphanumeric() => {
                if pending && !out.is_empty() {
                    out.push(separator);
                }
                pending = false;
                out.push(c);
                continue;
            }
            _ => {
                pending = true;
                continue;
            }
        };
        if pending && !out.is_empty() {
            out.push(separator);
        }
        pending = false;
        out.push_str(spelled);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_readable_and_unique() {
        let mut keys = Keys::default();
        assert_eq!(keys.claim("Name des Hundes"), "name_des_hundes");
        assert_eq!(keys.claim("Name des Hundes"), "name_des_hundes_2");
        assert_eq!(keys.claim("Straße / Hausnr."), "strasse_hausnr");
        assert_eq!(keys.claim("1. Wohnsitz"), "feld_1_wohnsitz");
        assert_eq!(keys.claim("und"), "und");
        assert_eq!(keys.claim("or"), "or_feld");
        assert_eq!(keys.claim("!!!"), "feld");
        assert_eq!(
            keys.claim("Angaben zur verantwortlichen Person im Unternehmen"),
            "angaben_zur_verantwortlichen_person_im"
        );
        let long = keys.claim("Instandhaltung nach Nummer 17 TRGS 519 (keine Schutzmaßnahmen)");
        assert!(long.len() <= KEY_MAX, "{long}");
        assert_eq!(long, "instandhaltung_nach_nummer_17_trgs_519");
    }

    #[test]
    fn tells_keys_that_follow_their_label() {
        assert!(derived_from("vorname", "Vorname"));
        assert!(derived_from("vorname_3", "Vorname"));
        assert!(!derived_from("vorname_x", "Vorname"));
        assert!(!derived_from("rufname", "Vorname"));
        assert!(is_valid_key("hund_2"));
        assert!(!is_valid_key("2hund"));
        assert!(!is_valid_key("not"));
        assert!(!is_valid_key("straße"));
    }
}
