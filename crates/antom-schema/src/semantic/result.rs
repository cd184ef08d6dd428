//! Results that contradict themselves or the documentation: `resultStatus` against
//! `resultCode` (the status Antom's result-code tables give the code, see
//! [`crate::result_codes`]), and codes no table of the API lists. What the rules
//! `result-status-inconsistent` and `result-code-undocumented` share: both read every result
//! of a payload the same way and report one side each of what [`assess`] finds.

use serde_json::Value;

use super::short;
use crate::result_codes::{self, ResultCode, Status};

/// The members the result rules read (any kind may have them).
pub(crate) const READS: &[&str] = &[
    "/result/resultStatus",
    "/result/resultCode",
    "/transactions/0/transactionResult/resultStatus",
    "/transactions/0/transactionResult/resultCode",
];

/// What is wrong with one result.
#[derive(Debug)]
pub(crate) enum Verdict {
    /// `resultStatus` contradicts `resultCode` (`result-status-inconsistent`).
    Inconsistent(String),
    /// No table that should list `resultCode` does (`result-code-undocumented`).
    Undocumented(String),
}

/// A result of a payload that is wrong.
#[derive(Debug)]
pub(crate) struct Assessed<'a> {
    /// The result object (`/result`, `/transactions/1/transactionResult`).
    pub pointer: String,
    /// Its `resultCode`.
    pub code: &'a str,
    pub verdict: Verdict,
}

/// Where the documented status of a code comes from.
#[derive(Clone, Copy)]
enum Table<'a> {
    /// The table of this API (the message's kind id before its first dot).
    Api(&'a str),
    /// Any API's table: a transaction listed by an inquiry may be a capture, a refund, ...
    Any,
}

/// What is wrong with a (status, code) pair whatever the catalog says: S goes with SUCCESS
/// and SUCCESS with S.
fn success_mismatch(status: &str, code: &str) -> Option<String> {
    match status {
        "S" if code != "SUCCESS" => Some(format!(
            "resultStatus S (success) goes with resultCode SUCCESS, not {}",
            short(code)
        )),
        "F" | "U" if code == "SUCCESS" => Some(format!(
            "resultCode SUCCESS goes with resultStatus S, not {status}"
        )),
        _ => None,
    }
}

/// `CODE (U): meaning Next: action`.
fn described(entry: &ResultCode) -> String {
    format!(
        "{} ({}): {} Next: {}",
        entry.code, entry.status, entry.meaning, entry.action
    )
}

/// The APIs some entries list, each group followed by its status (`capture, notifyCapture
/// (as F)`).
fn api_list(entries: &[&ResultCode]) -> String {
    entries
        .iter()
        .map(|e| format!("{} (as {})", e.apis.join(", "), e.status))
        .collect::<Vec<_>>()
        .join("; ")
}

/// What is wrong with one result object, read against a table.
fn verdict(status: &str, code: &str, table: Table<'_>) -> Option<Verdict> {
    if let Some(message) = success_mismatch(status, code) {
        return Some(Verdict::Inconsistent(message));
    }
    // The schema reports a status other than S, F and U.
    let status = Status::from_letter(status)?;
    let everywhere = result_codes::by_code(code);
    let documented: Vec<&ResultCode> = match table {
        Table::Api(api) => everywhere
            .iter()
            .copied()
            .filter(|e| e.documented_for(api))
            .collect(),
        Table::Any => everywhere.clone(),
    };
    let Some(first) = documented.first() else {
        let message = match table {
            Table::Api(api) if result_codes::has_table(api) => {
                let mut m = format!(
                    "resultCode {} is not in the {api} API's table of documented result codes",
                    short(code)
                );
                if everywhere.is_empty() {
                    m.push_str(" (nor in any other API's table)");
                } else {
                    m.push_str(&format!(
                        "; it is documented for {}. {}",
                        api_list(&everywhere),
                        described(everywhere[0])
                    ));
                }
                m
            }
            // No table for this API (createPaymentSession, the acknowledgement): nothing to
            // compare with.
            Table::Api(_) => return None,
            Table::Any if everywhere.is_empty() => format!(
                "resultCode {} is in no API's table of documented result codes",
                short(code)
            ),
            Table::Any => return None,
        };
        return Some(Verdict::Undocumented(message));
    };
    if documented.iter().any(|e| e.status == status) {
        return None;
    }
    let whose = match table {
        Table::Api(api) => {
            let listed: Vec<&str> = documented.iter().map(|e| e.status.letter()).collect();
            format!(
                "the {api} API's table gives it status {}",
                listed.join(" or ")
            )
        }
        Table::Any => format!("it is documented for {}", api_list(&documented)),
    };
    Some(Verdict::Inconsistent(format!(
        "resultStatus {status} ({}) contradicts resultCode {}: {whose}. {}",
        status.meaning(),
        short(code),
        described(first)
    )))
}

/// Every wrong result of a payload of this kind: `/result`, against the table of the
/// message's API, and the `transactionResult` of each listed transaction, against every API's
/// table.
pub(crate) fn assess<'a>(kind: &str, payload: &'a Value) -> Vec<Assessed<'a>> {
    let mut out = Vec::new();
    let mut one = |result: &'a Value, pointer: &dyn Fn() -> String, table: Table<'_>| {
        let (Some(status), Some(code)) = (
            result.get("resultStatus").and_then(Value::as_str),
            result.get("resultCode").and_then(Value::as_str),
        ) else {
            return;
        };
        if let Some(verdict) = verdict(status, code, table) {
            out.push(Assessed {
                pointer: pointer(),
                code,
                verdict,
            });
        }
    };
    if let Some(result) = payload.get("result") {
        let api = result_codes::api_of_kind(kind);
        one(result, &|| "/result".to_string(), Table::Api(api));
    }
    if let Some(items) = payload.get("transactions").and_then(Value::as_array) {
        for (i, t) in items.iter().enumerate() {
            if let Some(result) = t.get("transactionResult") {
                one(
                    result,
                    &|| format!("/transactions/{i}/transactionResult"),
                    Table::Any,
                );
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// `I` for an inconsistent status, `U` for an undocumented code.
    fn letter(a: &Assessed<'_>) -> char {
        match a.verdict {
            Verdict::Inconsistent(_) => 'I',
            Verdict::Undocumented(_) => 'U',
        }
    }

    fn verdicts(kind: &str, result: Value) -> String {
        assess(kind, &json!({ "result": result }))
            .iter()
            .map(letter)
            .collect()
    }

    #[test]
    fn pairs() {
        let r = |kind, code, status| {
            verdicts(kind, json!({"resultCode": code, "resultStatus": status}))
        };
        assert_eq!(r("pay.response", "SUCCESS", "S"), "");
        assert_eq!(r("pay.response", "PAYMENT_IN_PROCESS", "U"), "");
        assert_eq!(r("pay.response", "ACCESS_DENIED", "F"), "");
        assert_eq!(r("createPaymentSession.response", "SOME_NEW_CODE", "F"), "");
        assert_eq!(r("notification.ack", "PROCESS_FAIL", "F"), "");
        assert_eq!(r("pay.response", "PAYMENT_IN_PROCESS", "S"), "I");
        assert_eq!(r("pay.response", "SUCCESS", "U"), "I");
        assert_eq!(r("pay.response", "PROCESS_FAIL", "U"), "I");
        assert_eq!(r("pay.response", "PAYMENT_IN_PROCESS", "F"), "I");
        assert_eq!(r("pay.response", "SOME_NEW_CODE", "F"), "U");
        assert_eq!(r("cancel.response", "CAPTURE_IN_PROCESS", "U"), "U");
    }

    #[test]
    fn transactions_use_every_table() {
        let payload = json!({"transactions": [
            {"transactionResult": {"resultCode": "CAPTURE_IN_PROCESS", "resultStatus": "U"}},
            {"transactionResult": {"resultCode": "REFUND_IN_PROCESS", "resultStatus": "F"}},
            {"transactionResult": {"resultCode": "NOT_A_CODE", "resultStatus": "F"}}
        ]});
        let got: Vec<(char, String)> = assess("inquiryPayment.response", &payload)
            .into_iter()
            .map(|a| (letter(&a), a.pointer))
            .collect();
        let want = [
            ('I', "/transactions/1/transactionResult"),
            ('U', "/transactions/2/transactionResult"),
        ]
        .map(|(l, p)| (l, p.to_string()));
        assert_eq!(got, want);
    }
}
