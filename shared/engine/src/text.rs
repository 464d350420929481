//! Languages and translatable texts.

/// A language the assistant speaks. German is always present.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", serde(rename_all = "lowercase"))]
pub enum Lang {
    De,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::De => "de",
            Lang::En => "en",
        }
    }

    /// Accepts `de`, `en` and regional forms such as `en-GB`.
    pub fn from_code(code: &str) -> Option<Lang> {
        let primary = code.split(['-', '_']).next().unwrap_or_default();
        match primary.to_ascii_lowercase().as_str() {
            "de" => Some(Lang::De),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

/// The English text of a diagnostic for form builders (an error in a definition), as a
/// `String`. Without the `english-diagnostics` feature it is left out, unevaluated, and
/// the German text stands in (`Text::get` falls back to it): the runtime shows these
/// only for a broken definition, which the designer and `validate` catch first, and
/// they cost its 100 KB budget 2 KB gzip. Texts citizens see are not wrapped in this.
#[macro_export]
macro_rules! en {
    ($text:expr) => {{
        #[cfg(feature = "english-diagnostics")]
        let text = ::std::string::String::from($text);
        // Never called: it only keeps what the text would use from being unused.
        #[cfg(not(feature = "english-diagnostics"))]
        let text = {
            let _ = || $text;
            ::std::string::String::new()
        };
        text
    }};
}

/// Lower case for ASCII and Latin-1 letters (`Ä` → `ä`), other characters unchanged:
/// std's Unicode case tables would cost the runtime 14 KB gzip, and German forms need
/// no more than this.
pub fn lower_case(c: char) -> char {
    match c {
        'A'..='Z' | 'À'..='Ö' | 'Ø'..='Þ' => char::from_u32(c as u32 + 32).unwrap_or(c),
        _ => c,
    }
}

/// Where `needle` first occurs in `haystack` (a byte index): a plain scan, enough for
/// the short texts it searches; std's two-way searcher would add 1.5 KB to the runtime.
pub fn find(haystack: &str, needle: &str) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    // A UTF-8 needle starts with a leading byte, so a match is at a character boundary.
    haystack
        .as_bytes()
        .windows(needle.len())
        .position(|window| window == needle.as_bytes())
}

/// Whether `text` holds `c`. `str::contains(char)` searches a non-ASCII character as
/// a string, which links std's two-way searcher into the runtime (1.5 KB).
pub fn has_char(text: &str, c: char) -> bool {
    text.chars().any(|x| x == c)
}

/// `join` for lists of texts in a few bytes: std's `join` costs the runtime 0.8 KB for
/// each element type it is used with.
pub trait Joined {
    fn joined(&self, separator: &str) -> String;
}

impl<S: AsRef<str>> Joined for [S] {
    fn joined(&self, separator: &str) -> String {
        let mut out = String::new();
        for (index, part) in self.iter().enumerate() {
            if index > 0 {
                out.push_str(separator);
            }
            out.push_str(part.as_ref());
        }
        out
    }
}

/// A message about a field after its label: „Name: Bitte … angeben." — or, when the
/// label ends a sentence itself (a declaration: „… richtig sind."), the two sentences
/// side by side, without a stray colon.
pub fn label_and_message(label: &str, message: &str) -> String {
    let ends_sentence = matches!(label.trim_end().chars().last(), Some('.' | '!' | '?' | ':'));
    let separator = if ends_sentence { " " } else { ": " };
    let mut out = String::with_capacity(label.len() + separator.len() + message.len());
    out.push_str(label.trim_end());
    out.push_str(separator);
    out.push_str(message);
    out
}

/// Upper case, the counterpart of [`lower_case`].
pub fn upper_case(c: char) -> char {
    match c {
        'a'..='z' | 'à'..='ö' | 'ø'..='þ' => char::from_u32(c as u32 - 32).unwrap_or(c),
        _ => c,
    }
}

/// A user-facing text: German, with an optional English translation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Text {
    pub de: String,
    #[cfg_attr(feature = "schema", serde(default))]
    pub en: Option<String>,
}

impl Text {
    pub fn new(de: impl Into<String>, en: impl Into<String>) -> Text {
        Text {
            de: de.into(),
            en: Some(en.into()),
        }
    }

    pub fn de(de: impl Into<String>) -> Text {
        Text {
            de: de.into(),
            en: None,
        }
    }

    /// The text in `lang`, falling back to German when the translation is missing.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => self
                .en
                .as_deref()
                .filter(|t| !t.is_empty())
                .unwrap_or(&self.de),
            Lang::De => &self.de,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.de.trim().is_empty()
    }

    /// Whether the translation for `lang` is missing (German counts as missing when empty).
    pub fn is_missing(&self, lang: Lang) -> bool {
        match lang {
            Lang::De => self.de.trim().is_empty(),
            Lang::En => self.en.as_deref().is_none_or(|t| t.trim().is_empty()),
        }
    }
}

#[cfg(test)]
#[allow(clippy::disallowed_methods)] // The tests compare with std.
mod tests {
    #[test]
    fn a_label_that_ends_a_sentence_gets_no_colon() {
        use super::label_and_message as joined;
        assert_eq!(joined("Name", "Bitte angeben."), "Name: Bitte angeben.");
        assert_eq!(
            joined(
                "Ich bestätige, dass die Angaben richtig sind.",
                "Bitte bestätigen Sie dies."
            ),
            "Ich bestätige, dass die Angaben richtig sind. Bitte bestätigen Sie dies."
        );
        assert_eq!(
            joined("Wirklich? ", "Bitte wählen."),
            "Wirklich? Bitte wählen."
        );
        assert_eq!(
            joined("Hund 2: Rasse", "Zu lang."),
            "Hund 2: Rasse: Zu lang."
        );
    }

    use super::{find, Joined};

    #[test]
    fn joined_agrees_with_std() {
        let lists: [&[&str]; 4] = [&[], &["a"], &["a", "b"], &["", "x", ""]];
        for list in lists {
            assert_eq!(list.joined(", "), list.join(", "));
            let owned: Vec<String> = list.iter().map(|s| s.to_string()).collect();
            assert_eq!(owned.joined("."), list.join("."));
        }
    }

    #[test]
    fn find_agrees_with_std() {
        let texts = ["", "a", "Straße 5", "ääb", "a..b", "x](y)", "öö", "abcabd"];
        let needles = [
            "",
            "a",
            "ß",
            "äb",
            "..",
            "](",
            "ö",
            "abd",
            "zz",
            "Straße 5 und",
        ];
        for text in texts {
            for needle in needles {
                assert_eq!(
                    find(text, needle),
                    text.find(needle),
                    "{needle:?} in {text:?}"
                );
            }
        }
    }
}
