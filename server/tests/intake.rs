//! The intake against real databases: SQLite always, PostgreSQL when the test command
//! has started one (`FORMFABRIK_TEST_POSTGRES`, set by `cargo xtask test`; with
//! `FORMFABRIK_REQUIRE_POSTGRES=1` its absence fails the test). Requests go through the
//! whole router (limits, CORS) as a browser's would.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::connect_info::MockConnectInfo;
use axum::http::{Request, StatusCode};
use axum::Router;
use serde_json::{json, Value};
mod support;

use server::{db, forms::Forms, router, AppState, Limiter};
use support::{
    databases, fixed_now, jwe, own_database, publish_example, reference, temp_dir, TempDir,
};
use tower::ServiceExt;

const KID: &str = "amt-schluessel-1";

struct Setup {
    app: Router,
    pool: sqlx::AnyPool,
    form: String,
    _dir: TempDir,
}

async fn setup(name: &str, url: &str, dir: TempDir, per_minute: u32, with_key: bool) -> Setup {
    let url = own_database(url, name).await;
    let pool = db::connect(&url).await.expect("the database opens");
    if with_key {
        let jwk = json!({ "kty": "RSA", "alg": "RSA-OAEP-256", "kid": KID, "n": "AQAB", "e": "AQAB", "key_ops": ["wrapKey"] });
        db::add_key(&pool, KID, &jwk.to_string(), fixed_now().unix, None)
            .await
            .expect("key added");
    }
    let form = publish_example(&dir.0);
    let state = Arc::new(AppState {
        pool: pool.clone(),
        forms: Forms::new(dir.0.clone()),
        limiter: Limiter::new(per_minute),
        sign_ins: Limiter::new(server::SIGN_INS_PER_MINUTE),
        clock: fixed_now,
    });
    let app = router(state, &["https://www.kiel.de".to_string()])
        .layer(MockConnectInfo(SocketAddr::from(([10, 0, 0, 7], 40000))));
    Setup {
        app,
        pool,
        form,
        _dir: dir,
    }
}

fn application(files: &[(&str, &str, &str, u64)]) -> Value {
    json!({
        "payload": jwe(KID, 800),
        "attachments": files.iter().map(|(id, field, media_type, size)| json!({
            "id": id, "field": field, "media_type": media_type, "size": size,
            "content": jwe(KID, *size as usize),
        })).collect::<Vec<_>>(),
    })
}

async fn post(app: &Router, form: &str, key: Option<&str>, body: &str) -> (StatusCode, Value) {
    let mut request = Request::post(format!("/api/intake/{form}"))
        .header("content-type", "application/json")
        .header("origin", "https://www.kiel.de");
    if let Some(key) = key {
        request = request.header("idempotency-key", key);
    }
    let response = app
        .clone()
        .oneshot(
            request
                .body(Body::from(body.to_string()))
                .expect("a request"),
        )
        .await
        .expect("answered");
    let (status, _, body) = support::answer(response).await;
    (status, body)
}

#[tokio::test]
async fn applications_are_stored_once_per_key_with_a_reference() {
    let dir = temp_dir("once");
    for url in databases("once", &dir.0) {
        let s = setup(
            "once",
            &url,
            temp_dir(&format!("once-{}", url.len())),
            1000,
            true,
        )
        .await;
        let body = application(&[("a1", "nachweis", "application/pdf", 2048)]).to_string();
        let (status, answer) = post(&s.app, &s.form, Some("key-0000001"), &body).await;
        assert_eq!(status, StatusCode::CREATED, "{url}: {answer}");
        assert_eq!(answer["reference"], reference(1), "{url}");

        // A retry with the same key and body: the same reference, stored once.
        let (status, again) = post(&s.app, &s.form, Some("key-0000001"), &body).await;
        assert_eq!((status, &again), (StatusCode::CREATED, &answer), "{url}");
        assert_eq!(db::count(&s.pool).await.expect("counted"), 1, "{url}");

        // The same key for another body is refused, not merged.
        let other = application(&[]).to_string();
        let (status, why) = post(&s.app, &s.form, Some("key-0000001"), &other).await;
        assert_eq!(status, StatusCode::CONFLICT, "{url}: {why}");

        // The next application gets the next number.
        let (_, next) = post(&s.app, &s.form, Some("key-0000002"), &other).await;
        assert_eq!(next["reference"], reference(2), "{url}");

        // Ciphertext only: what is stored is what was sent.
        let (payload, files) = db::application(&s.pool, &reference(1))
            .await
            .expect("read")
            .expect("stored");
        let sent: Value = serde_json::from_str(&body).expect("json");
        assert_eq!(payload, sent["payload"].as_str().expect("payload"), "{url}");
        assert_eq!(files.len(), 1);
        assert_eq!(
            files[0].2,
            sent["attachments"][0]["content"].as_str().expect("content")
        );
    }
}

#[tokio::test]
async fn simultaneous_retries_are_stored_once_and_distinct_applications_all() {
    let dir = temp_dir("race");
    for url in databases("race", &dir.0) {
        let s = setup(
            "race",
            &url,
            temp_dir(&format!("race-{}", url.len())),
            100_000,
            true,
        )
        .await;
        let body = application(&[]).to_string();
        let mut tasks = Vec::new();
        for _ in 0..16 {
            let (app, form, body) = (s.app.clone(), s.form.clone(), body.clone());
            tasks.push(tokio::spawn(async move {
                post(&app, &form, Some("same-key-123"), &body).await
            }));
        }
        for i in 0..40 {
            let (app, form, body) = (s.app.clone(), s.form.clone(), body.clone());
            tasks.push(tokio::spawn(async move {
                post(&app, &form, Some(&format!("distinct-key-{i:04}")), &body).await
            }));
        }
        let mut references = Vec::new();
        for task in tasks {
            let (status, answer) = task.await.expect("ran");
            assert_eq!(status, StatusCode::CREATED, "{url}: {answer}");
            references.push(
                answer["reference"]
                    .as_str()
                    .expect("a reference")
                    .to_string(),
            );
        }
        let same: Vec<&String> = references[..16].iter().collect();
        assert!(same.iter().all(|r| *r == same[0]), "{url}: {same:?}");
        let mut all = references.clone();
        all.sort();
        all.dedup();
        assert_eq!(all.len(), 41, "{url}: none twice, none lost");
        assert_eq!(db::count(&s.pool).await.expect("counted"), 41, "{url}");
    }
}

#[tokio::test]
async fn what_the_form_does_not_allow_is_refused_and_says_why() {
    let dir = temp_dir("refused");
    for url in databases("refused", &dir.0) {
        let s = setup(
            "refused",
            &url,
            temp_dir(&format!("refused-{}", url.len())),
            1000,
            true,
        )
        .await;
        let refused = |body: Value, expected: StatusCode, says: &'static str| {
            let (app, form) = (s.app.clone(), s.form.clone());
            let url = url.clone();
            async move {
                let (status, answer) =
                    post(&app, &form, Some("refused-key-1"), &body.to_string()).await;
                assert_eq!(status, expected, "{url}: {answer}");
                let why = answer["error"].as_str().unwrap_or_default().to_string();
                assert!(why.contains(says), "{url}: {why:?} should say {says:?}");
            }
        };
        refused(
            application(&[("a1", "nachweis", "application/zip", 100)]),
            StatusCode::UNPROCESSABLE_ENTITY,
            "does not take application/zip",
        )
        .await;
        refused(
            application(&[("a1", "hundename", "application/pdf", 100)]),
            StatusCode::UNPROCESSABLE_ENTITY,
            "no file field",
        )
        .await;
        refused(
            application(&[("a1", "nachweis", "application/pdf", 6_000_000)]),
            StatusCode::UNPROCESSABLE_ENTITY,
            "takes at most 5242880",
        )
        .await;
        refused(
            application(&[
                ("a1", "nachweis", "application/pdf", 100),
                ("a1", "nachweis", "application/pdf", 100),
            ]),
            StatusCode::UNPROCESSABLE_ENTITY,
            "twice",
        )
        .await;
        let four: Vec<(String, &str, &str, u64)> = (0..4)
            .map(|i| (format!("a{i}"), "nachweis", "application/pdf", 10))
            .collect();
        let four: Vec<(&str, &str, &str, u64)> = four
            .iter()
            .map(|(a, b, c, d)| (a.as_str(), *b, *c, *d))
            .collect();
        refused(
            application(&four),
            StatusCode::UNPROCESSABLE_ENTITY,
            "4 files, but this form takes at most 3",
        )
        .await;
        // Many tiny files: refused before they are compared with each other.
        let many: Vec<String> = (0..5000).map(|i| format!("m{i}")).collect();
        let many: Vec<(&str, &str, &str, u64)> = many
            .iter()
            .map(|id| (id.as_str(), "nachweis", "application/pdf", 1))
            .collect();
        refused(
            application(&many),
            StatusCode::UNPROCESSABLE_ENTITY,
            "5000 files, but this form takes at most 3",
        )
        .await;
        // A declared size the ciphertext does not have.
        let mut lying = application(&[("a1", "nachweis", "application/pdf", 100)]);
        lying["attachments"][0]["size"] = json!(99);
        refused(
            lying,
            StatusCode::UNPROCESSABLE_ENTITY,
            "but 99 were declared",
        )
        .await;
        refused(
            json!({ "payload": jwe("another-key", 10) }),
            StatusCode::UNPROCESSABLE_ENTITY,
            "another-key",
        )
        .await;
        refused(
            json!({ "payload": "not.a.jwe" }),
            StatusCode::UNPROCESSABLE_ENTITY,
            "compact serialization",
        )
        .await;
        refused(
            json!({ "payload": jwe(KID, 10), "answers": {} }),
            StatusCode::BAD_REQUEST,
            "unknown field",
        )
        .await;
        refused(json!([1, 2]), StatusCode::BAD_REQUEST, "the body").await;
        // Larger than any application of this form can be.
        let huge = json!({ "payload": "x".repeat(40 * 1024 * 1024) });
        refused(
            huge,
            StatusCode::PAYLOAD_TOO_LARGE,
            "more than an application",
        )
        .await;

        let (status, _) = post(
            &s.app,
            "unbekannt_1_p2_0000.ffp",
            Some("refused-key-1"),
            "{}",
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _) = post(&s.app, "../../etc/passwd", Some("refused-key-1"), "{}").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, answer) = post(&s.app, &s.form, None, &application(&[]).to_string()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
        assert_eq!(
            db::count(&s.pool).await.expect("counted"),
            0,
            "{url}: nothing stored"
        );
    }
}

#[tokio::test]
async fn limits_per_client_and_a_server_without_a_key_say_so() {
    let dir = temp_dir("limits");
    let url = databases("limits", &dir.0).remove(0);
    let s = setup("limits", &url, temp_dir("limits-a"), 2, true).await;
    let body = application(&[]).to_string();
    for i in 0..2 {
        let (status, _) = post(&s.app, &s.form, Some(&format!("limit-key-{i:03}")), &body).await;
        assert_eq!(status, StatusCode::CREATED);
    }
    let (status, _) = post(&s.app, &s.form, Some("limit-key-999"), &body).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);

    let url = format!("sqlite://{}?mode=rwc", dir.0.join("nokey.db").display());
    let s = setup("nokey", &url, temp_dir("limits-b"), 100, false).await;
    let (status, answer) = post(&s.app, &s.form, Some("nokey-key-01"), &body).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{answer}");
}

#[tokio::test]
async fn only_the_configured_portals_may_send_from_their_pages() {
    let dir = temp_dir("cors");
    let url = databases("cors", &dir.0).remove(0);
    let s = setup("cors", &url, temp_dir("cors-a"), 100, true).await;
    let preflight = |origin: &str| {
        Request::builder()
            .method("OPTIONS")
            .uri(format!("/api/intake/{}", s.form))
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header(
                "access-control-request-headers",
                "content-type,idempotency-key",
            )
            .body(Body::empty())
            .expect("a request")
    };
    let allowed = s
        .app
        .clone()
        .oneshot(preflight("https://www.kiel.de"))
        .await
        .expect("answered");
    assert_eq!(
        allowed
            .headers()
            .get("access-control-allow-origin")
            .and_then(|v| v.to_str().ok()),
        Some("https://www.kiel.de")
    );
    let other = s
        .app
        .clone()
        .oneshot(preflight("https://evil.example"))
        .await
        .expect("answered");
    assert!(other.headers().get("access-control-allow-origin").is_none());
}

#[tokio::test]
async fn a_database_that_is_down_answers_503_and_the_retry_arrives_once() {
    let dir = temp_dir("down");
    let url = databases("down", &dir.0).remove(0);
    let s = setup("down", &url, temp_dir("down-a"), 100, true).await;
    let body = application(&[]).to_string();
    s.pool.close().await;
    let (status, answer) = post(&s.app, &s.form, Some("down-key-0001"), &body).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{answer}");

    // The database is back (a new pool on the same file): the retry with the same key
    // is stored, once.
    let pool = db::connect(&url).await.expect("back");
    let state = Arc::new(AppState {
        pool: pool.clone(),
        forms: Forms::new(s._dir.0.clone()),
        limiter: Limiter::new(100),
        sign_ins: Limiter::new(server::SIGN_INS_PER_MINUTE),
        clock: fixed_now,
    });
    let app = router(state, &[]).layer(MockConnectInfo(SocketAddr::from(([10, 0, 0, 7], 40000))));
    for _ in 0..2 {
        let (status, answer) = post(&app, &s.form, Some("down-key-0001"), &body).await;
        assert_eq!(status, StatusCode::CREATED, "{answer}");
        assert_eq!(answer["reference"], reference(1));
    }
    assert_eq!(db::count(&pool).await.expect("counted"), 1);
}
