//! Finding and reading the inputs: files, directories, standard input.

use std::io::Read;
use std::path::{Path, PathBuf};

use antom_schema::source::LineIndex;
use globset::{Glob, GlobSet, GlobSetBuilder};

/// One input read whole.
pub struct Source {
    /// What to call it in output: the path as given, or `<stdin>`.
    pub name: String,
    /// The file name used for kind resolution (`None` for standard input).
    pub file_name: Option<String>,
    pub bytes: Vec<u8>,
    pub lines: LineIndex,
}

impl Source {
    pub fn new(name: String, file_name: Option<String>, bytes: Vec<u8>) -> Source {
        let lines = LineIndex::new(&bytes);
        Source {
            name,
            file_name,
            bytes,
            lines,
        }
    }

    /// 1-based line and column of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        self.lines.line_col_bytes(&self.bytes, offset)
    }

    /// The text of a 1-based line (lossy), without its line break.
    pub fn line_text(&self, line: usize) -> String {
        let Some(start) = self.lines.line_start(line) else {
            return String::new();
        };
        let start = start.min(self.bytes.len());
        let end = self.bytes[start..]
            .iter()
            .position(|b| *b == b'\n')
            .map_or(self.bytes.len(), |p| start + p);
        String::from_utf8_lossy(&self.bytes[start..end])
            .trim_end_matches('\r')
            .to_string()
    }
}

/// Globs for walking directories.
pub struct Filters {
    include: GlobSet,
    exclude: GlobSet,
}

fn build(patterns: &[String]) -> Result<GlobSet, String> {
    let mut builder = GlobSetBuilder::new();
    for p in patterns {
        builder.add(Glob::new(p).map_err(|e| format!("invalid glob `{p}`: {e}"))?);
    }
    builder.build().map_err(|e| e.to_string())
}

impl Filters {
    pub fn new(include: &[String], exclude: &[String]) -> Result<Filters, String> {
        let default_include: Vec<String> = ["*.json", "*.ndjson", "*.jsonl", "*.har"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let include = if include.is_empty() {
            &default_include[..]
        } else {
            include
        };
        Ok(Filters {
            include: build(include)?,
            exclude: build(exclude)?,
        })
    }

    fn excluded(&self, rel: &Path) -> bool {
        self.exclude.is_match(rel) || rel.file_name().is_some_and(|n| self.exclude.is_match(n))
    }

    fn included(&self, rel: &Path) -> bool {
        self.include.is_match(rel) || rel.file_name().is_some_and(|n| self.include.is_match(n))
    }
}

/// Reads every input. Read failures are returned beside the sources that could be read.
pub fn read_all(paths: &[PathBuf], filters: &Filters) -> (Vec<Source>, Vec<String>) {
    let mut sources = Vec::new();
    let mut errors = Vec::new();
    if paths.is_empty() {
        read_stdin(&mut sources, &mut errors);
    }
    for path in paths {
        if path.as_os_str() == "-" {
            read_stdin(&mut sources, &mut errors);
        } else if path.is_dir() {
            walk(path, path, filters, &mut sources, &mut errors);
        } else {
            read_file(path, &mut sources, &mut errors);
        }
    }
    (sources, errors)
}

fn read_stdin(sources: &mut Vec<Source>, errors: &mut Vec<String>) {
    let mut bytes = Vec::new();
    match std::io::stdin().lock().read_to_end(&mut bytes) {
        Ok(_) => sources.push(Source::new("<stdin>".into(), None, bytes)),
        Err(e) => errors.push(format!("cannot read standard input: {e}")),
    }
}

fn display(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

fn read_file(path: &Path, sources: &mut Vec<Source>, errors: &mut Vec<String>) {
    match std::fs::read(path) {
        Ok(bytes) => {
            let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned());
            sources.push(Source::new(display(path), file_name, bytes));
        }
        Err(e) => errors.push(format!("cannot read {}: {e}", display(path))),
    }
}

fn walk(
    root: &Path,
    dir: &Path,
    filters: &Filters,
    sources: &mut Vec<Source>,
    errors: &mut Vec<String>,
) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            errors.push(format!("cannot read directory {}: {e}", display(dir)));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = Vec::new();
    for entry in entries {
        match entry {
            Ok(e) => paths.push(e.path()),
            Err(e) => errors.push(format!("cannot read directory {}: {e}", display(dir))),
        }
    }
    paths.sort();
    for path in paths {
        let rel = path.strip_prefix(root).unwrap_or(&path);
        if filters.excluded(rel) {
            continue;
        }
        // Symbolic links to directories are not followed, so a loop cannot trap the walk.
        let is_dir = std::fs::symlink_metadata(&path)
            .map(|m| m.is_dir())
            .unwrap_or(false);
        if is_dir {
            walk(root, &path, filters, sources, errors);
        } else if filters.included(rel) {
            read_file(&path, sources, errors);
        }
    }
}
