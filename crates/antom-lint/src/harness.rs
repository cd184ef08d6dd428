//! Entry points of the fuzz targets (`crates/antom-lint/fuzz/`), here so that `cargo test`
//! keeps them building and replays the committed crash inputs through them.
//!
//! Each takes arbitrary bytes and must neither panic nor hang; each also checks the
//! invariants a user relies on (every record counted, no card number in the output).

use std::sync::OnceLock;

use antom_schema::resolve::{self, Hints};
use antom_schema::Validator;
use serde_json::Value;

use crate::cli::{Correlate, InputFormat, OutputFormat};
use crate::config::Severities;
use crate::input::Input;
use crate::run::{execute, Settings};

/// The embedded schemas, compiled once per process.
pub fn validator() -> &'static Validator {
    static VALIDATOR: OnceLock<Validator> = OnceLock::new();
    VALIDATOR.get_or_init(|| {
        let v = Validator::new().expect("the embedded schemas compile");
        v.compile_all().expect("the embedded schemas compile");
        v
    })
}

/// What one lint of in-memory bytes gave.
#[derive(Debug)]
pub struct Linted {
    /// The `records` count of the summary.
    pub records: usize,
    /// Everything written (JSON lines, or the chosen format).
    pub output: String,
}

/// Lints `bytes` as the input named `name` (the name may announce the format or kind), with
/// the input format forced or detected, on one thread, with a small maximum record size so
/// that the bounded reader is exercised too.
pub fn lint_bytes(
    name: &str,
    bytes: &[u8],
    input: Option<InputFormat>,
    format: OutputFormat,
    max_record_size: usize,
) -> Linted {
    let settings = Settings {
        severities: Severities::default(),
        known: Vec::new(),
        format,
        color: false,
        correlate: Correlate::Run,
        correlate_window: antom_schema::correlate::DEFAULT_WINDOW,
        threads: 1,
        input,
        max_record_size,
        kind: None,
        progress: false,
        facts: None,
        wrap: false,
        keys: Default::default(),
    };
    let inputs = [Input::Memory {
        name: name.to_string(),
        bytes: bytes.to_vec(),
    }];
    let mut output = Vec::new();
    let outcome = execute(validator(), &settings, &inputs, &mut output)
        .expect("linting in memory cannot fail");
    assert_eq!(outcome.read_errors, 0);
    Linted {
        records: outcome.summary.records,
        output: String::from_utf8(output).expect("the output is UTF-8"),
    }
}

/// True when the output holds a full card number of the input (it never may).
fn leaks_card_number(output: &str) -> bool {
    antom_schema::mask::contains_card_number(output)
        && output != antom_schema::mask::mask_text(output)
}

fn lint_checked(name: &str, data: &[u8], input: Option<InputFormat>) -> Linted {
    let linted = lint_bytes(name, data, input, OutputFormat::Json, 4096);
    assert!(!leaks_card_number(&linted.output), "card number in output");
    let summary = linted.output.lines().last().unwrap_or("");
    assert!(
        summary.starts_with("{\"summary\":"),
        "the summary closes the output"
    );
    linted
}

/// Fuzz target `json`: one payload per input, always exactly one record.
pub fn fuzz_json(data: &[u8]) {
    let linted = lint_checked("capture.json", data, Some(InputFormat::Json));
    assert_eq!(linted.records, 1, "one record");
    let _ = crate::records::detect(data);
}

/// Fuzz target `ndjson`: the record count must equal the number of non-blank lines.
pub fn fuzz_ndjson(data: &[u8]) {
    let linted = lint_checked("capture.ndjson", data, Some(InputFormat::Ndjson));
    let lines = data
        .split(|b| *b == b'\n')
        .filter(|l| !crate::records::is_blank(l))
        .count();
    assert_eq!(linted.records, lines.max(1), "records counted");
}

/// Fuzz target `har` (a capture without Antom traffic holds no record).
pub fn fuzz_har(data: &[u8]) {
    lint_checked("capture.har", data, Some(InputFormat::Har));
}

/// Fuzz target `resolve`: kind resolution from each kind of hint, and inference.
pub fn fuzz_resolve(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (hint, body) = text.split_once('\n').unwrap_or(("", text));
    let Ok(value) = serde_json::from_str::<Value>(body) else {
        return;
    };
    let v = validator();
    let path = crate::records::url_path(hint);
    let hints = [
        Hints::default(),
        Hints {
            envelope_kind: Some(hint),
            ..Hints::default()
        },
        Hints {
            http: Some((&path, antom_schema::Direction::MerchantToAntom)),
            ..Hints::default()
        },
        Hints {
            file_name: Some(hint),
            ..Hints::default()
        },
    ];
    for h in &hints {
        if let Ok(Ok(r)) = resolve::resolve(v, h, &value) {
            assert!(v.catalog().get(&r.kind).is_some());
        }
    }
}

/// Fuzz target `lint`: the whole linter on one input, format detected, every output format.
pub fn fuzz_lint(data: &[u8]) {
    let linted = lint_checked("capture", data, None);
    for format in [
        OutputFormat::Human,
        OutputFormat::Sarif,
        OutputFormat::Github,
    ] {
        let other = lint_bytes("capture", data, None, format, 4096);
        assert_eq!(other.records, linted.records);
        assert!(!leaks_card_number(&other.output), "card number in output");
    }
}
