//! Which files a command reads: files as given, and directories searched
//! (recursively, in sorted order) for `*.handoff` files. Hidden directories
//! and `target`, `node_modules` are skipped.

use std::path::{Path, PathBuf};

use crate::RunError;

/// A file's path as the user will see it, and its bytes.
pub(crate) struct Input {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

pub(crate) fn collect(paths: &[PathBuf]) -> Result<Vec<PathBuf>, RunError> {
    let default = [PathBuf::from(".")];
    let paths = if paths.is_empty() {
        &default[..]
    } else {
        paths
    };
    let mut files = Vec::new();
    for path in paths {
        let meta = std::fs::metadata(path)
            .map_err(|e| RunError::from((format!("cannot read `{}`", path.display()), e)))?;
        if meta.is_dir() {
            walk(path, &mut files)?;
        } else {
            files.push(path.clone());
        }
    }
    Ok(files)
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>) -> Result<(), RunError> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| RunError::from((format!("cannot read directory `{}`", dir.display()), e)))?;
    let mut paths: Vec<PathBuf> = entries
        .map(|entry| entry.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .map_err(|e| RunError::from((format!("cannot read directory `{}`", dir.display()), e)))?;
    paths.sort();
    for path in paths {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if path.is_dir() {
            if !name.starts_with('.') && name != "target" && name != "node_modules" {
                walk(&path, files)?;
            }
        } else if name.ends_with(".handoff") {
            files.push(path);
        }
    }
    Ok(())
}

pub(crate) fn read(path: &Path) -> Result<Input, RunError> {
    let bytes = std::fs::read(path)
        .map_err(|e| RunError::from((format!("cannot read `{}`", path.display()), e)))?;
    Ok(Input {
        path: path.to_path_buf(),
        bytes,
    })
}
