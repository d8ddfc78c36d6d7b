//! The served folder: a name from the network opened beneath it, and nothing else.
//!
//! Checking a path and then opening it are two steps, and the folder can change between
//! them: a request for `d/notes.txt` passes the check while `d` is a folder inside the
//! root, then someone swaps `d` for a symbolic link to `/etc` and the open follows it.
//! On Linux the check and the open are one system call, `openat2()` with
//! `RESOLVE_BENEATH`: the kernel resolves the name relative to the folder's open
//! descriptor and fails with `EXDEV` the moment a `..` or a link would leave it, the way
//! capability libraries such as cap-std work. Elsewhere (and on kernels before 5.6) the
//! check comes first and the race is narrowed, not closed; the chapter says how.
//!
//! Whatever the name leads to is opened with `O_NONBLOCK`, so a FIFO (which would wait for
//! a writer) or a device answers at once, and only a regular file is served.

use std::fs::File;
use std::path::{Component, Path, PathBuf};

use common::errors::describe;

/// The folder whose regular files are served.
#[derive(Debug)]
pub struct Root {
    /// The folder, absolute, every link resolved: what the log shows.
    path: PathBuf,
    /// The folder itself, held open: names are resolved relative to it.
    #[cfg(target_os = "linux")]
    dir: std::os::fd::OwnedFd,
}

/// A file ready to serve: open, regular, and its size.
#[derive(Debug)]
pub struct Served {
    pub file: File,
    pub size: u64,
}

impl Root {
    /// The folder at `path`, or `None` if there is no such folder.
    pub fn new(path: &Path) -> Option<Root> {
        let path = path.canonicalize().ok().filter(|p| p.is_dir())?;
        Some(Root {
            #[cfg(target_os = "linux")]
            dir: rustix::fs::open(
                &path,
                rustix::fs::OFlags::PATH
                    | rustix::fs::OFlags::DIRECTORY
                    | rustix::fs::OFlags::CLOEXEC,
                rustix::fs::Mode::empty(),
            )
            .ok()?,
            path,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    // ANCHOR: open
    /// Open the regular file `name` names beneath the folder; or say why not, in words
    /// the client will read.
    pub fn open(&self, name: &str) -> Result<Served, String> {
        // Only plain names going down: no `/etc/passwd`, no `..`, no `C:\`.
        let relative = Path::new(name);
        if !relative
            .components()
            .all(|part| matches!(part, Component::Normal(_) | Component::CurDir))
        {
            return Err(format!("{name} is not a path beneath the served folder"));
        }
        // open(): never following a way out, never waiting (a FIFO waits for a writer).
        let file = self.open_beneath(name, relative)?;
        // fstat(): ask the open file what it is, so the answer is about this very file.
        let metadata = file
            .metadata()
            .map_err(|e| format!("cannot read {name}: {}", describe(&e)))?;
        only_regular(name, &metadata)?;
        Ok(Served {
            file,
            size: metadata.len(),
        })
    }
    // ANCHOR_END: open

    // ANCHOR: openat2
    /// Linux: one system call resolves the name inside the folder and opens it.
    #[cfg(target_os = "linux")]
    fn open_beneath(&self, name: &str, relative: &Path) -> Result<File, String> {
        use rustix::fs::{Mode, OFlags, ResolveFlags, openat2};
        use rustix::io::Errno;
        let flags = OFlags::RDONLY | OFlags::NONBLOCK | OFlags::NOCTTY | OFlags::CLOEXEC;
        let resolve = ResolveFlags::BENEATH | ResolveFlags::NO_MAGICLINKS;
        // EAGAIN: the folder changed while the kernel was resolving the name; ask again.
        for _ in 0..8 {
            return match openat2(&self.dir, relative, flags, Mode::empty(), resolve) {
                Ok(fd) => Ok(File::from(fd)),
                Err(Errno::AGAIN | Errno::INTR) => continue,
                Err(Errno::XDEV) => Err(format!("{name} leads outside the served folder")),
                Err(Errno::NOENT | Errno::NOTDIR) => Err(format!("no such file: {name}")),
                Err(Errno::NXIO) => Err(format!("{name} is not a regular file (a socket)")),
                // No openat2() in this kernel; or a container's seccomp filter that
                // answers EPERM for system calls it does not know (older Docker).
                Err(Errno::NOSYS | Errno::PERM) => self.open_checked(name, relative),
                Err(e) => Err(format!("cannot read {name}: {}", describe(&e.into()))),
            };
        }
        Err(format!("{name} keeps changing; try again"))
    }
    // ANCHOR_END: openat2

    /// Other systems: resolve every link, check the result is beneath the folder, then
    /// open it without following a link in its last part. A folder swapped for a link
    /// between the check and the open is not caught here: openat2() above closes that.
    #[cfg(not(target_os = "linux"))]
    fn open_beneath(&self, name: &str, relative: &Path) -> Result<File, String> {
        self.open_checked(name, relative)
    }

    fn open_checked(&self, name: &str, relative: &Path) -> Result<File, String> {
        let path = self
            .path
            .join(relative)
            .canonicalize()
            .map_err(|_| format!("no such file: {name}"))?;
        if !path.starts_with(&self.path) {
            return Err(format!("{name} leads outside the served folder"));
        }
        let metadata = std::fs::metadata(&path)
            .map_err(|e| format!("cannot read {name}: {}", describe(&e)))?;
        only_regular(name, &metadata)?;
        open_no_follow(&path).map_err(|e| format!("cannot read {name}: {}", describe(&e)))
    }
}

/// open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK) where Unix has them.
#[cfg(unix)]
fn open_no_follow(path: &Path) -> std::io::Result<File> {
    use rustix::fs::{Mode, OFlags};
    let flags =
        OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::NOCTTY | OFlags::CLOEXEC;
    Ok(File::from(rustix::fs::open(path, flags, Mode::empty())?))
}

#[cfg(not(unix))]
fn open_no_follow(path: &Path) -> std::io::Result<File> {
    File::open(path)
}

/// Only regular files are served: a folder, a FIFO (which would wait for a writer), a
/// device or a socket is refused with its reason.
fn only_regular(name: &str, metadata: &std::fs::Metadata) -> Result<(), String> {
    if metadata.is_dir() {
        return Err(format!("{name} is a folder, not a file"));
    }
    if !metadata.is_file() {
        return Err(format!(
            "{name} is not a regular file (a FIFO, a device or a socket)"
        ));
    }
    Ok(())
}
