//! The palette: every element type of the format, grouped, with an icon and a short
//! description. Click (or Enter) inserts after the selected element; dragging places it
//! anywhere (see `drag.rs`).

use authoring::edit::{self, Slot};
use engine::format::KindName;
use leptos::prelude::*;

use crate::doc::{use_doc, Doc};
use crate::drag::{self, Source};
use crate::i18n::{en, tr, Words};

pub struct Entry {
    pub group: Group,
    pub icon: &'static str,
    pub name: Words,
    pub description: Words,
}

/// The palette's groups, in its order; [`entry`] puts every type into one of them.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Group {
    Input,
    Choice,
    NumberAndDate,
    File,
    Structure,
    Content,
}

impl Group {
    const ALL: [Group; 6] = [
        Group::Input,
        Group::Choice,
        Group::NumberAndDate,
        Group::File,
        Group::Structure,
        Group::Content,
    ];

    fn heading(self) -> Words {
        match self {
            Group::Input => ("Eingabe", "Input"),
            Group::Choice => ("Auswahl", "Choice"),
            Group::NumberAndDate => ("Zahl und Datum", "Number and date"),
            Group::File => ("Datei", "File"),
            Group::Structure => ("Struktur", "Structure"),
            Group::Content => ("Inhalt", "Content"),
        }
    }
}

/// How the palette shows a type: its group, icon, name and what it is for.
pub fn entry(kind: KindName) -> Entry {
    match kind {
        KindName::Text => Entry {
            group: Group::Input,
            icon: "Aa",
            name: ("Textfeld", "Text field"),
            description: (
                "Eine Zeile Text, z. B. ein Name.",
                "One line of text, e.g. a name.",
            ),
        },
        KindName::MultilineText => Entry {
            group: Group::Input,
            icon: "¶",
            name: ("Mehrzeiliger Text", "Multi-line text"),
            description: (
                "Längere Angaben, z. B. eine Begründung.",
                "Longer answers, e.g. a reason.",
            ),
        },
        KindName::Email => Entry {
            group: Group::Input,
            icon: "@",
            name: ("E-Mail-Adresse", "Email address"),
            description: (
                "Wird auf eine gültige Adresse geprüft.",
                "Checked for a valid address.",
            ),
        },
        KindName::Phone => Entry {
            group: Group::Input,
            icon: "☎",
            name: ("Telefonnummer", "Phone number"),
            description: ("Ziffern, Leerzeichen, + und /.", "Digits, spaces, + and /."),
        },
        KindName::PostalCode => Entry {
            group: Group::Input,
            icon: "PLZ",
            name: ("Postleitzahl", "Postcode"),
            description: (
                "Fünf Ziffern, deutsche PLZ.",
                "Five digits, German postcode.",
            ),
        },
        KindName::Iban => Entry {
            group: Group::Input,
            icon: "IBAN",
            name: ("IBAN", "IBAN"),
            description: (
                "Bankverbindung mit Prüfziffer.",
                "Bank account with check digits.",
            ),
        },
        KindName::SingleChoice => Entry {
            group: Group::Choice,
            icon: "◉",
            name: ("Auswahl", "Choice"),
            description: (
                "Eine Antwort aus mehreren: Optionsfelder oder Liste.",
                "One answer of several: radio buttons or a list.",
            ),
        },
        KindName::MultipleChoice => Entry {
            group: Group::Choice,
            icon: "☑",
            name: ("Mehrfachauswahl", "Multiple choice"),
            description: (
                "Mehrere Antworten zum Ankreuzen.",
                "Several answers to tick.",
            ),
        },
        KindName::YesNo => Entry {
            group: Group::Choice,
            icon: "J/N",
            name: ("Ja/Nein-Frage", "Yes/no question"),
            description: (
                "Eine Frage mit Ja oder Nein.",
                "A question answered yes or no.",
            ),
        },
        KindName::Checkbox => Entry {
            group: Group::Choice,
            icon: "✓",
            name: ("Bestätigung", "Confirmation"),
            description: (
                "Ein Kästchen, z. B. eine Einwilligung.",
                "One box, e.g. a consent.",
            ),
        },
        KindName::Integer => Entry {
            group: Group::NumberAndDate,
            icon: "123",
            name: ("Ganze Zahl", "Whole number"),
            description: ("Z. B. eine Anzahl.", "E.g. a count."),
        },
        KindName::Decimal => Entry {
            group: Group::NumberAndDate,
            icon: "1,5",
            name: ("Kommazahl", "Decimal number"),
            description: ("Eine Zahl mit Nachkommastellen.", "A number with decimals."),
        },
        KindName::Currency => Entry {
            group: Group::NumberAndDate,
            icon: "€",
            name: ("Betrag", "Amount"),
            description: ("Ein Betrag in Euro.", "An amount in euros."),
        },
        KindName::Date => Entry {
            group: Group::NumberAndDate,
            icon: "31.",
            name: ("Datum", "Date"),
            description: ("Im Format TT.MM.JJJJ.", "As DD.MM.YYYY."),
        },
        KindName::File => Entry {
            group: Group::File,
            icon: "⇪",
            name: ("Datei-Upload", "File upload"),
            description: (
                "Nachweise hochladen: Dateitypen und Größe festlegbar.",
                "Upload evidence: file types and size can be set.",
            ),
        },
        KindName::Group => Entry {
            group: Group::Structure,
            icon: "▣",
            name: ("Gruppe", "Group"),
            description: (
                "Fasst Felder unter einer Überschrift zusammen.",
                "Puts fields under one heading.",
            ),
        },
        KindName::Repeat => Entry {
            group: Group::Structure,
            icon: "⟳",
            name: ("Wiederholbare Gruppe", "Repeating group"),
            description: (
                "Mehrfach ausfüllbar, z. B. einmal je Hund.",
                "Filled in several times, e.g. once per dog.",
            ),
        },
        KindName::Content => Entry {
            group: Group::Content,
            icon: "ℹ",
            name: ("Hinweistext", "Note"),
            description: (
                "Erklärender Text mit einfachen Formatierungen.",
                "Explaining text with simple formatting.",
            ),
        },
        KindName::Computed => Entry {
            group: Group::Content,
            icon: "ƒx",
            name: ("Berechneter Wert", "Computed value"),
            description: (
                "Wird aus anderen Angaben berechnet, z. B. eine Gebühr.",
                "Calculated from other answers, e.g. a fee.",
            ),
        },
    }
}

/// Where a click on the palette inserts: after the selected element, or at the end of
/// the step being edited.
pub fn insertion_slot(doc: &Doc) -> Slot {
    let step = doc.step.get_untracked();
    match doc.selected.get_untracked() {
        Some(path) if path.step == step => {
            let slot = path.slot();
            Slot {
                index: slot.index + 1,
                ..slot
            }
        }
        _ => doc
            .form
            .with_untracked(|form| Slot::end_of_step(form, step)),
    }
}

/// Inserts a new element of `kind` at `slot`, selects it and says so. Its label is
/// the type's German name (the form's texts are German first).
pub fn insert_new(doc: &Doc, kind: KindName, slot: &Slot) {
    let entry = entry(kind);
    let inserted = doc.change(None, |form| {
        let element = edit::new_element(form, kind, entry.name.0);
        edit::insert(form, slot, element)
    });
    if let Some(path) = inserted {
        let name = tr(entry.name.0, entry.name.1);
        let step_title = doc.form.with_untracked(|f| {
            f.steps
                .get(path.step)
                .map(|s| s.title.de.clone())
                .unwrap_or_default()
        });
        doc.select(path);
        doc.announce(if en() {
            format!("{name} inserted into “{step_title}”.")
        } else {
            format!("{name} eingefügt in „{step_title}“.")
        });
    }
}

#[component]
pub fn Palette() -> impl IntoView {
    let doc = use_doc();
    view! {
        <section class="panel palette" aria-labelledby="palette-heading">
            <h2 id="palette-heading">{t!("Elemente", "Elements")}</h2>
            <p class="hint">{t!(
                "Klicken fügt nach dem ausgewählten Element ein; ziehen legt es an eine beliebige Stelle.",
                "A click inserts after the selected element; dragging places it anywhere."
            )}</p>
            {Group::ALL.iter().map(|&group| {
                let heading = group.heading();
                view! {
                    <h3>{t!(heading.0, heading.1)}</h3>
                    <ul>
                        {KindName::ALL.iter().map(|&kind| (kind, entry(kind))).filter(|(_, e)| e.group == group).map(|(kind, e)| {
                            let description_id = format!("palette-{}-desc", kind.name());
                            view! {
                                <li>
                                    <button
                                        type="button"
                                        class="palette-item"
                                        aria-describedby=description_id.clone()
                                        on:click=move |_| {
                                            if drag::take_click_suppression() {
                                                return;
                                            }
                                            insert_new(&doc, kind, &insertion_slot(&doc));
                                        }
                                        on:pointerdown=move |ev| drag::start(Source::Palette(kind), &ev)
                                    >
                                        <span class="icon" aria-hidden="true">{e.icon}</span>
                                        {t!(e.name.0, e.name.1)}
                                    </button>
                                    <span class="description" id=description_id>{t!(e.description.0, e.description.1)}</span>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }
            }).collect_view()}
        </section>
    }
}
