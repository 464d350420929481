//! The database: SQLite (one file, the default) or PostgreSQL (`DATABASE_URL` naming
//! one, for several server instances), through sqlx's `Any` driver, so one code path
//! serves both. Migrations run at start. Nothing an instance needs is kept in another
//! instance's memory: references are counted and keys made unique in the database.

use sqlx::any::{install_default_drivers, AnyPoolOptions};
use sqlx::{AnyPool, Row};

/// The database's kind, by its URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn of(url: &str) -> Option<Backend> {
        if url.starts_with("sqlite:") {
            Some(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Some(Backend::Postgres)
        } else {
            None
        }
    }
}

/// Connects and brings the schema up to date.
pub async fn connect(url: &str) -> Result<AnyPool, String> {
    install_default_drivers();
    let backend = Backend::of(url).ok_or_else(|| {
        format!("DATABASE_URL must start with sqlite: or postgres://, not \"{url}\"")
    })?;
    let pool = AnyPoolOptions::new()
        // SQLite has one writer; its connections wait for each other rather than fail.
        .max_connections(if backend == Backend::Sqlite { 4 } else { 16 })
        .acquire_timeout(std::time::Duration::from_secs(5))
        .after_connect(move |connection, _| {
            Box::pin(async move {
                if backend == Backend::Sqlite {
                    sqlx::query("PRAGMA busy_timeout = 5000")
                        .execute(&mut *connection)
                        .await?;
                    sqlx::query("PRAGMA foreign_keys = ON")
                        .execute(&mut *connection)
                        .await?;
                }
                Ok(())
            })
        })
        .connect(url)
        .await
        .map_err(|e| format!("cannot open the database {}: {e}", redacted(url)))?;
    let migrator = match backend {
        Backend::Sqlite => sqlx::migrate!("migrations/sqlite"),
        Backend::Postgres => sqlx::migrate!("migrations/postgres"),
    };
    migrator
        .run(&pool)
        .await
        .map_err(|e| format!("cannot bring the database up to date: {e}"))?;
    Ok(pool)
}

/// A database URL without its password, for messages.
pub fn redacted(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let credentials = &url[scheme + 3..at];
            let user = credentials.split(':').next().unwrap_or_default();
            format!("{}{user}:***{}", &url[..scheme + 3], &url[at..])
        }
        _ => url.to_string(),
    }
}

/// An application as the intake stores it: ciphertexts and what may be known in the
/// clear.
pub struct NewApplication<'a> {
    pub idempotency_key: &'a str,
    pub body_hash: &'a str,
    pub form_file: &'a str,
    pub form_id: &'a str,
    pub form_version: &'a str,
    pub form_hash: &'a str,
    pub payload: &'a str,
    pub received_at: i64,
    pub year: i64,
    pub prefix: &'a str,
    pub attachments: Vec<NewAttachment<'a>>,
}

pub struct NewAttachment<'a> {
    pub id: &'a str,
    pub field: &'a str,
    pub media_type: &'a str,
    pub size: i64,
    pub content: &'a str,
}

/// What storing an application came to.
#[derive(Debug, PartialEq, Eq)]
pub enum Stored {
    /// Stored now, under this reference.
    New(String),
    /// Stored before with this key and the same body: the same reference.
    Again(String),
    /// The key was used before for another body: refused, not merged.
    Conflict,
}

/// Stores an application exactly once per idempotency key, committed before this
/// returns: several instances receiving the same retry at once store it once (the
/// key's unique index decides), and a reference is counted only for a stored one.
pub async fn store(pool: &AnyPool, app: &NewApplication<'_>) -> Result<Stored, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let inserted = sqlx::query(
        "INSERT INTO applications (idempotency_key, body_hash, form_file, form_id, form_version, form_hash, payload, received_at, authority_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, (SELECT authority_id FROM form_routes WHERE form_id = $4))
         ON CONFLICT (idempotency_key) DO NOTHING
         RETURNING id",
    )
    .bind(app.idempotency_key)
    .bind(app.body_hash)
    .bind(app.form_file)
    .bind(app.form_id)
    .bind(app.form_version)
    .bind(app.form_hash)
    .bind(app.payload)
    .bind(app.received_at)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(row) = inserted else {
        tx.rollback().await?;
        let earlier =
            sqlx::query("SELECT reference, body_hash FROM applications WHERE idempotency_key = $1")
                .bind(app.idempotency_key)
                .fetch_one(pool)
                .await?;
        let reference: Option<String> = earlier.try_get(0)?;
        let body_hash: String = earlier.try_get(1)?;
        return Ok(match reference {
            Some(reference) if body_hash == app.body_hash => Stored::Again(reference),
            _ => Stored::Conflict,
        });
    };
    let id: i64 = row.try_get(0)?;
    let number: i64 = sqlx::query(
        "INSERT INTO reference_counters (prefix, year, last) VALUES ($1, $2, 1)
         ON CONFLICT (prefix, year) DO UPDATE SET last = reference_counters.last + 1
         RETURNING last",
    )
    .bind(app.prefix)
    .bind(app.year)
    .fetch_one(&mut *tx)
    .await?
    .try_get(0)?;
    let reference = format!("{}-{}-{number:06}", app.prefix, app.year);
    sqlx::query("UPDATE applications SET reference = $1 WHERE id = $2")
        .bind(&reference)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    for attachment in &app.attachments {
        sqlx::query(
            "INSERT INTO attachments (application_id, attachment_id, field, media_type, size, content)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(id)
        .bind(attachment.id)
        .bind(attachment.field)
        .bind(attachment.media_type)
        .bind(attachment.size)
        .bind(attachment.content)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(Stored::New(reference))
}

/// The key a form's applications are encrypted for now, as (kid, JWK): the newest of
/// the form's authority, else the newest of the server's own.
pub async fn current_key(
    pool: &AnyPool,
    form_id: &str,
) -> Result<Option<(String, String)>, sqlx::Error> {
    let routed = sqlx::query("SELECT authority_id FROM form_routes WHERE form_id = $1")
        .bind(form_id)
        .fetch_optional(pool)
        .await?
        .map(|row| row.try_get::<i64, _>(0))
        .transpose()?;
    match routed {
        Some(authority) => match authority_key(pool, Some(authority)).await? {
            Some(key) => Ok(Some(key)),
            None => authority_key(pool, None).await,
        },
        None => authority_key(pool, None).await,
    }
}

/// The newest key of an authority (or, for `None`, the server's own): kid and JWK.
pub async fn authority_key(
    pool: &AnyPool,
    authority: Option<i64>,
) -> Result<Option<(String, String)>, sqlx::Error> {
    let newest = "ORDER BY created_at DESC, kid DESC LIMIT 1";
    let row = match authority {
        Some(id) => {
            sqlx::query(&format!(
                "SELECT kid, jwk FROM authority_keys WHERE authority_id = $1 {newest}"
            ))
            .bind(id)
            .fetch_optional(pool)
            .await?
        }
        None => {
            sqlx::query(&format!(
                "SELECT kid, jwk FROM authority_keys WHERE authority_id IS NULL {newest}"
            ))
            .fetch_optional(pool)
            .await?
        }
    };
    row.map(|row| Ok((row.try_get(0)?, row.try_get(1)?)))
        .transpose()
}

/// Registers a public key (a JWK with its `kid`) for an authority, or without one as
/// the server's own.
pub async fn add_key(
    pool: &AnyPool,
    kid: &str,
    jwk: &str,
    now: i64,
    authority: Option<i64>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO authority_keys (kid, jwk, created_at, authority_id) VALUES ($1, $2, $3, $4)",
    )
    .bind(kid)
    .bind(jwk)
    .bind(now)
    .bind(authority)
    .execute(pool)
    .await?;
    Ok(())
}

/// Whether a portal at `origin` may send applications for the form: its authority
/// named that origin.
pub async fn origin_allowed(
    pool: &AnyPool,
    form_id: &str,
    origin: &str,
) -> Result<bool, sqlx::Error> {
    let found = sqlx::query(
        "SELECT 1 FROM authority_origins o JOIN form_routes r ON r.authority_id = o.authority_id
         WHERE r.form_id = $1 AND o.origin = $2",
    )
    .bind(form_id)
    .bind(origin)
    .fetch_optional(pool)
    .await?;
    Ok(found.is_some())
}

/// A stored application's ciphertexts, for the tests (the clerks read through `clerk.rs`).
pub async fn application(
    pool: &AnyPool,
    reference: &str,
) -> Result<Option<(String, Vec<(String, String, String)>)>, sqlx::Error> {
    let Some(row) = sqlx::query("SELECT id, payload FROM applications WHERE reference = $1")
        .bind(reference)
        .fetch_optional(pool)
        .await?
    else {
        return Ok(None);
    };
    let id: i64 = row.try_get(0)?;
    let payload: String = row.try_get(1)?;
    let files = sqlx::query(
        "SELECT attachment_id, field, content FROM attachments WHERE application_id = $1 ORDER BY attachment_id",
    )
    .bind(id)
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?)))
    .collect::<Result<_, sqlx::Error>>()?;
    Ok(Some((payload, files)))
}

/// How many applications are stored (for tests and the load benchmark).
pub async fn count(pool: &AnyPool) -> Result<i64, sqlx::Error> {
    sqlx::query("SELECT COUNT(*) FROM applications")
        .fetch_one(pool)
        .await?
        .try_get(0)
}
