//! `ack-requests-resend`: an acknowledgement of a notification that makes Antom send the
//! notification again.

use crate::finding::Finding;
use crate::rules::{Scope, Source, NOTE};
use crate::semantic::{short, string_at, Check, Subject};

rules! {
    ACK_REQUESTS_RESEND {
        id: "ack-requests-resend",
        summary: "a notification acknowledgement that is not resultCode SUCCESS with resultStatus S: Antom sends the notification again",
        severity: NOTE,
        scope: Scope::Payload,
        source: Source {
            url: "https://docs.antom.com/ac/ams/notify_capture",
            section: "and https://docs.antom.com/ac/ams/notify_refund (the merchant answers a notification with result SUCCESS/S; otherwise Antom resends it up to 8 times within 24 hours)",
        },
        doc: "The merchant answers each notification with a result. Only resultCode SUCCESS with resultStatus S tells Antom the notification arrived; any other well-formed answer (PROCESS_FAIL with F, for example) is accepted by the schema, but Antom will send the notification again (up to 8 times within 24 hours: 0 s, 2 min, 10 min, 10 min, 1 h, 2 h, 6 h, 15 h). That is fine when the merchant really wants it again (it could not store the result), and a mistake otherwise: reported as a note so that a capture shows which acknowledgements ask for a resend.",
    }
}

const RESULT_CODE: &str = "/result/resultCode";
const RESULT_STATUS: &str = "/result/resultStatus";

pub(crate) const CHECKS: &[Check] = &[Check {
    kinds: &["notification.ack"],
    reads: &[RESULT_CODE, RESULT_STATUS],
    run: ack_resend,
}];

/// The acknowledgement of a notification: anything but SUCCESS with S makes Antom send the
/// notification again.
fn ack_resend(s: &Subject<'_>, out: &mut Vec<Finding>) {
    let payload = s.payload;
    let code = string_at(payload, RESULT_CODE);
    let status = string_at(payload, RESULT_STATUS);
    if code == Some("SUCCESS") && status == Some("S") {
        return;
    }
    let answered = match (code, status) {
        (Some(c), Some(s)) => format!("resultCode {} with resultStatus {}", short(c), short(s)),
        (Some(c), None) => format!("resultCode {} without a resultStatus", short(c)),
        (None, Some(s)) => format!("resultStatus {} without a resultCode", short(s)),
        (None, None) => "no resultCode and resultStatus".to_string(),
    };
    let pointer = if payload.get("result").is_some() {
        "/result"
    } else {
        ""
    };
    out.push(ACK_REQUESTS_RESEND.finding(
        s.role,
        pointer,
        format!(
            "the acknowledgement answers {answered}, not resultCode SUCCESS with resultStatus S: {RESEND}"
        ),
    ));
}

/// What Antom does with a notification that was not acknowledged with SUCCESS/S.
const RESEND: &str = "Antom will send the notification again (up to 8 times within 24 hours: 0 s, 2 min, 10 min, 10 min, 1 h, 2 h, 6 h, 15 h)";
