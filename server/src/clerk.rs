//! The clerks' side of the server: signing in and out, the applications of one's own
//! authority (ciphertext: they are decrypted in the clerk's browser), their status, and
//! the audit log. Sessions are `HttpOnly; Secure; SameSite=Strict` cookies; every state
//! change also needs the session's CSRF token in `X-CSRF-Token`. An application of
//! another authority is answered like one that does not exist, and the attempt logged.

use std::sync::Arc;

use std::net::SocketAddr;

use axum::extract::rejection::JsonRejection;
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use server_api::{
    Application, AuthorityKey, NewUser, SessionInfo, SetStatus, SignIn, StoredFile, Summary,
};
use sqlx::{AnyPool, Row};

use crate::accounts::{self, Role, SignInError, Status, User, SESSION_SECONDS};
use crate::{db, jwe, refuse, unavailable, AppState};

const COOKIE: &str = "ff_session";

fn session_token(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|pair| pair.trim().strip_prefix(&format!("{COOKIE}=")))
        .filter(|t| !t.is_empty() && t.len() <= 64)
}

/// The signed-in person with `role`; for a state change (`change`) also the CSRF token.
async fn signed_in(
    state: &AppState,
    headers: &HeaderMap,
    role: Option<Role>,
    change: bool,
) -> Result<User, Response> {
    let now = (state.clock)().unix;
    let Some(token) = session_token(headers) else {
        return Err(refuse(StatusCode::UNAUTHORIZED, "please sign in"));
    };
    let (user, csrf) = match accounts::session(&state.pool, token, now).await {
        Ok(Some(found)) => found,
        Ok(None) => return Err(refuse(StatusCode::UNAUTHORIZED, "please sign in again")),
        Err(_) => return Err(unavailable()),
    };
    if change {
        let sent = headers
            .get("x-csrf-token")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        if !accounts::same(sent, &csrf) {
            return Err(refuse(
                StatusCode::FORBIDDEN,
                "the request lacks this session's CSRF token",
            ));
        }
    }
    if let Some(role) = role.filter(|&r| !user.has(r)) {
        return Err(refuse(
            StatusCode::FORBIDDEN,
            format!("this needs the role {}", role.code()),
        ));
    }
    Ok(user)
}

/// A JSON body, or a refusal saying what does not fit (400; 413 when too big).
fn body<T>(parsed: Result<Json<T>, JsonRejection>) -> Result<T, Box<Response>> {
    match parsed {
        Ok(Json(body)) => Ok(body),
        Err(rejection) => {
            let status = match rejection.status() {
                StatusCode::UNPROCESSABLE_ENTITY => StatusCode::BAD_REQUEST,
                other => other,
            };
            Err(Box::new(refuse(status, rejection.body_text())))
        }
    }
}

fn cookie(token: &str, max_age: i64) -> HeaderValue {
    HeaderValue::from_str(&format!(
        "{COOKIE}={token}; HttpOnly; Secure; SameSite=Strict; Path=/api; Max-Age={max_age}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static("ff_session=; Max-Age=0"))
}

pub async fn sign_in(
    State(state): State<Arc<AppState>>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    parsed: Result<Json<SignIn>, JsonRejection>,
) -> Response {
    let body = match body(parsed) {
        Ok(body) => body,
        Err(response) => return *response,
    };
    if body.email.len() > 254 || body.password.len() > 1024 {
        return refuse(
            StatusCode::BAD_REQUEST,
            "e-mail address or password too long",
        );
    }
    // Many addresses tried from one client: refused before any password is checked.
    if !state.sign_ins.allow(client.ip(), (state.clock)()) {
        return refuse(
            StatusCode::TOO_MANY_REQUESTS,
            "too many sign-ins from this address; please try again in a minute",
        );
    }
    let now = (state.clock)().unix;
    match accounts::sign_in(&state.pool, &body.email, &body.password, now).await {
        Ok(session) => {
            let info = SessionInfo {
                user: session.user,
                csrf: session.csrf,
            };
            let mut response = Json(info).into_response();
            response
                .headers_mut()
                .insert(header::SET_COOKIE, cookie(&session.token, SESSION_SECONDS));
            response
        }
        Err(SignInError::Wrong) => refuse(
            StatusCode::UNAUTHORIZED,
            "e-mail address or password is wrong",
        ),
        Err(SignInError::Locked { until }) => {
            let mut response = refuse(
                StatusCode::TOO_MANY_REQUESTS,
                "too many failed sign-ins for this address; please wait",
            );
            if let Ok(wait) = HeaderValue::from_str(&(until - now).max(1).to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, wait);
            }
            response
        }
        Err(SignInError::Database) => unavailable(),
    }
}

pub async fn current(State(state): State<Arc<AppState>>, headers: HeaderMap) -> Response {
    let now = (state.clock)().unix;
    let Some(token) = session_token(&headers) else {
        return refuse(StatusCode::UNAUTHORIZED, "please sign in");
    };
    match accounts::session(&state.pool, token, now).await {
        Ok(Some((user, csrf))) => Json(SessionInfo { user, csrf }).into_response(),
        Ok(None) => refuse(StatusCode::UNAUTHORIZED, "please sign in again"),
        Err(_) => unavailable(),
    }
}

pub async fn sign_out(State(state): State<Arc<AppState>>, headers: HeaderMap) -> Response {
    if let Err(response) = signed_in(&state, &headers, None, true).await {
        return response;
    }
    if let Some(token) = session_token(&headers) {
        if accounts::sign_out(&state.pool, token).await.is_err() {
            return unavailable();
        }
    }
    let mut response = StatusCode::NO_CONTENT.into_response();
    response
        .headers_mut()
        .insert(header::SET_COOKIE, cookie("", 0));
    response
}

#[derive(Deserialize)]
pub struct Filter {
    pub status: Option<String>,
    /// A part of the reference.
    pub reference: Option<String>,
}

/// The columns of a [`Summary`], in its order.
const SUMMARY: &str = "reference, form_id, form_version, form_hash, form_file, received_at, status";

fn summary(row: &sqlx::any::AnyRow) -> Result<Summary, sqlx::Error> {
    Ok(Summary {
        reference: row.try_get(0)?,
        form_id: row.try_get(1)?,
        form_version: row.try_get(2)?,
        form_hash: row.try_get(3)?,
        form_file: row.try_get(4)?,
        received_at: row.try_get(5)?,
        status: Status::parse(&row.try_get::<String, _>(6)?).unwrap_or(Status::Neu),
    })
}

/// The applications of the clerk's own authority, newest first.
pub async fn list(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Query(filter): Query<Filter>,
) -> Response {
    let user = match signed_in(&state, &headers, Some(Role::Sachbearbeitung), false).await {
        Ok(user) => user,
        Err(response) => return response,
    };
    let status = match filter.status.as_deref() {
        None | Some("") => None,
        Some(code) => match Status::parse(code) {
            Some(status) => Some(status.code()),
            None => return refuse(StatusCode::BAD_REQUEST, format!("no status \"{code}\"")),
        },
    };
    let reference = filter.reference.unwrap_or_default();
    if reference.len() > 40 {
        return refuse(
            StatusCode::BAD_REQUEST,
            "the reference searched for is too long",
        );
    }
    let rows = sqlx::query(&format!(
        "SELECT {SUMMARY} FROM applications WHERE authority_id = $1 AND reference IS NOT NULL
         AND ($2 = '' OR status = $2) AND ($3 = '' OR reference LIKE $4)
         ORDER BY id DESC LIMIT {}",
        server_api::LIST_LIMIT
    ))
    .bind(user.authority_id)
    .bind(status.unwrap_or(""))
    .bind(&reference)
    .bind(format!("%{}%", reference.replace(['%', '_'], "")))
    .fetch_all(&state.pool)
    .await;
    match rows.and_then(|rows| rows.iter().map(summary).collect::<Result<Vec<_>, _>>()) {
        Ok(list) => Json(list).into_response(),
        Err(_) => unavailable(),
    }
}

/// The application's id, if it is the authority's.
async fn own(pool: &AnyPool, authority: i64, reference: &str) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query("SELECT id FROM applications WHERE reference = $1 AND authority_id = $2")
        .bind(reference)
        .bind(authority)
        .fetch_optional(pool)
        .await?
        .map(|row| row.try_get(0))
        .transpose()
}

/// Logs a look at an application of another authority (or none) and answers 404.
async fn not_found(state: &AppState, user: &User, reference: &str) -> Response {
    let now = (state.clock)().unix;
    let logged = accounts::audit(
        &state.pool,
        now,
        Some(user.authority_id),
        Some(user.id),
        "denied",
        reference,
        "not an application of this authority",
    )
    .await;
    if logged.is_err() {
        return unavailable();
    }
    refuse(StatusCode::NOT_FOUND, format!("no application {reference}"))
}

/// One application: its ciphertexts, to be decrypted in the clerk's browser.
pub async fn read(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(reference): Path<String>,
) -> Response {
    let user = match signed_in(&state, &headers, Some(Role::Sachbearbeitung), false).await {
        Ok(user) => user,
        Err(response) => return response,
    };
    let id = match own(&state.pool, user.authority_id, &reference).await {
        Ok(Some(id)) => id,
        Ok(None) => return not_found(&state, &user, &reference).await,
        Err(_) => return unavailable(),
    };
    let found = async {
        let row = sqlx::query(&format!(
            "SELECT {SUMMARY}, payload FROM applications WHERE id = $1"
        ))
        .bind(id)
        .fetch_one(&state.pool)
        .await?;
        let payload: String = row.try_get(7)?;
        let files = sqlx::query(
            "SELECT attachment_id, field, media_type, size, content FROM attachments
             WHERE application_id = $1 ORDER BY attachment_id",
        )
        .bind(id)
        .fetch_all(&state.pool)
        .await?
        .iter()
        .map(|r| {
            Ok(StoredFile {
                id: r.try_get(0)?,
                field: r.try_get(1)?,
                media_type: r.try_get(2)?,
                size: r.try_get(3)?,
                content: r.try_get(4)?,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
        accounts::audit(
            &state.pool,
            (state.clock)().unix,
            Some(user.authority_id),
            Some(user.id),
            "read",
            &reference,
            "",
        )
        .await?;
        Ok::<_, sqlx::Error>(Application {
            summary: summary(&row)?,
            payload,
            attachments: files,
        })
    }
    .await;
    match found {
        Ok(body) => Json(body).into_response(),
        Err(_) => unavailable(),
    }
}

pub async fn set_status(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(reference): Path<String>,
    parsed: Result<Json<SetStatus>, JsonRejection>,
) -> Response {
    let user = match signed_in(&state, &headers, Some(Role::Sachbearbeitung), true).await {
        Ok(user) => user,
        Err(response) => return response,
    };
    let status = match body(parsed) {
        Ok(SetStatus { status }) => status,
        Err(response) => return *response,
    };
    let id = match own(&state.pool, user.authority_id, &reference).await {
        Ok(Some(id)) => id,
        Ok(None) => return not_found(&state, &user, &reference).await,
        Err(_) => return unavailable(),
    };
    let now = (state.clock)().unix;
    // The change and its line in the log, together or not at all.
    let changed = async {
        let mut tx = state.pool.begin().await?;
        sqlx::query("UPDATE applications SET status = $1, status_at = $2 WHERE id = $3")
            .bind(status.code())
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        accounts::audit(
            &mut *tx,
            now,
            Some(user.authority_id),
            Some(user.id),
            "status",
            &reference,
            status.code(),
        )
        .await?;
        tx.commit().await
    }
    .await;
    match changed {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(_) => unavailable(),
    }
}

/// The authority's audit log (admins).
pub async fn audit_log(State(state): State<Arc<AppState>>, headers: HeaderMap) -> Response {
    let user = match signed_in(&state, &headers, Some(Role::Admin), false).await {
        Ok(user) => user,
        Err(response) => return response,
    };
    match accounts::audit_log(&state.pool, user.authority_id, 1000).await {
        Ok(entries) => Json(entries).into_response(),
        Err(_) => unavailable(),
    }
}

/// An admin adds a person to their own authority.
pub async fn add_user(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    parsed: Result<Json<NewUser>, JsonRejection>,
) -> Response {
    let admin = match signed_in(&state, &headers, Some(Role::Admin), true).await {
        Ok(user) => user,
        Err(response) => return response,
    };
    let body = match body(parsed) {
        Ok(body) => body,
        Err(response) => return *response,
    };
    let roles = body.roles;
    if body.password.len() > 1024 || body.name.len() > 200 {
        return refuse(StatusCode::BAD_REQUEST, "name or password too long");
    }
    let now = (state.clock)().unix;
    let ars = match sqlx::query("SELECT ars FROM authorities WHERE id = $1")
        .bind(admin.authority_id)
        .fetch_one(&state.pool)
        .await
        .and_then(|row| row.try_get::<String, _>(0))
    {
        Ok(ars) => ars,
        Err(_) => return unavailable(),
    };
    match accounts::add_user(
        &state.pool,
        &ars,
        &body.email,
        &body.name,
        &body.password,
        &roles,
        now,
    )
    .await
    {
        Ok(_) => {
            let logged = accounts::audit(
                &state.pool,
                now,
                Some(admin.authority_id),
                Some(admin.id),
                "user_added_by",
                &body.email.trim().to_lowercase(),
                "",
            )
            .await;
            if logged.is_err() {
                return unavailable();
            }
            StatusCode::CREATED.into_response()
        }
        Err(why) => refuse(StatusCode::UNPROCESSABLE_ENTITY, why),
    }
}

/// The authority's current public key, which new applications are encrypted for.
pub async fn key(State(state): State<Arc<AppState>>, headers: HeaderMap) -> Response {
    let user = match signed_in(&state, &headers, Some(Role::Sachbearbeitung), false).await {
        Ok(user) => user,
        Err(response) => return response,
    };
    match db::authority_key(&state.pool, Some(user.authority_id)).await {
        Ok(Some((_, jwk))) => Json(AuthorityKey { jwk }).into_response(),
        Ok(None) => refuse(StatusCode::NOT_FOUND, "the authority has no key yet"),
        Err(_) => unavailable(),
    }
}

/// A clerk registers the public half of a key made in their browser: from now on the
/// authority's applications are encrypted for it. Logged.
pub async fn set_key(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    parsed: Result<Json<AuthorityKey>, JsonRejection>,
) -> Response {
    let user = match signed_in(&state, &headers, Some(Role::Sachbearbeitung), true).await {
        Ok(user) => user,
        Err(response) => return response,
    };
    let (kid, jwk) = match body(parsed).map(|key| jwe::public_key(&key.jwk)) {
        Ok(Ok(key)) => key,
        Ok(Err(why)) => return refuse(StatusCode::UNPROCESSABLE_ENTITY, why),
        Err(response) => return *response,
    };
    let now = (state.clock)().unix;
    let added = async {
        let mut tx = state.pool.begin().await?;
        let taken = sqlx::query("SELECT 1 FROM authority_keys WHERE kid = $1")
            .bind(&kid)
            .fetch_optional(&mut *tx)
            .await?
            .is_some();
        if taken {
            return Ok(false);
        }
        sqlx::query(
            "INSERT INTO authority_keys (kid, jwk, created_at, authority_id) VALUES ($1, $2, $3, $4)",
        )
        .bind(&kid)
        .bind(&jwk)
        .bind(now)
        .bind(user.authority_id)
        .execute(&mut *tx)
        .await?;
        accounts::audit(
            &mut *tx,
            now,
            Some(user.authority_id),
            Some(user.id),
            "key_added",
            &kid,
            "",
        )
        .await?;
        tx.commit().await.map(|()| true)
    }
    .await;
    match added {
        Ok(true) => (StatusCode::CREATED, Json(AuthorityKey { jwk })).into_response(),
        Ok(false) => refuse(
            StatusCode::CONFLICT,
            format!("a key \"{kid}\" is registered already"),
        ),
        Err(_) => unavailable(),
    }
}
