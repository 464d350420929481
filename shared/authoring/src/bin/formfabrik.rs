//! `formfabrik`: the core on the command line, for form builders' CI and intake servers.
//!
//! ```text
//! formfabrik check FORM.json              lint a definition
//! formfabrik publish FORM.json [--param KEY=VALUE…] [--endpoint URL] --out DIR
//!                                         the published form, for the runtime
//! formfabrik validate FORM PAYLOAD        re-validate a submitted payload against the
//!                                         published form (or the definition)
//! formfabrik schema FORM                  print the JSON Schema of its submission data
//! formfabrik import-fim SCHEMA.xml [CODELIST.xml…] [--out FORM.json]
//!                                         a new definition from FIM XDatenfelder
//! ```
//! Exit codes: 0 fine, 1 problems found, 2 usage or unreadable input.

use std::process::ExitCode;
use std::sync::Arc;

use authoring::lint::lint;
use authoring::load::{load_for_citizens, load_form};
use authoring::schema::submission_schema;
use authoring::Severity;
use engine::payload::verify_payload;
use engine::{CompiledForm, Date, Json, Lang};

const USAGE: &str = "Aufruf / usage:
  formfabrik check FORM.json              Definition prüfen / lint a definition
  formfabrik publish FORM.json [--param SCHLÜSSEL=WERT…] [--endpoint URL] --out ORDNER
                                          veröffentlichen / publish (mit den Werten und
                                          der Empfangsadresse der Kommune / with the
                                          municipality's values and receiving address)
  formfabrik validate FORM PAYLOAD        Übermittlung prüfen / re-validate a payload
                                          (FORM: veröffentlicht / published .ffp, or .json)
  formfabrik schema FORM                  JSON Schema der Daten / JSON Schema of the data
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
            let form = read_compiled(form_path, lang)?;
            let payload = Json::parse(&read(payload_path)?).map_err(|e| {
                format!(
                    "{payload_path}:{}:{}: kein gültiges JSON / not valid JSON: {}",
                    e.line,
                    e.column,
                    e.message.get(lang)
                )
            })?;
            let today = today(&form);
            match verify_payload(Arc::new(form), &payload, today) {
                Ok(_) => {
                    println!("{payload_path}: gültig / valid");
                    Ok(ExitCode::SUCCESS)
                }
                Err(problems) => {
                    // What an intake server answers with (HTTP 422).
                    println!("{}", engine::payload::refusal(&problems).to_pretty());
                    Ok(ExitCode::from(1))
                }
            }
        }
        ["schema", path] => {
            let form = read_compiled(path, lang)?;
            println!("{}", submission_schema(&form).to_pretty());
            Ok(ExitCode::SUCCESS)
        }
        ["publish", rest @ ..] if !rest.is_empty() => publish(rest, lang),
        ["import-fim", rest @ ..] if !rest.is_empty() => import_fim(rest, lang),
        _ => Err(USAGE.to_string()),
    }
}

/// A published form, or a definition compiled as if published (a form with errors never
/// reached citizens): what a payload is checked against.
fn read_compiled(path: &str, lang: Lang) -> Result<CompiledForm, String> {
    let bytes = std::fs::read(path)
        .map_err(|e| format!("{path}: kann nicht gelesen werden / cannot be read: {e}"))?;
    if bytes.starts_with(engine::published::MAGIC) {
        return engine::published::read(&bytes)
            .map(|published| published.form)
            .map_err(|e| format!("{path}: {}", e.message().get(lang)));
    }
    load_for_citizens(&String::from_utf8_lossy(&bytes), &[])
        .map_err(|e| format!("{path}: {}", e.message().get(lang)))
}

/// Writes the published form and, beside it, the definition it came from; refuses a
/// definition with errors, listing them.
fn publish(args: &[&str], lang: Lang) -> Result<ExitCode, String> {
    let mut out = None;
    let mut input = None;
    let mut parameters = Vec::new();
    let mut endpoint = None;
    let mut rest = args.iter();
    while let Some(&arg) = rest.next() {
        match arg {
            "--out" => out = Some(*rest.next().ok_or(USAGE)?),
            "--endpoint" => endpoint = Some(rest.next().ok_or(USAGE)?.to_string()),
            "--param" => {
                let pair = rest.next().ok_or(USAGE)?;
                let (key, value) = pair.split_once('=').ok_or_else(|| {
                    format!("--param {pair}: erwartet SCHLÜSSEL=WERT / expected KEY=VALUE")
                })?;
                parameters.push((key.to_string(), value.to_string()));
            }
            path if input.is_none() => input = Some(path),
            _ => return Err(USAGE.to_string()),
        }
    }
    let (Some(path), Some(out)) = (input, out) else {
        return Err(USAGE.to_string());
    };
    let text = read(path)?;
    let mut form = load_form(&text).map_err(|e| format!("{path}: {}", e.message().get(lang)))?;
    if let Some(endpoint) = endpoint {
        form.submission
            .get_or_insert_with(Default::default)
            .endpoint = Some(endpoint);
    }
    let publication = match authoring::publish::publish(form.clone(), &parameters) {
        Ok(publication) => publication,
        Err(problems) => {
            for problem in &problems {
                println!("{path}: {}", problem.render(lang));
            }
            println!(
                "{path}: nicht veröffentlicht, {} Fehler / not published, errors",
                problems.len()
            );
            return Ok(ExitCode::from(1));
        }
    };
    std::fs::create_dir_all(out).map_err(|e| format!("{out}: {e}"))?;
    let name = publication.file_name(&form);
    let published = std::path::Path::new(out).join(&name);
    let definition = published.with_extension("json");
    std::fs::write(&published, &publication.bytes)
        .map_err(|e| format!("{}: {e}", published.display()))?;
    std::fs::write(&definition, &text).map_err(|e| format!("{}: {e}", definition.display()))?;
    println!("→ {}\n→ {}", published.display(), definition.display());
    println!("SHA-256: {}", publication.hash);
    Ok(ExitCode::SUCCESS)
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
    let import = authoring::fim::import(&schema, &refs)
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
    let definition = authoring::codec::write_form(&import.form).to_pretty() + "\n";
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

/// Today where the form's authority is (Germany unless the form says otherwise), or
/// `FORMFABRIK_TODAY=YYYY-MM-DD` for reproducible runs.
#[allow(clippy::disallowed_methods)] // The one place that reads the clock.
fn today(form: &CompiledForm) -> Date {
    if let Some(date) = std::env::var("FORMFABRIK_TODAY")
        .ok()
        .and_then(|d| Date::parse_iso(&d))
    {
        return date;
    }
    let millis = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis());
    form.form
        .time_zone()
        .date_at(millis as f64)
        .unwrap_or(Date {
            year: 1970,
            month: 1,
            day: 1,
        })
}
