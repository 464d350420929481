//! The expression editor for conditions and computed values: checked as one types by
//! the core's lint (the message, and the faulty part underlined by its span), field
//! keys completed, and a simple builder (field, comparison, value) that writes the
//! expression for form builders who never want to see one.

use authoring::edit::{self, Comparison, EditError, Path};
use engine::format::{Check, Element, Kind};
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::doc::{use_doc, Doc};
use crate::i18n::{lang, tr};

/// Which expression of an element the editor edits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Property {
    VisibleIf,
    RequiredIf,
    Computed,
    /// The expression of the element's rule at this index.
    Rule(usize),
}

impl Property {
    /// The property's name in the format, as problems name it.
    fn name(self) -> String {
        match self {
            Property::VisibleIf => "visible_if".into(),
            Property::RequiredIf => "required_if".into(),
            Property::Computed => "expression".into(),
            Property::Rule(i) => format!("rules[{i}].expression"),
        }
    }

    /// A condition (true or false), for which the simple builder helps.
    fn is_condition(self) -> bool {
        self != Property::Computed
    }
}

fn get(element: &Element, property: Property) -> String {
    match (property, &element.kind) {
        (Property::VisibleIf, _) => element.visible_if.clone().unwrap_or_default(),
        (Property::RequiredIf, _) => element.required_if.clone().unwrap_or_default(),
        (Property::Computed, Kind::Computed { expression, .. }) => expression.clone(),
        (Property::Rule(i), _) => match element.rules.get(i).map(|r| &r.check) {
            Some(Check::Expression { expression }) => expression.clone(),
            _ => String::new(),
        },
        _ => String::new(),
    }
}

fn set(element: &mut Element, property: Property, value: String) {
    let optional = Some(value.clone()).filter(|v| !v.trim().is_empty());
    match (property, &mut element.kind) {
        (Property::VisibleIf, _) => element.visible_if = optional,
        (Property::RequiredIf, _) => element.required_if = optional,
        (Property::Computed, Kind::Computed { expression, .. }) => *expression = value,
        (Property::Rule(i), _) => {
            if let Some(Check::Expression { expression }) =
                element.rules.get_mut(i).map(|r| &mut r.check)
            {
                *expression = value;
            }
        }
        _ => {}
    }
}

/// The expression at `path` (a step itself when it has no indices: its condition).
fn read_expression(doc: Doc, path: &Path, property: Property) -> String {
    if path.indices.is_empty() {
        return doc
            .form
            .with(|f| f.steps.get(path.step).and_then(|s| s.visible_if.clone()))
            .unwrap_or_default();
    }
    doc.read(path, |e| get(e, property))
}

fn write_expression(doc: Doc, path: &Path, property: Property, merge: bool, value: String) {
    if path.indices.is_empty() {
        let merge = merge.then(|| format!("step-condition-{}", path.step));
        doc.change(merge.as_deref(), |form| {
            let step = form
                .steps
                .get_mut(path.step)
                .ok_or(EditError::NoStep(path.step))?;
            step.visible_if = Some(value).filter(|v| !v.trim().is_empty());
            Ok(())
        });
    } else {
        let merge = merge.then(|| property.name());
        doc.update(path, merge.as_deref(), |e| set(e, property, value));
    }
}

/// Part of the editor's ids: a step's condition sits on the canvas while an element's
/// is in the inspector, so both can be on the page at once.
fn id_scope(path: &Path) -> String {
    if path.indices.is_empty() {
        format!("step{}-", path.step)
    } else {
        String::new()
    }
}

/// The identifier being typed just before `caret` (byte offset).
fn prefix_before(text: &str, caret: usize) -> &str {
    let caret = caret.min(text.len());
    let before = text.get(..caret).unwrap_or(text);
    // After the last character that is not part of a name (which may be `ß`: two bytes).
    let start = before
        .char_indices()
        .rev()
        .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '_' || *c == '.'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    &before[start..]
}

/// The byte offset in `text` of the browser's caret, which counts UTF-16 units.
fn byte_offset(text: &str, utf16: usize) -> usize {
    let mut units = 0;
    for (i, c) in text.char_indices() {
        if units >= utf16 {
            return i;
        }
        units += c.len_utf16();
    }
    text.len()
}

/// The browser's caret position (UTF-16 units) for a byte offset in `text`.
fn utf16_offset(text: &str, byte: usize) -> usize {
    text.get(..byte.min(text.len()))
        .unwrap_or(text)
        .chars()
        .map(char::len_utf16)
        .sum()
}

#[component]
pub fn ExpressionEditor(
    path: Path,
    property: Property,
    label: (&'static str, &'static str),
) -> impl IntoView {
    let doc = use_doc();
    let id = format!(
        "expr-{}{}",
        id_scope(&path),
        property.name().replace(['[', ']', '.'], "-")
    );
    let check_id = format!("{id}-check");
    let input: NodeRef<html::Input> = NodeRef::new();
    let caret = RwSignal::new(0usize);
    let text = {
        let path = path.clone();
        move || read_expression(doc, &path, property)
    };
    let problems = {
        let path = path.clone();
        move || doc.problems_at(&path, &property.name())
    };
    let invalid = problems.clone();
    let check = {
        let text = text.clone();
        let path = path.clone();
        move || {
            let source = text();
            let problems = problems();
            if source.trim().is_empty() {
                return view! { <p class="hint">{if property == Property::Computed { tr("Geben Sie eine Berechnung ein, z. B. anzahl * 12.5", "Enter a calculation, e.g. anzahl * 12.5") } else { tr("Leer: immer.", "Empty: always.") }}</p> }.into_any();
            }
            if problems.is_empty() {
                return view! { <p class="ok">{tr("✓ Ausdruck in Ordnung.", "✓ Expression is fine.")}</p> }.into_any();
            }
            problems
                .into_iter()
                .map(|p| {
                    let (start, end) = p.span.unwrap_or((0, source.len()));
                    let (start, end) = (start.min(source.len()), end.min(source.len()));
                    let part = |a: usize, b: usize| source.get(a..b).unwrap_or_default().to_string();
                    let inside = part(start, end);
                    // A misspelt field name: offer the one probably meant.
                    let meant = doc.form.with(|form| {
                        let names = edit::references(form, &path);
                        likely_meant(&inside, names.iter().map(|r| r.name.as_str())).map(str::to_string)
                    });
                    let fix = meant.map(|name| {
                        let fixed = format!("{}{name}{}", part(0, start), part(end, source.len()));
                        let path = path.clone();
                        view! {
                            <button type="button" class="small secondary" on:click=move |_| {
                                write_expression(doc, &path, property, false, fixed.clone());
                            }>{format!("{} „{name}“?", tr("Meinten Sie", "Did you mean"))}</button>
                        }
                    });
                    view! {
                        <div class="expr-problem">
                            <code class="expr-source">{part(0, start)}<mark class="expr-error">{if inside.is_empty() { "\u{a0}".to_string() } else { inside }}</mark>{part(end, source.len())}</code>
                            <p>{p.message.get(lang()).to_string()}</p>
                            {fix}
                        </div>
                    }
                })
                .collect_view()
                .into_any()
        }
    };
    let suggestions = {
        let (path, text) = (path.clone(), text.clone());
        move || {
            let source = text();
            let prefix = prefix_before(&source, caret.get()).to_string();
            if prefix.is_empty() {
                return Vec::new();
            }
            doc.form.with(|form| {
                edit::references(form, &path)
                    .into_iter()
                    .map(|r| r.name)
                    .filter(|name| name.starts_with(&prefix) && *name != prefix)
                    .take(8)
                    .collect()
            })
        }
    };
    let write_path = path.clone();
    let complete_path = path.clone();
    let track_caret = move || {
        if let Some(input) = input.get_untracked() {
            let at = input.selection_start().ok().flatten().unwrap_or(0) as usize;
            caret.set(byte_offset(&input.value(), at));
        }
    };
    let builder = property
        .is_condition()
        .then(|| view! { <Builder path=path.clone() property=property/> });
    view! {
        <div class="field expression">
            <label for=id.clone()>{t!(label.0, label.1)}</label>
            <input
                id=id
                node_ref=input
                type="text"
                class="code"
                spellcheck="false"
                autocomplete="off"
                aria-describedby=check_id.clone()
                aria-invalid=move || if invalid().is_empty() { "false" } else { "true" }
                prop:value=text
                on:input=move |ev| {
                    let value = event_target_value(&ev);
                    track_caret();
                    write_expression(doc, &write_path, property, true, value);
                }
                on:keyup=move |_| track_caret()
                on:click=move |_| track_caret()
                on:blur=move |_| doc.seal()
            />
            {move || {
                let names: Vec<String> = suggestions();
                (!names.is_empty()).then(|| {
                    let complete_path = complete_path.clone();
                    view! {
                        <ul class="completions" aria-label=t!("Vorschläge", "Suggestions")>
                            {names.into_iter().map(|name| {
                                let complete_path = complete_path.clone();
                                let chosen = name.clone();
                                view! { <li><button type="button" class="small" on:click=move |_| {
                                    let source = read_expression(doc, &complete_path, property);
                                    let at = caret.get_untracked().min(source.len());
                                    let head = source.get(..at).unwrap_or(&source);
                                    let tail = source.get(head.len()..).unwrap_or_default();
                                    // The prefix is ASCII, so cutting it off stays on a char boundary.
                                    let kept = &head[..head.len() - prefix_before(head, head.len()).len()];
                                    let completed = format!("{kept}{chosen}{tail}");
                                    let new_caret = kept.len() + chosen.len();
                                    write_expression(doc, &complete_path, property, false, completed);
                                    caret.set(new_caret);
                                    if let Some(input) = input.get_untracked() {
                                        let _ = input.focus();
                                        let element: &web_sys::HtmlInputElement = input.unchecked_ref();
                                        let at = utf16_offset(&element.value(), new_caret) as u32;
                                        let _ = element.set_selection_range(at, at);
                                    }
                                }>{name}</button></li> }
                            }).collect_view()}
                        </ul>
                    }
                })
            }}
            <div id=check_id aria-live="polite" class="expr-check">{check}</div>
            {builder}
        </div>
    }
}

/// "Feld – Vergleich – Wert": writes a condition for the common cases.
#[component]
fn Builder(path: Path, property: Property) -> impl IntoView {
    let doc = use_doc();
    let field = RwSignal::new(String::new());
    let comparison = RwSignal::new(0usize);
    let value = RwSignal::new(String::new());
    let references = {
        let path = path.clone();
        move || doc.form.with(|form| edit::references(form, &path))
    };
    let prefix = format!(
        "builder-{}{}",
        id_scope(&path),
        property.name().replace(['[', ']', '.'], "-")
    );
    let (field_id, comparison_id, value_id) = (
        format!("{prefix}-field"),
        format!("{prefix}-comparison"),
        format!("{prefix}-value"),
    );
    let apply_references = references.clone();
    let option_references = references.clone();
    // The chosen field's options, when it is a choice.
    let options = move || {
        let chosen = field.get();
        option_references()
            .into_iter()
            .find(|r| r.name == chosen)
            .and_then(|r| match r.kind {
                Kind::SingleChoice { options, .. } | Kind::MultipleChoice { options } => {
                    Some(options)
                }
                _ => None,
            })
    };
    view! {
        <details class="builder">
            <summary>{t!("Einfache Bedingung zusammenstellen", "Build a simple condition")}</summary>
            <div class="builder-row">
                <label for=field_id.clone()>{t!("Feld", "Field")}</label>
                <select id=field_id on:change=move |ev| { field.set(event_target_value(&ev)); value.set(String::new()); }>
                    <option value="">{t!("– Feld wählen –", "– choose a field –")}</option>
                    {move || references().into_iter().map(|r| view! { <option value=r.name.clone()>{r.shown()}</option> }).collect_view()}
                </select>
                <label for=comparison_id.clone()>{t!("Vergleich", "Comparison")}</label>
                <select id=comparison_id on:change=move |ev| comparison.set(event_target_value(&ev).parse().unwrap_or(0))>
                    {move || Comparison::ALL.iter().enumerate().map(|(i, c)| view! { <option value=i.to_string()>{c.label().get(lang()).to_string()}</option> }).collect_view()}
                </select>
                <span hidden=move || !Comparison::ALL[comparison.get()].takes_value()>
                    <label for=value_id.clone()>{t!("Wert", "Value")}</label>
                    // A choice offers its options: the label shown, the value written.
                    {move || match options() {
                        Some(options) => view! {
                            <select id=value_id.clone() on:change=move |ev| value.set(event_target_value(&ev))>
                                <option value="">{t!("– Antwort wählen –", "– choose an answer –")}</option>
                                {options.into_iter().map(|o| {
                                    let selected = value.get_untracked() == o.value;
                                    view! { <option value=o.value.clone() selected=selected>{o.label.de.clone()}</option> }
                                }).collect_view()}
                            </select>
                        }.into_any(),
                        None => view! {
                            <input id=value_id.clone() type="text" prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
                        }.into_any(),
                    }}
                </span>
                <button type="button" class="secondary" on:click=move |_| {
                    let chosen = field.get_untracked();
                    let Some(edit::Reference { name, kind, .. }) = apply_references().into_iter().find(|r| r.name == chosen) else {
                        doc.announce(tr("Bitte zuerst ein Feld wählen.", "Please choose a field first."));
                        return;
                    };
                    let expression = edit::condition(&name, &kind, Comparison::ALL[comparison.get_untracked()], &value.get_untracked());
                    write_expression(doc, &path, property, false, expression);
                    doc.announce(tr("Bedingung übernommen.", "Condition applied."));
                }>{t!("Bedingung übernehmen", "Apply condition")}</button>
            </div>
        </details>
    }
}

/// The name among `names` that `typed` most likely misspells: at most two letters
/// added, dropped, changed or swapped (one for names of up to four letters), the
/// nearest first, the earlier on a tie. None when `typed` is one of them. For "Meinten
/// Sie …?" under an unknown field in an expression.
fn likely_meant<'a>(typed: &str, names: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = if typed.chars().count() <= 4 { 1 } else { 2 };
    let mut best: Option<(usize, &str)> = None;
    for name in names {
        let distance = edit_distance(typed, name);
        if distance == 0 {
            return None;
        }
        if distance <= limit && best.is_none_or(|(nearest, _)| distance < nearest) {
            best = Some((distance, name));
        }
    }
    best.map(|(_, name)| name)
}

/// Letters to add, drop or change to turn `a` into `b`, a swap of two neighbours
/// counting as one (optimal string alignment distance).
fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    // Three rows of the table: two back (for swaps), the last, the one being filled.
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut last: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut row = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let change = usize::from(a[i - 1] != b[j - 1]);
            row[j] = (last[j] + 1).min(row[j - 1] + 1).min(last[j - 1] + change);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                row[j] = row[j].min(before[j - 2] + 1);
            }
        }
        before = std::mem::replace(&mut last, row);
    }
    last[b.len()]
}

#[cfg(test)]
mod tests {
    use super::{byte_offset, edit_distance, likely_meant, prefix_before, utf16_offset};

    #[test]
    fn a_misspelt_name_finds_the_one_meant() {
        let names = ["vorname", "nachname", "hunde.name", "anzahl", "alter"];
        let meant = |typed| likely_meant(typed, names);
        assert_eq!(meant("vornam"), Some("vorname"), "a letter dropped");
        assert_eq!(meant("vornmae"), Some("vorname"), "two letters swapped");
        assert_eq!(meant("nachnahme"), Some("nachname"), "a letter added");
        assert_eq!(meant("hunde.nam"), Some("hunde.name"));
        assert_eq!(meant("alte"), Some("alter"), "short names allow one change");
        assert_eq!(meant("alt"), None, "not two");
        assert_eq!(meant("vorname"), None, "a known name needs no suggestion");
        assert_eq!(meant("strasse"), None, "nothing near");
        assert_eq!(meant(""), None);
        // The nearest wins; among equals, the earlier.
        assert_eq!(likely_meant("vorna", ["vxrnxa", "vornaa"]), Some("vornaa"));
        assert_eq!(likely_meant("vorna", ["vornab", "vornac"]), Some("vornab"));
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("Straße", "Strasse"), 2);
    }

    #[test]
    fn finds_the_identifier_being_typed() {
        assert_eq!(prefix_before("alter > 3 and ansch", 19), "ansch");
        assert_eq!(prefix_before("anschrift.p", 11), "anschrift.p");
        assert_eq!(prefix_before("x == 1", 6), "1");
        assert_eq!(prefix_before("abc", 99), "abc");
        assert_eq!(prefix_before("", 0), "");
        // Letters beyond ASCII end a name and are never cut in half.
        assert_eq!(prefix_before("äöü ß", 99), "");
        assert_eq!(prefix_before("größe > ma", 99), "ma");
        assert_eq!(prefix_before("ßx", 3), "x");
        assert_eq!(prefix_before("äöü", 1), "", "a caret inside a letter");
        // The browser counts UTF-16 units.
        assert_eq!(byte_offset("äöü ß", 5), 9);
        assert_eq!(byte_offset("äx", 1), 2);
        assert_eq!(byte_offset("😀x", 2), 4);
        assert_eq!(utf16_offset("äöü ß", 9), 5);
        assert_eq!(utf16_offset("😀x", 4), 2);
    }
}
