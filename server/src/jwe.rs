//! What the server can check of a JWE it cannot read: the compact serialization's
//! shape (five base64url parts), the protected header (FIT-Connect's profile:
//! `alg` RSA-OAEP-256, `enc` A256GCM, the key id the server knows), the sizes of the
//! AES-GCM nonce and tag, and the length of the ciphertext, which for AES-GCM is the
//! length of the plaintext: a declared file size cannot lie.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

/// Why a JWE is refused; said to the sender in plain words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JweError {
    Shape,
    Header(String),
    WrongKey { expected: String, found: String },
    Length { declared: u64, actual: u64 },
}

impl std::fmt::Display for JweError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            JweError::Shape => write!(
                f,
                "not a JWE in compact serialization (five base64url parts)"
            ),
            JweError::Header(why) => write!(f, "JWE header: {why}"),
            JweError::WrongKey { expected, found } => write!(
                f,
                "encrypted for the key \"{found}\", but this server's key is \"{expected}\""
            ),
            JweError::Length { declared, actual } => write!(
                f,
                "the ciphertext holds {actual} bytes, but {declared} were declared"
            ),
        }
    }
}

/// A public key as applications are encrypted for it: a JWK of an RSA key of at least
/// 2048 bits, `alg` RSA-OAEP-256, with a `kid`, and no private part. Returns the kid
/// and the JWK as it is to be stored.
pub fn public_key(text: &str) -> Result<(String, String), String> {
    let jwk: serde_json::Value =
        serde_json::from_str(text).map_err(|e| format!("the key is not JSON: {e}"))?;
    let field = |name: &str| jwk.get(name).and_then(serde_json::Value::as_str);
    if field("kty") != Some("RSA") || field("alg") != Some("RSA-OAEP-256") {
        return Err("a public RSA key with alg RSA-OAEP-256 is needed".into());
    }
    if jwk.get("d").is_some() || jwk.get("p").is_some() {
        return Err("this is a private key: register the public key only".into());
    }
    let modulus = field("n")
        .and_then(|n| URL_SAFE_NO_PAD.decode(n).ok())
        .unwrap_or_default();
    let bits = modulus.iter().skip_while(|&&b| b == 0).count() * 8;
    if bits < 2048 || field("e").is_none() {
        return Err(format!(
            "the key's modulus has {bits} bits; at least 2048 are needed"
        ));
    }
    let kid = field("kid")
        .filter(|k| !k.is_empty() && k.len() <= 200)
        .ok_or("the key needs a kid (at most 200 characters)")?;
    Ok((kid.to_string(), jwk.to_string()))
}

/// The checked parts of a JWE.
#[derive(Debug)]
pub struct Checked {
    /// Bytes of plaintext the ciphertext holds (AES-GCM keeps the length).
    pub plaintext_len: u64,
}

/// Checks `jwe` and that it is encrypted for the key `kid`.
pub fn check(jwe: &str, kid: &str) -> Result<Checked, JweError> {
    let parts: Vec<&str> = jwe.split('.').collect();
    let [header, key, iv, ciphertext, tag] = parts[..] else {
        return Err(JweError::Shape);
    };
    let base64url = |part: &str| {
        part.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    };
    if !parts.iter().all(|p| base64url(p)) || key.is_empty() || ciphertext.is_empty() {
        return Err(JweError::Shape);
    }
    // The header is small; anything long is not one.
    if header.len() > 2048 {
        return Err(JweError::Header("too long".into()));
    }
    let decoded = URL_SAFE_NO_PAD
        .decode(header)
        .map_err(|_| JweError::Header("not base64url".into()))?;
    let header: serde_json::Value = serde_json::from_slice(&decoded)
        .map_err(|_| JweError::Header("not a JSON object".into()))?;
    let field = |name: &str| header.get(name).and_then(serde_json::Value::as_str);
    if field("alg") != Some("RSA-OAEP-256") {
        return Err(JweError::Header("alg must be RSA-OAEP-256".into()));
    }
    if field("enc") != Some("A256GCM") {
        return Err(JweError::Header("enc must be A256GCM".into()));
    }
    if field("zip").is_some() {
        return Err(JweError::Header("zip is not allowed".into()));
    }
    let found = field("kid").unwrap_or_default();
    if found != kid {
        return Err(JweError::WrongKey {
            expected: kid.to_string(),
            found: found.to_string(),
        });
    }
    // A 96-bit nonce and a 128-bit tag, as A256GCM has them.
    if iv.len() != 16 || tag.len() != 22 {
        return Err(JweError::Shape);
    }
    Ok(Checked {
        plaintext_len: decoded_len(ciphertext.len() as u64).ok_or(JweError::Shape)?,
    })
}

/// Bytes that `chars` base64url characters without padding decode to; `None` for a
/// length no encoding has.
fn decoded_len(chars: u64) -> Option<u64> {
    match chars % 4 {
        1 => None,
        rest => Some(chars / 4 * 3 + rest.saturating_sub(1)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b64(bytes: &[u8]) -> String {
        URL_SAFE_NO_PAD.encode(bytes)
    }

    fn jwe(header: &str, plaintext_len: usize) -> String {
        format!(
            "{}.{}.{}.{}.{}",
            b64(header.as_bytes()),
            b64(&[7; 512]),
            b64(&[1; 12]),
            b64(&vec![9; plaintext_len]),
            b64(&[2; 16])
        )
    }

    const GOOD: &str = r#"{"alg":"RSA-OAEP-256","enc":"A256GCM","kid":"k1"}"#;

    #[test]
    fn accepts_fit_connects_profile_and_knows_the_plaintext_length() {
        for len in [1, 2, 3, 4, 1000, 1001, 1002] {
            let checked = check(&jwe(GOOD, len), "k1").expect("a good JWE");
            assert_eq!(checked.plaintext_len, len as u64);
        }
    }

    #[test]
    fn refuses_what_is_not_fit_connects_profile() {
        let refused = |jwe: &str| check(jwe, "k1").expect_err(jwe);
        assert_eq!(refused("a.b.c.d"), JweError::Shape);
        assert_eq!(refused("a.b.c.d.e.f"), JweError::Shape);
        assert_eq!(refused(&jwe(GOOD, 10).replace('.', ".!")), JweError::Shape);
        assert!(matches!(
            refused(&jwe(r#"{"alg":"RSA1_5","enc":"A256GCM","kid":"k1"}"#, 10)),
            JweError::Header(_)
        ));
        assert!(matches!(
            refused(&jwe(
                r#"{"alg":"RSA-OAEP-256","enc":"A128CBC-HS256","kid":"k1"}"#,
                10
            )),
            JweError::Header(_)
        ));
        assert!(matches!(
            refused(&jwe(
                r#"{"alg":"RSA-OAEP-256","enc":"A256GCM","kid":"k1","zip":"DEF"}"#,
                10
            )),
            JweError::Header(_)
        ));
        assert!(matches!(refused(&jwe("[1]", 10)), JweError::Header(_)));
        assert_eq!(
            refused(&jwe(
                r#"{"alg":"RSA-OAEP-256","enc":"A256GCM","kid":"old"}"#,
                10
            )),
            JweError::WrongKey {
                expected: "k1".into(),
                found: "old".into()
            }
        );
        // A nonce of another size.
        let parts: Vec<String> = jwe(GOOD, 10).split('.').map(str::to_string).collect();
        let odd = format!(
            "{}.{}.{}.{}.{}",
            parts[0],
            parts[1],
            b64(&[1; 16]),
            parts[3],
            parts[4]
        );
        assert_eq!(refused(&odd), JweError::Shape);
    }
}
