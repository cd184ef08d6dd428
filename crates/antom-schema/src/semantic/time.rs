//! RFC 3339 date-times as instants: compared within a payload (`payment-time-before-creation`)
//! and across messages ([`crate::correlate`]).

use serde_json::Value;

use super::string_at;

/// An instant: seconds since 1970-01-01T00:00:00Z and nanoseconds within that second.
/// Offsets are applied, so instants written with different offsets compare correctly.
/// (Sixteen bytes aligned to eight: the correlator keeps a few per payment.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Instant {
    /// Whole seconds since the epoch (negative before 1970).
    pub(crate) secs: i64,
    /// Nanoseconds, 0 to 999,999,999.
    pub(crate) nanos: u32,
}

/// Parses an RFC 3339 date-time (`YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`) with chrono's
/// `DateTime::parse_from_rfc3339`, the parser the typed model (antom-types) uses, so that
/// both agree on what a valid date-time is (2024-02-30 is not one); `None` for anything
/// else. A leap second (`:60`) is the first instant of the next minute.
pub(crate) fn parse(text: &str) -> Option<Instant> {
    let at = chrono::DateTime::parse_from_rfc3339(text).ok()?;
    let nanos = at.timestamp_subsec_nanos();
    Some(Instant {
        secs: at.timestamp() + i64::from(nanos / 1_000_000_000),
        nanos: nanos % 1_000_000_000,
    })
}

/// The instant of the date-time string at a pointer.
pub(crate) fn instant_at(payload: &Value, pointer: &str) -> Option<Instant> {
    string_at(payload, pointer).and_then(parse)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leap_years_and_leap_seconds() {
        for good in [
            "2024-02-29T00:00:00Z",
            "2000-02-29T23:59:59+08:00",
            "2400-02-29T00:00:00Z",
        ] {
            assert!(parse(good).is_some(), "{good}");
            assert!(chrono::DateTime::parse_from_rfc3339(good).is_ok(), "{good}");
        }
        assert_eq!(parse("2016-12-31T23:59:60Z"), parse("2017-01-01T00:00:00Z"));
    }

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
            "2024-02-30T00:00:00Z",
            "2023-02-29T00:00:00Z",
            "2100-02-29T00:00:00Z",
            "2024-04-31T00:00:00Z",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }
}
