//! The inspector: every setting of the selected element, each input writing through
//! `Doc::change` (typing in one input is one undo step).

use authoring::edit::{self, EditError, Path, Place};
use engine::file_types::{self, FILE_TYPES};
use engine::format::{Check, ChoiceDisplay, ComputedFormat, Element, Form, Kind, RuleName};
use engine::input::{format_number, parse_number};
use engine::text::Lang;
use leptos::prelude::*;

use crate::commands;
use crate::doc::{use_doc, Doc};
use crate::expression::{ExpressionEditor, Property};
use crate::i18n::{lang, tr, Words};
use crate::kinds;

/// A labelled one-line input bound to a text of the element.
fn text_input(
    doc: Doc,
    path: &Path,
    name: &'static str,
    label: Words,
    get: impl Fn(&Element) -> String + Send + Sync + 'static,
    set: impl Fn(&mut Element, String) + Clone + Send + Sync + 'static,
) -> AnyView {
    suggesting_input(doc, path, name, label, None, get, set)
}

/// [`text_input`] whose browser suggestions come from the `<datalist>` with id `list`.
fn suggesting_input(
    doc: Doc,
    path: &Path,
    name: &'static str,
    label: Words,
    list: Option<&'static str>,
    get: impl Fn(&Element) -> String + Send + Sync + 'static,
    set: impl Fn(&mut Element, String) + Clone + Send + Sync + 'static,
) -> AnyView {
    let id = format!("inspector-{name}");
    let (read_path, write_path) = (path.clone(), path.clone());
    view! {
        <div class="field">
            <label for=id.clone()>{t!(label.0, label.1)}</label>
            <input
                id=id
                type="text"
                list=list
                prop:value=move || doc.read(&read_path, &get)
                on:input=move |ev| {
                    let value = event_target_value(&ev);
                    let set = set.clone();
                    doc.update(&write_path, Some(name), move |e| set(e, value));
                }
                on:blur=move |_| doc.seal()
            />
        </div>
    }
    .into_any()
}

/// A setting stored as a rule (`min_value`, `max_length`, `min_date` …): shown by
/// `show`, read back by `parse`; empty removes the rule, unreadable input is marked and
/// changes nothing.
fn rule_input(
    doc: Doc,
    path: &Path,
    rule: RuleName,
    label: Words,
    hint: Words,
    show: fn(&Form, &Path, &Check) -> String,
    parse: fn(&Form, &Path, &str) -> Option<Check>,
) -> AnyView {
    let id = format!("inspector-{}", rule.name());
    let hint_id = format!("{id}-hint");
    let (read_path, write_path) = (path.clone(), path.clone());
    let invalid = RwSignal::new(false);
    view! {
        <div class="field">
            <label for=id.clone()>{t!(label.0, label.1)}</label>
            <input
                id=id
                type="text"
                aria-describedby=hint_id.clone()
                aria-invalid=move || if invalid.get() { "true" } else { "false" }
                prop:value=move || doc.form.with(|form| {
                    edit::element(form, &read_path)
                        .and_then(|e| edit::check(e, rule))
                        .map(|check| show(form, &read_path, check))
                        .unwrap_or_default()
                })
                on:input=move |ev| {
                    let text = event_target_value(&ev);
                    let parsed = doc.form.with_untracked(|form| parse(form, &write_path, text.trim()));
                    let check = if text.trim().is_empty() {
                        None
                    } else if let Some(check) = parsed {
                        Some(check)
                    } else {
                        invalid.set(true);
                        return;
                    };
                    invalid.set(false);
                    doc.update(&write_path, Some(rule.name()), |e| edit::set_check(e, rule, check));
                }
                on:blur=move |_| doc.seal()
            />
            <span class="hint" id=hint_id class:field-error=move || invalid.get()>{t!(hint.0, hint.1)}</span>
        </div>
    }
    .into_any()
}

const NUMBER_HINT: Words = (
    "Eine Zahl, z. B. 12 oder 1,5; leer: keine Grenze.",
    "A number, e.g. 12 or 1.5; empty: no limit.",
);
const DATE_HINT: Words = (
    "TT.MM.JJJJ, heute, heute - 18 Jahre, heute + 30 Tage oder ein anderes Datumsfeld (z. B. Beginn); leer: keine Grenze.",
    "DD.MM.YYYY, today, today-18y, today+30d or another date field (e.g. Beginn); empty: no limit.",
);
const COUNT_HINT: Words = (
    "Eine ganze Zahl; leer: keine Grenze.",
    "A whole number; empty: no limit.",
);

fn show_limit(form: &Form, path: &Path, check: &Check) -> String {
    match check {
        Check::MinValue { value } | Check::MaxValue { value } => {
            format_number(*value, None, Lang::De)
        }
        Check::MinLength { value } | Check::MaxLength { value } => value.to_string(),
        Check::MinDate { date } | Check::MaxDate { date } => {
            edit::date_limit_shown(form, path, date)
        }
        _ => String::new(),
    }
}

fn count(text: &str) -> Option<u32> {
    text.parse().ok()
}

#[component]
pub fn Inspector() -> impl IntoView {
    let doc = use_doc();
    view! {
        <section class="panel inspector" aria-labelledby="inspector-heading">
            <h2 id="inspector-heading">{t!("Eigenschaften", "Properties")}</h2>
            {move || match doc.selected.get() {
                Some(path) if doc.form.with_untracked(|f| edit::element(f, &path).is_some()) => {
                    settings(doc, path)
                }
                _ => view! { <p class="hint">{t!("Wählen Sie ein Element im Aufbau aus, um es zu bearbeiten.", "Select an element in the build view to edit it.")}</p> }.into_any(),
            }}
        </section>
    }
}

fn settings(doc: Doc, path: Path) -> AnyView {
    let element = doc
        .form
        .with_untracked(|f| edit::element(f, &path).cloned())
        .expect("checked by the caller");
    let type_name = kinds::entry(element.kind.kind_name()).name;
    let is_content = matches!(element.kind, Kind::Content { .. });
    let label_path = path.clone();
    let label = (!is_content).then(|| {
        let (read_path, write_path) = (label_path.clone(), label_path.clone());
        view! {
            <div class="field">
                <label for="inspector-label">{t!("Beschriftung (Deutsch)", "Label (German)")}</label>
                <input
                    id="inspector-label"
                    type="text"
                    prop:value=move || doc.read(&read_path, |e| e.label.de.clone())
                    on:input=move |ev| {
                        let value = event_target_value(&ev);
                        let merge = format!("label@{write_path:?}");
                        doc.change(Some(&merge), |form| edit::set_label(form, &write_path, &value));
                    }
                    on:blur=move |_| doc.seal()
                />
            </div>
            {text_input(doc, &label_path, "label-en", ("Beschriftung (Englisch)", "Label (English)"),
                |e| e.label.en.clone().unwrap_or_default(),
                |e, v| edit::set_language(&mut e.label, Lang::En, v))}
        }
    });
    // The core's own verdict on the key (valid, unique in its scope), as the lint says it.
    let key_problem = {
        let path = path.clone();
        move || {
            doc.problems_at(&path, "key")
                .first()
                .map(|p| p.message.get(lang()).to_string())
        }
    };
    let key_problem_shown = key_problem.clone();
    let (key_read, key_write) = (path.clone(), path.clone());
    let input_settings = element.is_input().then(|| {
        view! {
            <div class="field checkbox">
                <input
                    id="inspector-required"
                    type="checkbox"
                    prop:checked={
                        let path = path.clone();
                        move || doc.read(&path, |e| e.required)
                    }
                    on:change={
                        let path = path.clone();
                        move |ev| {
                            let checked = event_target_checked(&ev);
                            doc.update(&path, None, |e| e.required = checked);
                        }
                    }
                />
                <label for="inspector-required">{t!("Pflichtfeld", "Required")}</label>
            </div>
            {suggesting_input(doc, &path, "autocomplete", ("Autovervollständigung (HTML-Token, z. B. given-name)", "Autocomplete (HTML token, e.g. given-name)"),
                Some("autocomplete-tokens"),
                |e| e.autocomplete.clone().unwrap_or_default(),
                |e, v| e.autocomplete = Some(v.trim().to_string()).filter(|v| !v.is_empty()))}
            // The browser offers the known tokens while typing.
            <datalist id="autocomplete-tokens">
                {authoring::lint::AUTOCOMPLETE_TOKENS.iter().map(|t| view! { <option value=*t></option> }).collect_view()}
            </datalist>
        }
    });
    let placeholder = (element.kind.is_text()
        || matches!(element.kind, Kind::Integer | Kind::Decimal | Kind::Currency))
    .then(|| {
        text_input(
            doc,
            &path,
            "placeholder",
            (
                "Platzhalter (Beispiel im leeren Feld)",
                "Placeholder (example in the empty field)",
            ),
            |e| edit::optional_language_of(&e.placeholder, Lang::De),
            |e, v| edit::set_optional_language(&mut e.placeholder, Lang::De, v),
        )
    });
    let help = (!is_content).then(|| {
        view! {
            {text_input(doc, &path, "help-de", ("Hilfetext (Deutsch)", "Help text (German)"),
                |e| edit::optional_language_of(&e.help, Lang::De),
                |e, v| edit::set_optional_language(&mut e.help, Lang::De, v))}
            {text_input(doc, &path, "help-en", ("Hilfetext (Englisch)", "Help text (English)"),
                |e| edit::optional_language_of(&e.help, Lang::En),
                |e, v| edit::set_optional_language(&mut e.help, Lang::En, v))}
        }
    });
    let required_if = element.is_input().then(|| {
        view! { <ExpressionEditor path=path.clone() property=Property::RequiredIf label=("Pflicht, wenn …", "Required when …")/> }
    });
    let notes_path = path.clone();
    let notes = move || doc.read(&notes_path, |e| e.notes.clone());
    let fim = element.fim.as_ref().map(|fim| {
        view! {
            <div class="fim-provenance">
                <h3>{t!("Herkunft (FIM)", "Origin (FIM)")}</h3>
                <p>{format!("{} Version {}", fim.id, fim.version)}</p>
            </div>
        }
    });
    // FIM rules in prose: each a warning until made a condition and marked done.
    let done_path = path.clone();
    let notes = move || {
        let notes = notes();
        (!notes.is_empty()).then(|| {
            let done_path = done_path.clone();
            view! {
                <div class="notes">
                    <h3>{t!("Hinweise für Sie (nicht für Bürgerinnen und Bürger)", "Notes for you (not for citizens)")}</h3>
                    <ul>
                        {notes.into_iter().enumerate().map(|(i, note)| {
                            let done_path = done_path.clone();
                            view! {
                                <li>
                                    <p>{note}</p>
                                    <button type="button" class="small secondary" on:click=move |_| {
                                        doc.update(&done_path, None, |e| if i < e.notes.len() { e.notes.remove(i); });
                                        doc.announce(tr("Hinweis als erledigt entfernt.", "Note removed as done."));
                                    }>{t!("Erledigt", "Done")}</button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </div>
            }
        })
    };
    view! {
        <p class="selected-type">{move || format!("{}: {}", tr("Typ", "Type"), tr(type_name.0, type_name.1))}</p>
        {label}
        <div class="field">
            <label for="inspector-key">{t!("Schlüssel (für Bedingungen und die Daten)", "Key (for conditions and the data)")}</label>
            <input
                id="inspector-key"
                type="text"
                spellcheck="false"
                aria-describedby="inspector-key-error"
                aria-invalid=move || if key_problem().is_some() { "true" } else { "false" }
                prop:value=move || doc.read(&key_read, |e| e.key.clone())
                on:input=move |ev| {
                    let value = event_target_value(&ev);
                    doc.update(&key_write, Some("key"), |e| e.key = value);
                }
                on:blur=move |_| doc.seal()
            />
            <span class="field-error" id="inspector-key-error">{move || key_problem_shown().unwrap_or_default()}</span>
        </div>
        {help}
        {placeholder}
        {input_settings}
        {kind_settings(doc, &path, &element.kind)}
        {(!is_content).then(|| crate::rules::rules(doc, &path, &element.kind))}
        <ExpressionEditor path=path.clone() property=Property::VisibleIf label=("Anzeigen, wenn …", "Show when …")/>
        {required_if}
        {fim}
        {notes}
        {actions(doc, path)}
    }
    .into_any()
}

fn kind_settings(doc: Doc, path: &Path, kind: &Kind) -> AnyView {
    match kind {
        Kind::SingleChoice { .. } | Kind::MultipleChoice { .. } => {
            let display = matches!(kind, Kind::SingleChoice { .. }).then(|| {
                let (read_path, write_path) = (path.clone(), path.clone());
                view! {
                    <div class="field">
                        <label for="inspector-display">{t!("Darstellung", "Display")}</label>
                        <select
                            id="inspector-display"
                            prop:value=move || doc.read(&read_path, |e| match e.kind {
                                Kind::SingleChoice { display, .. } => display.name().to_string(),
                                _ => String::new(),
                            })
                            on:change=move |ev| {
                                let chosen = ChoiceDisplay::parse(&event_target_value(&ev)).unwrap_or_default();
                                doc.update(&write_path, None, |e| {
                                    if let Kind::SingleChoice { display, .. } = &mut e.kind {
                                        *display = chosen;
                                    }
                                });
                            }
                        >
                            <option value=ChoiceDisplay::Radio.name()>{t!("Optionsfelder", "Radio buttons")}</option>
                            <option value=ChoiceDisplay::Dropdown.name()>{t!("Auswahlliste", "Drop-down list")}</option>
                        </select>
                    </div>
                }
            });
            view! { {display} <crate::options::OptionsEditor path=path.clone()/> }.into_any()
        }
        Kind::Integer | Kind::Decimal | Kind::Currency => view! {
            {rule_input(doc, path, RuleName::MinValue, ("Kleinster Wert", "Smallest value"), NUMBER_HINT, show_limit,
                |_, _, t| parse_number(t, Lang::De).map(|value| Check::MinValue { value }))}
            {rule_input(doc, path, RuleName::MaxValue, ("Größter Wert", "Largest value"), NUMBER_HINT, show_limit,
                |_, _, t| parse_number(t, Lang::De).map(|value| Check::MaxValue { value }))}
        }
        .into_any(),
        kind if kind.is_text() => view! {
            {rule_input(doc, path, RuleName::MinLength, ("Mindestens Zeichen", "At least characters"), COUNT_HINT, show_limit,
                |_, _, t| count(t).map(|value| Check::MinLength { value }))}
            {rule_input(doc, path, RuleName::MaxLength, ("Höchstens Zeichen", "At most characters"), COUNT_HINT, show_limit,
                |_, _, t| count(t).map(|value| Check::MaxLength { value }))}
            {pattern_settings(doc, path)}
        }
        .into_any(),
        Kind::Date => view! {
            {rule_input(doc, path, RuleName::MinDate, ("Frühestes Datum", "Earliest date"), DATE_HINT, show_limit,
                |form, path, t| edit::date_limit_from_typed(form, path, t).map(|date| Check::MinDate { date }))}
            {rule_input(doc, path, RuleName::MaxDate, ("Spätestes Datum", "Latest date"), DATE_HINT, show_limit,
                |form, path, t| edit::date_limit_from_typed(form, path, t).map(|date| Check::MaxDate { date }))}
        }
        .into_any(),
        Kind::File { .. } => view! {
            {file_types(doc, path)}
            {text_input(doc, path, "max-size", ("Größte Datei in MB", "Largest file in MB"),
                |e| match &e.kind { Kind::File { max_size, .. } => format_number(*max_size as f64 / 1_048_576.0, None, Lang::De), _ => String::new() },
                |e, v| if let (Kind::File { max_size, .. }, Some(mb)) = (&mut e.kind, parse_number(&v, Lang::De)) {
                    *max_size = (mb.max(0.0) * 1_048_576.0) as u64;
                })}
            {text_input(doc, path, "max-count", ("Höchstens Dateien", "At most files"),
                |e| match &e.kind { Kind::File { max_count, .. } => max_count.to_string(), _ => String::new() },
                |e, v| if let (Kind::File { max_count, .. }, Ok(n)) = (&mut e.kind, v.trim().parse::<u32>()) {
                    *max_count = n.max(1);
                })}
        }
        .into_any(),
        Kind::Repeat { .. } => view! {
            {text_input(doc, path, "item-label", ("Bezeichnung je Eintrag (z. B. Hund)", "Label of each entry (e.g. Dog)"),
                |e| match &e.kind { Kind::Repeat { item_label, .. } => item_label.de.clone(), _ => String::new() },
                |e, v| if let Kind::Repeat { item_label, .. } = &mut e.kind { item_label.de = v; })}
            {text_input(doc, path, "repeat-min", ("Mindestens Einträge", "At least entries"),
                |e| match &e.kind { Kind::Repeat { min, .. } => min.to_string(), _ => String::new() },
                |e, v| if let (Kind::Repeat { min, .. }, Ok(n)) = (&mut e.kind, v.trim().parse::<u32>()) { *min = n; })}
            {text_input(doc, path, "repeat-max", ("Höchstens Einträge (leer: beliebig viele)", "At most entries (empty: any number)"),
                |e| match &e.kind { Kind::Repeat { max, .. } => max.map(|m| m.to_string()).unwrap_or_default(), _ => String::new() },
                |e, v| if let Kind::Repeat { max, .. } = &mut e.kind { *max = v.trim().parse::<u32>().ok(); })}
        }
        .into_any(),
        Kind::Content { .. } => view! {
            {markdown_input(doc, path, Lang::De, ("Text (Deutsch; **fett**, *kursiv*, Listen mit -, Links)", "Text (German; **bold**, *italic*, lists with -, links)"))}
            {markdown_input(doc, path, Lang::En, ("Text (Englisch)", "Text (English)"))}
        }
        .into_any(),
        Kind::Computed { .. } => {
            let (read_path, write_path) = (path.clone(), path.clone());
            view! {
                <ExpressionEditor path=path.clone() property=Property::Computed label=("Berechnung", "Calculation")/>
                <div class="field">
                    <label for="inspector-format">{t!("Anzeige als", "Show as")}</label>
                    <select
                        id="inspector-format"
                        prop:value=move || doc.read(&read_path, |e| match e.kind {
                            Kind::Computed { format, .. } => format.name().to_string(),
                            _ => String::new(),
                        })
                        on:change=move |ev| {
                            let chosen = event_target_value(&ev);
                            doc.update(&write_path, None, |e| {
                                if let Kind::Computed { format, .. } = &mut e.kind {
                                    *format = ComputedFormat::parse(&chosen).unwrap_or_default();
                                }
                            });
                        }
                    >
                        {ComputedFormat::ALL.iter().map(|&format| {
                            let label = format_label(format);
                            view! { <option value=format.name()>{t!(label.0, label.1)}</option> }
                        }).collect_view()}
                    </select>
                </div>
            }
            .into_any()
        }
        _ => ().into_any(),
    }
}

/// The accepted file types: the common ones to tick, others (an ending or a media
/// type) to type; what names no file type is kept as typed and marked by the lint.
fn file_types(doc: Doc, path: &Path) -> AnyView {
    let accepted = {
        let path = path.clone();
        move || {
            doc.read(&path, |e| match &e.kind {
                Kind::File { accept, .. } => accept.clone(),
                _ => Vec::new(),
            })
        }
    };
    let set = {
        let path = path.clone();
        move |accept: Vec<String>| {
            doc.update(&path, None, |e| {
                if let Kind::File {
                    accept: current, ..
                } = &mut e.kind
                {
                    *current = accept;
                }
            })
        }
    };
    let ticked = |accept: &[String], media_type: &str| {
        accept
            .iter()
            .any(|typed| file_types::resolve(typed).as_deref() == Some(media_type))
    };
    let choices = FILE_TYPES
        .iter()
        .map(|t| (t.media_type, t.name.to_string(), t.extensions.join(", .")))
        .chain([(file_types::ANY_IMAGE, String::new(), String::new())]);
    let boxes = choices
        .map(|(media_type, name, endings)| {
            let id = format!("inspector-accept-{}", media_type.replace(['/', '.', '*', '+'], "-"));
            let (accepted, set) = (accepted.clone(), set.clone());
            let label = if name.is_empty() {
                tr("Alle Bilder (jedes Bildformat)", "All images (any image format)").to_string()
            } else {
                format!("{name} (.{endings})")
            };
            let current = accepted.clone();
            view! {
                <div class="option-check">
                    <input type="checkbox" id=id.clone()
                        prop:checked=move || ticked(&current(), media_type)
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            let mut accept: Vec<String> = accepted()
                                .into_iter()
                                .filter(|typed| file_types::resolve(typed).as_deref() != Some(media_type))
                                .collect();
                            if on {
                                accept.push(media_type.to_string());
                            }
                            set(accept);
                        }/>
                    <label for=id>{label}</label>
                </div>
            }
        })
        .collect_view();
    let listed = |typed: &String| {
        file_types::resolve(typed).is_some_and(|m| {
            m == file_types::ANY_IMAGE || FILE_TYPES.iter().any(|t| t.media_type == m)
        })
    };
    let others = {
        let accepted = accepted.clone();
        move || {
            accepted()
                .iter()
                .filter(|typed| !listed(typed))
                .cloned()
                .collect::<Vec<_>>()
                .join(", ")
        }
    };
    let problems = {
        let path = path.clone();
        move || {
            let count = doc.read(&path, |e| match &e.kind {
                Kind::File { accept, .. } => accept.len(),
                _ => 0,
            });
            (0..count)
                .flat_map(|i| doc.problems_at(&path, &format!("accept[{i}]")))
                .map(|p| p.message.get(lang()).to_string())
                .collect::<Vec<_>>()
        }
    };
    view! {
        <fieldset class="field file-types">
            <legend>{t!("Erlaubte Dateitypen (nichts angekreuzt: alle)", "Allowed file types (none ticked: all)")}</legend>
            {boxes}
            <label for="inspector-accept-other">{t!("Weitere: Endung oder Medientyp, durch Komma getrennt (z. B. dwg, application/vnd.ms-excel)", "Others: ending or media type, comma-separated (e.g. dwg, application/vnd.ms-excel)")}</label>
            <input id="inspector-accept-other" type="text" spellcheck="false"
                aria-describedby="inspector-accept-problems"
                prop:value=others
                on:change=move |ev| {
                    let typed = event_target_value(&ev);
                    let mut accept: Vec<String> = accepted().into_iter().filter(listed).collect();
                    for entry in typed.split([',', ';']).map(str::trim).filter(|t| !t.is_empty()) {
                        let entry = file_types::resolve(entry).unwrap_or_else(|| entry.to_string());
                        if !accept.contains(&entry) {
                            accept.push(entry);
                        }
                    }
                    set(accept);
                }/>
            <div id="inspector-accept-problems">
                {move || problems().into_iter().map(|m| view! { <p class="field-error">{m}</p> }).collect_view()}
            </div>
        </fieldset>
    }
    .into_any()
}

/// How the inspector names each computed format.
fn format_label(format: ComputedFormat) -> Words {
    match format {
        ComputedFormat::Auto => ("Automatisch", "Automatic"),
        ComputedFormat::Number => ("Zahl", "Number"),
        ComputedFormat::Currency => ("Betrag in Euro", "Amount in euros"),
        ComputedFormat::Text => ("Text", "Text"),
        ComputedFormat::Date => ("Datum", "Date"),
        ComputedFormat::YesNo => ("Ja/Nein", "Yes/no"),
    }
}

fn markdown_input(doc: Doc, path: &Path, lang: Lang, label: Words) -> AnyView {
    let id = format!("inspector-markdown-{}", lang.code());
    let (read_path, write_path) = (path.clone(), path.clone());
    view! {
        <div class="field">
            <label for=id.clone()>{t!(label.0, label.1)}</label>
            <textarea
                id=id
                rows="5"
                prop:value=move || doc.read(&read_path, |e| match &e.kind {
                    Kind::Content { markdown } => edit::language_of(markdown, lang),
                    _ => String::new(),
                })
                on:input=move |ev| {
                    let value = event_target_value(&ev);
                    doc.update(&write_path, Some(lang.code()), |e| {
                        if let Kind::Content { markdown } = &mut e.kind {
                            edit::set_language(markdown, lang, value);
                        }
                    });
                }
                on:blur=move |_| doc.seal()
            ></textarea>
        </div>
    }
    .into_any()
}

fn pattern_settings(doc: Doc, path: &Path) -> AnyView {
    let write_path = path.clone();
    let sample = RwSignal::new(String::new());
    let pattern = {
        let path = path.clone();
        move || {
            doc.read(&path, |e| match edit::check(e, RuleName::Pattern) {
                Some(Check::Pattern { pattern }) => pattern.clone(),
                _ => String::new(),
            })
        }
    };
    let pattern_for_result = pattern.clone();
    let result = move || {
        let pattern = pattern_for_result();
        if pattern.is_empty() {
            return String::new();
        }
        match authoring::compile::compile_pattern(&pattern) {
            Err(error) => format!(
                "{} {}",
                tr("Das Muster ist ungültig:", "The pattern is invalid:"),
                error.get(lang())
            ),
            Ok(_) if sample.get().is_empty() => tr(
                "Geben Sie ein Beispiel ein, um das Muster zu prüfen.",
                "Enter an example to test the pattern.",
            )
            .into(),
            Ok(compiled) if compiled.is_match(&sample.get()) => tr(
                "✓ Das Beispiel passt zum Muster.",
                "✓ The example matches the pattern.",
            )
            .into(),
            Ok(_) => tr(
                "✗ Das Beispiel passt nicht zum Muster.",
                "✗ The example does not match the pattern.",
            )
            .into(),
        }
    };
    view! {
        <div class="field">
            <label for="inspector-pattern">{t!("Muster (regulärer Ausdruck)", "Pattern (regular expression)")}</label>
            <input
                id="inspector-pattern"
                type="text"
                spellcheck="false"
                prop:value=pattern
                on:input=move |ev| {
                    let value = event_target_value(&ev);
                    let check = (!value.is_empty()).then_some(Check::Pattern { pattern: value });
                    doc.update(&write_path, Some("pattern"), |e| edit::set_check(e, RuleName::Pattern, check));
                }
                on:blur=move |_| doc.seal()
            />
            <label for="inspector-pattern-sample">{t!("Muster testen mit", "Test the pattern with")}</label>
            <input id="inspector-pattern-sample" type="text" prop:value=move || sample.get()
                on:input=move |ev| sample.set(event_target_value(&ev))/>
            <p class="hint" aria-live="polite">{result}</p>
        </div>
    }
    .into_any()
}

fn actions(doc: Doc, path: Path) -> AnyView {
    let target = RwSignal::new(String::new());
    let (up, down, to_step, duplicate, delete) = (
        path.clone(),
        path.clone(),
        path.clone(),
        path.clone(),
        path.clone(),
    );
    view! {
        <div class="inspector-actions">
            <h3>{t!("Verschieben und mehr", "Move and more")}</h3>
            <div class="button-row">
                <button type="button" class="secondary" on:click=move |_| { if let Some(p) = commands::move_by(doc, &up, -1) { commands::focus_card(&p) } }>{t!("Nach oben", "Up")}</button>
                <button type="button" class="secondary" on:click=move |_| { if let Some(p) = commands::move_by(doc, &down, 1) { commands::focus_card(&p) } }>{t!("Nach unten", "Down")}</button>
            </div>
            <div class="field inline">
                <label for="inspector-move-to">{t!("Verschieben nach", "Move to")}</label>
                <select id="inspector-move-to" on:change=move |ev| target.set(event_target_value(&ev))>
                    <option value="">{t!("– Schritt oder Gruppe wählen –", "– choose a step or group –")}</option>
                    {move || doc.form.with(|form| edit::containers(form, &path).into_iter().map(|container| {
                        let slot = &container.slot;
                        let value = format!("{}:{}", slot.step, slot.parent.iter().map(ToString::to_string).collect::<Vec<_>>().join("."));
                        let indent = "\u{a0}\u{a0}".repeat(container.depth);
                        let name = match container.place {
                            Place::Step { number, title } => format!("{} {number}: {title}", tr("Schritt", "Step")),
                            Place::Group(name) => name,
                        };
                        view! { <option value=value>{format!("{indent}{name}")}</option> }
                    }).collect_view())}
                </select>
                <button type="button" class="secondary" on:click=move |_| {
                    let chosen = target.get_untracked();
                    let Some((step, parent)) = chosen.split_once(':') else { return };
                    let (Ok(step), Ok(parent)) = (
                        step.parse::<usize>(),
                        parent.split('.').filter(|p| !p.is_empty()).map(str::parse::<usize>).collect::<Result<Vec<_>, _>>(),
                    ) else { return };
                    let moved = doc.change(None, |form| {
                        let slot = edit::containers(form, &to_step)
                            .into_iter()
                            .map(|container| container.slot)
                            .find(|slot| slot.step == step && slot.parent == parent)
                            .ok_or(EditError::NoStep(step))?;
                        edit::move_element(form, &to_step, &slot)
                    });
                    if let Some(p) = moved {
                        doc.select(p.clone());
                        doc.announce(tr("Element verschoben.", "Element moved."));
                        commands::focus_card(&p);
                    }
                }>{t!("Verschieben", "Move")}</button>
            </div>
            <div class="button-row">
                <button type="button" class="secondary" on:click=move |_| commands::duplicate(doc, &duplicate)>{t!("Duplizieren", "Duplicate")}</button>
                <button type="button" class="danger" on:click=move |_| commands::delete(doc, &delete)>{t!("Löschen", "Delete")}</button>
            </div>
        </div>
    }
    .into_any()
}
