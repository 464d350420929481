//! The tests' fixed day: every date a test uses is this one or derived from it, so the
//! tests pass on any day.

use engine::Date;

/// 22 November 2026.
pub fn today() -> Date {
    Date::new(2026, 11, 22).expect("valid")
}
