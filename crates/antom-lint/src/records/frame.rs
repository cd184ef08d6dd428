//! Where a record's bytes sit in their file: lines and columns of offsets.

use antom_schema::source::LineIndex;

/// The bytes that a record's offsets refer to (a whole file, or one NDJSON line) and where
/// they sit in their file.
pub struct Frame<'a> {
    pub bytes: &'a [u8],
    /// The 1-based line of the file on which `bytes` start.
    pub first_line: usize,
    /// The bytes are one line (no index is needed to place an offset).
    single: bool,
    lines: std::cell::OnceCell<LineIndex>,
}

impl<'a> Frame<'a> {
    /// A whole file.
    pub fn file(bytes: &'a [u8]) -> Frame<'a> {
        Frame {
            bytes,
            first_line: 1,
            single: false,
            lines: std::cell::OnceCell::new(),
        }
    }

    /// One line of a file (without its line break).
    pub fn line(bytes: &'a [u8], line: usize) -> Frame<'a> {
        Frame {
            bytes,
            first_line: line,
            single: true,
            lines: std::cell::OnceCell::new(),
        }
    }

    fn index(&self) -> &LineIndex {
        self.lines.get_or_init(|| LineIndex::new(self.bytes))
    }

    /// 1-based line and column in the file of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let (line, column) = if self.single {
            // One NDJSON line: no index needed; characters are the bytes that do not
            // continue a UTF-8 sequence.
            let offset = offset.min(self.bytes.len());
            (1, chars(&self.bytes[..offset]) + 1)
        } else {
            self.index().line_col_bytes(self.bytes, offset)
        };
        (line + self.first_line - 1, column)
    }

    /// The text of a line of the file (lossy), without its line break.
    pub fn line_text(&self, line: usize) -> String {
        let Some(start) = line
            .checked_sub(self.first_line)
            .and_then(|l| self.index().line_start(l + 1))
        else {
            return String::new();
        };
        let start = start.min(self.bytes.len());
        let end =
            memchr::memchr(b'\n', &self.bytes[start..]).map_or(self.bytes.len(), |p| start + p);
        String::from_utf8_lossy(&self.bytes[start..end])
            .trim_end_matches('\r')
            .to_string()
    }
}

/// Characters in UTF-8 bytes (bytes that do not continue a sequence).
fn chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|b| (**b & 0xC0) != 0x80).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frame_positions() {
        let f = Frame::file(b"ab\ncd\n");
        assert_eq!(f.line_col(4), (2, 2));
        assert_eq!(f.line_text(2), "cd");
        let f = Frame::line("é{\"a\"".as_bytes(), 7);
        assert_eq!(f.line_col(2), (7, 2));
        assert_eq!(f.line_text(7), "é{\"a\"");
    }
}
