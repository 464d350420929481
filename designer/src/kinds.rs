//! The element types as the designer names them: group, icon, name and what each is
//! for, one exhaustive match, so every type of the format is offered exactly once.

use engine::format::KindName;

use crate::i18n::Words;

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
    pub const ALL: [Group; 6] = [
        Group::Input,
        Group::Choice,
        Group::NumberAndDate,
        Group::File,
        Group::Structure,
        Group::Content,
    ];

    pub fn heading(self) -> Words {
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
