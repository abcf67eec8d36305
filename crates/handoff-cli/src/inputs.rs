//! Reading a file a command was given; which files those are is the
//! project's business (`handoff_project::find_files`).

use std::io::Read;
use std::path::{Path, PathBuf};

use handoff_analysis::limits::MAX_FILE_BYTES;

use crate::RunError;

/// A file's path as the user will see it, and its bytes.
pub(crate) struct Input {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

/// Reads a file, refusing one larger than the analysis reads before any of
/// it is in memory.
pub(crate) fn read(path: &Path) -> Result<Input, RunError> {
    let cannot = |e| RunError::from((format!("cannot read `{}`", path.display()), e));
    let mut file = std::fs::File::open(path).map_err(cannot)?;
    let size = file.metadata().map_err(cannot)?.len();
    if size > MAX_FILE_BYTES as u64 {
        return Err(too_large(path, size));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    // `take` bounds a file that grows while it is read, or reports no size.
    (&mut file)
        .take(MAX_FILE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if bytes.len() > MAX_FILE_BYTES {
        return Err(too_large(path, bytes.len() as u64));
    }
    Ok(Input {
        path: path.to_path_buf(),
        bytes,
    })
}

fn too_large(path: &Path, size: u64) -> RunError {
    RunError(format!(
        "`{}` is {:.1} MiB; handoff reads rule files of at most {} MiB (see \"Limits\" in docs/language.md)",
        path.display(),
        size as f64 / (1024.0 * 1024.0),
        MAX_FILE_BYTES / (1024 * 1024)
    ))
}
