//! The assistant's own words, German first.

use crate::Lang;

pub struct Texts {
    pub step_of: fn(usize, usize) -> String,
    pub next: &'static str,
    pub back: &'static str,
    pub to_review: &'static str,
    pub optional: &'static str,
    pub error_summary: &'static str,
    pub review: &'static str,
    pub change: &'static str,
    pub declarations: &'static str,
    pub submit: &'static str,
    pub sending: &'static str,
    pub retry: &'static str,
    pub network_error: &'static str,
    pub rejected: &'static str,
    pub rejected_fields: &'static str,
    pub thanks: &'static str,
    pub reference: &'static str,
    pub submitted_on: &'static str,
    pub add_first_entry: &'static str,
    pub add_entry: &'static str,
    pub remove_entry: &'static str,
    pub remove_file: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    pub choose: &'static str,
    pub date_hint: &'static str,
    pub load_failed: &'static str,
    pub resume_heading: &'static str,
    pub resume_text: &'static str,
    pub resume: &'static str,
    pub restart: &'static str,
    pub clear: &'static str,
    pub clear_confirm: &'static str,
    pub draft_changed: &'static str,
    pub print: &'static str,
    pub download: &'static str,
    pub no_endpoint: &'static str,
}

pub fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::De => &DE,
        Lang::En => &EN,
    }
}

static DE: Texts = Texts {
    step_of: |n, total| format!("Schritt {n} von {total}"),
    next: "Weiter",
    back: "Zurück",
    to_review: "Weiter zur Zusammenfassung",
    optional: "(optional)",
    error_summary: "Bitte korrigieren Sie die folgenden Angaben:",
    review: "Zusammenfassung",
    change: "Ändern",
    declarations: "Erklärungen",
    submit: "Antrag absenden",
    sending: "Der Antrag wird gesendet …",
    retry: "Erneut senden",
    network_error: "Der Antrag konnte nicht gesendet werden. Ihre Angaben sind nicht verloren. Bitte versuchen Sie es erneut.",
    rejected: "Die Behörde hat den Antrag nicht angenommen. Bitte prüfen Sie diese Angaben:",
    rejected_fields: "Die Behörde hat den Antrag nicht angenommen. Bitte korrigieren Sie die markierten Angaben und senden Sie ihn erneut.",
    thanks: "Vielen Dank! Ihr Antrag ist eingegangen.",
    reference: "Ihr Aktenzeichen",
    submitted_on: "Gesendet am",
    add_first_entry: "Eintrag hinzufügen",
    add_entry: "Weiteren Eintrag hinzufügen",
    remove_entry: "Eintrag entfernen",
    remove_file: "Datei entfernen",
    yes: "Ja",
    no: "Nein",
    choose: "Bitte wählen",
    date_hint: "Format: TT.MM.JJJJ",
    load_failed: "Das Formular kann gerade nicht angezeigt werden",
    resume_heading: "Sie haben dieses Formular bereits begonnen",
    resume_text: "Ihre bisherigen Angaben sind in diesem Browser gespeichert. Möchten Sie dort weitermachen?",
    resume: "Fortsetzen",
    restart: "Neu beginnen",
    clear: "Eingaben löschen",
    clear_confirm: "Möchten Sie alle Eingaben in diesem Formular löschen?",
    draft_changed: "Das Formular wurde inzwischen geändert. Ihre Angaben wurden übernommen, soweit sie noch passen. Bitte prüfen Sie sie.",
    print: "Drucken oder als PDF speichern",
    download: "Angaben herunterladen (JSON)",
    no_endpoint: "Dieses Formular kann zurzeit nicht abgesendet werden: Es ist keine Empfangsadresse für Anträge eingerichtet. Bitte wenden Sie sich an die Verwaltung.",
};

static EN: Texts = Texts {
    step_of: |n, total| format!("Step {n} of {total}"),
    next: "Next",
    back: "Back",
    to_review: "Continue to summary",
    optional: "(optional)",
    error_summary: "Please correct the following:",
    review: "Summary",
    change: "Change",
    declarations: "Declarations",
    submit: "Submit application",
    sending: "Sending the application …",
    retry: "Send again",
    network_error:
        "The application could not be sent. Your answers are not lost. Please try again.",
    rejected: "The authority did not accept the application. Please check these answers:",
    rejected_fields: "The authority did not accept the application. Please correct the marked answers and send it again.",
    thanks: "Thank you! Your application has been received.",
    reference: "Your reference number",
    submitted_on: "Sent on",
    add_first_entry: "Add an entry",
    add_entry: "Add another entry",
    remove_entry: "Remove entry",
    remove_file: "Remove file",
    yes: "Yes",
    no: "No",
    choose: "Please choose",
    date_hint: "Format: DD/MM/YYYY",
    load_failed: "The form cannot be shown right now",
    resume_heading: "You have already started this form",
    resume_text: "Your answers so far are saved in this browser. Do you want to continue where you left off?",
    resume: "Continue",
    restart: "Start again",
    clear: "Delete answers",
    clear_confirm: "Do you want to delete all answers in this form?",
    draft_changed: "The form has changed since. Your answers were taken over as far as they still fit. Please check them.",
    print: "Print or save as PDF",
    download: "Download your answers (JSON)",
    no_endpoint: "This form cannot be sent at the moment: no address receiving applications is set up. Please contact the administration.",
};

/// A file chosen before the page was reloaded must be chosen again (a field error, so
/// it is needed in both languages).
pub fn choose_again(name: &str, lang: crate::Lang) -> String {
    match lang {
        crate::Lang::De => format!(
            "Bitte wählen Sie „{name}“ noch einmal aus: nach dem Neuladen der Seite liegt die Datei dem Browser nicht mehr vor."
        ),
        crate::Lang::En => format!(
            "Please choose \"{name}\" again: after the page was reloaded, the browser no longer has the file."
        ),
    }
}

/// Said under each step: where the answers are kept, and how long.
pub fn draft_kept(days: u32, lang: Lang) -> String {
    match (lang, days) {
        (Lang::De, 0) => "Ihre Eingaben werden nicht gespeichert: bitte füllen Sie das Formular in einem Zug aus.".into(),
        (Lang::En, 0) => "Your answers are not saved: please complete the form in one go.".into(),
        (Lang::De, _) => format!("Ihre Eingaben bleiben bis zum Absenden in diesem Browser gespeichert, höchstens {days} Tage."),
        (Lang::En, _) => format!("Your answers stay saved in this browser until you send them, for at most {days} days."),
    }
}

/// Said when a draft older than the form allows was deleted instead of offered.
pub fn draft_expired(days: u32, lang: Lang) -> String {
    match lang {
        Lang::De => format!("Ein hier begonnener Antrag war älter als {days} Tage; seine Angaben wurden zu Ihrem Schutz gelöscht."),
        Lang::En => format!("An application started here was older than {days} days; its answers were deleted for your protection."),
    }
}
