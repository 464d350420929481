//! A small HTTP server for `dist/`: the designer, the runtime bundle, the example forms
//! and the embed demo, plus a test receiver for submissions at `/api/submissions`; with
//! `cargo xtask run` and the browser tests, formfabrik-server's paths (`/api/intake/…`,
//! `/api/session`, `/api/clerk/…`, `/api/admin/…`) go to it (one origin for all).
//!
//! Local use only (it binds 127.0.0.1). The embed demo is served with the strict
//! Content-Security-Policy municipal portals use, so the runtime is always run under it.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::Result;

pub const STRICT_CSP: &str =
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";

/// Received submissions by idempotency key, in arrival order.
#[derive(Default)]
struct Receiver {
    by_key: HashMap<String, String>,
    stored: Vec<serde_json::Value>,
    /// Keys whose first attempt at the flaky endpoint has failed already.
    failed_once: std::collections::HashSet<String>,
}

/// The port of the formfabrik-server that its paths are passed to, when one runs.
static SERVER: std::sync::OnceLock<u16> = std::sync::OnceLock::new();

/// What formfabrik-server answers: the intake, sessions, the clerks' and admins' API.
const SERVER_PATHS: [&str; 4] = ["/api/intake/", "/api/session", "/api/clerk/", "/api/admin/"];

/// Passes formfabrik-server's paths to the one on `port` from now on.
pub fn pass_to_server(port: u16) {
    let _ = SERVER.set(port);
}

pub fn serve(dist: &Path, port: u16) -> Result {
    let listener =
        TcpListener::bind(("127.0.0.1", port)).map_err(|e| format!("port {port}: {e}"))?;
    println!("Formfabrik läuft / is running:");
    println!("  Designer:        http://127.0.0.1:{port}/");
    println!("  Einbettungsdemo: http://127.0.0.1:{port}/embed-demo.html");
    println!("  Runtime:         http://127.0.0.1:{port}/runtime/formfabrik-runtime.js");
    accept(listener, dist.to_path_buf());
    Ok(())
}

/// Serves on a free port in a background thread; returns the port.
pub fn start_background(dist: &Path) -> Result<u16> {
    let listener = TcpListener::bind(("127.0.0.1", 0)).map_err(|e| e.to_string())?;
    let port = listener.local_addr().map_err(|e| e.to_string())?.port();
    let dist = dist.to_path_buf();
    std::thread::spawn(move || accept(listener, dist));
    Ok(port)
}

fn accept(listener: TcpListener, dist: PathBuf) {
    let receiver = Arc::new(Mutex::new(Receiver::default()));
    for stream in listener.incoming().flatten() {
        let dist = dist.clone();
        let receiver = Arc::clone(&receiver);
        std::thread::spawn(move || {
            if let Err(error) = handle(stream, &dist, &receiver) {
                eprintln!("server: {error}");
            }
        });
    }
}

struct Request {
    method: String,
    path: String,
    headers: HashMap<String, String>,
    body: Vec<u8>,
}

fn read_request(stream: &mut TcpStream) -> std::io::Result<Request> {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or_default().to_string();
    let path = parts.next().unwrap_or("/").to_string();
    let mut headers = HashMap::new();
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            headers.insert(name.trim().to_ascii_lowercase(), value.trim().to_string());
        }
    }
    let length: usize = headers
        .get("content-length")
        .and_then(|l| l.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; length.min(50 * 1024 * 1024)];
    reader.read_exact(&mut body)?;
    Ok(Request {
        method,
        path,
        headers,
        body,
    })
}

/// Passes `request` to the server on `port` and its answer back, as it comes.
fn pass_on(stream: &mut TcpStream, request: &Request, port: u16) -> std::io::Result<()> {
    let Ok(mut upstream) = TcpStream::connect(("127.0.0.1", port)) else {
        return respond(
            stream,
            "502 Bad Gateway",
            "text/plain",
            &[],
            b"formfabrik-server is not running",
        );
    };
    let mut head = format!(
        "{} {} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: {}\r\nConnection: close\r\n",
        request.method,
        request.path,
        request.body.len()
    );
    for name in [
        "content-type",
        "idempotency-key",
        "cookie",
        "x-csrf-token",
        "origin",
        "access-control-request-method",
        "access-control-request-headers",
    ] {
        if let Some(value) = request.headers.get(name) {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
    }
    head.push_str("\r\n");
    upstream.write_all(head.as_bytes())?;
    upstream.write_all(&request.body)?;
    std::io::copy(&mut upstream, stream)?;
    Ok(())
}

fn respond(
    stream: &mut TcpStream,
    status: &str,
    content_type: &str,
    extra: &[(&str, &str)],
    body: &[u8],
) -> std::io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n",
        body.len()
    );
    for (name, value) in extra {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    stream.write_all(body)
}

fn handle(mut stream: TcpStream, dist: &Path, receiver: &Mutex<Receiver>) -> std::io::Result<()> {
    let request = read_request(&mut stream)?;
    let path = request.path.split('?').next().unwrap_or("/").to_string();
    let for_server = SERVER_PATHS.iter().any(|p| path.starts_with(p));
    if let (true, Some(port)) = (for_server, SERVER.get()) {
        return pass_on(&mut stream, &request, *port);
    }
    if path == "/api/submissions" {
        return submissions(&mut stream, &request, receiver);
    }
    // For tests of the retry: the first attempt of every application fails with 503.
    if path == "/api/flaky-submissions" {
        let key = request
            .headers
            .get("idempotency-key")
            .cloned()
            .unwrap_or_default();
        let first_attempt = {
            let mut receiver = match receiver.lock() {
                Ok(guard) => guard,
                Err(poisoned) => poisoned.into_inner(),
            };
            receiver.failed_once.insert(key)
        };
        if first_attempt && request.method == "POST" {
            return respond(
                &mut stream,
                "503 Service Unavailable",
                "application/json",
                &[],
                br#"{"error":"try again"}"#,
            );
        }
        return submissions(&mut stream, &request, receiver);
    }
    if path == "/api/publish" && request.method == "POST" {
        return publish(&mut stream, &request, request.path.ends_with("?preview"));
    }
    if request.method != "GET" && request.method != "HEAD" {
        return respond(
            &mut stream,
            "405 Method Not Allowed",
            "text/plain",
            &[],
            b"method not allowed",
        );
    }
    let Some(file) = resolve(dist, &path) else {
        return respond(
            &mut stream,
            "404 Not Found",
            "text/plain; charset=utf-8",
            &[],
            b"nicht gefunden / not found",
        );
    };
    let body = std::fs::read(&file)?;
    let csp: &[(&str, &str)] = if path.ends_with("embed-demo.html") {
        &[("Content-Security-Policy", STRICT_CSP)]
    } else {
        &[]
    };
    respond(&mut stream, "200 OK", content_type(&file), csp, &body)
}

/// For tests: publishes the definition in the body (as `formfabrik publish` does; with
/// `?preview` even with errors, as the designer's preview does) and answers with the
/// published form, or 422 and the problems.
fn publish(stream: &mut TcpStream, request: &Request, preview: bool) -> std::io::Result<()> {
    let text = String::from_utf8_lossy(&request.body);
    let published = authoring::load::load_form(&text)
        .map_err(|e| vec![e.message().en.unwrap_or_default()])
        .and_then(|form| {
            if preview {
                Ok(authoring::publish::encode(
                    &authoring::compile::analyze(form).0,
                ))
            } else {
                authoring::publish::publish(form, &[]).map_err(|problems| {
                    problems
                        .iter()
                        .map(|p| p.render(engine::Lang::En))
                        .collect()
                })
            }
        });
    match published {
        Ok(publication) => respond(
            stream,
            "200 OK",
            "application/octet-stream",
            &[],
            &publication.bytes,
        ),
        Err(problems) => respond(
            stream,
            "422 Unprocessable Entity",
            "application/json",
            &[],
            serde_json::json!({ "problems": problems })
                .to_string()
                .as_bytes(),
        ),
    }
}

/// A file under `dist` for a URL path; `..` and absolute components are refused.
fn resolve(dist: &Path, url_path: &str) -> Option<PathBuf> {
    let relative = Path::new(url_path.trim_start_matches('/'));
    if relative
        .components()
        .any(|c| !matches!(c, Component::Normal(_)))
    {
        return None;
    }
    let mut file = dist.join(relative);
    if file.is_dir() {
        file = file.join("index.html");
    }
    file.is_file().then_some(file)
}

fn content_type(file: &Path) -> &'static str {
    match file
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
    {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json; charset=utf-8",
        "wasm" => "application/wasm",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ttf" => "font/ttf",
        _ => "application/octet-stream",
    }
}

/// The payload of a POST: the JSON body, or with files the multipart part `payload`;
/// the files' parts are noted in `_received_files` (id, name, size) for the tests.
fn received_payload(request: &Request) -> std::result::Result<serde_json::Value, String> {
    let content_type = request
        .headers
        .get("content-type")
        .map(String::as_str)
        .unwrap_or_default();
    let Some(boundary) = content_type
        .strip_prefix("multipart/form-data")
        .and_then(|rest| rest.split_once("boundary="))
        .map(|(_, b)| b.trim_matches('"'))
    else {
        return serde_json::from_slice(&request.body).map_err(|e| e.to_string());
    };
    let parts = multipart(&request.body, boundary);
    let payload = parts
        .iter()
        .find(|p| p.name == "payload")
        .ok_or("no payload part")?;
    let mut payload: serde_json::Value =
        serde_json::from_slice(&payload.body).map_err(|e| e.to_string())?;
    let files: Vec<serde_json::Value> = parts
        .iter()
        .filter(|p| p.name != "payload")
        .map(|p| serde_json::json!({ "id": p.name, "name": p.filename, "size": p.body.len() }))
        .collect();
    payload["_received_files"] = serde_json::Value::Array(files);
    Ok(payload)
}

struct Part {
    name: String,
    filename: String,
    body: Vec<u8>,
}

/// The parts of a multipart/form-data body (RFC 7578), enough for the test receiver.
fn multipart(body: &[u8], boundary: &str) -> Vec<Part> {
    let delimiter = format!("--{boundary}").into_bytes();
    let mut starts = Vec::new();
    let mut at = 0;
    while let Some(found) = find(&body[at..], &delimiter) {
        starts.push(at + found);
        at += found + delimiter.len();
    }
    starts
        .windows(2)
        .filter_map(|pair| {
            // Between "--boundary\r\n" and the "\r\n" before the next delimiter.
            let part = body.get(pair[0] + delimiter.len() + 2..pair[1].checked_sub(2)?)?;
            let split = find(part, b"\r\n\r\n")?;
            let head = String::from_utf8_lossy(&part[..split]);
            let disposition = head
                .lines()
                .find(|l| l.to_ascii_lowercase().starts_with("content-disposition"))?;
            let value = |key: &str| {
                disposition
                    .split(';')
                    .filter_map(|p| p.trim().strip_prefix(key))
                    .map(|v| v.trim_matches('"').to_string())
                    .next()
                    .unwrap_or_default()
            };
            Some(Part {
                name: value("name="),
                filename: value("filename="),
                body: part[split + 4..].to_vec(),
            })
        })
        .collect()
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The test receiver: POST stores a payload once per `Idempotency-Key` and answers with
/// a reference number; GET lists what arrived (for end-to-end tests).
fn submissions(
    stream: &mut TcpStream,
    request: &Request,
    receiver: &Mutex<Receiver>,
) -> std::io::Result<()> {
    let mut receiver = match receiver.lock() {
        Ok(guard) => guard,
        Err(poisoned) => poisoned.into_inner(),
    };
    match request.method.as_str() {
        "GET" => {
            let body = serde_json::to_vec(&receiver.stored).unwrap_or_default();
            respond(stream, "200 OK", "application/json", &[], &body)
        }
        "POST" => {
            let Ok(payload) = received_payload(request) else {
                return respond(
                    stream,
                    "400 Bad Request",
                    "application/json",
                    &[],
                    br#"{"error":"invalid JSON"}"#,
                );
            };
            let key = request
                .headers
                .get("idempotency-key")
                .cloned()
                .unwrap_or_default();
            let reference = match receiver.by_key.get(&key).filter(|_| !key.is_empty()) {
                Some(existing) => existing.clone(),
                None => {
                    let reference = format!("FF-{:06}", receiver.stored.len() + 1);
                    receiver.stored.push(payload);
                    receiver.by_key.insert(key, reference.clone());
                    reference
                }
            };
            let body = serde_json::json!({ "reference": reference });
            respond(
                stream,
                "201 Created",
                "application/json",
                &[],
                body.to_string().as_bytes(),
            )
        }
        _ => respond(
            stream,
            "405 Method Not Allowed",
            "text/plain",
            &[],
            b"method not allowed",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::multipart;

    #[test]
    fn reads_the_parts_of_a_multipart_body() {
        let body = b"--XY\r\nContent-Disposition: form-data; name=\"payload\"; filename=\"payload.json\"\r\nContent-Type: application/json\r\n\r\n{\"a\":1}\r\n--XY\r\nContent-Disposition: form-data; name=\"f1\"; filename=\"a.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF\r\n\r\n--XY--\r\n";
        let parts = multipart(body, "XY");
        let summary: Vec<(&str, &str, &[u8])> = parts
            .iter()
            .map(|p| (p.name.as_str(), p.filename.as_str(), p.body.as_slice()))
            .collect();
        assert_eq!(
            summary,
            [
                ("payload", "payload.json", &b"{\"a\":1}"[..]),
                ("f1", "a.pdf", &b"%PDF\r\n"[..])
            ]
        );
    }
}
