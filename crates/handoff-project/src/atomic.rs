//! Writing a file so that a crash or a full disk never leaves it half
//! written: the content goes to a temporary file in the same directory,
//! which then replaces the target in one rename. A new file gets the
//! permissions any program's new file gets (what the umask allows); a
//! replaced file keeps its own.

use std::io::Write;
use std::path::Path;

use tempfile::NamedTempFile;

/// Writes `contents` to `path`, replacing whatever is there.
/// A read-only file is refused, as an editor would, even though the rename
/// could replace it (and root could write it).
pub fn write(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    write_with(path, |out| out.write_all(contents))
}

/// Like [`write`], with the content written by `fill` straight into the
/// temporary file, so a large output is never held whole in memory.
pub fn write_with(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let existing = std::fs::metadata(path).ok();
    if existing
        .as_ref()
        .is_some_and(|m| m.permissions().readonly())
    {
        return Err(std::io::Error::new(
            std::io::ErrorKind::PermissionDenied,
            "the file is read-only; make it writable first",
        ));
    }
    let temp = filled_temp(path, fill)?;
    if let Some(meta) = existing {
        temp.as_file().set_permissions(meta.permissions())?;
    }
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Writes `contents` to `path` only if nothing is there; otherwise fails
/// with `ErrorKind::AlreadyExists` and leaves the file alone.
pub fn write_new(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let temp = filled_temp(path, |out| out.write_all(contents))?;
    temp.persist_noclobber(path).map_err(|e| e.error)?;
    Ok(())
}

/// A temporary file beside `path` (a rename is atomic only within one file
/// system), holding what `fill` wrote, on disk.
fn filled_temp(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<NamedTempFile> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".handoff-").suffix(".tmp");
    // tempfile makes its files 0600, as for secrets; these are rules and
    // outputs people share, so ask for 0666 and let the umask take away
    // what the user wants taken (0644 under the usual 022).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut temp = builder.tempfile_in(dir)?;
    {
        let mut out = std::io::BufWriter::with_capacity(1 << 16, &mut temp);
        fill(&mut out)?;
        out.flush()?;
    }
    temp.as_file().sync_all()?;
    Ok(temp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_file_and_keeps_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.json");
        write(&path, b"one").unwrap();
        write(&path, b"two").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn write_new_never_replaces() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.handoff");
        write_new(&path, b"one").unwrap();
        let error = write_new(&path, b"two").unwrap_err();
        assert_eq!(error.kind(), std::io::ErrorKind::AlreadyExists);
        assert_eq!(std::fs::read(&path).unwrap(), b"one");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn keeps_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.json");
        std::fs::write(&path, b"x").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        write(&path, b"y").unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o640);
    }
}
