//! The result codes Antom documents, per API: what each `result.resultCode` means, the
//! `resultStatus` it comes with and what the merchant should do next.
//!
//! The catalog is `schema/result-codes.json`, checked by the generator and published in the
//! bundle as `result-codes.json` (embedded here, like the schemas, so the library and the
//! published file cannot differ). It is parsed once, on first use.
//!
//! ```
//! use antom_schema::result_codes::{self, Status};
//!
//! let code = result_codes::lookup("capture", "CAPTURE_IN_PROCESS").unwrap();
//! assert_eq!(code.status, Status::U);
//! assert!(code.apis.iter().any(|api| api == "notifyCapture"));
//! assert!(result_codes::lookup("cancel", "CAPTURE_IN_PROCESS").is_none());
//! ```

use std::fmt;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::embedded;

/// Name of the catalog in the bundle (and in `schema/`).
pub const FILE: &str = "result-codes.json";

/// The `resultStatus` a code is documented with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
pub enum Status {
    /// Success.
    S,
    /// Failure: final, the same request will not succeed.
    F,
    /// Unknown: the outcome is still open (in process, or not known yet).
    U,
}

impl Status {
    /// The status as written in `resultStatus` (`"S"`, `"F"`, `"U"`).
    pub fn letter(self) -> &'static str {
        match self {
            Status::S => "S",
            Status::F => "F",
            Status::U => "U",
        }
    }

    /// What the status says, in a few words.
    pub fn meaning(self) -> &'static str {
        match self {
            Status::S => "success",
            Status::F => "failure, final",
            Status::U => "unknown, still in process",
        }
    }

    /// The status written as `letter`, if it is one of S, F and U.
    pub fn from_letter(letter: &str) -> Option<Status> {
        match letter {
            "S" => Some(Status::S),
            "F" => Some(Status::F),
            "U" => Some(Status::U),
            _ => None,
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.letter())
    }
}

/// One documented (code, status) pair.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct ResultCode {
    /// `result.resultCode`, e.g. `PAYMENT_IN_PROCESS`.
    pub code: String,
    /// The `resultStatus` the tables give it.
    pub status: Status,
    /// The APIs (catalog api names: `pay`, `notifyCapture`, ...) whose table lists the pair.
    pub apis: Vec<String>,
    /// What the code means.
    pub meaning: String,
    /// What the merchant should do next.
    pub action: String,
    /// Antom's public pages that list it.
    pub sources: Vec<String>,
}

impl ResultCode {
    /// Whether the table of `api` lists this pair.
    pub fn documented_for(&self, api: &str) -> bool {
        self.apis.iter().any(|a| a == api)
    }
}

#[derive(Deserialize)]
struct CatalogFile {
    codes: Vec<ResultCode>,
}

/// Every documented (code, status) pair, sorted by code, then status.
pub fn all() -> &'static [ResultCode] {
    static CODES: OnceLock<Vec<ResultCode>> = OnceLock::new();
    CODES.get_or_init(|| {
        let text = embedded::bundle_file(FILE)
            .expect("the bundle holds result-codes.json (run `cargo run -p antom-codegen`)");
        let file: CatalogFile = serde_json::from_str(text)
            .expect("result-codes.json is checked by antom-codegen before it is published");
        file.codes
    })
}

/// The entry of `code` in the table of `api` (a catalog api name: `capture`, `notifyCapture`).
pub fn lookup(api: &str, code: &str) -> Option<&'static ResultCode> {
    all()
        .iter()
        .find(|c| c.code == code && c.documented_for(api))
}

/// Every documented entry of `code`, whatever the API (one per status it is documented with).
pub fn by_code(code: &str) -> Vec<&'static ResultCode> {
    all().iter().filter(|c| c.code == code).collect()
}

/// Every entry the table of `api` lists.
pub fn for_api(api: &str) -> Vec<&'static ResultCode> {
    all().iter().filter(|c| c.documented_for(api)).collect()
}

/// Whether the catalog holds a table for `api` at all (no code is documented for
/// `createPaymentSession` or the acknowledgement, for instance). Inside the crate only: outside,
/// `!for_api(api).is_empty()` says the same.
pub(crate) fn has_table(api: &str) -> bool {
    all().iter().any(|c| c.documented_for(api))
}

/// Every api name some entry lists, sorted.
pub fn apis() -> Vec<&'static str> {
    let mut apis: Vec<&str> = all()
        .iter()
        .flat_map(|c| c.apis.iter().map(String::as_str))
        .collect();
    apis.sort_unstable();
    apis.dedup();
    apis
}

/// The api a message kind belongs to: the kind id before its first dot (`capture.response`
/// -> `capture`, `notifyCapture.notification` -> `notifyCapture`).
pub fn api_of_kind(kind: &str) -> &str {
    kind.split_once('.').map_or(kind, |(api, _)| api)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parsed_sorted_and_unique() {
        let codes = all();
        assert!(!codes.is_empty());
        for pair in codes.windows(2) {
            assert!(
                (&pair[0].code, pair[0].status) < (&pair[1].code, pair[1].status),
                "{} {} before {} {}",
                pair[0].code,
                pair[0].status,
                pair[1].code,
                pair[1].status
            );
        }
    }

    #[test]
    fn lookups() {
        assert_eq!(lookup("pay", "SUCCESS").unwrap().status, Status::S);
        assert_eq!(
            lookup("notifyCapture", "AUTH_EXPIRED").unwrap().status,
            Status::F
        );
        assert!(lookup("pay", "NO_SUCH_CODE").is_none());
        assert_eq!(by_code("PAYMENT_IN_PROCESS").len(), 1);
        assert!(by_code("NO_SUCH_CODE").is_empty());
        assert!(has_table("capture") && !has_table("createPaymentSession"));
        assert!(for_api("cancel").iter().all(|c| c.documented_for("cancel")));
        assert_eq!(api_of_kind("capture.response"), "capture");
        assert_eq!(api_of_kind("notifyCapture.notification"), "notifyCapture");
        assert_eq!(api_of_kind("odd"), "odd");
        assert_eq!(Status::from_letter("U"), Some(Status::U));
        assert_eq!(Status::from_letter("X"), None);
    }
}
