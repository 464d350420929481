#![allow(dead_code)] // Each test crate and the load benchmark use a part.
//! What the intake's tests and its load test both need: a fixed clock, the dog tax form
//! published into a folder, and JWEs shaped as the browser makes them.

use std::path::{Path, PathBuf};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use server::Now;

/// 1 December 2026, 10:00 in Germany.
pub fn fixed_now() -> Now {
    Now::at(1_796_115_600)
}

/// The reference the `n`-th application gets under the fixed clock: `HUN-2026-000001`.
pub fn reference(n: u32) -> String {
    format!("HUN-{}-{n:06}", fixed_now().year)
}

/// The dog tax form, published into `dir` as a portal would serve it; its file name.
pub fn publish_example(dir: &Path) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let json = std::fs::read_to_string(root.join("public/forms/hundesteuer-anmeldung.json"))
        .expect("the example");
    let form = authoring::load::load_form(&json).expect("loads");
    let publication = authoring::publish::publish(form.clone(), &[]).expect("publishes");
    let file = publication.file_name(&form);
    std::fs::write(dir.join(&file), &publication.bytes).expect("written");
    file
}

fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// A JWE for the key `kid` with `len` bytes of ciphertext, shaped as the browser makes
/// it: the server cannot tell it from a real one, and must not need to.
pub fn jwe(kid: &str, len: usize) -> String {
    let header = format!(r#"{{"alg":"RSA-OAEP-256","enc":"A256GCM","kid":"{kid}"}}"#);
    let ciphertext: Vec<u8> = (0..len).map(|i| (i * 7 + 3) as u8).collect();
    format!(
        "{}.{}.{}.{}.{}",
        b64(header.as_bytes()),
        b64(&[5; 512]),
        b64(&[1; 12]),
        b64(&ciphertext),
        b64(&[2; 16])
    )
}

/// A folder removed when the test ends.
pub struct TempDir(pub PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub fn temp_dir(name: &str) -> TempDir {
    let dir = std::env::temp_dir().join(format!("formfabrik-server-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a temp dir");
    TempDir(dir)
}

/// The databases to test against: a fresh SQLite file, and PostgreSQL when given (a
/// schema of its own per test, so tests do not see each other's rows).
pub fn databases(name: &str, dir: &std::path::Path) -> Vec<String> {
    let mut urls = vec![format!(
        "sqlite://{}?mode=rwc",
        dir.join(format!("{name}.db")).display()
    )];
    match std::env::var("FORMFABRIK_TEST_POSTGRES") {
        Ok(url) if !url.is_empty() => urls.push(url),
        _ => assert!(
            std::env::var("FORMFABRIK_REQUIRE_POSTGRES").as_deref() != Ok("1"),
            "FORMFABRIK_TEST_POSTGRES is not set, but PostgreSQL is required"
        ),
    }
    urls
}

/// For PostgreSQL, a fresh database of the test's own (tests run at the same time).
pub async fn own_database(url: &str, name: &str) -> String {
    if !url.starts_with("postgres") {
        return url.to_string();
    }
    sqlx::any::install_default_drivers();
    let admin = sqlx::AnyPool::connect(url)
        .await
        .expect("PostgreSQL is reachable");
    let database = format!("formfabrik_test_{name}_{}", std::process::id());
    sqlx::query(&format!("DROP DATABASE IF EXISTS {database}"))
        .execute(&admin)
        .await
        .expect("dropped");
    sqlx::query(&format!("CREATE DATABASE {database}"))
        .execute(&admin)
        .await
        .expect("created");
    let base = url.rsplit_once('/').map_or(url, |(base, _)| base);
    format!("{base}/{database}")
}

/// A POST over a plain TCP connection, as a browser sends it (HTTP/1.1, closed after):
/// the status and the body, or the connection's error (a server killed meanwhile).
pub async fn raw_post(
    addr: std::net::SocketAddr,
    path: &str,
    key: &str,
    body: &str,
) -> std::io::Result<(u16, String)> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr).await?;
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nIdempotency-Key: {key}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await?;
    stream.write_all(body.as_bytes()).await?;
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await?;
    let text = String::from_utf8_lossy(&answer).to_string();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = text
        .split("\r\n\r\n")
        .nth(1)
        .unwrap_or_default()
        .to_string();
    Ok((status, body))
}

/// What a route answered: its status, headers and body as JSON (null when it is none).
pub async fn answer(
    response: axum::response::Response,
) -> (
    axum::http::StatusCode,
    axum::http::HeaderMap,
    serde_json::Value,
) {
    use http_body_util::BodyExt;
    let (status, headers) = (response.status(), response.headers().clone());
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("a body")
        .to_bytes();
    let body = serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null);
    (status, headers, body)
}
