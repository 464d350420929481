//! The real server process killed while applications arrive: every application the
//! portal retries after the restart (same Idempotency-Key, same body) is stored exactly
//! once, and an application answered 201 before the kill keeps its reference. SQLite
//! always, PostgreSQL when the test command started one.

use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;
mod support;

use server::db;
use support::{databases, jwe, own_database, publish_example, raw_post, temp_dir};

const APPLICATIONS: usize = 60;
const FILE_BYTES: usize = 256 * 1024;

/// The server binary on a free port; killed when dropped.
struct Running {
    child: Child,
    addr: SocketAddr,
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn start(url: &str, forms: &std::path::Path) -> Running {
    let addr = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port");
    let child = Running {
        child: Command::new(env!("CARGO_BIN_EXE_formfabrik-server"))
            .env("DATABASE_URL", url)
            .env("FORMFABRIK_LISTEN", addr.to_string())
            .env("FORMFABRIK_FORMS", forms)
            .env("FORMFABRIK_PER_MINUTE", "1000000")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("the server starts"),
        addr,
    };
    for _ in 0..200 {
        if tokio::net::TcpStream::connect(addr).await.is_ok() {
            return child;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the server did not listen on {addr}");
}

#[tokio::test]
async fn a_server_killed_while_receiving_stores_each_retried_application_once() {
    let dir = temp_dir("crash");
    for url in databases("crash", &dir.0) {
        let url = own_database(&url, "crash").await;
        let pool = db::connect(&url).await.expect("opens");
        db::add_key(&pool, "kid-1", "{}", 0, None)
            .await
            .expect("key");
        let forms = temp_dir(&format!("crash-forms-{}", url.len()));
        let file = publish_example(&forms.0);
        let path = Arc::new(format!("/api/intake/{file}"));
        let body = Arc::new(format!(
            r#"{{"payload":"{}","attachments":[{{"id":"a1","field":"nachweis","media_type":"application/pdf","size":{FILE_BYTES},"content":"{}"}}]}}"#,
            jwe("kid-1", 2048),
            jwe("kid-1", FILE_BYTES)
        ));

        let server = start(&url, &forms.0).await;
        let sent: Vec<_> = (0..APPLICATIONS)
            .map(|n| {
                let (addr, path, body) = (server.addr, Arc::clone(&path), Arc::clone(&body));
                tokio::spawn(
                    async move { raw_post(addr, &path, &format!("crash-{n:04}"), &body).await },
                )
            })
            .collect();
        // Killed (SIGKILL: no graceful ending) once some are stored and others on the way.
        for _ in 0..400 {
            if db::count(&pool).await.expect("counted") >= 5 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        drop(server);
        let stored = db::count(&pool).await.expect("counted");
        let mut before = Vec::new();
        for answer in sent {
            before.push(match answer.await.expect("ran") {
                Ok((201, body)) => Some(body),
                _ => None,
            });
        }
        let answered = before.iter().filter(|b| b.is_some()).count();
        assert!(
            answered < APPLICATIONS,
            "{url}: the kill came too late to test anything"
        );

        // The portal retries what was not answered, and a careful one all of it.
        let server = start(&url, &forms.0).await;
        let mut references = Vec::new();
        for (n, earlier) in before.iter().enumerate() {
            let (status, reply) = raw_post(server.addr, &path, &format!("crash-{n:04}"), &body)
                .await
                .expect("answered after the restart");
            assert_eq!(status, 201, "{url}: {reply}");
            if let Some(earlier) = earlier {
                assert_eq!(
                    &reply, earlier,
                    "{url}: a retry gets the reference given before"
                );
            }
            let reply: Value = serde_json::from_str(&reply).expect("json");
            references.push(
                reply["reference"]
                    .as_str()
                    .expect("a reference")
                    .to_string(),
            );
        }
        references.sort();
        references.dedup();
        assert_eq!(references.len(), APPLICATIONS, "{url}: one reference each");
        assert_eq!(
            db::count(&pool).await.expect("counted"),
            APPLICATIONS as i64,
            "{url}: none lost, none twice"
        );
        println!("{url}: {stored} stored and {answered} answered of {APPLICATIONS} when killed; all stored once after the retries");
    }
}
