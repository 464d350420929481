//! Options of choice fields from pasted lines.

use crate::keys::Keys;
use engine::format::ChoiceOption;
use engine::text::Text;

/// Options from pasted lines, one per line; `wert | Beschriftung` gives the value
/// explicitly, otherwise it is derived from the label. Empty lines are skipped; values
/// stay unique.
pub fn options_from_lines(text: &str) -> Vec<ChoiceOption> {
    let mut values = Keys::default();
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(|line| {
            let (value, label) = match line.split_once('|') {
                Some((value, label)) => (value.trim(), label.trim()),
                None => ("", line),
            };
            let value = if value.is_empty() {
                values.claim(label)
            } else {
                values.claim(value)
            };
            ChoiceOption {
                value,
                label: Text::de(label),
            }
        })
        .collect()
}

/// The n-th option a new choice field starts with, to be replaced by real ones.
pub(super) fn placeholder_option(n: u32) -> ChoiceOption {
    ChoiceOption {
        value: format!("option_{n}"),
        label: Text::de(format!("Option {n}")),
    }
}

/// Adds the options of pasted lines (see [`options_from_lines`]) after `options`,
/// values kept unique; the placeholder options a new field starts with, as long as
/// they are untouched, are replaced rather than kept. The number added.
pub fn paste_options(options: &mut Vec<ChoiceOption>, text: &str) -> usize {
    let new = options_from_lines(text);
    if new.is_empty() {
        return 0;
    }
    let untouched = options
        .iter()
        .enumerate()
        .all(|(i, o)| *o == placeholder_option(i as u32 + 1));
    if untouched {
        options.clear();
    }
    let mut values = Keys::new(options.iter().map(|o| o.value.clone()));
    let added = new.len();
    for mut option in new {
        option.value = values.claim(&option.value);
        options.push(option);
    }
    added
}
