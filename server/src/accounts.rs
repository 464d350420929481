//! Authorities (the tenants), their people with roles, passwords (Argon2id), sessions,
//! limited sign-in attempts and the audit log. Everything lives in the database, so any
//! instance serves any session.

use argon2::password_hash::rand_core::{OsRng, RngCore};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use sqlx::{AnyPool, Row};

/// What a person may do; a person may have several roles.
pub use server_api::{AuditEntry, Role, Status, User};

/// Passwords shorter than this are refused.
pub const MIN_PASSWORD: usize = 12;
/// Failed sign-ins for one address before it is locked …
pub const MAX_FAILURES: i64 = 5;
/// … for this many seconds.
pub const LOCK_SECONDS: i64 = 15 * 60;
/// A session lasts a working day.
pub const SESSION_SECONDS: i64 = 8 * 60 * 60;

/// An Argon2id hash (the crate's defaults: 19 MiB, 2 passes) as a PHC string.
pub fn hash_password(password: &str) -> Result<String, String> {
    if password.chars().count() < MIN_PASSWORD {
        return Err(format!(
            "the password must have at least {MIN_PASSWORD} characters"
        ));
    }
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| format!("cannot hash the password: {e}"))
}

fn verify_password(hash: &str, password: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

/// 32 random bytes, base64url: a session token or a CSRF token.
fn token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

fn token_hash(token: &str) -> String {
    engine::sha256::hex(&engine::sha256::digest(token.as_bytes()))
}

/// Equal strings, compared in time independent of where they differ.
pub fn same(a: &str, b: &str) -> bool {
    use subtle::ConstantTimeEq;
    a.as_bytes().ct_eq(b.as_bytes()).into()
}

/// A new authority; its id.
pub async fn add_authority(
    pool: &AnyPool,
    name: &str,
    ars: &str,
    contact: &str,
) -> Result<i64, String> {
    if ars.len() != 12 || !ars.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!(
            "the ARS (Amtlicher Regionalschlüssel) has 12 digits, not \"{ars}\""
        ));
    }
    if name.trim().is_empty() || contact.trim().is_empty() {
        return Err("an authority needs a name and a contact".into());
    }
    sqlx::query("INSERT INTO authorities (name, ars, contact) VALUES ($1, $2, $3) RETURNING id")
        .bind(name.trim())
        .bind(ars)
        .bind(contact.trim())
        .fetch_one(pool)
        .await
        .and_then(|row| row.try_get(0))
        .map_err(|e| format!("authority {ars} not added: {e}"))
}

/// The authority with this ARS.
pub async fn authority_id(pool: &AnyPool, ars: &str) -> Result<i64, String> {
    sqlx::query("SELECT id FROM authorities WHERE ars = $1")
        .bind(ars)
        .fetch_optional(pool)
        .await
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("no authority with the ARS {ars}"))?
        .try_get(0)
        .map_err(|e| e.to_string())
}

/// A new person of the authority `ars`; their id.
pub async fn add_user(
    pool: &AnyPool,
    ars: &str,
    email: &str,
    name: &str,
    password: &str,
    roles: &[Role],
    now: i64,
) -> Result<i64, String> {
    let email = email.trim().to_lowercase();
    if !email.contains('@') || email.len() > 254 {
        return Err(format!("\"{email}\" is not an e-mail address"));
    }
    if roles.is_empty() {
        return Err("a person needs at least one role".into());
    }
    let authority = authority_id(pool, ars).await?;
    let hash = hash_password(password)?;
    let roles: Vec<&str> = roles.iter().map(|r| r.code()).collect();
    let id: i64 = sqlx::query(
        "INSERT INTO users (authority_id, email, name, password_hash, roles, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(authority)
    .bind(&email)
    .bind(name.trim())
    .bind(&hash)
    .bind(roles.join(","))
    .bind(now)
    .fetch_one(pool)
    .await
    .and_then(|row| row.try_get(0))
    .map_err(|e| format!("{email} not added: {e}"))?;
    audit(
        pool,
        now,
        Some(authority),
        None,
        "user_added",
        &email,
        &roles.join(","),
    )
    .await
    .map_err(|e| e.to_string())?;
    Ok(id)
}

/// Sends the form's applications to the authority `ars`, also those received before
/// it had one; how many of those there were.
pub async fn route_form(pool: &AnyPool, form_id: &str, ars: &str) -> Result<u64, String> {
    let authority = authority_id(pool, ars).await?;
    let mut tx = pool.begin().await.map_err(|e| e.to_string())?;
    sqlx::query(
        "INSERT INTO form_routes (form_id, authority_id) VALUES ($1, $2)
         ON CONFLICT (form_id) DO UPDATE SET authority_id = excluded.authority_id",
    )
    .bind(form_id)
    .bind(authority)
    .execute(&mut *tx)
    .await
    .map_err(|e| e.to_string())?;
    let waiting = sqlx::query(
        "UPDATE applications SET authority_id = $1 WHERE form_id = $2 AND authority_id IS NULL",
    )
    .bind(authority)
    .bind(form_id)
    .execute(&mut *tx)
    .await
    .map_err(|e| e.to_string())?
    .rows_affected();
    tx.commit().await.map_err(|e| e.to_string())?;
    Ok(waiting)
}

/// A started session: the cookie's token and the CSRF token the page sends back.
#[derive(Debug)]
pub struct Session {
    pub token: String,
    pub csrf: String,
    pub user: User,
}

#[derive(Debug, PartialEq, Eq)]
pub enum SignInError {
    /// Unknown address or wrong password (the answer does not say which).
    Wrong,
    /// Too many failures: locked until then.
    Locked {
        until: i64,
    },
    Database,
}

/// Checks the password and starts a session; failures are counted per address in the
/// database, so every instance sees them.
pub async fn sign_in(
    pool: &AnyPool,
    email: &str,
    password: &str,
    now: i64,
) -> Result<Session, SignInError> {
    let email = email.trim().to_lowercase();
    let db = |_| SignInError::Database;
    let failures = sqlx::query("SELECT failures, last_at FROM sign_in_failures WHERE email = $1")
        .bind(&email)
        .fetch_optional(pool)
        .await
        .map_err(db)?
        .map(|row| Ok::<_, sqlx::Error>((row.try_get::<i64, _>(0)?, row.try_get::<i64, _>(1)?)))
        .transpose()
        .map_err(db)?
        // Failures older than the lock no longer count.
        .filter(|(_, last)| now - last < LOCK_SECONDS);
    if let Some((count, last)) = failures {
        if count >= MAX_FAILURES {
            return Err(SignInError::Locked {
                until: last + LOCK_SECONDS,
            });
        }
    }
    let row = sqlx::query("SELECT id, password_hash FROM users WHERE email = $1")
        .bind(&email)
        .fetch_optional(pool)
        .await
        .map_err(db)?;
    let found = match row {
        Some(row) => Some((
            row.try_get::<i64, _>(0).map_err(db)?,
            row.try_get::<String, _>(1).map_err(db)?,
        )),
        None => None,
    };
    // An unknown address costs the same time as a wrong password.
    let hash = found.as_ref().map_or(DUMMY_HASH, |(_, hash)| hash.as_str());
    let valid = verify_password(hash, password) && found.is_some();
    let Some((user_id, _)) = found.filter(|_| valid) else {
        let count = failures.map_or(0, |(count, _)| count) + 1;
        sqlx::query(
            "INSERT INTO sign_in_failures (email, failures, last_at) VALUES ($1, $2, $3)
             ON CONFLICT (email) DO UPDATE SET failures = excluded.failures, last_at = excluded.last_at",
        )
        .bind(&email)
        .bind(count)
        .bind(now)
        .execute(pool)
        .await
        .map_err(db)?;
        audit(
            pool,
            now,
            None,
            None,
            "sign_in_failed",
            &email,
            &count.to_string(),
        )
        .await
        .map_err(db)?;
        return Err(SignInError::Wrong);
    };
    sqlx::query("DELETE FROM sign_in_failures WHERE email = $1")
        .bind(&email)
        .execute(pool)
        .await
        .map_err(db)?;
    let (token, csrf) = (token(), token());
    sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, csrf, expires_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(token_hash(&token))
    .bind(user_id)
    .bind(&csrf)
    .bind(now + SESSION_SECONDS)
    .execute(pool)
    .await
    .map_err(db)?;
    let user = user(pool, user_id)
        .await
        .map_err(db)?
        .ok_or(SignInError::Database)?;
    audit(
        pool,
        now,
        Some(user.authority_id),
        Some(user.id),
        "sign_in",
        &email,
        "",
    )
    .await
    .map_err(db)?;
    Ok(Session { token, csrf, user })
}

/// A hash no password matches, verified for unknown addresses.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$8bT1w1Q2KTv7dJtVw6Ttq8k5lBq0ZR6m1Zy2QyXz3Ac";

async fn user(pool: &AnyPool, id: i64) -> Result<Option<User>, sqlx::Error> {
    let Some(row) = sqlx::query(
        "SELECT u.id, u.authority_id, a.name, u.email, u.name, u.roles
         FROM users u JOIN authorities a ON a.id = u.authority_id WHERE u.id = $1",
    )
    .bind(id)
    .fetch_optional(pool)
    .await?
    else {
        return Ok(None);
    };
    let roles: String = row.try_get(5)?;
    Ok(Some(User {
        id: row.try_get(0)?,
        authority_id: row.try_get(1)?,
        authority: row.try_get(2)?,
        email: row.try_get(3)?,
        name: row.try_get(4)?,
        roles: roles.split(',').filter_map(Role::parse).collect(),
    }))
}

/// The person and the CSRF token of a session that has not expired.
pub async fn session(
    pool: &AnyPool,
    token: &str,
    now: i64,
) -> Result<Option<(User, String)>, sqlx::Error> {
    let Some(row) =
        sqlx::query("SELECT user_id, csrf FROM sessions WHERE token_hash = $1 AND expires_at > $2")
            .bind(token_hash(token))
            .bind(now)
            .fetch_optional(pool)
            .await?
    else {
        return Ok(None);
    };
    let csrf: String = row.try_get(1)?;
    Ok(user(pool, row.try_get(0)?).await?.map(|user| (user, csrf)))
}

pub async fn sign_out(pool: &AnyPool, token: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(token_hash(token))
        .execute(pool)
        .await?;
    Ok(())
}

/// One line of the audit log; in a transaction of its own or the caller's.
pub async fn audit<'e>(
    executor: impl sqlx::Executor<'e, Database = sqlx::Any>,
    now: i64,
    authority: Option<i64>,
    user: Option<i64>,
    action: &str,
    subject: &str,
    detail: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO audit_log (at, authority_id, user_id, action, subject, detail)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(now)
    .bind(authority)
    .bind(user)
    .bind(action)
    .bind(subject)
    .bind(detail)
    .execute(executor)
    .await?;
    Ok(())
}

/// The authority's audit log, newest first.
pub async fn audit_log(
    pool: &AnyPool,
    authority: i64,
    limit: i64,
) -> Result<Vec<AuditEntry>, sqlx::Error> {
    sqlx::query(
        "SELECT l.at, u.email, l.action, l.subject, l.detail FROM audit_log l
         LEFT JOIN users u ON u.id = l.user_id
         WHERE l.authority_id = $1 ORDER BY l.id DESC LIMIT $2",
    )
    .bind(authority)
    .bind(limit)
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|row| {
        Ok(AuditEntry {
            at: row.try_get(0)?,
            user: row.try_get(1)?,
            action: row.try_get(2)?,
            subject: row.try_get(3)?,
            detail: row.try_get(4)?,
        })
    })
    .collect()
}

/// Sets how many days an authority keeps applications once they are erledigt or
/// abgelehnt.
pub async fn set_retention(pool: &AnyPool, ars: &str, days: i64) -> Result<(), String> {
    if !(1..=3650).contains(&days) {
        return Err(format!("a retention period is 1 to 3650 days, not {days}"));
    }
    let authority = authority_id(pool, ars).await?;
    sqlx::query("UPDATE authorities SET retention_days = $1 WHERE id = $2")
        .bind(days)
        .bind(authority)
        .execute(pool)
        .await
        .map_err(|e| e.to_string())?;
    Ok(())
}

/// Deletes, with their files, the applications that were erledigt or abgelehnt longer
/// ago than their authority keeps them; each deletion is logged. Several instances may
/// run it at once: a row deletes once, and only the deleting one logs it. The count.
pub async fn retain(pool: &AnyPool, now: i64) -> Result<u64, sqlx::Error> {
    let due = sqlx::query(
        "SELECT ap.id, ap.reference, ap.authority_id, ap.status FROM applications ap
         JOIN authorities au ON au.id = ap.authority_id
         WHERE ap.status IN ('erledigt', 'abgelehnt') AND ap.status_at IS NOT NULL
         AND ap.status_at + au.retention_days * 86400 <= $1",
    )
    .bind(now)
    .fetch_all(pool)
    .await?;
    let mut deleted = 0;
    for row in due {
        let id: i64 = row.try_get(0)?;
        let reference: Option<String> = row.try_get(1)?;
        let authority: i64 = row.try_get(2)?;
        let status: String = row.try_get(3)?;
        let mut tx = pool.begin().await?;
        sqlx::query("DELETE FROM attachments WHERE application_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let gone = sqlx::query("DELETE FROM applications WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if gone == 1 {
            let detail = format!("{status}; retention period passed");
            audit(
                &mut *tx,
                now,
                Some(authority),
                None,
                "deleted",
                reference.as_deref().unwrap_or_default(),
                &detail,
            )
            .await?;
            deleted += 1;
        }
        tx.commit().await?;
    }
    Ok(deleted)
}

/// Lets the portal at `origin` (`https://www.kiel.de`) send applications for the
/// authority's forms.
pub async fn add_origin(pool: &AnyPool, ars: &str, origin: &str) -> Result<(), String> {
    let origin = origin.trim().trim_end_matches('/');
    let valid = ["https://", "http://"].iter().any(|scheme| {
        origin.strip_prefix(scheme).is_some_and(|host| {
            !host.is_empty()
                && host
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
        })
    });
    if !valid {
        return Err(format!(
            "\"{origin}\" is no origin: scheme and host only, e.g. https://www.kiel.de"
        ));
    }
    let authority = authority_id(pool, ars).await?;
    sqlx::query(
        "INSERT INTO authority_origins (authority_id, origin) VALUES ($1, $2)
         ON CONFLICT (authority_id, origin) DO NOTHING",
    )
    .bind(authority)
    .bind(origin)
    .execute(pool)
    .await
    .map_err(|e| e.to_string())?;
    Ok(())
}
