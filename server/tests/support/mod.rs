//! What the intake's tests and its load test both need: a fixed clock, the dog tax form
//! published into a folder, and JWEs shaped as the browser makes them.

use std::path::Path;

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
