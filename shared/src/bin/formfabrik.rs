//! `formfabrik`: the core on the command line, for form builders' CI and intake servers.
//!
//! ```text
//! formfabrik check FORM.json              lint a definition
//! formfabrik validate FORM.json PAYLOAD   re-validate a submitted payload
//! formfabrik schema FORM.json             print the JSON Schema of its submission data
//! formfabrik import-fim SCHEMA.xml [CODELIST.xml…] [--out FORM.json]
//!                                         a new definition from FIM XDatenfelder
//! ```
//! Exit codes: 0 fine, 1 problems found, 2 usage or unreadable input.

use std::process::ExitCode;
use std::sync::Arc;

use shared::lint::lint;
use shared::load::{load_compiled, load_for_citizens, load_form};
use shared::payload::verify_payload;
use shared::schema::submission_schema;
use shared::{Date, Json, Lang, Severity};

const USAGE: &str = "Aufruf / usage:
  formfabrik check FORM.json              Definition prüfen / lint a definition
  formfabrik validate FORM.json PAYLOAD   Übermittlung prüfen / re-validate a payload
  formfabrik schema FORM.json             JSON Schema der Daten / JSON Schema of the data
  formfabrik import-fim SCHEMA.xml [CODELIST.xml…] [--out FORM.json]
                                          aus FIM importieren / import from FIM
                                          (schreibt FORM.json und FORM.import-report.md)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let lang = std::env::var("LANG")
        .ok()
        .and_then(|l| Lang::from_code(&l))
        .unwrap_or(Lang::De);
    match run(&args, lang) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::from(2)
        }
    }
}

fn read(path: &str) -> Result<String, String> {
    std::fs::read_to_string(path)
        .map_err(|e| format!("{path}: kann nicht gelesen werden / cannot be read: {e}"))
}

fn run(args: &[String], lang: Lang) -> Result<ExitCode, String> {
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["check", path] => {
            let form = load_form(&read(path)?)
                .map_err(|e| format!("{path}: {}", e.message().get(lang)))?;
            let problems = lint(&form);
            for problem in &problems {
                println!("{path}: {}", problem.render(lang));
            }
            let errors = problems
                .iter()
                .filter(|p| p.severity == Severity::Error)
                .count();
            println!(
                "{path}: {errors} Fehler, {} Warnungen / errors, warnings",
                problems.len() - errors
            );
            Ok(if errors > 0 {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        ["validate", form_path, payload_path] => {
            // As the runtime: a form with errors never reached citizens.
            let form = load_for_citizens(&read(form_path)?, &[])
                .map_err(|e| format!("{form_path}: {}", e.message().get(lang)))?;
            let payload = Json::parse(&read(payload_path)?).map_err(|e| {
                format!(
                    "{payload_path}:{}:{}: kein gültiges JSON / not valid JSON: {}",
                    e.line,
                    e.column,
                    e.message.get(lang)
                )
            })?;
            match verify_payload(Arc::new(form), &payload, today()) {
                Ok(_) => {
                    println!("{payload_path}: gültig / valid");
                    Ok(ExitCode::SUCCESS)
                }
                Err(problems) => {
                    // What an intake server answers with (HTTP 422).
                    println!("{}", shared::payload::refusal(&problems).to_pretty());
                    Ok(ExitCode::from(1))
                }
            }
        }
        ["schema", path] => {
            let form = load_compiled(&read(path)?)
                .map_err(|e| format!("{path}: {}", e.message().get(lang)))?;
            println!("{}", submission_schema(&form).to_pretty());
            Ok(ExitCode::SUCCESS)
        }
        ["import-fim", rest @ ..] if !rest.is_empty() => import_fim(rest, lang),
        _ => Err(USAGE.to_string()),
    }
}

/// Writes the definition and the report; never overwrites an existing file.
fn import_fim(args: &[&str], lang: Lang) -> Result<ExitCode, String> {
    let mut out = None;
    let mut inputs = Vec::new();
    let mut rest = args.iter();
    while let Some(&arg) = rest.next() {
        if arg == "--out" {
            out = Some(rest.next().ok_or(USAGE)?.to_string());
        } else {
            inputs.push(arg);
        }
    }
    let (schema_path, list_paths) = inputs.split_first().ok_or(USAGE)?;
    let schema = read(schema_path)?;
    let lists = list_paths
        .iter()
        .map(|path| Ok((file_name(path), read(path)?)))
        .collect::<Result<Vec<_>, String>>()?;
    let refs: Vec<(&str, &str)> = lists
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let import = shared::fim::import(&schema, &refs)
        .map_err(|e| format!("{schema_path}: {}", e.message().get(lang)))?;
    let out = out.unwrap_or_else(|| format!("{}.json", import.form.id));
    let report_path = format!("{}.import-report.md", out.trim_end_matches(".json"));
    for path in [&out, &report_path] {
        if std::path::Path::new(path).exists() {
            return Err(format!(
                "{path} gibt es schon; bitte mit --out einen anderen Namen wählen. / {path} exists; choose another name with --out."
            ));
        }
    }
    let definition = shared::codec::write_form(&import.form).to_pretty() + "\n";
    let report = import.report.render(lang);
    std::fs::write(&out, definition).map_err(|e| format!("{out}: {e}"))?;
    std::fs::write(&report_path, &report).map_err(|e| format!("{report_path}: {e}"))?;
    println!("{report}");
    println!("→ {out}\n→ {report_path}");
    Ok(ExitCode::SUCCESS)
}

fn file_name(path: &str) -> String {
    std::path::Path::new(path)
        .file_name()
        .map_or_else(|| path.to_string(), |n| n.to_string_lossy().into_owned())
}

/// Today in UTC, or `FORMFABRIK_TODAY=YYYY-MM-DD` for reproducible runs.
#[allow(clippy::disallowed_methods)] // The one place that reads the clock.
fn today() -> Date {
    if let Some(date) = std::env::var("FORMFABRIK_TODAY")
        .ok()
        .and_then(|d| Date::parse_iso(&d))
    {
        return date;
    }
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    Date::from_days_since_epoch((seconds / 86_400) as i64).unwrap_or(Date {
        year: 1970,
        month: 1,
        day: 1,
    })
}
