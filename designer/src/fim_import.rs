//! "Aus FIM importieren": an XDatenfelder schema plus code lists become a new form, with
//! the core's import report shown before the form builder opens the result.

use authoring::fim::{self, Import, ReportKind};
use leptos::html;
use leptos::prelude::*;

use crate::files;
use crate::i18n::{en, lang, tr};

/// An import and how long the core took for it (the browser benchmark reads this).
#[derive(Clone)]
struct Outcome {
    import: Import,
    millis: f64,
}

#[component]
pub fn FimImport(on_open: Callback<Import>) -> impl IntoView {
    let schema_input = NodeRef::<html::Input>::new();
    let lists_input = NodeRef::<html::Input>::new();
    let outcome = RwSignal::new(None::<Result<Outcome, String>>);
    let busy = RwSignal::new(false);

    let run = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Some(schema_el), Some(lists_el)) = (schema_input.get(), lists_input.get()) else {
            return;
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = async {
                let schema = files::read_chosen(&schema_el).await?;
                let (_, schema) = schema.into_iter().next().ok_or_else(|| {
                    tr(
                        "Bitte wählen Sie die XML-Datei des Datenschemas (S…) aus.",
                        "Please choose the XML file of the data schema (S…).",
                    )
                    .to_string()
                })?;
                let lists = files::read_chosen(&lists_el).await?;
                let refs: Vec<(&str, &str)> = lists
                    .iter()
                    .map(|(n, t)| (n.as_str(), t.as_str()))
                    .collect();
                let start = files::now_ms();
                let import =
                    fim::import(&schema, &refs).map_err(|e| e.message().get(lang()).to_string())?;
                Ok(Outcome {
                    import,
                    millis: files::now_ms() - start,
                })
            }
            .await;
            outcome.set(Some(result));
            busy.set(false);
        });
    };

    view! {
        <section class="panel" aria-labelledby="fim-heading">
            <h2 id="fim-heading">{t!("Aus FIM importieren", "Import from FIM")}</h2>
            <p>
                {t!(
                    "Wählen Sie das Stammdatenschema (XDatenfelder 2 oder 3) und die Codelisten dazu. Sie sehen zuerst einen Bericht und öffnen das Ergebnis dann als neues Formular.",
                    "Choose the master data schema (XDatenfelder 2 or 3) and its code lists. You first see a report, then open the result as a new form."
                )}
            </p>
            <form class="fim-form" on:submit=run>
                <label for="fim-schema">{t!("Datenschema (XML)", "Data schema (XML)")}</label>
                <input id="fim-schema" type="file" accept=".xml,text/xml,application/xml" required node_ref=schema_input/>
                <label for="fim-lists">{t!("Codelisten (genericode-XML, optional, mehrere möglich)", "Code lists (genericode XML, optional, several allowed)")}</label>
                <input id="fim-lists" type="file" accept=".xml,text/xml,application/xml" multiple node_ref=lists_input/>
                <button type="submit" disabled=move || busy.get()>{t!("Importieren", "Import")}</button>
            </form>
            {move || outcome.get().map(|result| match result {
                Err(message) => view! {
                    <div class="error-box" role="alert">
                        <strong>{t!("Import nicht möglich: ", "Import not possible: ")}</strong>{message}
                    </div>
                }.into_any(),
                Ok(outcome) => view! { <ImportReport outcome=outcome on_open=on_open/> }.into_any(),
            })}
        </section>
    }
}

#[component]
fn ImportReport(outcome: Outcome, on_open: Callback<Import>) -> impl IntoView {
    let report = outcome.import.report.clone();
    let summary = {
        let report = report.clone();
        move || {
            let (steps, groups, fields, options) =
                (report.steps, report.groups, report.fields, report.options);
            let (id, version, xdf) = (
                &report.source.id,
                &report.source.version,
                report.xdf_version,
            );
            if en() {
                format!("{steps} steps, {groups} groups, {fields} fields, {options} choice values from {id} version {version} (XDatenfelder {xdf}).")
            } else {
                format!("{steps} Schritte, {groups} Gruppen, {fields} Felder, {options} Auswahlwerte aus {id} Version {version} (XDatenfelder {xdf}).")
            }
        }
    };
    let rules = {
        let report = report.clone();
        move || report.rule_counts(lang())
    };
    let time = format!("{:.1}", outcome.millis);
    let sections = ReportKind::ALL
        .iter()
        .filter_map(|&kind| {
            let items: Vec<_> = report.items.iter().filter(|i| i.kind == kind).cloned().collect();
            (!items.is_empty()).then(|| {
                view! {
                    <details open=matches!(kind, ReportKind::MissingCodeList | ReportKind::RuleNotApplied)>
                        <summary>{format!("{} ({})", kind.title().get(lang()), items.len())}</summary>
                        <ul>
                            {items.into_iter().map(|item| view! {
                                <li><code>{item.fim_id}</code>": "{item.message.get(lang()).to_string()}</li>
                            }).collect_view()}
                        </ul>
                    </details>
                }
            })
        })
        .collect_view();
    let import = outcome.import.clone();
    let download = outcome.import.clone();
    view! {
        <div class="report" role="status">
            <h3>{t!("Importbericht", "Import report")}</h3>
            <p>{summary}</p>
            <p>{rules}</p>
            <p>{t!("Import in ", "Imported in ")}<span id="fim-import-ms">{time}</span>" ms."</p>
            {sections}
            <div class="actions">
                <button type="button" on:click=move |_| on_open.run(import.clone())>
                    {t!("Als neues Formular öffnen", "Open as a new form")}
                </button>
                <button type="button" on:click=move |_| {
                    let json = authoring::codec::write_form(&download.form).to_pretty();
                    files::download(&format!("{}.json", download.form.id), &json);
                }>
                    {t!("Definition herunterladen (JSON)", "Download the definition (JSON)")}
                </button>
            </div>
        </div>
    }
}
