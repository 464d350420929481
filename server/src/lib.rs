//! formfabrik-server: receives applications encrypted on the citizen's device (see
//! `intake`) and keeps them for the authority. Configured by environment variables
//! (`Config::from_env`); SQLite by default, PostgreSQL when `DATABASE_URL` names one.

pub mod accounts;
pub mod clerk;
pub mod db;
pub mod forms;
pub mod intake;
pub mod jwe;
mod limiter;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderName, HeaderValue, Method, StatusCode};
use axum::routing::{get, post};
use axum::Router;
use sqlx::AnyPool;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::timeout::TimeoutLayer;

pub use limiter::Limiter;

/// Now, as the server needs it: seconds since 1970 and the year in Germany (for
/// references). Tests pass a fixed one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Now {
    pub unix: i64,
    pub year: i32,
}

impl Now {
    pub fn at(unix: i64) -> Now {
        let year = engine::zone::GERMANY
            .date_at(unix as f64 * 1000.0)
            .map_or(1970, |d| d.year);
        Now { unix, year }
    }
}

/// Seconds the server's clock is set ahead of (or behind) the machine's.
static CLOCK_SHIFT: std::sync::OnceLock<i64> = std::sync::OnceLock::new();

/// The machine's clock: read here only.
#[allow(clippy::disallowed_methods)] // The one place the server reads the clock.
fn machine_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// Starts the server's clock at `unix` and lets it run from there (`FORMFABRIK_CLOCK_AT`:
/// the browser tests run their pages at fixed moments, and the server must agree
/// with them on the day an application arrives). Once per process.
pub fn start_clock_at(unix: i64) {
    let _ = CLOCK_SHIFT.set(unix - machine_now());
}

/// The server's clock: the machine's, unless started elsewhere by [`start_clock_at`].
pub fn system_now() -> Now {
    Now::at(machine_now() + CLOCK_SHIFT.get().copied().unwrap_or(0))
}

/// The server's settings.
#[derive(Debug, Clone)]
pub struct Config {
    /// `sqlite://formfabrik.db?mode=rwc` or `postgres://user:password@host/db`.
    pub database_url: String,
    /// Where to listen, e.g. `127.0.0.1:8090` (TLS ends at the reverse proxy).
    pub listen: String,
    /// The folder the portal serves published forms from.
    pub forms: PathBuf,
    /// Origins of the portals that may send applications (CORS), e.g.
    /// `https://www.kiel.de`; empty: the server's own origin only.
    pub origins: Vec<String>,
    /// Applications per client address and minute.
    pub per_minute: u32,
    /// Where the clock starts (seconds since 1970), for tests; `None`: the machine's.
    pub clock_at: Option<i64>,
}

impl Config {
    /// From `DATABASE_URL`, `FORMFABRIK_LISTEN`, `FORMFABRIK_FORMS`,
    /// `FORMFABRIK_ORIGINS` (comma-separated), `FORMFABRIK_PER_MINUTE` and, for tests,
    /// `FORMFABRIK_CLOCK_AT`.
    pub fn from_env() -> Result<Config, String> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let per_minute = match var("FORMFABRIK_PER_MINUTE") {
            Some(n) => n
                .trim()
                .parse()
                .map_err(|_| format!("FORMFABRIK_PER_MINUTE must be a number, not \"{n}\""))?,
            None => 30,
        };
        Ok(Config {
            database_url: var("DATABASE_URL")
                .unwrap_or_else(|| "sqlite://formfabrik.db?mode=rwc".into()),
            listen: var("FORMFABRIK_LISTEN").unwrap_or_else(|| "127.0.0.1:8090".into()),
            forms: var("FORMFABRIK_FORMS").map_or_else(|| "dist/forms".into(), PathBuf::from),
            origins: var("FORMFABRIK_ORIGINS")
                .map(|o| {
                    o.split(',')
                        .map(|s| s.trim().trim_end_matches('/').to_string())
                        .filter(|s| !s.is_empty())
                        .collect()
                })
                .unwrap_or_default(),
            per_minute,
            clock_at: match var("FORMFABRIK_CLOCK_AT") {
                Some(at) => Some(at.trim().parse().map_err(|_| {
                    format!("FORMFABRIK_CLOCK_AT must be seconds since 1970, not \"{at}\"")
                })?),
                None => None,
            },
        })
    }
}

/// What every request shares; nothing in it is needed by another instance.
pub struct AppState {
    pub pool: AnyPool,
    pub forms: forms::Forms,
    pub limiter: Limiter,
    /// Sign-ins per client address and minute (besides the lock per e-mail address).
    pub sign_ins: Limiter,
    pub clock: fn() -> Now,
}

/// A refusal: the status and what is wrong, in plain words (`{"error": …}`).
pub(crate) fn refuse(status: StatusCode, why: impl Into<String>) -> axum::response::Response {
    use axum::response::IntoResponse;
    (
        status,
        axum::Json(serde_json::json!({ "error": why.into() })),
    )
        .into_response()
}

/// The database cannot be reached: try again later (the assistant keeps the draft and
/// retries with the same key; a clerk's page retries too).
pub(crate) fn unavailable() -> axum::response::Response {
    let mut response = refuse(
        StatusCode::SERVICE_UNAVAILABLE,
        "the database cannot be reached just now; please try again",
    );
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from_static("30"));
    response
}

/// Bodies are refused beyond this before the form's own limit is known.
pub const MAX_BODY: usize = 256 * 1024 * 1024;
/// Sign-in attempts per client address and minute, whatever the addresses tried.
pub const SIGN_INS_PER_MINUTE: u32 = 10;
/// A clerk's or admin's request body (sign-in, a status, a new person) is at most this.
pub const MAX_CLERK_BODY: usize = 16 * 1024;

/// The server's routes with their limits: body size, time, CORS.
pub fn router(state: Arc<AppState>, origins: &[String]) -> Router {
    let configured: Arc<Vec<HeaderValue>> = Arc::new(
        origins
            .iter()
            .filter_map(|o| HeaderValue::from_str(o).ok())
            .collect(),
    );
    let lookup = Arc::clone(&state);
    // Portals may send from their pages: those configured for the whole server, and
    // those the form's authority named.
    let allowed = AllowOrigin::async_predicate(
        move |origin: HeaderValue, parts: &axum::http::request::Parts| {
            let path = parts.uri.path().to_string();
            let (state, configured) = (Arc::clone(&lookup), Arc::clone(&configured));
            async move {
                if configured.contains(&origin) {
                    return true;
                }
                let Some(file) = path.strip_prefix("/api/intake/") else {
                    return false;
                };
                let file = file.trim_end_matches("/key");
                let (Some(form), Ok(origin)) = (state.forms.get(file), origin.to_str()) else {
                    return false;
                };
                db::origin_allowed(&state.pool, &form.id, origin)
                    .await
                    .unwrap_or(false)
            }
        },
    );
    let cors = CorsLayer::new()
        .allow_origin(allowed)
        .allow_methods([Method::GET, Method::POST])
        .allow_headers([
            header::CONTENT_TYPE,
            HeaderName::from_static("idempotency-key"),
        ])
        .max_age(Duration::from_secs(3600));
    // The clerks' and admins' requests are small; the intake's are bounded by each
    // form's own limits, checked before the body is read as JSON.
    let clerks = Router::new()
        .route(
            "/api/session",
            post(clerk::sign_in)
                .get(clerk::current)
                .delete(clerk::sign_out),
        )
        .route("/api/clerk/applications", get(clerk::list))
        .route("/api/clerk/applications/{reference}", get(clerk::read))
        .route(
            "/api/clerk/applications/{reference}/status",
            post(clerk::set_status),
        )
        .route("/api/clerk/key", get(clerk::key).post(clerk::set_key))
        .route("/api/admin/audit", get(clerk::audit_log))
        .route("/api/admin/users", post(clerk::add_user))
        .layer(DefaultBodyLimit::max(MAX_CLERK_BODY));
    Router::new()
        .route("/api/intake/{file}", post(intake::receive))
        .route("/api/intake/{file}/key", get(intake::key))
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .merge(clerks)
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(60),
        ))
        .layer(cors)
        // A defect in one request answers 500 instead of ending the process.
        .layer(CatchPanicLayer::new())
        .with_state(state)
}
