//! The inspector's „Regeln" section: every rule the element has, as the format has it,
//! with what it checks, the message citizens see, and a way to remove it; the ready-made
//! checks of text fields to tick; and conditions over several fields (end not before
//! start, a repeated e-mail address) to add and edit with the expression editor.

use authoring::edit::{self, Path};
use engine::format::{Check, Element, Form, Kind, Rule};
use engine::input::format_number;
use engine::text::Lang;
use leptos::prelude::*;

use crate::doc::Doc;
use crate::expression::{ExpressionEditor, Property};
use crate::i18n::{lang, tr, Words};

/// The ready-made checks a text field can tick, with what they mean to builders.
const TEXT_CHECKS: [(Check, Words); 5] = [
    (
        Check::Latin,
        (
            "Nur Schriftzeichen für Namen und Anschriften (DIN SPEC 91379)",
            "Only characters for names and addresses (DIN SPEC 91379)",
        ),
    ),
    (Check::Email, ("Eine E-Mail-Adresse", "An e-mail address")),
    (Check::Iban, ("Eine IBAN", "An IBAN")),
    (
        Check::PostalCodeDe,
        ("Eine deutsche Postleitzahl", "A German postal code"),
    ),
    (Check::Phone, ("Eine Telefonnummer", "A telephone number")),
];

/// What a rule checks, in the designer's language: „Höchstens 20 Zeichen".
fn describe(form: &Form, path: &Path, check: &Check) -> String {
    let number = |value: f64| format_number(value, None, lang());
    let date = |bound| edit::date_limit_shown(form, path, bound);
    match check {
        Check::MinLength { value } => format!(
            "{} {value} {}",
            tr("Mindestens", "At least"),
            tr("Zeichen", "characters")
        ),
        Check::MaxLength { value } => format!(
            "{} {value} {}",
            tr("Höchstens", "At most"),
            tr("Zeichen", "characters")
        ),
        Check::Pattern { pattern } => format!("{} {pattern}", tr("Muster:", "Pattern:")),
        Check::MinValue { value } => format!(
            "{} {}",
            tr("Kleinster Wert:", "Smallest value:"),
            number(*value)
        ),
        Check::MaxValue { value } => format!(
            "{} {}",
            tr("Größter Wert:", "Largest value:"),
            number(*value)
        ),
        Check::MinDate { date: bound } => format!(
            "{} {}",
            tr("Frühestes Datum:", "Earliest date:"),
            date(bound)
        ),
        Check::MaxDate { date: bound } => {
            format!("{} {}", tr("Spätestes Datum:", "Latest date:"), date(bound))
        }
        Check::Expression { .. } => tr(
            "Bedingung über mehrere Felder",
            "Condition over several fields",
        )
        .into(),
        ready_made => TEXT_CHECKS
            .iter()
            .find(|(c, _)| c == ready_made)
            .map_or_else(
                || ready_made.code().to_string(),
                |(_, words)| tr(words.0, words.1).to_string(),
            ),
    }
}

/// The section; `kind` decides which ready-made checks are offered.
pub fn rules(doc: Doc, path: &Path, kind: &Kind) -> AnyView {
    let toggles = kind.is_text().then(|| {
        TEXT_CHECKS
            .iter()
            .map(|(check, words)| {
                let name = check.rule_name();
                let id = format!("inspector-check-{}", name.name());
                let (read_path, write_path) = (path.clone(), path.clone());
                let check = check.clone();
                view! {
                    <div class="field checkbox">
                        <input
                            id=id.clone()
                            type="checkbox"
                            prop:checked=move || doc.read(&read_path, |e| edit::check(e, name).is_some())
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                let check = on.then(|| check.clone());
                                doc.update(&write_path, None, |e| edit::set_check(e, name, check));
                            }
                        />
                        <label for=id>{t!(words.0, words.1)}</label>
                    </div>
                }
            })
            .collect_view()
    });
    // Redrawn only when rules come or go, not while one is typed into.
    let codes = {
        let path = path.clone();
        Memo::new(move |_| {
            doc.read(&path, |e: &Element| {
                e.rules.iter().map(|r| r.check.code()).collect::<Vec<_>>()
            })
        })
    };
    let list_path = path.clone();
    let add_path = path.clone();
    view! {
        <div class="rules">
            <h3>{t!("Regeln", "Rules")}</h3>
            {toggles}
            {move || {
                let codes = codes.get();
                if codes.is_empty() {
                    return view! { <p class="hint">{t!("Keine Regeln.", "No rules.")}</p> }.into_any();
                }
                view! {
                    <ol class="rule-list">
                        {codes.into_iter().enumerate().map(|(i, code)| rule_item(doc, &list_path, i, code)).collect_view()}
                    </ol>
                }
                .into_any()
            }}
            <button type="button" class="secondary" on:click=move |_| {
                doc.update(&add_path, None, |e| e.rules.push(Rule {
                    check: Check::Expression { expression: String::new() },
                    message: None,
                }));
                doc.announce(tr("Regel hinzugefügt: Bedingung und Meldung eingeben.", "Rule added: enter its condition and message."));
            }>{t!("+ Regel über mehrere Felder", "+ Rule over several fields")}</button>
        </div>
    }
    .into_any()
}

/// One rule: what it checks, its problems, its message in both languages, removal.
fn rule_item(doc: Doc, path: &Path, index: usize, code: &'static str) -> impl IntoView {
    let description = {
        let path = path.clone();
        move || {
            doc.form.with(|form| {
                edit::element(form, &path)
                    .and_then(|e| e.rules.get(index))
                    .map(|r| describe(form, &path, &r.check))
                    .unwrap_or_default()
            })
        }
    };
    let problems = {
        let path = path.clone();
        move || {
            let here = format!("rules[{index}]");
            [
                here.clone(),
                format!("{here}.message"),
                format!("{here}.date"),
            ]
            .iter()
            .flat_map(|property| doc.problems_at(&path, property))
            .map(|p| p.message.get(lang()).to_string())
            .collect::<Vec<_>>()
        }
    };
    let expression = (code == "expression").then(|| {
        view! {
            <ExpressionEditor path=path.clone() property=Property::Rule(index)
                label=("Muss gelten (z. B. ende >= beginn)", "Must hold (e.g. ende >= beginn)")/>
        }
    });
    let remove_path = path.clone();
    let removal_label = description.clone();
    view! {
        <li class="rule">
            <p class="rule-what">{description}</p>
            <ul class="field-error">{move || problems().into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
            {expression}
            {message_input(doc, path, index, Lang::De, ("Meldung, wenn verletzt (Deutsch)", "Message when broken (German)"))}
            {message_input(doc, path, index, Lang::En, ("Meldung (Englisch)", "Message (English)"))}
            <button type="button" class="small danger" on:click=move |_| {
                doc.update(&remove_path, None, |e| {
                    if index < e.rules.len() {
                        e.rules.remove(index);
                    }
                });
                doc.announce(tr("Regel entfernt.", "Rule removed."));
            } aria-label=move || format!("{} {}", tr("Regel entfernen:", "Remove rule:"), removal_label())>
                {t!("Regel entfernen", "Remove rule")}
            </button>
        </li>
    }
}

fn message_input(doc: Doc, path: &Path, index: usize, language: Lang, label: Words) -> AnyView {
    let id = format!("inspector-rule-{index}-message-{}", language.code());
    let (read_path, write_path) = (path.clone(), path.clone());
    view! {
        <div class="field">
            <label for=id.clone()>{t!(label.0, label.1)}</label>
            <input
                id=id
                type="text"
                prop:value=move || doc.read(&read_path, |e| {
                    e.rules.get(index).map(|r| edit::optional_language_of(&r.message, language)).unwrap_or_default()
                })
                on:input=move |ev| {
                    let value = event_target_value(&ev);
                    let merge = format!("rules[{index}].message.{}", language.code());
                    doc.update(&write_path, Some(&merge), |e| {
                        if let Some(rule) = e.rules.get_mut(index) {
                            edit::set_optional_language(&mut rule.message, language, value);
                        }
                    });
                }
                on:blur=move |_| doc.seal()
            />
        </div>
    }
    .into_any()
}
