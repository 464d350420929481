//! Opening an application in the clerk's browser, the parts that are plain Rust: a JWE
//! taken apart and its header checked (the key work is WebCrypto's, in `keys.js`), the
//! sealed envelope read and its hashes compared, and the answers verified by the core
//! against the exact published form the citizen saw, then laid out as the review page
//! lays them out.

use std::sync::Arc;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use engine::payload::verify_payload;
use engine::wizard::{ReviewStep, Wizard};
use engine::{Date, Json, Lang};
use server_api::Summary;

/// A compact JWE, its parts decoded; the header was FIT-Connect's profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JweParts {
    /// The protected header as sent (base64url): AES-GCM's additional data.
    pub protected: String,
    pub kid: String,
    pub wrapped_key: Vec<u8>,
    pub iv: Vec<u8>,
    /// Ciphertext and tag, as WebCrypto's AES-GCM takes them.
    pub sealed: Vec<u8>,
}

/// Takes a compact JWE apart: five base64url parts, `alg` RSA-OAEP-256, `enc` A256GCM,
/// a 96-bit nonce and a 128-bit tag.
pub fn jwe_parts(text: &str) -> Result<JweParts, String> {
    let parts: Vec<&str> = text.trim().split('.').collect();
    let [protected, wrapped, iv, ciphertext, tag] = parts[..] else {
        return Err("kein JWE in kompakter Darstellung (fünf Teile)".into());
    };
    let decode = |part: &str, what: &str| {
        URL_SAFE_NO_PAD
            .decode(part)
            .map_err(|_| format!("JWE: {what} ist nicht base64url-kodiert"))
    };
    let header = decode(protected, "der Kopf")?;
    let header = std::str::from_utf8(&header)
        .ok()
        .and_then(|h| Json::parse(h).ok())
        .ok_or("JWE: der Kopf ist kein JSON")?;
    if header["alg"].as_str() != Some("RSA-OAEP-256") || header["enc"].as_str() != Some("A256GCM") {
        return Err("JWE: nur alg RSA-OAEP-256 mit enc A256GCM wird gelesen".into());
    }
    let kid = header["kid"]
        .as_str()
        .filter(|k| !k.is_empty())
        .ok_or("JWE: der Kopf nennt keinen Schlüssel (kid)")?
        .to_string();
    let iv = decode(iv, "der Nonce")?;
    let tag = decode(tag, "das Tag")?;
    if iv.len() != 12 || tag.len() != 16 {
        return Err("JWE: Nonce oder Tag hat nicht die Länge von AES-GCM".into());
    }
    let mut sealed = decode(ciphertext, "der Geheimtext")?;
    sealed.extend_from_slice(&tag);
    Ok(JweParts {
        protected: protected.to_string(),
        kid,
        wrapped_key: decode(wrapped, "der verschlüsselte Schlüssel")?,
        iv,
        sealed,
    })
}

/// What the citizen's browser sealed: the payload's JSON text, its SHA-512, and each
/// file's SHA-512 by the file's id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Envelope {
    pub payload: String,
    pub sha512: String,
    pub files: Vec<(String, String)>,
}

pub fn envelope(plain: &[u8]) -> Result<Envelope, String> {
    let json = std::str::from_utf8(plain)
        .ok()
        .and_then(|text| Json::parse(text).ok())
        .ok_or("der entschlüsselte Antrag ist kein JSON")?;
    let text = |value: &Json, what: &str| {
        value
            .as_str()
            .map(str::to_string)
            .ok_or(format!("dem entschlüsselten Antrag fehlt {what}"))
    };
    let files = json["attachments"]
        .as_array()
        .ok_or("dem entschlüsselten Antrag fehlt die Liste der Dateien")?
        .iter()
        .map(|f| {
            Ok((
                text(&f["id"], "eine Datei-ID")?,
                text(&f["sha512"], "ein Hash")?,
            ))
        })
        .collect::<Result<Vec<_>, String>>()?;
    Ok(Envelope {
        payload: text(&json["payload"], "die Übermittlung")?,
        sha512: text(&json["sha512"], "der Hash der Übermittlung")?,
        files,
    })
}

/// A file of the application as the payload names it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FileInfo {
    pub id: String,
    pub name: String,
    pub media_type: String,
    pub size: u64,
    /// The field's path, e.g. `hunde[0].impfpass`.
    pub field: String,
}

/// The files a payload lists.
pub fn files_of(payload: &Json) -> Vec<FileInfo> {
    payload["attachments"]
        .as_array()
        .unwrap_or_default()
        .iter()
        .filter_map(|f| {
            Some(FileInfo {
                id: f["id"].as_str()?.to_string(),
                name: f["name"].as_str()?.to_string(),
                media_type: f["media_type"].as_str().unwrap_or_default().to_string(),
                size: f["size"].as_f64().filter(|s| *s >= 0.0)? as u64,
                field: f["field"].as_str().unwrap_or_default().to_string(),
            })
        })
        .collect()
}

/// The day the application arrived, in Germany: the day the citizen's answers are
/// judged by (a date "not in the future" then, not today).
pub fn received_day(received_at: i64) -> Date {
    engine::zone::GERMANY
        .date_at(received_at as f64 * 1000.0)
        .unwrap_or(Date {
            year: 1970,
            month: 1,
            day: 1,
        })
}

/// The result of checking an opened application.
#[derive(Debug, Clone)]
pub struct Checked {
    /// The review page's steps; empty when the answers could not be read against the form.
    pub review: Vec<ReviewStep>,
    /// Everything that does not hold; empty: the application is exactly what the form
    /// allows, unchanged since the citizen's browser sealed it.
    pub problems: Vec<String>,
    pub files: Vec<FileInfo>,
}

/// Checks an opened application against the published form the citizen saw
/// (`published`: the `.ffp` file's bytes) and the envelope's hashes: `payload_hash` is
/// the SHA-512 of the payload text as computed here, `file_hashes` those of the files
/// decrypted here, by id.
pub fn check(
    published: &[u8],
    summary: &Summary,
    envelope: &Envelope,
    payload_hash: &str,
    file_hashes: &[(String, String)],
    lang: Lang,
) -> Checked {
    let mut problems = Vec::new();
    if !payload_hash.eq_ignore_ascii_case(&envelope.sha512) {
        problems.push("Der Hash der Übermittlung stimmt nicht: sie wurde verändert.".into());
    }
    let payload = Json::parse(&envelope.payload).unwrap_or(Json::Null);
    let files = files_of(&payload);
    for file in &files {
        let sealed = envelope.files.iter().find(|(id, _)| *id == file.id);
        let opened = file_hashes.iter().find(|(id, _)| *id == file.id);
        match (sealed, opened) {
            (Some((_, want)), Some((_, got))) if want.eq_ignore_ascii_case(got) => {}
            (_, None) => problems.push(format!("Die Datei „{}“ fehlt.", file.name)),
            _ => problems.push(format!(
                "Die Datei „{}“ ist nicht die, die versiegelt wurde.",
                file.name
            )),
        }
    }
    for (id, _) in file_hashes {
        if !files.iter().any(|f| f.id == *id) {
            problems.push(format!("Eine Datei ({id}) gehört nicht zur Übermittlung."));
        }
    }
    let form = match engine::published::read(published) {
        Ok(published) if published.hash == summary.form_hash => published.form,
        Ok(_) => {
            problems.push(
                "Das veröffentlichte Formular ist nicht das, mit dem der Antrag gestellt wurde."
                    .into(),
            );
            return Checked {
                review: Vec::new(),
                problems,
                files,
            };
        }
        Err(e) => {
            problems.push(format!(
                "Das Formular {} ließ sich nicht lesen: {}",
                summary.form_file,
                e.message().get(Lang::De)
            ));
            return Checked {
                review: Vec::new(),
                problems,
                files,
            };
        }
    };
    let day = received_day(summary.received_at);
    let form = Arc::new(form);
    let review = match verify_payload(Arc::clone(&form), &payload, day) {
        Ok(state) => {
            let mut wizard = Wizard::new(form, day, lang);
            wizard.state = state;
            wizard.review()
        }
        Err(found) => {
            problems.extend(found.iter().map(|p| {
                let at = if p.path.is_empty() {
                    String::new()
                } else {
                    format!("{}: ", p.path)
                };
                format!("{at}{}", p.message.get(Lang::De))
            }));
            Vec::new()
        }
    };
    Checked {
        review,
        problems,
        files,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use server_api::Status;

    fn b64(bytes: &[u8]) -> String {
        URL_SAFE_NO_PAD.encode(bytes)
    }

    fn compact(header: &str, iv: usize, tag: usize) -> String {
        format!(
            "{}.{}.{}.{}.{}",
            b64(header.as_bytes()),
            b64(&[7; 512]),
            b64(&vec![1; iv]),
            b64(b"geheim"),
            b64(&vec![2; tag])
        )
    }

    #[test]
    fn a_jwe_is_taken_apart_only_in_fit_connects_profile() {
        let good = compact(
            r#"{"alg":"RSA-OAEP-256","enc":"A256GCM","kid":"k1"}"#,
            12,
            16,
        );
        let parts = jwe_parts(&good).expect("read");
        assert_eq!(parts.kid, "k1");
        assert_eq!(parts.sealed.len(), 6 + 16);
        assert_eq!(parts.wrapped_key.len(), 512);
        assert_eq!(parts.protected, good.split('.').next().expect("a header"));
        for (bad, why) in [
            ("a.b.c".to_string(), "fünf Teile"),
            (
                compact(r#"{"alg":"RSA1_5","enc":"A256GCM","kid":"k"}"#, 12, 16),
                "RSA-OAEP-256",
            ),
            (
                compact(r#"{"alg":"RSA-OAEP-256","enc":"A256GCM"}"#, 12, 16),
                "kid",
            ),
            (
                compact(
                    r#"{"alg":"RSA-OAEP-256","enc":"A256GCM","kid":"k"}"#,
                    16,
                    16,
                ),
                "Länge",
            ),
            (compact("kein json", 12, 16), "kein JSON"),
            (good.replace('.', ".!"), "base64url"),
        ] {
            let error = jwe_parts(&bad).expect_err(&bad);
            assert!(error.contains(why), "{bad}: {error}");
        }
    }

    #[test]
    fn the_envelope_names_the_payload_and_each_files_hash() {
        let plain =
            r#"{"payload":"{\"a\":1}","sha512":"ab","attachments":[{"id":"f1","sha512":"cd"}]}"#;
        assert_eq!(
            envelope(plain.as_bytes()),
            Ok(Envelope {
                payload: r#"{"a":1}"#.into(),
                sha512: "ab".into(),
                files: vec![("f1".into(), "cd".into())],
            })
        );
        assert!(envelope(br#"{"payload":"x"}"#).is_err());
        assert!(envelope(&[0xff, 0xfe]).is_err());
    }

    /// The dog tax form published, one golden application and its summary.
    fn dog_tax() -> (Vec<u8>, Summary, String) {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
        let text =
            std::fs::read_to_string(format!("{root}/public/forms/hundesteuer-anmeldung.json"))
                .expect("the example");
        let form = authoring::load::load_form(&text).expect("loads");
        let published = authoring::publish::publish(form.clone(), &[]).expect("publishes");
        let golden = std::fs::read_to_string(format!(
            "{root}/shared/authoring/tests/golden/hundesteuer-anmeldung/zwei-hunde.expected.json"
        ))
        .expect("golden");
        let payload = Json::parse(&golden).expect("JSON")["payload"].to_string();
        // The golden answers were given on 22 November 2026 (the tests' fixed day).
        let summary = Summary {
            reference: "HUN-2026-000001".into(),
            form_id: "hundesteuer-anmeldung".into(),
            form_version: "1.0.0".into(),
            form_hash: published.hash.clone(),
            form_file: published.file_name(&form),
            received_at: 1_795_338_000, // 2026-11-22 10:00 in Kiel
            status: Status::Neu,
        };
        (published.bytes, summary, payload)
    }

    #[test]
    fn an_application_as_sealed_is_shown_as_the_review_page_shows_it() {
        let (published, summary, payload) = dog_tax();
        assert_eq!(
            received_day(summary.received_at),
            Date::new(2026, 11, 22).expect("a day")
        );
        let sealed = Envelope {
            payload,
            sha512: "AB12".into(),
            files: Vec::new(),
        };
        let checked = check(&published, &summary, &sealed, "ab12", &[], Lang::De);
        assert_eq!(checked.problems, Vec::<String>::new());
        let rows: Vec<(String, Option<String>)> = checked
            .review
            .iter()
            .flat_map(|step| step.rows.iter().map(|r| (r.label.clone(), r.value.clone())))
            .collect();
        assert!(
            rows.contains(&("Vorname".into(), Some("Jürgen".into()))),
            "{rows:?}"
        );
        assert!(
            rows.iter().any(|(label, value)| label == "Name des Hundes" && value.as_deref() == Some("Rex")),
            "{rows:?}"
        );
    }

    #[test]
    fn a_changed_or_unfitting_application_is_never_shown_as_fine() {
        let (published, summary, payload) = dog_tax();
        let sealed = |payload: String| Envelope {
            payload,
            sha512: "ab12".into(),
            files: vec![("f9".into(), "00".into())],
        };
        // The hash differs, a sealed file is not in the payload, and one was swapped.
        let checked = check(
            &published,
            &summary,
            &sealed(payload.clone()),
            "ffff",
            &[("f9".into(), "11".into())],
            Lang::De,
        );
        assert_eq!(checked.problems.len(), 2, "{:?}", checked.problems);
        assert!(checked.problems[0].contains("verändert"));

        // Answers the form does not allow: refused by the core, no review shown.
        let changed = payload.replace("\"Jürgen\"", "12");
        let checked = check(
            &published,
            &summary,
            &sealed(changed),
            "ab12",
            &[],
            Lang::De,
        );
        assert!(checked.review.is_empty());
        assert!(
            checked
                .problems
                .iter()
                .any(|p| p.starts_with("answers.vorname") || p.contains("vorname")),
            "{:?}",
            checked.problems
        );

        // Another published form than the one the citizen saw.
        let other = Summary {
            form_hash: "0".repeat(64),
            ..summary.clone()
        };
        let checked = check(
            &published,
            &other,
            &sealed(payload.clone()),
            "ab12",
            &[],
            Lang::De,
        );
        assert!(
            checked.problems[0].contains("nicht das"),
            "{:?}",
            checked.problems
        );
        let checked = check(
            b"FFPF\x01kaputt",
            &summary,
            &sealed(payload),
            "ab12",
            &[],
            Lang::De,
        );
        assert!(checked.problems[0].contains("ließ sich nicht lesen"));
    }
}
