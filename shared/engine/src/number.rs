//! Numbers as text and back, without std's float parsing and printing (their tables
//! would add kilobytes to the runtime): integers in any radix, decimals read exactly or
//! refused, decimals printed exactly. JSON, typed input, dates, patterns and
//! expressions all read and write numbers here.

/// A number in plain decimal notation (`-1234.5`), with exactly `decimals` places, or
/// with as few as read back to the same value (at most 15 significant digits, so values
/// like 10/3 are shortened). Integer arithmetic only: std's float printing would add
/// its tables to the runtime. `None` beyond ±1e21 or for infinities.
pub fn format_decimal(n: f64, decimals: Option<usize>) -> Option<String> {
    if !n.is_finite() || n.abs() >= 1e21 {
        return None;
    }
    let fixed = |places: usize| -> String {
        let mut digits = integer_digits((n.abs() * 10f64.powi(places as i32)).round());
        if places > 0 {
            while digits.len() <= places {
                digits.insert(0, '0');
            }
            digits.insert(digits.len() - places, '.');
        }
        let negative = n < 0.0 && digits.bytes().any(|b| b.is_ascii_digit() && b != b'0');
        if negative {
            digits.insert(0, '-');
        }
        digits
    };
    if let Some(places) = decimals {
        return Some(fixed(places.min(15)));
    }
    let int_digits = integer_digits(n.abs().trunc()).len();
    let max_places = 15usize.saturating_sub(int_digits);
    for places in 0..=max_places {
        let text = fixed(places);
        if parse_decimal(&text) == Some(n) {
            return Some(text);
        }
    }
    let text = fixed(max_places);
    let trimmed = if crate::text::has_char(&text, '.') {
        text.trim_end_matches('0').trim_end_matches('.')
    } else {
        &text
    };
    Some(trimmed.to_string())
}

/// The decimal digits of a whole, non-negative `value` (below 1e36), exactly. Without
/// `u128`: its printing and arithmetic would add 1.7 KB to the runtime.
fn integer_digits(value: f64) -> String {
    const TWO_TO_64: f64 = 18_446_744_073_709_551_616.0;
    // Base 10^9 limbs, least significant first.
    let mut limbs: Vec<u64> = if value < TWO_TO_64 {
        let whole = value as u64;
        vec![
            whole % 1_000_000_000,
            whole / 1_000_000_000 % 1_000_000_000,
            whole / 1_000_000_000_000_000_000,
        ]
    } else {
        // value = mantissa · 2^exponent, and from 2^64 on the exponent is above 11.
        let bits = value.to_bits();
        let mantissa = (bits & ((1 << 52) - 1)) | (1 << 52);
        let exponent = ((bits >> 52) & 0x7ff) as i32 - 1075;
        let mut limbs = vec![
            mantissa % 1_000_000_000,
            mantissa / 1_000_000_000 % 1_000_000_000,
            mantissa / 1_000_000_000_000_000_000,
        ];
        for _ in 0..exponent {
            let mut carry = 0;
            for limb in &mut limbs {
                let doubled = *limb * 2 + carry;
                *limb = doubled % 1_000_000_000;
                carry = doubled / 1_000_000_000;
            }
            if carry > 0 {
                limbs.push(carry);
            }
        }
        limbs
    };
    while limbs.len() > 1 && limbs.last() == Some(&0) {
        limbs.pop();
    }
    let mut out = String::new();
    for (index, limb) in limbs.iter().rev().enumerate() {
        let text = limb.to_string();
        if index > 0 {
            out.extend(std::iter::repeat_n('0', 9 - text.len()));
        }
        out.push_str(&text);
    }
    out
}

/// Digits in `radix` (no sign, no spaces) as a number; `None` when empty, for another
/// character or beyond `u64`. One function for every integer read: std's `str::parse`
/// adds ~0.4 KB to the runtime per integer type.
pub fn parse_unsigned(digits: &str, radix: u32) -> Option<u64> {
    if digits.is_empty() {
        return None;
    }
    digits.chars().try_fold(0u64, |value, c| {
        value
            .checked_mul(u64::from(radix))?
            .checked_add(u64::from(c.to_digit(radix)?))
    })
}

/// An exponent: `-?digits`, within ±10,000 (far beyond any `f64`, and small enough that
/// no arithmetic on it can overflow).
fn parse_exponent(text: &str) -> Option<i32> {
    let (sign, digits) = match text.strip_prefix('-') {
        Some(digits) => (-1, digits),
        None => (1, text),
    };
    let magnitude = parse_unsigned(digits, 10).filter(|&m| m <= 10_000)?;
    Some(sign * magnitude as i32)
}

/// Parses `-?digits(.digits)?(e[+-]?digits)?` exactly, or `None` when `f64` cannot
/// hold the written value exactly: with at most 15 significant digits and a power of
/// ten up to 22, one correctly rounded multiplication or division gives the nearest
/// `f64` (the classic fast path), without the large tables of a general parser.
pub fn parse_decimal(text: &str) -> Option<f64> {
    let (negative, rest) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (mantissa_text, exponent) = match rest.find(['e', 'E']) {
        Some(i) => (
            &rest[..i],
            parse_exponent(rest[i + 1..].trim_start_matches('+'))?,
        ),
        None => (rest, 0),
    };
    let (int_part, frac_part) = mantissa_text.split_once('.').unwrap_or((mantissa_text, ""));
    let all_digits = format!("{int_part}{frac_part}");
    let significant = all_digits.trim_start_matches('0');
    let significant = significant.trim_end_matches('0');
    let trailing_zeros = all_digits.len() - all_digits.trim_end_matches('0').len();
    if significant.len() > 15 {
        return None;
    }
    let mantissa: u64 = if significant.is_empty() {
        0
    } else {
        parse_unsigned(significant, 10)?
    };
    let power = exponent - frac_part.len() as i32 + trailing_zeros as i32;
    let value = if mantissa == 0 {
        0.0
    } else if power >= 0 {
        let factor = 10f64.powi(power.min(40));
        if power > 22 || (mantissa as f64) * factor > 1e300 {
            return None;
        }
        mantissa as f64 * factor
    } else {
        if power < -22 {
            return None;
        }
        mantissa as f64 / 10f64.powi(-power)
    };
    Some(if negative { -value } else { value })
}

#[cfg(test)]
#[allow(clippy::disallowed_methods)] // The tests compare with std.
mod tests {
    use super::*;

    #[test]
    fn whole_numbers_print_exactly() {
        let mut values = vec![
            0.0,
            1.0,
            9.0,
            10.0,
            999_999_999.0,
            1e9,
            123_456_789_012.0,
            1e15,
            9_007_199_254_740_993.0,
        ];
        values.extend([
            1.8e19,
            18_446_744_073_709_551_615.0,
            18_446_744_073_709_551_616.0,
            2.5e19,
            1e20,
            9.99e20,
            1e21,
            1.2345678901234567e30,
            1e35,
            9.9e35,
        ]);
        let mut x = 1.0f64;
        for _ in 0..119 {
            values.push(x);
            values.push(x * 3.0);
            x *= 2.0;
        }
        for value in values {
            assert_eq!(
                integer_digits(value),
                (value as u128).to_string(),
                "{value:e}"
            );
        }
    }

    #[test]
    fn integers_read_as_std_reads_plain_digits() {
        for text in [
            "0",
            "7",
            "0042",
            "18446744073709551615",
            "18446744073709551616",
            "",
            "+1",
            "-1",
            "1 ",
            "١٢",
        ] {
            assert_eq!(
                parse_unsigned(text, 10),
                text.bytes()
                    .all(|b| b.is_ascii_digit())
                    .then(|| text.parse::<u64>().ok())
                    .flatten(),
                "{text:?}"
            );
        }
        assert_eq!(parse_unsigned("00e9", 16), Some(0xe9));
        assert_eq!(parse_unsigned("FFFF", 16), Some(0xffff));
        assert_eq!(parse_unsigned("+FF", 16), None);
        assert_eq!(parse_exponent("-5"), Some(-5));
        assert_eq!(parse_exponent("10000"), Some(10_000));
        assert_eq!(parse_exponent("2147483648"), None);
        assert_eq!(parse_exponent("-2147483648"), None);
        assert_eq!(parse_exponent("-"), None);
    }

    #[test]
    fn parses_numbers_exactly_or_refuses() {
        for (text, expected) in [
            ("0.1", 0.1),
            ("123456.789", 123_456.789),
            ("-0.5e-3", -0.0005),
            ("1e22", 1e22),
            ("12.50", 12.5),
            ("0", 0.0),
            ("100e-2", 1.0),
        ] {
            assert_eq!(parse_decimal(text), Some(expected), "{text}");
            assert_eq!(parse_decimal(text), text.parse::<f64>().ok(), "{text}");
        }
        assert_eq!(parse_decimal("1234567890123456789"), None);
        assert_eq!(parse_decimal("1e300"), None);
        // Exponents that once overflowed the arithmetic on them (a panic in debug).
        assert_eq!(parse_decimal("1.5e-2147483648"), None);
        assert_eq!(parse_decimal("1.5e2147483647"), None);
        assert_eq!(parse_decimal("0.00e-99999999999"), None);
        assert!(crate::Json::parse("[1.5e-2147483648]").is_err());
    }

    #[test]
    fn formats_decimals_without_std_float_printing() {
        for (n, expected) in [
            (0.1, "0.1"),
            (1234.5, "1234.5"),
            (-0.5, "-0.5"),
            (3.0, "3"),
            (1e20, "100000000000000000000"),
            (0.000001, "0.000001"),
            (10.0 / 3.0, "3.33333333333333"),
            (-0.0, "0"),
        ] {
            assert_eq!(format_decimal(n, None).as_deref(), Some(expected), "{n}");
        }
        assert_eq!(format_decimal(2.5, Some(2)).as_deref(), Some("2.50"));
        assert_eq!(format_decimal(0.125, Some(0)).as_deref(), Some("0"));
        assert_eq!(format_decimal(-0.004, Some(2)).as_deref(), Some("0.00"));
        assert_eq!(format_decimal(f64::NAN, None), None);
        // Whatever is written reads back and writes the same text again.
        let third = format_decimal(10.0 / 3.0, None).expect("finite");
        assert_eq!(
            format_decimal(parse_decimal(&third).expect("parses"), None),
            Some(third)
        );
    }
}
