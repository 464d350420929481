//! The inbox's requests to formfabrik-server (gloo-net; the session is the server's
//! `HttpOnly` cookie, the CSRF token goes with every change). Errors are plain German
//! with the server's own words after them.

use gloo_net::http::{Request, Response};
use serde::de::DeserializeOwned;
use server_api::{
    Application, AuthorityKey, Refusal, SessionInfo, SetStatus, SignIn, Status, Summary,
};

const CSRF: &str = "X-CSRF-Token";
/// Where the inbox is served (`dist/posteingang/`); its PDF font is there too.
pub(super) const PATH: &str = "/posteingang";

thread_local! {
    /// What the page does when the server says the session is over (see [`on_expired`]).
    static EXPIRED: std::cell::RefCell<Option<Box<dyn Fn()>>> = const { std::cell::RefCell::new(None) };
}

/// `then` runs whenever a request finds the session over (signed out elsewhere, or
/// after its 8 hours): the page goes back to signing in.
pub fn on_expired(then: impl Fn() + 'static) {
    EXPIRED.with(|hook| *hook.borrow_mut() = Some(Box::new(then)));
}

/// A failed request, said plainly.
async fn failure(response: Response) -> String {
    if response.status() == 401 {
        EXPIRED.with(|hook| {
            if let Some(then) = hook.borrow().as_ref() {
                then();
            }
        });
    }
    let said = response
        .json::<Refusal>()
        .await
        .map(|r| format!(" ({})", r.error))
        .unwrap_or_default();
    let plain = match response.status() {
        401 => "Bitte melden Sie sich (erneut) an.",
        403 => "Das dürfen Sie mit Ihrer Rolle nicht.",
        404 => "Nicht gefunden.",
        409 => "Das gibt es schon.",
        413 => "Die Anfrage ist zu groß.",
        429 => "Zu viele Versuche. Bitte warten Sie einen Moment.",
        503 => "Der Server ist gerade nicht erreichbar. Bitte versuchen Sie es gleich noch einmal.",
        _ => "Der Server hat die Anfrage abgelehnt.",
    };
    format!("{plain}{said}")
}

fn offline(_: gloo_net::Error) -> String {
    "Der Server antwortet nicht. Bitte prüfen Sie die Verbindung.".into()
}

async fn json<T: DeserializeOwned>(response: Response) -> Result<T, String> {
    if !response.ok() {
        return Err(failure(response).await);
    }
    response
        .json()
        .await
        .map_err(|_| "Die Antwort des Servers ist unverständlich.".into())
}

/// The current session, if any.
pub async fn session() -> Result<Option<SessionInfo>, String> {
    let response = Request::get("/api/session").send().await.map_err(offline)?;
    if response.status() == 401 {
        return Ok(None);
    }
    json(response).await.map(Some)
}

pub async fn sign_in(email: &str, password: &str) -> Result<SessionInfo, String> {
    let body = SignIn {
        email: email.into(),
        password: password.into(),
    };
    let response = Request::post("/api/session")
        .json(&body)
        .map_err(offline)?
        .send()
        .await
        .map_err(offline)?;
    if response.status() == 401 {
        return Err("E-Mail-Adresse oder Passwort ist falsch.".into());
    }
    json(response).await
}

pub async fn sign_out(csrf: &str) -> Result<(), String> {
    let response = Request::delete("/api/session")
        .header(CSRF, csrf)
        .send()
        .await
        .map_err(offline)?;
    match response.ok() || response.status() == 401 {
        true => Ok(()),
        false => Err(failure(response).await),
    }
}

/// The applications of one's authority, by status and a part of the reference.
pub async fn list(status: Option<Status>, reference: &str) -> Result<Vec<Summary>, String> {
    let response = Request::get("/api/clerk/applications")
        .query([
            ("status", status.map_or("", Status::code)),
            ("reference", reference.trim()),
        ])
        .send()
        .await
        .map_err(offline)?;
    json(response).await
}

pub async fn read(reference: &str) -> Result<Application, String> {
    let path = format!(
        "/api/clerk/applications/{}",
        String::from(js_sys::encode_uri_component(reference))
    );
    json(Request::get(&path).send().await.map_err(offline)?).await
}

pub async fn set_status(csrf: &str, reference: &str, status: Status) -> Result<(), String> {
    let path = format!(
        "/api/clerk/applications/{}/status",
        String::from(js_sys::encode_uri_component(reference))
    );
    change(&path, csrf, &SetStatus { status }).await
}

/// A change: POSTed with the session's CSRF token.
async fn change<T: serde::Serialize>(path: &str, csrf: &str, body: &T) -> Result<(), String> {
    let response = Request::post(path)
        .header(CSRF, csrf)
        .json(body)
        .map_err(offline)?
        .send()
        .await
        .map_err(offline)?;
    match response.ok() {
        true => Ok(()),
        false => Err(failure(response).await),
    }
}

/// The authority's current public key (a JWK as text), if it has one.
pub async fn authority_key() -> Result<Option<String>, String> {
    let response = Request::get("/api/clerk/key")
        .send()
        .await
        .map_err(offline)?;
    if response.status() == 404 {
        return Ok(None);
    }
    json::<AuthorityKey>(response).await.map(|k| Some(k.jwk))
}

pub async fn register_key(csrf: &str, jwk: &str) -> Result<(), String> {
    change("/api/clerk/key", csrf, &AuthorityKey { jwk: jwk.into() }).await
}

/// The published form a citizen filled in, from the portal's `forms/`.
pub async fn published_form(file: &str) -> Result<Vec<u8>, String> {
    let path = format!(
        "/forms/{}",
        String::from(js_sys::encode_uri_component(file))
    );
    let response = Request::get(&path).send().await.map_err(offline)?;
    if !response.ok() {
        return Err(format!(
            "Das veröffentlichte Formular {file} ist nicht zu finden ({}).",
            response.status()
        ));
    }
    response
        .binary()
        .await
        .map_err(|_| format!("Das Formular {file} kam nicht vollständig an."))
}

/// The font PDFs are set in, fetched when the first PDF is asked for. Kept as the
/// browser's buffer: it goes on to the PDF's worker (`pdf_worker.rs`) without a copy
/// into this page's wasm memory.
pub async fn pdf_font() -> Result<js_sys::ArrayBuffer, String> {
    let failed = || "Die Schrift für das PDF ließ sich nicht laden.".to_string();
    let response = Request::get(&format!("{PATH}/fonts/DejaVuSans.ttf"))
        .send()
        .await
        .map_err(|_| failed())?;
    if !response.ok() {
        return Err(failed());
    }
    let buffer = web_sys::Response::from(response)
        .array_buffer()
        .map_err(|_| failed())?;
    wasm_bindgen_futures::JsFuture::from(buffer)
        .await
        .map(wasm_bindgen::JsCast::unchecked_into)
        .map_err(|_| failed())
}
