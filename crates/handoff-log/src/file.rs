//! The log file: records appended as whole lines, and read back with what
//! is not a record said by its line.

use std::fs::OpenOptions;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;

use crate::record::Record;

/// Appends a record as one line, written from one buffer to a file opened
/// for appending: on a local disk, lines from several processes do not
/// interleave, and a crash mid-write leaves at most one torn last line. A
/// torn line left by an earlier crash is ended first, so this record
/// starts a line of its own and the reader loses only the torn one. There
/// is no `fsync`: a power cut may lose the last records the disk had not
/// yet written.
pub fn append(path: &Path, record: &Record) -> std::io::Result<()> {
    let mut line = serde_json::to_string(record).expect("records serialise");
    line.push('\n');
    let mut file = OpenOptions::new()
        .read(true)
        .append(true)
        .create(true)
        .open(path)?;
    if file.metadata()?.len() > 0 {
        let mut last = [0u8];
        file.seek(SeekFrom::End(-1))?;
        file.read_exact(&mut last)?;
        if last[0] != b'\n' {
            line.insert(0, '\n');
        }
    }
    file.write_all(line.as_bytes())
}

/// A line of a log that is not a record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    /// 1-based.
    pub line: usize,
    pub why: String,
}

/// The records of a log, in its order, and the lines skipped.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Log {
    pub records: Vec<Record>,
    /// Each record's line (1-based).
    pub lines: Vec<usize>,
    pub skipped: Vec<Skipped>,
}

/// Reads a log. Empty lines are nothing; a line that is not a record is
/// skipped and said, and a last line without its line end is one a crash
/// cut short.
pub fn read(bytes: &[u8]) -> Log {
    let mut log = Log::default();
    let ends_whole = bytes.is_empty() || bytes.ends_with(b"\n");
    let lines: Vec<&[u8]> = bytes.split(|&b| b == b'\n').collect();
    let count = lines.len();
    for (i, line) in lines.into_iter().enumerate() {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let torn = !ends_whole && i + 1 == count;
        match serde_json::from_slice::<Record>(line) {
            Ok(record) => {
                log.records.push(record);
                log.lines.push(i + 1);
            }
            Err(_) if torn => log.skipped.push(Skipped {
                line: i + 1,
                why: "the last line was cut short (the runtime stopped while writing it)"
                    .to_string(),
            }),
            Err(e) => log.skipped.push(Skipped {
                line: i + 1,
                why: match e.classify() {
                    serde_json::error::Category::Data => format!("not a log record: {e}"),
                    _ => format!("not a line of JSON: {e}"),
                },
            }),
        }
    }
    log
}
