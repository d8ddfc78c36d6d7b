//! The files lab reads and writes besides the student's build: a folder's `.rs` files,
//! and a file written whole or not at all.

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

/// Write `contents` to a temporary name beside `path`, then rename it over `path`: an
/// interrupted write (Ctrl-C, a full disk) never leaves half a file under the real name.
pub fn write_whole(path: &Path, contents: &[u8]) -> io::Result<()> {
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(".lab-part");
    let temporary = PathBuf::from(temporary);
    let written =
        std::fs::write(&temporary, contents).and_then(|()| std::fs::rename(&temporary, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    written
}
