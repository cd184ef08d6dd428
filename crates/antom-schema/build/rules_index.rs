//! Assembles the rule registry from the files of `src/rules/`, so that no list of rules is
//! edited by hand.
//!
//! Two kinds of files declare rules, each with the `rules!` macro (`NAME { id: "...", ... }`):
//!
//! - `src/rules/payload/<name>.rs`: one single-payload rule per file, its declaration and its
//!   checks together. The file's name is the rule's name in lower case
//!   (`amount_currency_mismatch.rs` declares `AMOUNT_CURRENCY_MISMATCH`) and the file has a
//!   `CHECKS` table (see `crate::semantic::Check`).
//! - the other `src/rules/<group>.rs` files: the rules of one scope (schema keywords, inputs,
//!   records, signatures, cross-message rules), declared as many as they hold. Their `mod`
//!   lines are in `src/rules/mod.rs`.
//!
//! It writes `OUT_DIR/rules_index.rs`, included by `src/rules/mod.rs`: the `mod` line of each
//! payload file, a `pub use` of every rule (so that `rules::NAME` names each wherever it is
//! declared), `RULES` (every rule, sorted by id) and `PAYLOAD_CHECKS` (each payload rule with
//! its checks).

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

/// One rule as a file declares it.
struct Declared {
    /// The module it is declared in, below `crate::rules` (`payload::chinese_characters`).
    module: String,
    /// The static's name (`CHINESE_CHARACTERS`).
    name: String,
    /// The rule's id (`chinese-characters`).
    id: String,
    /// Whether it is a payload file's rule (and has `CHECKS`).
    payload: bool,
}

/// The `.rs` files of a directory, sorted, without `mod.rs`.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension().is_some_and(|x| x == "rs") && p.file_name().is_some_and(|n| n != "mod.rs")
        })
        .collect();
    files.sort();
    files
}

/// Every `NAME { id: "..." ...` of a file declaring rules with the `rules!` macro: a line
/// holding only an upper-case name and `{`, then a line `id: "..."`.
fn declarations(path: &Path) -> Vec<(String, String)> {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let mut found = Vec::new();
    for pair in lines.windows(2) {
        let Some(name) = pair[0].strip_suffix(" {") else {
            continue;
        };
        let is_name = name.starts_with(|c: char| c.is_ascii_uppercase())
            && name
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_');
        if !is_name {
            continue;
        }
        let id = pair[1]
            .strip_prefix("id: \"")
            .and_then(|rest| rest.strip_suffix("\","))
            .unwrap_or_else(|| {
                panic!(
                    "{}: rule {name} must give its id on the next line, as id: \"...\",",
                    path.display()
                )
            });
        found.push((name.to_string(), id.to_string()));
    }
    found
}

fn stem(path: &Path) -> String {
    path.file_stem().unwrap().to_string_lossy().into_owned()
}

/// Scans `src/rules/` of the crate at `manifest` and writes `rules_index.rs` into `out_dir`.
pub fn write(manifest: &Path, out_dir: &Path) {
    let rules_dir = manifest.join("src").join("rules");
    let payload_dir = rules_dir.join("payload");
    println!("cargo:rerun-if-changed={}", rules_dir.display());

    let mut all: Vec<Declared> = Vec::new();
    let payload_files = rust_files(&payload_dir);
    for path in &payload_files {
        let module = stem(path);
        let declared = declarations(path);
        let want = module.to_ascii_uppercase();
        match declared.as_slice() {
            [(name, id)] if *name == want => all.push(Declared {
                module: format!("payload::{module}"),
                name: name.clone(),
                id: id.clone(),
                payload: true,
            }),
            _ => panic!(
                "{}: a payload rule file declares exactly one rule, named after the file ({want}); found {:?}",
                path.display(),
                declared.iter().map(|(n, _)| n).collect::<Vec<_>>()
            ),
        }
    }
    for path in rust_files(&rules_dir) {
        let module = stem(&path);
        for (name, id) in declarations(&path) {
            all.push(Declared {
                module: module.clone(),
                name,
                id,
                payload: false,
            });
        }
    }
    all.sort_by(|a, b| a.id.cmp(&b.id));
    for pair in all.windows(2) {
        assert!(
            pair[0].id != pair[1].id,
            "rule id {} is declared twice ({} and {})",
            pair[0].id,
            pair[0].name,
            pair[1].name
        );
    }

    let mut code = String::from(
        "// Written by build/rules_index.rs from the files of src/rules/; do not edit.\n\n",
    );
    code.push_str(
        "/// The single-payload rules, one file each (`src/rules/payload/`).\nmod payload {\n",
    );
    for path in &payload_files {
        let _ = writeln!(
            code,
            "    #[path = {:?}]\n    pub(super) mod {};",
            path.display().to_string(),
            stem(path)
        );
    }
    code.push_str("}\n\n");
    for d in &all {
        let _ = writeln!(code, "pub use self::{}::{};", d.module, d.name);
    }
    code.push_str("\n/// Every rule, sorted by id.\npub static RULES: &[&Rule] = &[\n");
    for d in &all {
        let _ = writeln!(code, "    &{},", d.name);
    }
    code.push_str("];\n\n");
    code.push_str(
        "/// Every single-payload rule with its checks, sorted by id.\npub(crate) static PAYLOAD_CHECKS: &[(&Rule, &[crate::semantic::Check])] = &[\n",
    );
    for d in all.iter().filter(|d| d.payload) {
        let _ = writeln!(code, "    (&{}, {}::CHECKS),", d.name, d.module);
    }
    code.push_str("];\n");
    fs::write(out_dir.join("rules_index.rs"), code).expect("write rules_index.rs");
}
