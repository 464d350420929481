//! Format checks of single answers: e-mail, IBAN, postal code, phone, DIN SPEC 91379.

/// A plausible e-mail address: `local@domain.tld`, no spaces, a dot in the domain.
pub fn is_email(text: &str) -> bool {
    let Some((local, domain)) = text.rsplit_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && crate::text::find(local, "..").is_none()
        && local
            .chars()
            .all(|c| is_email_letter(c) || "!#$%&'*+-/=?^_`{|}~.".chars().any(|x| x == c));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && domain.len() <= 253
        && labels.iter().all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| is_email_letter(c) || c == '-')
        })
        && labels.last().is_some_and(|tld| {
            tld.chars().count() >= 2 && !tld.chars().all(|c| c.is_ascii_digit())
        });
    local_ok && domain_ok
}

/// Letters and digits of an address: ASCII ones, and any non-ASCII character but
/// spaces, as internationalized addresses (RFC 6531) and domain names allow; std's
/// Unicode letter tables would cost the runtime 2 KB gzip for a plausibility check.
fn is_email_letter(c: char) -> bool {
    c.is_ascii_alphanumeric() || (!c.is_ascii() && !c.is_whitespace())
}

/// An IBAN with a valid ISO 7064 MOD 97-10 checksum; spaces are ignored. German IBANs
/// must have 22 characters.
pub fn is_iban(text: &str) -> bool {
    let iban: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_uppercase();
    if !(15..=34).contains(&iban.len()) || !iban.is_ascii() {
        return false;
    }
    let bytes = iban.as_bytes();
    if !bytes[0].is_ascii_uppercase()
        || !bytes[1].is_ascii_uppercase()
        || !bytes[2].is_ascii_digit()
        || !bytes[3].is_ascii_digit()
    {
        return false;
    }
    if iban.starts_with("DE") && iban.len() != 22 {
        return false;
    }
    let rearranged = iban[4..].bytes().chain(iban[..4].bytes());
    let mut remainder: u32 = 0;
    for byte in rearranged {
        let value = match byte {
            b'0'..=b'9' => u32::from(byte - b'0'),
            b'A'..=b'Z' => u32::from(byte - b'A') + 10,
            _ => return false,
        };
        remainder = if value >= 10 {
            (remainder * 100 + value) % 97
        } else {
            (remainder * 10 + value) % 97
        };
    }
    remainder == 1
}

/// A German postal code: five digits, 01001 to 99998.
pub fn is_postal_code_de(text: &str) -> bool {
    text.len() == 5
        && text.bytes().all(|b| b.is_ascii_digit())
        && !text.starts_with("00")
        && text != "99999"
}

/// A phone number as people write it: digits with spaces, `+`, `/`, `-`, `(`, `)`;
/// 6 to 15 digits (E.164 allows 15), `+` only at the start.
pub fn is_phone(text: &str) -> bool {
    let trimmed = text.trim();
    let digits = trimmed.chars().filter(char::is_ascii_digit).count();
    let allowed = trimmed.char_indices().all(|(i, c)| {
        c.is_ascii_digit() || matches!(c, ' ' | '/' | '-' | '(' | ')') || (c == '+' && i == 0)
    });
    allowed && (6..=15).contains(&digits)
}

/// Whether every character belongs to DIN SPEC 91379's String.Latin+ (the characters
/// German administrations exchange in names and addresses: groups A to E, normative).
/// Combining marks are accepted only after a base letter, as in the standard's
/// sequences.
pub fn is_latin_din91379(text: &str) -> bool {
    first_non_latin(text).is_none()
}

/// The first character that is not allowed, for the error message. One pass: this runs
/// on every keystroke in a checked field.
pub fn first_non_latin(text: &str) -> Option<char> {
    let mut previous_is_letter = false;
    for c in text.chars() {
        let code = c as u32;
        if is_combining_mark(code) {
            if !previous_is_letter {
                return Some(c);
            }
            continue;
        }
        if !is_latin_base(code) {
            return Some(c);
        }
        previous_is_letter = is_latin_letter(c);
    }
    None
}

/// Whether a character of the Latin set below is a letter (as Unicode's `Alphabetic`
/// says, without its tables): all of the set from U+00F8 on is, but the euro sign.
fn is_latin_letter(c: char) -> bool {
    c.is_ascii_alphabetic()
        || matches!(c as u32, 0xAA | 0xB5 | 0xBA | 0xC0..=0xD6 | 0xD8..=0xF6 | 0xF8..=0x20AB)
}

fn is_combining_mark(code: u32) -> bool {
    matches!(code, 0x0300..=0x0304 | 0x0306..=0x0308 | 0x030A..=0x030C | 0x0323 | 0x0326..=0x0328 | 0x0331 | 0x0335)
}

fn is_latin_base(code: u32) -> bool {
    matches!(
        code,
        0x0020..=0x007E
            | 0x00A0..=0x017F
            | 0x0187..=0x0188
            | 0x018F
            | 0x0192
            | 0x01A0..=0x01A1
            | 0x01AF..=0x01B0
            | 0x01B7
            | 0x01CD..=0x01DC
            | 0x01DE..=0x01DF
            | 0x01E2..=0x01F0
            | 0x01F4..=0x01F5
            | 0x01F8..=0x01FF
            | 0x0212..=0x0213
            | 0x0218..=0x021B
            | 0x021E..=0x021F
            | 0x0227..=0x0233
            | 0x0259
            | 0x0292
            | 0x02B9..=0x02BA
            | 0x02BE..=0x02BF
            | 0x02C8
            | 0x02CC
            | 0x1E02..=0x1E03
            | 0x1E0A..=0x1E11
            | 0x1E1E..=0x1E21
            | 0x1E24..=0x1E27
            | 0x1E2A..=0x1E2B
            | 0x1E30..=0x1E31
            | 0x1E40..=0x1E41
            | 0x1E44..=0x1E45
            | 0x1E56..=0x1E57
            | 0x1E60..=0x1E63
            | 0x1E6A..=0x1E6B
            | 0x1E80..=0x1E85
            | 0x1E8C..=0x1E93
            | 0x1E9E
            | 0x1EA0..=0x1EF9
            | 0x20AC
    ) && !matches!(code, 0x00AD)
}

#[cfg(test)]
#[allow(clippy::disallowed_methods)] // The tests compare with std.
mod tests {
    use super::*;

    #[test]
    fn checks_email() {
        for good in [
            "info@stadt-musterhausen.de",
            "a.b+c@example.org",
            "müller@beispiel.de",
            "info@bücher.example",
            "δοκιμή@παράδειγμα.ελ",
        ] {
            assert!(is_email(good), "{good}");
        }
        for bad in [
            "",
            "a@b",
            "a b@c.de",
            "@c.de",
            "a@.de",
            "a@c.d",
            "a..b@c.de",
            "a@c-.de",
            "a@1.23",
            "a\u{a0}b@c.de",
        ] {
            assert!(!is_email(bad), "{bad}");
        }
    }

    #[test]
    fn latin_letters_are_unicode_letters() {
        let set = (0..0x2100).filter(|&code| is_latin_base(code));
        for c in set.filter_map(char::from_u32) {
            assert_eq!(is_latin_letter(c), c.is_alphabetic(), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn checks_iban_checksum() {
        assert!(is_iban("DE89 3704 0044 0532 0130 00"));
        assert!(is_iban("de89370400440532013000"));
        assert!(is_iban("GB82 WEST 1234 5698 7654 32"));
        assert!(!is_iban("DE89 3704 0044 0532 0130 01"), "wrong checksum");
        assert!(
            !is_iban("DE89 3704 0044 0532 0130 0"),
            "German IBAN too short"
        );
        assert!(!is_iban("DE8937040044053201300Ä"));
        assert!(!is_iban("1234"));
    }

    #[test]
    fn checks_postal_code_and_phone() {
        assert!(is_postal_code_de("01067"));
        assert!(is_postal_code_de("24103"));
        assert!(!is_postal_code_de("00123"));
        assert!(!is_postal_code_de("2410"));
        assert!(!is_postal_code_de("2410a"));
        assert!(is_phone("+49 431 123456"));
        assert!(is_phone("0431 / 12 34-56"));
        assert!(is_phone("(0431) 123456"));
        assert!(!is_phone("12345"));
        assert!(!is_phone("0431 12+3456"));
        assert!(!is_phone("call me"));
    }

    #[test]
    fn checks_din_spec_91379() {
        for good in [
            "Müller-Lüdenscheidt",
            "Ørsted",
            "Şahin",
            "Nguyễn",
            "Łukasz Żółć",
            "Jean-Luc d'Artagnan",
            "Straße 5a",
            "Ä",
            "A\u{0301}",
        ] {
            assert!(is_latin_din91379(good), "{good}");
        }
        for bad in ["Иван", "李", "😀", "\u{0301}A", "Tab\there"] {
            assert!(!is_latin_din91379(bad), "{bad}");
        }
        assert_eq!(first_non_latin("Anna Иван"), Some('И'));
        assert_eq!(first_non_latin("Anna"), None);
        assert_eq!(
            first_non_latin("x\u{0301}\u{0301}"),
            None,
            "marks may stack on a letter"
        );
        assert_eq!(
            first_non_latin("1\u{0301}"),
            Some('\u{0301}'),
            "a mark needs a letter before it"
        );
        for letter in ["ª", "µ", "º", "À", "ö", "ø", "Ŋ", "ǎ", "ʹ", "ẞ", "ỹ"] {
            assert_eq!(
                first_non_latin(&format!("{letter}\u{0301}")),
                None,
                "{letter}"
            );
        }
        for not_letter in ["×", "÷", "€", "§", "²", " ", "-"] {
            assert_eq!(
                first_non_latin(&format!("{not_letter}\u{0301}")),
                Some('\u{0301}'),
                "{not_letter}"
            );
        }
    }
}
