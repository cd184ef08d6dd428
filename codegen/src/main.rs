//! `antom-codegen`: everything derived from `schema/`.
//!
//! ```text
//! cargo run -p antom-codegen                       # rewrite the generated types and the bundle
//! cargo run -p antom-codegen -- --check            # fail if either checked-in copy is stale
//! cargo run -p antom-codegen -- --bundle DIR       # write the bundle into DIR (only)
//! ```
//! The types go to `crates/antom-types/src/generated.rs` (typify); the bundle
//! (`antom-checkout.schema.json`, one `<kind>.schema.json` per message kind, `openapi.json`, and
//! `result-codes.json`, the checked result-code catalog, and `catalog.json`) to `crates/antom-schema/bundle/`, which
//! `antom-schema` embeds; the compiled validator (see [`compiled`]) to
//! `crates/antom-schema/src/compiled/generated.rs`. `--schema DIR`, `--samples DIR` (the
//! documented samples that become OpenAPI examples) and `--out FILE` (the types only) point it
//! elsewhere (the tests use them).

mod bundle;
mod compiled;
mod emit;
mod openapi;
mod postprocess;
mod received;
mod schema_bundle;
mod typify_pass;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use quote::quote;

const COMMAND: &str = "cargo run -p antom-codegen";
const USAGE: &str =
    "usage: antom-codegen [--check] [--schema DIR] [--samples DIR] [--out FILE] [--bundle DIR]";

struct Args {
    check: bool,
    schema_dir: PathBuf,
    samples_dir: PathBuf,
    /// Where the types go; `None` when only a bundle was asked for.
    out: Option<PathBuf>,
    /// Where the bundle goes, and whether that is the checked-in copy.
    bundle: Option<(PathBuf, bool)>,
    /// Where the compiled validator goes (with the checked-in types and bundle only).
    validator: Option<PathBuf>,
}

fn parse_args(root: &Path) -> Result<Option<Args>, String> {
    let mut check = false;
    let mut schema_dir = root.join("schema");
    let mut samples_dir = root.join("conformance/samples");
    let mut out = None;
    let mut bundle = None;
    let mut validator = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--check" => check = true,
            "--schema" | "--samples" | "--out" | "--bundle" => {
                let value = PathBuf::from(
                    args.next()
                        .ok_or_else(|| format!("antom-codegen: {arg} needs a value\n{USAGE}"))?,
                );
                match arg.as_str() {
                    "--schema" => schema_dir = value,
                    "--samples" => samples_dir = value,
                    "--out" => out = Some(value),
                    _ => bundle = Some((value, false)),
                }
            }
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(None);
            }
            other => return Err(format!("antom-codegen: unknown argument {other}\n{USAGE}")),
        }
    }
    if out.is_none() && bundle.is_none() {
        out = Some(root.join("crates/antom-types/src/generated.rs"));
        bundle = Some((root.join(BUNDLE_DIR), true));
        validator = Some(root.join(compiled::OUT));
    }
    Ok(Some(Args {
        check,
        schema_dir,
        samples_dir,
        out,
        bundle,
        validator,
    }))
}

/// The checked-in bundle, relative to the workspace root.
const BUNDLE_DIR: &str = "crates/antom-schema/bundle";

fn main() -> ExitCode {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("codegen/ sits in the workspace")
        .to_path_buf();
    let args = match parse_args(&root) {
        Ok(Some(args)) => args,
        Ok(None) => return ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };

    // Generate everything first: a schema the generator refuses is a usage error (2), whatever
    // the target.
    let types = match &args.out {
        Some(out) => match generate(&args.schema_dir) {
            Ok(contents) => Some((out, contents)),
            Err(e) => return cannot_generate(&args.schema_dir, &e),
        },
        None => None,
    };
    let bundle = match &args.bundle {
        Some((dir, committed)) => match generate_bundle(&args.schema_dir, &args.samples_dir) {
            Ok(files) => Some((dir, *committed, files)),
            Err(e) => return cannot_generate(&args.schema_dir, &e),
        },
        None => None,
    };

    let validator = match &args.validator {
        Some(out) => match compiled::generate(&args.schema_dir) {
            Ok(contents) => Some((out, contents)),
            Err(e) => return cannot_generate(&args.schema_dir, &e),
        },
        None => None,
    };

    let mut failed = false;
    for (out, contents) in types.into_iter().chain(validator) {
        if let Err(e) = ensure_file_contents(out, &contents, args.check) {
            eprintln!("{e}");
            failed = true;
        }
    }
    if let Some((dir, committed, files)) = bundle {
        let fix = if committed {
            COMMAND.to_string()
        } else {
            format!("{COMMAND} -- --bundle {}", dir.display())
        };
        if let Err(e) = ensure_dir_contents(dir, &files, args.check, committed, &fix) {
            eprintln!("{e}");
            failed = true;
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn cannot_generate(schema_dir: &Path, e: &str) -> ExitCode {
    eprintln!(
        "antom-codegen: cannot generate from {}: {e}",
        schema_dir.display()
    );
    ExitCode::from(2)
}

/// The files of the bundle directory: (file name, contents).
fn generate_bundle(schema_dir: &Path, samples_dir: &Path) -> Result<Vec<(String, String)>, String> {
    let bundle = schema_bundle::SchemaBundle::load(schema_dir)?;
    let mut files = vec![(
        schema_bundle::BUNDLE_FILE.to_string(),
        schema_bundle::to_text(&bundle.document()),
    )];
    for kind in &bundle.kinds {
        files.push((
            format!("{}.schema.json", kind.id),
            schema_bundle::to_text(&bundle.kind_document(kind)),
        ));
    }
    files.push((
        "openapi.json".to_string(),
        schema_bundle::to_text(&openapi::document(&bundle, samples_dir)?),
    ));
    let apis: Vec<&str> = bundle.kinds.iter().map(|k| k.api.as_str()).collect();
    files.push((
        RESULT_CODES.to_string(),
        result_codes(&schema_dir.join(RESULT_CODES), &apis)?,
    ));
    // The catalog, byte for byte: `antom-schema` embeds it from the bundle, so the crate
    // holds everything it builds from (and can be packaged on its own).
    let catalog = schema_dir.join("catalog.json");
    files.push((
        "catalog.json".to_string(),
        std::fs::read_to_string(&catalog).map_err(|e| format!("{}: {e}", catalog.display()))?,
    ));
    Ok(files)
}

/// The result-code catalog, published beside the schemas under the same name.
const RESULT_CODES: &str = "result-codes.json";

/// `schema/result-codes.json`, checked and copied byte for byte: every entry has a code, a
/// status S, F or U, APIs named in `catalog.json`, a meaning, an action and public sources;
/// entries are sorted by code, then status, and no (code, status) pair appears twice.
fn result_codes(path: &Path, apis: &[&str]) -> Result<String, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let doc: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let fail = |what: String| format!("{}: {what}", path.display());
    let entries = doc
        .get("codes")
        .and_then(serde_json::Value::as_array)
        .ok_or_else(|| fail("`codes` is not an array".into()))?;
    if entries.is_empty() {
        return Err(fail("`codes` is empty".into()));
    }
    let mut previous: Option<(&str, &str)> = None;
    for (i, entry) in entries.iter().enumerate() {
        let at = |what: &str| fail(format!("codes[{i}]: {what}"));
        let text_of = |name: &str| {
            entry
                .get(name)
                .and_then(serde_json::Value::as_str)
                .filter(|t| !t.trim().is_empty())
                .ok_or_else(|| at(&format!("`{name}` is missing, empty or not a string")))
        };
        let list_of = |name: &str| -> Result<Vec<&str>, String> {
            let items = entry
                .get(name)
                .and_then(serde_json::Value::as_array)
                .filter(|a| !a.is_empty())
                .ok_or_else(|| at(&format!("`{name}` is missing, empty or not an array")))?;
            items
                .iter()
                .map(|v| {
                    v.as_str()
                        .ok_or_else(|| at(&format!("`{name}` holds a non-string")))
                })
                .collect()
        };
        let code = text_of("code")?;
        let status = text_of("status")?;
        text_of("meaning")?;
        text_of("action")?;
        if !matches!(status, "S" | "F" | "U") {
            return Err(at(&format!("{code}: status `{status}` is not S, F or U")));
        }
        for api in list_of("apis")? {
            if !apis.contains(&api) {
                return Err(at(&format!(
                    "{code}: `{api}` is not an api of catalog.json"
                )));
            }
        }
        for source in list_of("sources")? {
            let public = ["https://docs.antom.com/", "https://global.alipay.com/"];
            if !public.iter().any(|p| source.starts_with(p)) {
                return Err(at(&format!(
                    "{code}: source {source} is not an Antom page (docs.antom.com, global.alipay.com)"
                )));
            }
        }
        if let Some(before) = previous {
            if before == (code, status) {
                return Err(at(&format!("{code} ({status}) is listed twice")));
            }
            if before > (code, status) {
                return Err(at(&format!(
                    "{code} ({status}) comes after {} ({}); keep the entries sorted by code, then status",
                    before.0, before.1
                )));
            }
        }
        previous = Some((code, status));
    }
    Ok(text)
}

/// The whole generated file for the schemas in `schema_dir`.
fn generate(schema_dir: &Path) -> Result<String, String> {
    let bundle = bundle::Bundle::load(schema_dir)?;
    let mut file = typify_pass::run(&bundle)?;
    let constructors = postprocess::run(&mut file, &bundle)?;
    let open_enums = bundle
        .open_enums
        .iter()
        .map(|name| emit::open_enum(name, &bundle.enums[name]))
        .collect::<Result<Vec<_>, _>>()?;
    let catalog = emit::catalog(&bundle)?;
    let items = &file.items;
    let tokens = quote! {
        #(#items)*
        #(#constructors)*
        #(#open_enums)*
        #catalog
    };
    let file: syn::File =
        syn::parse2(tokens).map_err(|e| format!("the generated code does not parse: {e}"))?;
    Ok(format!(
        "// @generated by `{COMMAND}`; do not edit.\n{}",
        prettyplease::unparse(&file)
    ))
}

/// Writes `contents` to `path`, or in check mode fails when they differ (the rust-analyzer
/// `ensure_file_contents` pattern).
fn ensure_file_contents(path: &Path, contents: &str, check: bool) -> Result<(), String> {
    let current = std::fs::read_to_string(path).ok();
    if current.as_deref() == Some(contents) {
        return Ok(());
    }
    if check {
        return Err(format!(
            "{} is stale: the schemas give different code. Run `{COMMAND}` and commit the result.",
            path.display()
        ));
    }
    std::fs::write(path, contents).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    eprintln!("antom-codegen: updated {}", path.display());
    Ok(())
}

/// [`ensure_file_contents`] for a directory of generated files. In the checked-in directory
/// (`prune`), a `.json` file the generator no longer writes is stale too (removed when writing).
fn ensure_dir_contents(
    dir: &Path,
    files: &[(String, String)],
    check: bool,
    prune: bool,
    fix: &str,
) -> Result<(), String> {
    let mut stale = Vec::new();
    for (name, contents) in files {
        let path = dir.join(name);
        let current = std::fs::read_to_string(&path).ok();
        if current.as_deref() != Some(contents.as_str()) {
            stale.push((path, current.is_none(), Some(contents)));
        }
    }
    if prune {
        let mut extra: Vec<PathBuf> = std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                let name = p.file_name().unwrap_or_default().to_string_lossy();
                name.ends_with(".json") && !files.iter().any(|(n, _)| *n == name)
            })
            .collect();
        extra.sort();
        stale.extend(extra.into_iter().map(|p| (p, false, None)));
    }
    if stale.is_empty() {
        return Ok(());
    }
    if check {
        let list: Vec<String> = stale
            .iter()
            .map(|(path, missing, contents)| {
                let name = path.file_name().unwrap_or_default().to_string_lossy();
                match (missing, contents) {
                    (true, _) => format!("{name} is missing"),
                    (false, Some(_)) => format!("{name} differs"),
                    (false, None) => format!("{name} is no longer generated"),
                }
            })
            .collect();
        return Err(format!(
            "{} is stale ({}): the schemas give a different bundle. Run `{fix}` and commit the result.",
            dir.display(),
            list.join(", ")
        ));
    }
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    for (path, _, contents) in stale {
        match contents {
            Some(contents) => std::fs::write(&path, contents)
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?,
            None => std::fs::remove_file(&path)
                .map_err(|e| format!("cannot remove {}: {e}", path.display()))?,
        }
        eprintln!("antom-codegen: updated {}", path.display());
    }
    Ok(())
}
