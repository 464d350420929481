//! Load test of the intake (prints figures, asserts what must hold): 1,000 applications
//! with a file each from 50 concurrent clients over loopback, against SQLite and, when
//! `FORMFABRIK_TEST_POSTGRES` names one, PostgreSQL; every fifth application is sent
//! twice (a retry). None may be lost, none stored twice. Prints throughput and the 95th
//! percentile of the answer time. Run by `cargo xtask bench`.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use server::{db, forms::Forms, router, AppState, Limiter};

#[path = "../tests/support/mod.rs"]
mod support;
use support::{fixed_now, jwe, publish_example};

const APPLICATIONS: usize = 1000;
const CLIENTS: usize = 50;
const FILE_BYTES: usize = 64 * 1024;
const KID: &str = "last-1";

async fn post(addr: SocketAddr, path: &str, key: &str, body: &str) -> (u16, String) {
    support::raw_post(addr, path, key, body)
        .await
        .expect("answered")
}

async fn run(url: &str, label: &str) {
    let dir = std::env::temp_dir().join(format!("formfabrik-load-{}-{label}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a temp dir");
    let url = url.replace("{dir}", &dir.display().to_string());
    let pool = db::connect(&url).await.expect("the database opens");
    db::add_key(&pool, KID, "{}", 0, None).await.expect("key");
    let file = publish_example(&dir);
    let state = Arc::new(AppState {
        pool: pool.clone(),
        forms: Forms::new(dir.clone()),
        limiter: Limiter::new(u32::MAX),
        sign_ins: Limiter::new(server::SIGN_INS_PER_MINUTE),
        clock: fixed_now,
    });
    let app = router(state, &[]);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a port");
    let addr = listener.local_addr().expect("an address");
    tokio::spawn(async move {
        let _ = axum::serve(
            listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await;
    });
    let body = format!(
        r#"{{"payload":"{}","attachments":[{{"id":"a1","field":"nachweis","media_type":"application/pdf","size":{FILE_BYTES},"content":"{}"}}]}}"#,
        jwe(KID, 2048),
        jwe(KID, FILE_BYTES)
    );
    let body = Arc::new(body);
    let path = Arc::new(format!("/api/intake/{file}"));
    let started = Instant::now();
    let mut clients = Vec::new();
    for client in 0..CLIENTS {
        let (body, path) = (Arc::clone(&body), Arc::clone(&path));
        clients.push(tokio::spawn(async move {
            let mut answers = Vec::new();
            for n in (client..APPLICATIONS).step_by(CLIENTS) {
                let key = format!("load-{n:06}");
                let tries = if n % 5 == 0 { 2 } else { 1 };
                for _ in 0..tries {
                    let sent = Instant::now();
                    let (status, reply) = post(addr, &path, &key, &body).await;
                    answers.push((key.clone(), status, reply, sent.elapsed()));
                }
            }
            answers
        }));
    }
    let mut answers = Vec::new();
    for client in clients {
        answers.extend(client.await.expect("ran"));
    }
    let elapsed = started.elapsed();
    assert!(
        answers.iter().all(|(_, status, _, _)| *status == 201),
        "{label}: not all answered 201: {:?}",
        answers.iter().find(|(_, s, _, _)| *s != 201)
    );
    let mut references: Vec<(String, String)> = answers
        .iter()
        .map(|(key, _, reply, _)| (key.clone(), reply.clone()))
        .collect();
    references.sort();
    references.dedup();
    assert_eq!(
        references.len(),
        APPLICATIONS,
        "{label}: a retry got another answer"
    );
    let stored = db::count(&pool).await.expect("counted");
    assert_eq!(
        stored, APPLICATIONS as i64,
        "{label}: none lost, none twice"
    );
    let mut times: Vec<Duration> = answers.iter().map(|(_, _, _, t)| *t).collect();
    times.sort();
    let p95 = times[times.len() * 95 / 100];
    println!(
        "Intake on {label}: {} requests ({APPLICATIONS} applications with a {} KB file, every fifth retried) from {CLIENTS} clients in {:.2} s: {:.0} applications/s, 95th percentile {:.1} ms; stored {stored}, none lost, none twice",
        answers.len(),
        FILE_BYTES / 1024,
        elapsed.as_secs_f64(),
        APPLICATIONS as f64 / elapsed.as_secs_f64(),
        p95.as_secs_f64() * 1000.0
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::main]
async fn main() {
    run("sqlite://{dir}/load.db?mode=rwc", "SQLite").await;
    match std::env::var("FORMFABRIK_TEST_POSTGRES") {
        Ok(url) if !url.is_empty() => {
            // A database of its own, empty.
            sqlx::any::install_default_drivers();
            let admin = sqlx::AnyPool::connect(&url).await.expect("PostgreSQL");
            let name = format!("formfabrik_load_{}", std::process::id());
            sqlx::query(&format!("DROP DATABASE IF EXISTS {name}"))
                .execute(&admin)
                .await
                .expect("dropped");
            sqlx::query(&format!("CREATE DATABASE {name}"))
                .execute(&admin)
                .await
                .expect("created");
            let base = url
                .rsplit_once('/')
                .map_or(url.as_str(), |(b, _)| b)
                .to_string();
            run(&format!("{base}/{name}"), "PostgreSQL").await;
        }
        _ => println!("Intake on PostgreSQL: not measured (FORMFABRIK_TEST_POSTGRES not set)"),
    }
}
