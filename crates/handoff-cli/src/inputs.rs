//! Reading a file a command was given; which files those are is the
//! project's business (`handoff_project::find_files`).

use std::path::{Path, PathBuf};

use crate::RunError;

/// A file's path as the user will see it, and its bytes.
pub(crate) struct Input {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

pub(crate) fn read(path: &Path) -> Result<Input, RunError> {
    let bytes = std::fs::read(path)
        .map_err(|e| RunError::from((format!("cannot read `{}`", path.display()), e)))?;
    Ok(Input {
        path: path.to_path_buf(),
        bytes,
    })
}
