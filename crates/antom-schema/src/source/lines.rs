//! Line starts of a text, to turn byte offsets into line and column numbers and back.

/// Line starts of a text, to turn byte offsets into 1-based line and column numbers.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes a text (bytes, so that text with invalid UTF-8 can be indexed too).
    pub fn new(bytes: &[u8]) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(
            bytes
                .iter()
                .enumerate()
                .filter(|(_, b)| **b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex { starts }
    }

    /// Byte offset where a 1-based line starts.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.starts.get(line.checked_sub(1)?).copied()
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        self.line_col_bytes(text.as_bytes(), offset)
    }

    /// As [`LineIndex::line_col`], over bytes that may not be UTF-8.
    pub fn line_col_bytes(&self, bytes: &[u8], offset: usize) -> (usize, usize) {
        let offset = offset.min(bytes.len());
        let line = self.starts.partition_point(|s| *s <= offset).max(1);
        let start = self.starts[line - 1];
        let col = String::from_utf8_lossy(&bytes[start..offset])
            .chars()
            .count()
            + 1;
        (line, col)
    }

    /// Byte offset of a (1-based) line and byte column, as serde_json reports positions (its
    /// columns count bytes, not characters), moved back to a character boundary.
    pub fn offset_of(&self, bytes: &[u8], line: usize, column: usize) -> usize {
        let Some(start) = self.line_start(line) else {
            return bytes.len();
        };
        let mut at = (start + column.saturating_sub(1)).min(bytes.len());
        while at > start && at < bytes.len() && (bytes[at] & 0xC0) == 0x80 {
            at -= 1;
        }
        at
    }
}
