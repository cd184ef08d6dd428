//! Finding and reading the inputs: files, directories, standard input.
//!
//! Reading is streamed and bounded: NDJSON is read line by line (a line longer than the
//! maximum record size is skipped without being kept), a JSON or HAR document is read whole
//! only when it fits the maximum. What is read goes out as [`Job`]s, in input order, small
//! enough for a worker thread each.

use std::io::{self, BufRead, BufReader, Cursor, Read};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use globset::{Glob, GlobSet, GlobSetBuilder};

use crate::check::Origin;
use crate::cli::InputFormat;
use crate::records;
use crate::Stop;

/// One input named on the command line or found in a directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Stdin,
    /// Standard input, named (`filter --name`): findings call it by that name, and the name
    /// is a hint for kinds like a file name.
    StdinNamed(String),
    File(PathBuf),
    /// Bytes already in memory, under a name (tests and fuzz targets).
    Memory {
        name: String,
        bytes: Vec<u8>,
    },
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

/// Lists every input, walking directories in sorted order. Failures to list a directory are
/// returned beside the inputs that were found.
pub fn discover(paths: &[PathBuf], filters: &Filters) -> (Vec<Input>, Vec<String>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    if paths.is_empty() {
        inputs.push(Input::Stdin);
    }
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin);
        } else if path.is_dir() {
            walk(path, path, filters, &mut inputs, &mut errors);
        } else {
            inputs.push(Input::File(path.clone()));
        }
    }
    (inputs, errors)
}

fn display(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

fn walk(
    root: &Path,
    dir: &Path,
    filters: &Filters,
    out: &mut Vec<Input>,
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
            walk(root, &path, filters, out, errors);
        } else if filters.included(rel) {
            out.push(Input::File(path));
        }
    }
}

/// One NDJSON line of a [`Work::Lines`] batch.
#[derive(Debug, Clone)]
pub struct Line {
    /// Record number in its input.
    pub record: usize,
    /// Line number in its input.
    pub line: usize,
    /// The line's bytes in the batch buffer (without the line break).
    pub range: Range<usize>,
    /// The size of a line too large to keep (then `range` is empty).
    pub too_large: Option<u64>,
}

/// What a job holds.
pub enum Work {
    /// A whole JSON document or HAR capture.
    Whole { bytes: Vec<u8>, format: InputFormat },
    /// Consecutive NDJSON lines.
    Lines { buf: Vec<u8>, lines: Vec<Line> },
    /// A whole document larger than the limit (one record, not read).
    TooLarge { size: u64 },
    /// An NDJSON input without a single record.
    Empty,
}

/// A piece of one input, checked by one worker.
pub struct Job {
    /// Position in the run: results are written in this order.
    pub seq: u64,
    /// Index of the input in the run.
    pub input: usize,
    pub origin: Arc<Origin>,
    pub work: Work,
}

/// Batches of NDJSON lines: about this many bytes or lines per job.
const BATCH_BYTES: usize = 256 * 1024;
const BATCH_LINES: usize = 2048;

/// Reads every input in order and hands out jobs. `send` returning an error stops the
/// reading. Returns the read errors (an input that cannot be opened or read), already
/// written to standard error.
pub fn produce(
    inputs: &[Input],
    forced: Option<InputFormat>,
    max: usize,
    send: &mut dyn FnMut(Job) -> Result<(), Stop>,
) -> Result<usize, Stop> {
    let mut reader = Producer {
        seq: 0,
        max,
        forced,
        send,
        errors: 0,
    };
    for (index, input) in inputs.iter().enumerate() {
        reader.input(index, input)?;
    }
    Ok(reader.errors)
}

struct Producer<'s> {
    seq: u64,
    max: usize,
    forced: Option<InputFormat>,
    send: &'s mut dyn FnMut(Job) -> Result<(), Stop>,
    errors: usize,
}

/// How a bounded line read ended.
enum LineEnd {
    Eof,
    Line,
    TooLarge(u64),
}

/// Appends one line (without its `\n`) to `buf`, unless it is longer than `max`: then nothing
/// is kept and its length is returned.
fn read_line(r: &mut dyn BufRead, buf: &mut Vec<u8>, max: usize) -> io::Result<LineEnd> {
    let start = buf.len();
    let mut len: u64 = 0;
    let mut skipping = false;
    let mut any = false;
    loop {
        let available = match r.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            return Ok(match (any, skipping) {
                (false, _) => LineEnd::Eof,
                (true, false) => LineEnd::Line,
                (true, true) => LineEnd::TooLarge(len),
            });
        }
        any = true;
        let newline = memchr::memchr(b'\n', available);
        let chunk = &available[..newline.unwrap_or(available.len())];
        len += chunk.len() as u64;
        if !skipping {
            if len > max as u64 {
                skipping = true;
                buf.truncate(start);
            } else {
                buf.extend_from_slice(chunk);
            }
        }
        let used = newline.map_or(available.len(), |i| i + 1);
        r.consume(used);
        if newline.is_some() {
            return Ok(if skipping {
                LineEnd::TooLarge(len)
            } else {
                LineEnd::Line
            });
        }
    }
}

/// True when the first non-blank line of a prefix is a JSON value (the input is NDJSON).
fn first_line_is_json(prefix: &[u8]) -> bool {
    prefix
        .split(|b| *b == b'\n')
        .find(|l| !records::is_blank(l))
        .is_some_and(|l| serde_json::from_slice::<serde_json::Value>(l).is_ok())
}

impl Producer<'_> {
    fn send(&mut self, input: usize, origin: &Arc<Origin>, work: Work) -> Result<(), Stop> {
        let job = Job {
            seq: self.seq,
            input,
            origin: origin.clone(),
            work,
        };
        self.seq += 1;
        (self.send)(job)
    }

    fn error(&mut self, message: String) {
        self.errors += 1;
        eprintln!("antom-lint: {}", antom_schema::mask::mask_text(&message));
    }

    fn input(&mut self, index: usize, input: &Input) -> Result<(), Stop> {
        let (origin, mut reader, size): (Origin, Box<dyn Read>, Option<u64>) = match input {
            Input::Stdin => (
                Origin::new("<stdin>".into(), None),
                Box::new(io::stdin().lock()),
                None,
            ),
            Input::StdinNamed(name) => {
                let file_name = Path::new(name)
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned());
                (
                    Origin::new(name.clone(), file_name),
                    Box::new(io::stdin().lock()),
                    None,
                )
            }
            Input::Memory { name, bytes } => {
                let file_name = Path::new(name)
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned());
                (
                    Origin::new(name.clone(), file_name),
                    Box::new(Cursor::new(bytes.clone())),
                    Some(bytes.len() as u64),
                )
            }
            Input::File(path) => match std::fs::File::open(path) {
                Ok(f) => {
                    let size = f.metadata().ok().map(|m| m.len());
                    let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned());
                    (Origin::new(display(path), file_name), Box::new(f), size)
                }
                Err(e) => {
                    self.error(format!("cannot read {}: {e}", display(path)));
                    return Ok(());
                }
            },
        };
        let origin = Arc::new(Origin { index, ..origin });
        let named = self
            .forced
            .or_else(|| records::by_name(origin.file_name.as_deref()));
        if named == Some(InputFormat::Ndjson) {
            return self.lines(
                index,
                &origin,
                &mut BufReader::with_capacity(1 << 20, reader),
            );
        }
        if let (Some(size), Some(_)) = (size, named) {
            if size > self.max as u64 {
                return self.send(index, &origin, Work::TooLarge { size });
            }
        }
        let mut bytes = Vec::new();
        if let Err(e) = reader
            .by_ref()
            .take(self.max as u64 + 1)
            .read_to_end(&mut bytes)
        {
            self.error(format!("cannot read {}: {e}", origin.name));
            return Ok(());
        }
        if bytes.len() > self.max {
            if named.is_none() && first_line_is_json(&bytes) {
                let mut rest = BufReader::with_capacity(1 << 20, Cursor::new(bytes).chain(reader));
                return self.lines(index, &origin, &mut rest);
            }
            let size = match size {
                Some(s) => s,
                None => bytes.len() as u64 + io::copy(&mut reader, &mut io::sink()).unwrap_or(0),
            };
            return self.send(index, &origin, Work::TooLarge { size });
        }
        match named.unwrap_or_else(|| records::detect(&bytes)) {
            InputFormat::Ndjson => self.lines(index, &origin, &mut Cursor::new(bytes)),
            format => self.send(index, &origin, Work::Whole { bytes, format }),
        }
    }

    fn lines(
        &mut self,
        index: usize,
        origin: &Arc<Origin>,
        reader: &mut dyn BufRead,
    ) -> Result<(), Stop> {
        let mut buf = Vec::with_capacity(BATCH_BYTES + 4096);
        let mut lines: Vec<Line> = Vec::new();
        let mut line = 0;
        let mut record = 0;
        loop {
            let start = buf.len();
            let end = match read_line(reader, &mut buf, self.max) {
                Ok(end) => end,
                Err(e) => {
                    self.error(format!("cannot read {}: {e}", origin.name));
                    break;
                }
            };
            line += 1;
            let too_large = match end {
                LineEnd::Eof => break,
                LineEnd::Line if records::is_blank(&buf[start..]) => {
                    buf.truncate(start);
                    continue;
                }
                LineEnd::Line => None,
                LineEnd::TooLarge(size) => Some(size),
            };
            record += 1;
            lines.push(Line {
                record,
                line,
                range: start..buf.len(),
                too_large,
            });
            if buf.len() >= BATCH_BYTES || lines.len() >= BATCH_LINES {
                let work = Work::Lines {
                    buf: std::mem::replace(&mut buf, Vec::with_capacity(BATCH_BYTES + 4096)),
                    lines: std::mem::take(&mut lines),
                };
                self.send(index, origin, work)?;
            }
        }
        if !lines.is_empty() {
            self.send(index, origin, Work::Lines { buf, lines })?;
        }
        if record == 0 {
            self.send(index, origin, Work::Empty)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_lines() {
        let mut r = Cursor::new(b"ab\r\n\ncdefgh\nij".to_vec());
        let mut buf = Vec::new();
        assert!(matches!(read_line(&mut r, &mut buf, 4), Ok(LineEnd::Line)));
        assert_eq!(buf, b"ab\r");
        assert!(matches!(read_line(&mut r, &mut buf, 4), Ok(LineEnd::Line)));
        assert!(matches!(
            read_line(&mut r, &mut buf, 4),
            Ok(LineEnd::TooLarge(6))
        ));
        assert_eq!(buf, b"ab\r");
        assert!(matches!(read_line(&mut r, &mut buf, 4), Ok(LineEnd::Line)));
        assert_eq!(buf, b"ab\rij");
        assert!(matches!(read_line(&mut r, &mut buf, 4), Ok(LineEnd::Eof)));
    }
}
