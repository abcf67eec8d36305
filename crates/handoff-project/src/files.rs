//! Which files a command reads: files as given, and directories searched
//! for `*.handoff` files in sorted order. The walk is `ignore`'s, as in
//! ripgrep: `.gitignore` and `.ignore` files are respected (in a git
//! repository or not), hidden files and directories are skipped, and
//! symbolic links are not followed, so a link loop cannot make a file count
//! twice.

use std::path::PathBuf;

use crate::ProjectError;

/// Directories that hold build output or packages, never rules, even where
/// no `.gitignore` says so.
const SKIPPED_DIRECTORIES: [&str; 2] = ["target", "node_modules"];

/// The `.handoff` files of `paths` (the current directory when empty). A
/// file named on the command line is read whatever its name; a directory
/// without a rule file is an error, so a wrong path in CI cannot pass.
pub fn find_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, ProjectError> {
    let default = [PathBuf::from(".")];
    let paths = if paths.is_empty() {
        &default[..]
    } else {
        paths
    };
    let mut files = Vec::new();
    for path in paths {
        let meta = std::fs::metadata(path)
            .map_err(|e| ProjectError(format!("cannot read `{}`: {e}", path.display())))?;
        if !meta.is_dir() {
            files.push(path.clone());
            continue;
        }
        std::fs::read_dir(path).map_err(|e| {
            ProjectError(format!("cannot read directory `{}`: {e}", path.display()))
        })?;
        let before = files.len();
        let walk = ignore::WalkBuilder::new(path)
            .require_git(false)
            .sort_by_file_name(|a, b| a.cmp(b))
            .filter_entry(|entry| {
                !(entry.file_type().is_some_and(|t| t.is_dir())
                    && SKIPPED_DIRECTORIES.iter().any(|d| entry.file_name() == *d))
            })
            .build();
        for entry in walk {
            let entry = entry.map_err(|e| {
                ProjectError(format!("cannot read directory `{}`: {e}", path.display()))
            })?;
            let is_file = entry.file_type().is_some_and(|t| t.is_file());
            if is_file && entry.path().extension().is_some_and(|e| e == "handoff") {
                files.push(entry.into_path());
            }
        }
        if files.len() == before {
            return Err(ProjectError(format!(
                "no `.handoff` file in `{}` or below it",
                path.display()
            )));
        }
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(root: &std::path::Path, path: &str) {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, "tone warm\n").unwrap();
    }

    #[test]
    fn walks_sorted_respecting_gitignore_and_never_through_a_link_loop() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(root, "b/two.handoff");
        write(root, "a/one.handoff");
        write(root, "a/notes.txt");
        write(root, "ignored/three.handoff");
        write(root, ".hidden/four.handoff");
        write(root, "target/five.handoff");
        std::fs::write(root.join(".gitignore"), "ignored/\n").unwrap();
        std::os::unix::fs::symlink(root, root.join("a/loop")).unwrap();
        let files = find_files(&[root.to_path_buf()]).unwrap();
        let names: Vec<String> = files
            .iter()
            .map(|f| f.strip_prefix(root).unwrap().display().to_string())
            .collect();
        assert_eq!(names, ["a/one.handoff", "b/two.handoff"]);
    }

    #[test]
    fn a_directory_without_rules_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "notes.txt");
        let error = find_files(&[dir.path().to_path_buf()]).unwrap_err();
        assert!(error.0.contains("no `.handoff` file"), "{error}");
    }
}
