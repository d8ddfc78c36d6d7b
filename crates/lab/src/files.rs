//! The files lab reads and writes besides the student's build: a folder's `.rs` files,
//! and files written whole, all of them or none.

use std::io;
use std::path::{Path, PathBuf};

/// The `.rs` files of `dir`, sorted by name (`client.rs` before `server.rs`).
pub fn rust_files(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_file() && path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
    found.sort();
    Ok(found)
}

/// Write each file to a temporary name beside it and, once every one is written, rename
/// each over its real name: an interrupted write (Ctrl-C, a full disk) never leaves half a
/// file under a real name, and a failed one leaves the real names as they were. Missing
/// folders are made. On failure: the file it failed on, and why.
pub fn write_whole(files: &[(PathBuf, Vec<u8>)]) -> Result<(), (PathBuf, io::Error)> {
    let temporary = |path: &Path| {
        let mut name = path.as_os_str().to_owned();
        name.push(".lab-part");
        PathBuf::from(name)
    };
    let mut written = Vec::new();
    for (path, contents) in files {
        let part = temporary(path);
        let made = match path.parent() {
            Some(dir) => std::fs::create_dir_all(dir),
            None => Ok(()),
        };
        if let Err(error) = made.and_then(|()| std::fs::write(&part, contents)) {
            for part in written.iter().chain([&part]) {
                let _ = std::fs::remove_file(part);
            }
            return Err((path.clone(), error));
        }
        written.push(part);
    }
    for ((path, _), part) in files.iter().zip(&written) {
        std::fs::rename(part, path).map_err(|error| (path.clone(), error))?;
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use testkit::TempDir;

    #[test]
    fn a_failed_write_leaves_every_file_as_it_was() {
        let temp = TempDir::new("write-whole");
        let first = temp.path().join("first.rs");
        std::fs::write(&first, "old").unwrap();
        // A folder cannot be made where a file is: the second write fails.
        let blocked = temp.path().join("first.rs/second.rs");
        let files = [
            (first.clone(), b"new".to_vec()),
            (blocked.clone(), b"new".to_vec()),
        ];
        let (failed, _) = write_whole(&files).unwrap_err();
        assert_eq!(failed, blocked);
        assert_eq!(std::fs::read_to_string(&first).unwrap(), "old");
        let names: Vec<_> = std::fs::read_dir(temp.path())
            .unwrap()
            .map(|entry| entry.unwrap().file_name())
            .collect();
        assert_eq!(names, ["first.rs"], "no temporary file left behind");

        let made = temp.path().join("made/third.rs");
        write_whole(&[
            (first.clone(), b"new".to_vec()),
            (made.clone(), b"3".to_vec()),
        ])
        .unwrap();
        assert_eq!(std::fs::read_to_string(&first).unwrap(), "new");
        assert_eq!(std::fs::read_to_string(&made).unwrap(), "3");
    }
}
