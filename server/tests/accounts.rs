//! Accounts and tenancy against real databases (SQLite always, PostgreSQL when the test
//! command started one): Argon2id passwords, cookie sessions, CSRF on every change,
//! limited sign-ins, and a clerk who sees only their own authority's applications.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::connect_info::MockConnectInfo;
use axum::http::{HeaderMap, Method, Request, StatusCode};
use axum::Router;
use serde_json::{json, Value};
use sqlx::Row;
mod support;

use server::accounts::{self, Role, SignInError, LOCK_SECONDS, MAX_FAILURES};
use server::{db, forms::Forms, router, AppState, Limiter};
use support::{databases, fixed_now, jwe, own_database, publish_example, temp_dir};
use tower::ServiceExt;

const KIEL: &str = "010020000000";
const LUEBECK: &str = "010030000000";
const PASSWORD: &str = "richtig-langes-passwort";

struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    body: Value,
}

async fn call(
    app: &Router,
    method: Method,
    uri: &str,
    session: Option<&(String, String)>,
    csrf: bool,
    body: Option<Value>,
) -> Answer {
    let mut request = Request::builder().method(method).uri(uri);
    if let Some((cookie, token)) = session {
        request = request.header("cookie", cookie);
        if csrf {
            request = request.header("x-csrf-token", token);
        }
    }
    let body = match body {
        Some(json) => {
            request = request.header("content-type", "application/json");
            Body::from(json.to_string())
        }
        None => Body::empty(),
    };
    let response = app
        .clone()
        .oneshot(request.body(body).expect("a request"))
        .await
        .expect("answered");
    let (status, headers, body) = support::answer(response).await;
    Answer {
        status,
        headers,
        body,
    }
}

async fn get(app: &Router, uri: &str, session: &(String, String)) -> Answer {
    call(app, Method::GET, uri, Some(session), false, None).await
}

/// A status change, with or without the session's CSRF token.
async fn change(
    app: &Router,
    uri: &str,
    session: &(String, String),
    csrf: bool,
    status: &str,
) -> Answer {
    let body = json!({ "status": status });
    call(app, Method::POST, uri, Some(session), csrf, Some(body)).await
}

/// Signs in; the cookie to send back and the CSRF token.
async fn sign_in(app: &Router, email: &str) -> (String, String) {
    let answer = call(
        app,
        Method::POST,
        "/api/session",
        None,
        false,
        Some(json!({ "email": email, "password": PASSWORD })),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{email}: {}", answer.body);
    let cookie = answer.headers["set-cookie"].to_str().expect("ascii");
    for attribute in ["HttpOnly", "Secure", "SameSite=Strict", "Path=/api"] {
        assert!(cookie.contains(attribute), "{cookie}");
    }
    let pair = cookie.split(';').next().expect("name=value").to_string();
    let csrf = answer.body["csrf"]
        .as_str()
        .expect("a CSRF token")
        .to_string();
    (pair, csrf)
}

async fn submit(app: &Router, form: &str, key: &str) -> String {
    let response = app
        .clone()
        .oneshot(
            Request::post(format!("/api/intake/{form}"))
                .header("content-type", "application/json")
                .header("idempotency-key", key)
                .body(Body::from(
                    json!({
                        "payload": jwe("kid-1", 300),
                        "attachments": [{ "id": "a1", "field": "nachweis", "media_type": "application/pdf",
                            "size": 2048, "content": jwe("kid-1", 2048) }],
                    })
                    .to_string(),
                ))
                .expect("a request"),
        )
        .await
        .expect("answered");
    let (status, _, body) = support::answer(response).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body["reference"].as_str().expect("a reference").to_string()
}

struct World {
    pool: sqlx::AnyPool,
    app: Router,
    /// The published dog tax form's file.
    form: String,
    _forms: support::TempDir,
}

/// Kiel and Lübeck with their people (Kiel: a clerk and an admin; Lübeck: a clerk), a
/// key, the dog tax form published, the server's routes.
async fn world(url: &str, name: &str) -> World {
    let url = own_database(url, name).await;
    let pool = db::connect(&url).await.expect("opens");
    let now = fixed_now().unix;
    let jwk =
        json!({ "kty": "RSA", "alg": "RSA-OAEP-256", "kid": "kid-1", "n": "AQAB", "e": "AQAB" });
    db::add_key(&pool, "kid-1", &jwk.to_string(), now, None)
        .await
        .expect("key");
    accounts::add_authority(&pool, "Landeshauptstadt Kiel", KIEL, "buergeramt@kiel.de")
        .await
        .expect("Kiel");
    accounts::add_authority(&pool, "Hansestadt Lübeck", LUEBECK, "post@luebeck.de")
        .await
        .expect("Lübeck");
    for (ars, email, roles) in [
        (KIEL, "clerk@kiel.de", vec![Role::Sachbearbeitung]),
        (KIEL, "admin@kiel.de", vec![Role::Admin]),
        (LUEBECK, "clerk@luebeck.de", vec![Role::Sachbearbeitung]),
    ] {
        accounts::add_user(&pool, ars, email, "Name", PASSWORD, &roles, now)
            .await
            .expect("a person");
    }
    // The password is kept as an Argon2id hash only.
    let stored: String =
        sqlx::query("SELECT password_hash FROM users WHERE email = 'clerk@kiel.de'")
            .fetch_one(&pool)
            .await
            .expect("a row")
            .try_get(0)
            .expect("text");
    assert!(stored.starts_with("$argon2id$") && !stored.contains(PASSWORD));
    let short =
        accounts::add_user(&pool, KIEL, "x@kiel.de", "X", "kurz", &[Role::Admin], now).await;
    assert!(short.expect_err("refused").contains("at least 12"));

    let forms = temp_dir(&format!("{name}-forms-{}", url.len()));
    let form = publish_example(&forms.0);
    let app = router(
        Arc::new(AppState {
            pool: pool.clone(),
            forms: Forms::new(forms.0.clone()),
            limiter: Limiter::new(1000),
            sign_ins: Limiter::new(server::SIGN_INS_PER_MINUTE),
            clock: fixed_now,
        }),
        &[],
    )
    .layer(MockConnectInfo(SocketAddr::from(([10, 0, 0, 8], 40000))));
    World {
        pool,
        app,
        form,
        _forms: forms,
    }
}

#[tokio::test]
async fn a_clerk_sees_and_handles_only_their_own_authoritys_applications() {
    let dir = temp_dir("tenancy");
    for url in databases("tenancy", &dir.0) {
        let World {
            pool,
            app,
            form,
            _forms,
        } = world(&url, "tenancy").await;

        // One application received before the form had an authority, one for Kiel, one
        // for Lübeck; routing the form gives Kiel the one that waited.
        let waiting = submit(&app, &form, "key-waiting-1").await;
        assert_eq!(
            accounts::route_form(&pool, "hundesteuer-anmeldung", KIEL).await,
            Ok(1)
        );
        let kiel = submit(&app, &form, "key-kiel-0001").await;
        accounts::route_form(&pool, "hundesteuer-anmeldung", LUEBECK)
            .await
            .expect("routed");
        let luebeck = submit(&app, &form, "key-luebeck-1").await;

        // A sign-in body beyond its bound is refused before it is read as JSON.
        let huge =
            json!({ "email": "clerk@kiel.de", "password": "x".repeat(server::MAX_CLERK_BODY) });
        let answer = call(&app, Method::POST, "/api/session", None, false, Some(huge)).await;
        assert_eq!(answer.status, StatusCode::PAYLOAD_TOO_LARGE, "{url}");

        // Without a session: nothing.
        let answer = call(
            &app,
            Method::GET,
            "/api/clerk/applications",
            None,
            false,
            None,
        )
        .await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED);

        let clerk = sign_in(&app, "clerk@kiel.de").await;
        let list = get(&app, "/api/clerk/applications", &clerk).await;
        assert_eq!(list.status, StatusCode::OK);
        let references: Vec<&str> = list
            .body
            .as_array()
            .expect("a list")
            .iter()
            .map(|a| a["reference"].as_str().expect("text"))
            .collect();
        assert_eq!(references, [kiel.as_str(), waiting.as_str()], "{url}");

        // Kiel's application: its ciphertext, as received.
        let read = get(&app, &format!("/api/clerk/applications/{kiel}"), &clerk).await;
        assert_eq!(read.status, StatusCode::OK);
        assert_eq!(
            read.body["payload"].as_str().map(|p| p.split('.').count()),
            Some(5)
        );
        assert_eq!(read.body["summary"]["status"], "neu");
        // Lübeck's: as if it did not exist, and the attempt is logged.
        let other = get(&app, &format!("/api/clerk/applications/{luebeck}"), &clerk).await;
        assert_eq!(other.status, StatusCode::NOT_FOUND, "{url}");
        let other = change(
            &app,
            &format!("/api/clerk/applications/{luebeck}/status"),
            &clerk,
            true,
            "erledigt",
        )
        .await;
        assert_eq!(other.status, StatusCode::NOT_FOUND);

        // A status change needs the session's CSRF token.
        let path = format!("/api/clerk/applications/{kiel}/status");
        let forged = change(&app, &path, &clerk, false, "erledigt").await;
        assert_eq!(forged.status, StatusCode::FORBIDDEN);
        let wrong = change(&app, &path, &clerk, true, "fertig").await;
        assert_eq!(wrong.status, StatusCode::BAD_REQUEST);
        let done = change(&app, &path, &clerk, true, "in_bearbeitung").await;
        assert_eq!(done.status, StatusCode::NO_CONTENT);
        let filtered = get(
            &app,
            "/api/clerk/applications?status=in_bearbeitung",
            &clerk,
        )
        .await;
        assert_eq!(filtered.body.as_array().map(Vec::len), Some(1));
        assert_eq!(filtered.body[0]["reference"], kiel.as_str());
        let searched = call(
            &app,
            Method::GET,
            &format!("/api/clerk/applications?reference={}", &waiting[4..]),
            Some(&clerk),
            false,
            None,
        )
        .await;
        assert_eq!(searched.body.as_array().map(Vec::len), Some(1));

        // Lübeck's clerk sees Lübeck's only.
        let theirs = sign_in(&app, "clerk@luebeck.de").await;
        let list = get(&app, "/api/clerk/applications", &theirs).await;
        assert_eq!(list.body.as_array().map(Vec::len), Some(1));
        assert_eq!(list.body[0]["reference"], luebeck.as_str());

        // The audit log: for Kiel's admin only, with every access and change.
        let denied = get(&app, "/api/admin/audit", &clerk).await;
        assert_eq!(denied.status, StatusCode::FORBIDDEN);
        let admin = sign_in(&app, "admin@kiel.de").await;
        let log = get(&app, "/api/admin/audit", &admin).await;
        let lines: Vec<(String, String, String)> = log
            .body
            .as_array()
            .expect("entries")
            .iter()
            .map(|e| {
                (
                    e["action"].as_str().unwrap_or_default().to_string(),
                    e["subject"].as_str().unwrap_or_default().to_string(),
                    e["detail"].as_str().unwrap_or_default().to_string(),
                )
            })
            .collect();
        for expected in [
            ("read".to_string(), kiel.clone(), String::new()),
            (
                "denied".to_string(),
                luebeck.clone(),
                "not an application of this authority".to_string(),
            ),
            (
                "status".to_string(),
                kiel.clone(),
                "in_bearbeitung".to_string(),
            ),
        ] {
            assert!(
                lines.contains(&expected),
                "{url}: {expected:?} in {lines:?}"
            );
        }
        assert!(
            lines
                .iter()
                .all(|(_, subject, _)| *subject != "clerk@luebeck.de"),
            "Lübeck's sign-in is not Kiel's business"
        );

        // Kiel's admin adds a clerk to Kiel (not elsewhere: the authority is the admin's
        // own); a clerk cannot, nor can anyone without the CSRF token.
        let person = json!({ "email": "neu@kiel.de", "name": "Neu", "password": PASSWORD, "roles": ["sachbearbeitung"] });
        let chef =
            json!({ "email": "x@kiel.de", "name": "X", "password": PASSWORD, "roles": ["chef"] });
        for (who, csrf, body, expected) in [
            (&admin, true, &person, StatusCode::CREATED),
            (&admin, true, &person, StatusCode::UNPROCESSABLE_ENTITY),
            (&admin, false, &person, StatusCode::FORBIDDEN),
            (&clerk, true, &person, StatusCode::FORBIDDEN),
            (&admin, true, &chef, StatusCode::BAD_REQUEST),
        ] {
            let answer = call(
                &app,
                Method::POST,
                "/api/admin/users",
                Some(who),
                csrf,
                Some(body.clone()),
            )
            .await;
            assert_eq!(answer.status, expected, "{url}: {body} {}", answer.body);
        }
        let new = sign_in(&app, "neu@kiel.de").await;
        let theirs = get(&app, "/api/clerk/applications", &new).await;
        assert_eq!(
            theirs.body.as_array().map(Vec::len),
            Some(2),
            "{url}: Kiel's two"
        );

        // Signing out ends the session (with the CSRF token, like every change).
        let out = call(
            &app,
            Method::DELETE,
            "/api/session",
            Some(&clerk),
            true,
            None,
        )
        .await;
        assert_eq!(out.status, StatusCode::NO_CONTENT);
        let after = get(&app, "/api/clerk/applications", &clerk).await;
        assert_eq!(after.status, StatusCode::UNAUTHORIZED);
    }
}

#[tokio::test]
async fn sign_ins_are_limited_per_address_across_instances() {
    let dir = temp_dir("sign-in");
    for url in databases("sign-in", &dir.0) {
        let url = own_database(&url, "signin").await;
        let pool = db::connect(&url).await.expect("opens");
        let now = fixed_now().unix;
        accounts::add_authority(&pool, "Kiel", KIEL, "buergeramt@kiel.de")
            .await
            .expect("Kiel");
        accounts::add_user(
            &pool,
            KIEL,
            "Clerk@Kiel.de",
            "Clerk",
            PASSWORD,
            &[Role::Sachbearbeitung],
            now,
        )
        .await
        .expect("a person");
        // The address is matched in any case; an unknown one fails like a wrong password.
        assert!(accounts::sign_in(&pool, "CLERK@kiel.de", PASSWORD, now)
            .await
            .is_ok());
        assert_eq!(
            accounts::sign_in(&pool, "nobody@kiel.de", PASSWORD, now)
                .await
                .err(),
            Some(SignInError::Wrong)
        );
        for attempt in 0..MAX_FAILURES {
            let result =
                accounts::sign_in(&pool, "clerk@kiel.de", "falsches-passwort", now + attempt).await;
            assert_eq!(result.err(), Some(SignInError::Wrong), "{url}");
        }
        // Locked: even the right password is refused until the lock ends …
        let locked = accounts::sign_in(&pool, "clerk@kiel.de", PASSWORD, now + 60).await;
        assert_eq!(
            locked.err(),
            Some(SignInError::Locked {
                until: now + MAX_FAILURES - 1 + LOCK_SECONDS
            }),
            "{url}"
        );
        // … a second instance (another pool on the same database) sees the same …
        let other = db::connect(&url).await.expect("opens");
        assert!(matches!(
            accounts::sign_in(&other, "clerk@kiel.de", PASSWORD, now + 120).await,
            Err(SignInError::Locked { .. })
        ));
        // … and afterwards it works again.
        let later = now + MAX_FAILURES + LOCK_SECONDS;
        assert!(
            accounts::sign_in(&pool, "clerk@kiel.de", PASSWORD, later)
                .await
                .is_ok(),
            "{url}"
        );
    }
}

#[tokio::test]
async fn the_first_admin_is_made_on_the_command_line_with_the_password_on_stdin() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let dir = temp_dir("cli");
    let url = format!("sqlite://{}?mode=rwc", dir.0.join("cli.db").display());
    let run = |args: &[&str], stdin: &str| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_formfabrik-server"))
            .args(args)
            .env("DATABASE_URL", &url)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("runs");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(stdin.as_bytes())
            .expect("written");
        let output = child.wait_with_output().expect("ends");
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stdout).into_owned()
                + &String::from_utf8_lossy(&output.stderr),
        )
    };
    let (code, out) = run(
        &[
            "add-authority",
            "Landeshauptstadt Kiel",
            KIEL,
            "buergeramt@kiel.de",
        ],
        "",
    );
    assert_eq!(code, Some(0), "{out}");
    let (code, out) = run(&["add-authority", "Kiel", "0100", "x@kiel.de"], "");
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("12 digits"), "{out}");
    let (code, out) = run(
        &["add-user", KIEL, "admin@kiel.de", "Ada Admin", "admin,chef"],
        "",
    );
    assert_eq!(code, Some(1));
    assert!(out.contains("no role \"chef\""), "{out}");
    let (code, out) = run(
        &["add-user", KIEL, "admin@kiel.de", "Ada Admin", "admin"],
        &format!("{PASSWORD}\n"),
    );
    assert_eq!(code, Some(0), "{out}");
    assert!(!out.contains(PASSWORD));
    let pool = db::connect(&url).await.expect("opens");
    let session = accounts::sign_in(&pool, "admin@kiel.de", PASSWORD, fixed_now().unix)
        .await
        .expect("signs in");
    assert_eq!(session.user.roles, [Role::Admin]);
    assert_eq!(session.user.authority, "Landeshauptstadt Kiel");
}

#[tokio::test]
async fn handled_applications_are_deleted_after_their_authoritys_period_and_logged() {
    const DAY: i64 = 86_400;
    let dir = temp_dir("retention");
    for url in databases("retention", &dir.0) {
        let World {
            pool,
            app,
            form,
            _forms,
        } = world(&url, "retention").await;
        let now = fixed_now().unix;
        accounts::route_form(&pool, "hundesteuer-anmeldung", KIEL)
            .await
            .expect("routed");
        let done = submit(&app, &form, "key-done-00001").await;
        let open = submit(&app, &form, "key-open-00001").await;
        accounts::route_form(&pool, "hundesteuer-anmeldung", LUEBECK)
            .await
            .expect("routed");
        let refused = submit(&app, &form, "key-refused-001").await;
        accounts::set_retention(&pool, LUEBECK, 30)
            .await
            .expect("set");
        assert!(accounts::set_retention(&pool, LUEBECK, 0).await.is_err());

        let kiel = sign_in(&app, "clerk@kiel.de").await;
        let luebeck = sign_in(&app, "clerk@luebeck.de").await;
        let status = |reference: &str| format!("/api/clerk/applications/{reference}/status");
        for (reference, session, to) in [
            (&done, &kiel, "erledigt"),
            (&open, &kiel, "in_bearbeitung"),
            (&refused, &luebeck, "abgelehnt"),
        ] {
            let answer = change(&app, &status(reference), session, true, to).await;
            assert_eq!(answer.status, StatusCode::NO_CONTENT);
        }
        let exists = |reference: String| {
            let pool = pool.clone();
            async move {
                db::application(&pool, &reference)
                    .await
                    .expect("read")
                    .is_some()
            }
        };

        // Lübeck keeps 30 days, Kiel the default 90; what is in progress stays.
        assert_eq!(
            accounts::retain(&pool, now + 30 * DAY - 1)
                .await
                .expect("runs"),
            0
        );
        assert_eq!(
            accounts::retain(&pool, now + 30 * DAY).await.expect("runs"),
            1,
            "{url}"
        );
        assert!(!exists(refused.clone()).await && exists(done.clone()).await);
        assert_eq!(
            accounts::retain(&pool, now + 90 * DAY - 1)
                .await
                .expect("runs"),
            0
        );
        // Two instances at once: each application is deleted and logged once.
        let (a, b) = tokio::join!(
            accounts::retain(&pool, now + 90 * DAY),
            accounts::retain(&pool, now + 90 * DAY)
        );
        assert_eq!(a.expect("runs") + b.expect("runs"), 1, "{url}");
        assert!(!exists(done.clone()).await && exists(open.clone()).await);
        let files: i64 = sqlx::query("SELECT COUNT(*) FROM attachments")
            .fetch_one(&pool)
            .await
            .expect("counted")
            .try_get(0)
            .expect("a number");
        assert_eq!(
            files, 1,
            "the files went with their applications; the open one's stays"
        );
        let admin = sign_in(&app, "admin@kiel.de").await;
        let log = get(&app, "/api/admin/audit", &admin).await;
        let deleted: Vec<&Value> = log
            .body
            .as_array()
            .expect("entries")
            .iter()
            .filter(|e| e["action"] == "deleted")
            .collect();
        assert_eq!(deleted.len(), 1, "{url}: {}", log.body);
        assert_eq!(deleted[0]["subject"], done.as_str());
        assert_eq!(deleted[0]["detail"], "erledigt; retention period passed");
    }
}

#[tokio::test]
async fn each_authority_names_its_portals_and_its_key() {
    let dir = temp_dir("portals");
    for url in databases("portals", &dir.0) {
        let World {
            pool,
            app,
            form,
            _forms,
        } = world(&url, "portals").await;
        accounts::route_form(&pool, "hundesteuer-anmeldung", KIEL)
            .await
            .expect("routed");
        accounts::add_origin(&pool, KIEL, "https://www.kiel.de/")
            .await
            .expect("added");
        for bad in [
            "www.kiel.de",
            "https://www.kiel.de/antraege",
            "ftp://kiel.de",
        ] {
            assert!(
                accounts::add_origin(&pool, KIEL, bad).await.is_err(),
                "{bad}"
            );
        }
        let allowed = |origin: &'static str, method: &'static str, uri: String| {
            let app = app.clone();
            async move {
                let mut request = Request::builder()
                    .method(method)
                    .uri(uri)
                    .header("origin", origin);
                if method == "OPTIONS" {
                    request = request
                        .header("access-control-request-method", "POST")
                        .header(
                            "access-control-request-headers",
                            "content-type,idempotency-key",
                        );
                }
                let response = app
                    .oneshot(request.body(Body::empty()).expect("a request"))
                    .await
                    .expect("answered");
                response
                    .headers()
                    .get("access-control-allow-origin")
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_string)
            }
        };
        let intake = format!("/api/intake/{form}");
        let key = format!("/api/intake/{form}/key");
        assert_eq!(
            allowed("https://www.kiel.de", "OPTIONS", intake.clone())
                .await
                .as_deref(),
            Some("https://www.kiel.de"),
            "{url}"
        );
        assert_eq!(
            allowed("https://www.kiel.de", "GET", key.clone())
                .await
                .as_deref(),
            Some("https://www.kiel.de")
        );
        assert_eq!(
            allowed("https://www.luebeck.de", "OPTIONS", intake.clone()).await,
            None
        );

        // The server's own key until Kiel registers one; then Kiel's, and only Kiel's.
        let kid_of = |app: Router, uri: String| async move {
            let answer = call(&app, Method::GET, &uri, None, false, None).await;
            answer.body["kid"].as_str().unwrap_or_default().to_string()
        };
        assert_eq!(kid_of(app.clone(), key.clone()).await, "kid-1");
        let kiel = accounts::authority_id(&pool, KIEL).await.expect("Kiel");
        let jwk = json!({ "kty": "RSA", "alg": "RSA-OAEP-256", "kid": "kiel-2026", "n": "AQAB", "e": "AQAB" });
        db::add_key(
            &pool,
            "kiel-2026",
            &jwk.to_string(),
            fixed_now().unix,
            Some(kiel),
        )
        .await
        .expect("key");
        assert_eq!(kid_of(app.clone(), key.clone()).await, "kiel-2026", "{url}");
        let send = |kid: &'static str, idempotency: &'static str| {
            let (app, intake) = (app.clone(), intake.clone());
            async move {
                let body = json!({ "payload": jwe(kid, 300) }).to_string();
                let request = Request::post(intake)
                    .header("content-type", "application/json")
                    .header("idempotency-key", idempotency)
                    .body(Body::from(body))
                    .expect("a request");
                app.oneshot(request).await.expect("answered").status()
            }
        };
        assert_eq!(
            send("kid-1", "key-old-key-01").await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{url}"
        );
        assert_eq!(
            send("kiel-2026", "key-kiel-key-1").await,
            StatusCode::CREATED
        );
        // Lübeck has none: the server's own again.
        accounts::route_form(&pool, "hundesteuer-anmeldung", LUEBECK)
            .await
            .expect("routed");
        assert_eq!(kid_of(app.clone(), key.clone()).await, "kid-1");
        assert_eq!(
            allowed("https://www.kiel.de", "OPTIONS", intake.clone()).await,
            None,
            "Kiel's portal is not Lübeck's"
        );

        // Trying address after address from one client: refused after a few, whatever
        // the addresses (the lock per address would never trip).
        let mut refused = 0;
        for n in 0..=server::SIGN_INS_PER_MINUTE {
            let guess =
                json!({ "email": format!("raten-{n}@kiel.de"), "password": "falsches-passwort" });
            let answer = call(&app, Method::POST, "/api/session", None, false, Some(guess)).await;
            if answer.status == StatusCode::TOO_MANY_REQUESTS {
                refused += 1;
            }
        }
        assert_eq!(refused, 1, "{url}: sign-ins per client are limited");
    }
}

/// A public JWK as the clerk's browser makes it, with a modulus of `bits` bits.
fn browser_key(kid: &str, bits: usize) -> Value {
    use base64::Engine;
    let mut modulus = vec![0xC5u8; bits / 8];
    modulus[bits / 8 - 1] = 0x01;
    let n = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(modulus);
    json!({ "kty": "RSA", "alg": "RSA-OAEP-256", "kid": kid, "n": n, "e": "AQAB", "key_ops": ["wrapKey"], "ext": true })
}

#[tokio::test]
async fn a_clerk_registers_the_key_made_in_their_browser() {
    let dir = temp_dir("browser_key");
    for url in databases("browser_key", &dir.0) {
        let World {
            pool,
            app,
            form,
            _forms,
        } = world(&url, "browser_key").await;
        accounts::route_form(&pool, "hundesteuer-anmeldung", KIEL)
            .await
            .expect("routed");
        let clerk = sign_in(&app, "clerk@kiel.de").await;
        let admin = sign_in(&app, "admin@kiel.de").await;
        let other = sign_in(&app, "clerk@luebeck.de").await;
        let register = |who: &(String, String), csrf: bool, jwk: Value| {
            let (app, who) = (app.clone(), who.clone());
            async move {
                let body = json!({ "jwk": jwk.to_string() });
                call(
                    &app,
                    Method::POST,
                    "/api/clerk/key",
                    Some(&who),
                    csrf,
                    Some(body),
                )
                .await
            }
        };
        assert_eq!(
            get(&app, "/api/clerk/key", &clerk).await.status,
            StatusCode::NOT_FOUND,
            "{url}: Kiel has no key yet"
        );

        let mut private = browser_key("k-private", 4096);
        private["d"] = json!("AQAB");
        for (who, csrf, jwk, expected) in [
            (&clerk, true, private, StatusCode::UNPROCESSABLE_ENTITY),
            (
                &clerk,
                true,
                browser_key("k-small", 1024),
                StatusCode::UNPROCESSABLE_ENTITY,
            ),
            (
                &clerk,
                true,
                json!({ "kty": "EC" }),
                StatusCode::UNPROCESSABLE_ENTITY,
            ),
            (
                &clerk,
                false,
                browser_key("k-kiel", 4096),
                StatusCode::FORBIDDEN,
            ),
            (
                &admin,
                true,
                browser_key("k-kiel", 4096),
                StatusCode::FORBIDDEN,
            ),
            (
                &clerk,
                true,
                browser_key("k-kiel", 4096),
                StatusCode::CREATED,
            ),
            (
                &other,
                true,
                browser_key("k-kiel", 4096),
                StatusCode::CONFLICT,
            ),
        ] {
            let answer = register(who, csrf, jwk).await;
            assert_eq!(answer.status, expected, "{url}: {}", answer.body);
        }
        let not_json = call(
            &app,
            Method::POST,
            "/api/clerk/key",
            Some(&clerk),
            true,
            Some(json!({ "schluessel": 1 })),
        )
        .await;
        assert_eq!(not_json.status, StatusCode::BAD_REQUEST);
        assert!(not_json.body["error"].is_string(), "{}", not_json.body);

        // Kiel's clerks see the key; the form's applications are now encrypted for it;
        // Lübeck's clerk does not see Kiel's key.
        let kiel = get(&app, "/api/clerk/key", &clerk).await;
        let jwk: Value =
            serde_json::from_str(kiel.body["jwk"].as_str().expect("text")).expect("JSON");
        assert_eq!(jwk["kid"], "k-kiel");
        let intake = call(
            &app,
            Method::GET,
            &format!("/api/intake/{form}/key"),
            None,
            false,
            None,
        )
        .await;
        assert_eq!(intake.body["kid"], "k-kiel", "{url}");
        assert_eq!(
            get(&app, "/api/clerk/key", &other).await.status,
            StatusCode::NOT_FOUND
        );
        let log = get(&app, "/api/admin/audit", &admin).await;
        assert!(
            log.body
                .as_array()
                .expect("a list")
                .iter()
                .any(|e| e["action"] == "key_added" && e["subject"] == "k-kiel"),
            "{}",
            log.body
        );
    }
}
