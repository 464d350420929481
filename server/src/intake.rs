//! The public intake: a citizen's browser POSTs an application for a published form,
//! encrypted on the device; the server checks what it can without reading it, stores
//! it exactly once per `Idempotency-Key`, and answers `201` with a reference only once
//! it is committed.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::json;

use crate::db::{self, NewApplication, NewAttachment, Stored};
use crate::forms::{FormInfo, MAX_PAYLOAD};
use crate::{jwe, refuse, unavailable, AppState};

/// The body: the payload's JWE and each file's, with what the server may know of a
/// file in the clear to check it against the form (its field, media type and size).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Application {
    pub payload: String,
    #[serde(default)]
    pub attachments: Vec<Attachment>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attachment {
    pub id: String,
    pub field: String,
    pub media_type: String,
    pub size: u64,
    pub content: String,
}

pub async fn receive(
    State(state): State<Arc<AppState>>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    Path(file): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if !state.limiter.allow(client.ip(), (state.clock)()) {
        return refuse(
            StatusCode::TOO_MANY_REQUESTS,
            "too many applications from this address; please try again in a minute",
        );
    }
    let Some(form) = state.forms.get(&file) else {
        return refuse(
            StatusCode::NOT_FOUND,
            format!("no published form \"{file}\""),
        );
    };
    let Some(key) = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .filter(|k| valid_key(k))
    else {
        return refuse(
            StatusCode::BAD_REQUEST,
            "the header Idempotency-Key is missing or not 8 to 100 letters, digits, - or _",
        );
    };
    if body.len() as u64 > form.max_body {
        return refuse(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!(
                "{} bytes are more than an application for this form can have ({})",
                body.len(),
                form.max_body
            ),
        );
    }
    let application: Application = match serde_json::from_slice(&body) {
        Ok(application) => application,
        Err(e) => return refuse(StatusCode::BAD_REQUEST, format!("the body: {e}")),
    };
    let kid = match db::current_key(&state.pool, &form.id).await {
        Ok(Some((kid, _))) => kid,
        Ok(None) => {
            return refuse(
                StatusCode::SERVICE_UNAVAILABLE,
                "the authority has no key set up yet; applications cannot be received",
            )
        }
        Err(_) => return unavailable(),
    };
    if let Err(why) = check(&application, &form, &kid) {
        return refuse(StatusCode::UNPROCESSABLE_ENTITY, why);
    }
    let now = (state.clock)();
    let hash = engine::sha256::hex(&engine::sha256::digest(&body));
    let new = NewApplication {
        idempotency_key: key,
        body_hash: &hash,
        form_file: &file,
        form_id: &form.id,
        form_version: &form.version,
        form_hash: &form.hash,
        payload: &application.payload,
        received_at: now.unix,
        year: i64::from(now.year),
        prefix: &prefix(&form.id),
        attachments: application
            .attachments
            .iter()
            .map(|a| NewAttachment {
                id: &a.id,
                field: &a.field,
                media_type: &a.media_type,
                size: a.size as i64,
                content: &a.content,
            })
            .collect(),
    };
    match db::store(&state.pool, &new).await {
        Ok(Stored::New(reference) | Stored::Again(reference)) => {
            (StatusCode::CREATED, Json(json!({ "reference": reference }))).into_response()
        }
        Ok(Stored::Conflict) => refuse(
            StatusCode::CONFLICT,
            "this Idempotency-Key was used for another application",
        ),
        Err(_) => unavailable(),
    }
}

fn valid_key(key: &str) -> bool {
    (8..=100).contains(&key.len())
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// A reference's prefix: the form id's first three letters, upper case (`HUN`).
pub fn prefix(form_id: &str) -> String {
    let letters: String = form_id
        .chars()
        .filter(char::is_ascii_alphabetic)
        .take(3)
        .collect::<String>()
        .to_ascii_uppercase();
    if letters.is_empty() {
        "ANT".into()
    } else {
        letters
    }
}

/// A field's path without the entries of repeating groups: `hunde[1].impfpass` is a
/// file of the field `hunde.impfpass`.
fn without_entries(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_brackets = false;
    for c in path.chars() {
        match c {
            '[' => in_brackets = true,
            ']' => in_brackets = false,
            c if !in_brackets => out.push(c),
            _ => {}
        }
    }
    out
}

/// What the server can check without reading the application.
fn check(application: &Application, form: &FormInfo, kid: &str) -> Result<(), String> {
    let payload = jwe::check(&application.payload, kid).map_err(|e| format!("payload: {e}"))?;
    if payload.plaintext_len > MAX_PAYLOAD {
        return Err("payload: too large".into());
    }
    // More files than the form's fields can take in all: refused before looking at
    // each (the checks below compare files with each other).
    let most: u64 = form.files.iter().map(|f| f.max_files).sum();
    if application.attachments.len() as u64 > most {
        return Err(format!(
            "{} files, but this form takes at most {most}",
            application.attachments.len()
        ));
    }
    let mut ids: Vec<&str> = Vec::new();
    for attachment in &application.attachments {
        let id = &attachment.id;
        if id.is_empty()
            || id.len() > 64
            || !id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            return Err(format!("attachment \"{id}\": not an attachment id"));
        }
        if ids.contains(&id.as_str()) {
            return Err(format!("attachment \"{id}\" is there twice"));
        }
        ids.push(id);
        let field_path = without_entries(&attachment.field);
        let Some(field) = form.files.iter().find(|f| f.path == field_path) else {
            return Err(format!(
                "attachment \"{id}\": the form has no file field \"{}\"",
                attachment.field
            ));
        };
        if !engine::file_types::accepts(&field.accept, &attachment.media_type) {
            return Err(format!(
                "attachment \"{id}\": the field \"{}\" does not take {}",
                field.path, attachment.media_type
            ));
        }
        if attachment.size > field.max_size {
            return Err(format!(
                "attachment \"{id}\": {} bytes, the field \"{}\" takes at most {}",
                attachment.size, field.path, field.max_size
            ));
        }
        let content = jwe::check(&attachment.content, kid)
            .map_err(|e| format!("attachment \"{id}\": {e}"))?;
        if content.plaintext_len != attachment.size {
            return Err(format!(
                "attachment \"{id}\": {}",
                jwe::JweError::Length {
                    declared: attachment.size,
                    actual: content.plaintext_len
                }
            ));
        }
        let in_field = application
            .attachments
            .iter()
            .filter(|a| without_entries(&a.field) == field.path)
            .count() as u64;
        if in_field > field.max_files {
            return Err(format!(
                "the field \"{}\" takes at most {} files",
                field.path, field.max_files
            ));
        }
    }
    Ok(())
}

/// The public key the form's applications are to be encrypted for.
pub async fn key(State(state): State<Arc<AppState>>, Path(file): Path<String>) -> Response {
    let Some(form) = state.forms.get(&file) else {
        return refuse(
            StatusCode::NOT_FOUND,
            format!("no published form \"{file}\""),
        );
    };
    match db::current_key(&state.pool, &form.id).await {
        Ok(Some((_, jwk))) => (
            StatusCode::OK,
            [("content-type", "application/jwk+json")],
            jwk,
        )
            .into_response(),
        Ok(None) => refuse(
            StatusCode::SERVICE_UNAVAILABLE,
            "the authority has no key set up yet",
        ),
        Err(_) => unavailable(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_named_by_the_form() {
        assert_eq!(prefix("hundesteuer-anmeldung"), "HUN");
        assert_eq!(prefix("x1"), "X");
        assert_eq!(prefix("123"), "ANT");
        assert!(valid_key("0b7c1f9e-1d2c-4b8a-9f00-123456789abc"));
        assert!(!valid_key("short"));
        assert!(!valid_key("with space and more"));
        assert_eq!(without_entries("hunde[1].impfpass"), "hunde.impfpass");
        assert_eq!(without_entries("a[0].b[12].c"), "a.b.c");
    }
}
