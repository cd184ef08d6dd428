//! The rules about inputs as read (a file, a line, a HAR body), reported by the program that
//! reads them with [`crate::lint::input_finding`].

use super::{Scope, Source, ERROR};

rules! {
    EMPTY_INPUT {
        id: "empty-input",
        summary: "a file or standard input holds no payload at all",
        severity: ERROR,
        scope: Scope::Input,
        source: Source {
            url: "https://www.rfc-editor.org/rfc/rfc8259#section-2",
            section: "RFC 8259 section 2 (a JSON text is one value; an empty text holds none)",
        },
        doc: "An empty file (or one holding only white space) is counted as one record and reported, so that a capture that was truncated to nothing does not pass silently.",
    }
    INVALID_UTF8 {
        id: "invalid-utf8",
        summary: "a record is not valid UTF-8",
        severity: ERROR,
        scope: Scope::Input,
        source: Source {
            url: "https://www.rfc-editor.org/rfc/rfc8259#section-8.1",
            section: "RFC 8259 section 8.1 (JSON exchanged between systems is UTF-8)",
        },
        doc: "JSON exchanged between systems must be UTF-8. A record with other bytes is reported at the first bad byte and not checked further; the remaining records of the file are read as usual.",
    }
    RECORD_TOO_LARGE {
        id: "record-too-large",
        summary: "a record is larger than --max-record-size and was skipped unread",
        severity: ERROR,
        scope: Scope::Input,
        source: Source {
            url: "https://www.rfc-editor.org/rfc/rfc8259#section-9",
            section: "RFC 8259 section 9 (a parser may limit the size of the texts it accepts); the limit is --max-record-size",
        },
        doc: "The linter never loads a record larger than --max-record-size (16 MB unless set otherwise; an NDJSON line, or a whole JSON or HAR file). Such a record is counted, reported here and skipped, so that one runaway payload cannot exhaust memory; raise the limit to check it.",
    }
}
