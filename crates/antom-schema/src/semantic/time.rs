//! RFC 3339 date-times as instants, and `paymentTime` before `paymentCreateTime`.

use serde_json::Value;

use super::{string_at, Check, Subject};
use crate::finding::Finding;
use crate::rules::PAYMENT_TIME_BEFORE_CREATION;

const PAID: &str = "/paymentTime";
const CREATED: &str = "/paymentCreateTime";

pub(super) const CHECKS: &[Check] = &[Check {
    rules: &[&PAYMENT_TIME_BEFORE_CREATION],
    kinds: &[],
    reads: &[PAID, CREATED],
    run: payment_time,
}];

/// An instant: seconds since 1970-01-01T00:00:00Z and nanoseconds within that second.
/// Offsets are applied, so instants written with different offsets compare correctly.
/// (Sixteen bytes aligned to eight: the correlator keeps a few per payment.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Instant {
    /// Whole seconds since the epoch (negative before 1970).
    pub secs: i64,
    /// Nanoseconds, 0 to 999,999,999.
    pub nanos: u32,
}

fn digits(text: &str, range: std::ops::Range<usize>) -> Option<i64> {
    let part = text.get(range)?;
    if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    part.parse().ok()
}

/// Days from 1970-01-01 to a civil date (proleptic Gregorian; H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Parses `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`; `None` for anything else.
pub fn parse(text: &str) -> Option<Instant> {
    let b = text.as_bytes();
    if b.len() < 20
        || b[4] != b'-'
        || b[7] != b'-'
        || !matches!(b[10], b'T' | b't' | b' ')
        || b[13] != b':'
        || b[16] != b':'
    {
        return None;
    }
    let (year, month, day) = (
        digits(text, 0..4)?,
        digits(text, 5..7)?,
        digits(text, 8..10)?,
    );
    let (hour, minute, second) = (
        digits(text, 11..13)?,
        digits(text, 14..16)?,
        digits(text, 17..19)?,
    );
    if !(1..=12).contains(&month)
        || !(1..=31).contains(&day)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    let mut pos = 19;
    let mut nanos: u32 = 0;
    if b.get(pos) == Some(&b'.') {
        pos += 1;
        let start = pos;
        while pos < b.len() && b[pos].is_ascii_digit() {
            pos += 1;
        }
        let frac = text.get(start..pos)?;
        if frac.is_empty() {
            return None;
        }
        let padded: String = frac.chars().chain(std::iter::repeat('0')).take(9).collect();
        nanos = padded.parse().ok()?;
    }
    let offset_minutes = match b.get(pos)? {
        b'Z' | b'z' if pos + 1 == b.len() => 0,
        sign @ (b'+' | b'-') if pos + 6 == b.len() && b[pos + 3] == b':' => {
            let h = digits(text, pos + 1..pos + 3)?;
            let m = digits(text, pos + 4..pos + 6)?;
            if h > 23 || m > 59 {
                return None;
            }
            let total = h * 60 + m;
            if *sign == b'-' {
                -total
            } else {
                total
            }
        }
        _ => return None,
    };
    let days = days_from_civil(year, month, day);
    let seconds = days * 86_400 + hour * 3_600 + minute * 60 + second - offset_minutes * 60;
    Some(Instant {
        secs: seconds,
        nanos,
    })
}

/// The instant of the date-time string at a pointer.
pub fn instant_at(payload: &Value, pointer: &str) -> Option<Instant> {
    string_at(payload, pointer).and_then(parse)
}

/// `paymentTime` earlier than `paymentCreateTime` in the same message.
fn payment_time(s: &Subject<'_>, out: &mut Vec<Finding>) {
    let payload = s.payload;
    let (Some(paid), Some(created)) = (instant_at(payload, PAID), instant_at(payload, CREATED))
    else {
        return;
    };
    if paid < created {
        out.push(
            PAYMENT_TIME_BEFORE_CREATION
                .finding(
                    s.role,
                    PAID,
                    format!(
                        "paymentTime ({}) is earlier than paymentCreateTime ({}): a payment cannot complete before it was created",
                        string_at(payload, PAID).unwrap_or(""),
                        string_at(payload, CREATED).unwrap_or("")
                    ),
                )
                .with_related(CREATED, "the creation time"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instants() {
        assert_eq!(
            parse("1970-01-01T00:00:00Z"),
            Some(Instant { secs: 0, nanos: 0 })
        );
        assert_eq!(
            parse("1970-01-01T08:30:00+08:30"),
            parse("1970-01-01T00:00:00Z")
        );
        assert!(parse("2019-06-01T12:01:01+08:30") < parse("2019-06-01T12:01:02+08:30"));
        assert!(parse("2024-01-01T12:00:00-08:00") > parse("2024-01-01T12:00:00+08:00"));
        assert_eq!(
            parse("2024-02-29T00:00:00.5Z").map(|i| i.nanos),
            Some(500_000_000)
        );
        for bad in [
            "",
            "2024-01-01",
            "2024-13-01T00:00:00Z",
            "2024-01-01T00:00:00",
            "2024-01-01T00:00:00+0800",
            "*************************",
            "2024-01-01T00:00:00.Z",
            "２０２４-01-01T00:00:00Z",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }
}
