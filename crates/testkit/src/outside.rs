//! The programs a test borrows from the system: python3 (the tutorials' own peers), nc,
//! curl, strace, ss.
//!
//! A test names what it needs first, with [`need!`](crate::need): run by hand where one is
//! missing, the test is skipped with a line naming the program and its Debian package;
//! under CI (`CI=true`, which scripts/check.sh sets after installing them all) a missing
//! program fails the test, so a skip can never pass for a pass there. The program is
//! looked up on PATH here, as `command -v` would, without a shell.
//!
//! A test that needs something no script can install (a mount namespace, a newer `env`)
//! says so with [`skip`] and ends, by hand and under CI alike.

use std::ffi::OsStr;
use std::io::Write;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::process::{Finished, Running, run_command};

/// The programs a test may borrow, each with the Debian package that has it.
const PACKAGES: [(&str, &str); 5] = [
    ("python3", "python3"),
    ("nc", "netcat-openbsd"),
    ("curl", "curl"),
    ("strace", "strace"),
    ("ss", "iproute2"),
];

/// Put first in a `#[test]` fn that borrows `program`; it gives the name to run it by.
/// Where the program is missing, the test ends there (`return`), skipped with a line
/// saying so; under CI it fails instead. In a helper, `return` leaves only the helper: call
/// it in the test itself, unless the helper is all the test does.
///
/// ```no_run
/// let nc = testkit::need!("nc");
/// ```
#[macro_export]
macro_rules! need {
    ($program:expr) => {
        match $crate::outside_program($program) {
            Some(name) => name,
            None => return,
        }
    };
}

/// `program`'s name when it is on PATH. Missing, `None` after a `skipped TEST: ...` line on
/// stderr, or a panic under CI. Public for [`need!`](crate::need) alone.
#[doc(hidden)]
pub fn outside_program(program: &str) -> Option<String> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let under_ci = std::env::var("CI").is_ok_and(|value| value.eq_ignore_ascii_case("true"));
    match why_missing(program, &path) {
        None => Some(program.to_string()),
        Some(why) if under_ci => panic!("{why}, and under CI (CI=true) a test never skips"),
        Some(why) => {
            skip(&why);
            None
        }
    }
}

/// Say that the running test is skipped, and why: `skipped TEST: WHY` on stderr. The caller
/// then returns.
pub fn skip(why: &str) {
    // Written to stderr itself, not through eprintln!, which the test harness captures and
    // shows only for a failed test: a skip is seen where it happens. The harness names
    // each test's thread after the test.
    let test = std::thread::current()
        .name()
        .unwrap_or("a test")
        .to_string();
    let _ = writeln!(std::io::stderr(), "skipped {test}: {why}");
}

/// Why `program` cannot be run with this PATH, or `None` when it can.
fn why_missing(program: &str, path: &OsStr) -> Option<String> {
    let package = PACKAGES
        .iter()
        .find(|(name, _)| *name == program)
        .map(|(_, package)| *package)
        .unwrap_or_else(|| panic!("testkit does not know {program:?}: add it to PACKAGES"));
    match find_on_path(program, path) {
        Some(_) => None,
        None => Some(format!(
            "this test needs `{program}`: install {package} (scripts/check.sh does it for you)"
        )),
    }
}

/// The first file named `program` in PATH's folders that may be run, as `command -v` finds it.
fn find_on_path(program: &str, path: &OsStr) -> Option<PathBuf> {
    let file = format!("{program}{}", std::env::consts::EXE_SUFFIX);
    std::env::split_paths(path)
        .map(|folder| folder.join(&file))
        .find(|candidate| runnable(candidate))
}

#[cfg(unix)]
fn runnable(file: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    file.metadata()
        .is_ok_and(|meta| meta.is_file() && meta.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn runnable(file: &Path) -> bool {
    file.is_file()
}

/// The path of one of the Python peers in `tests/interop/`, which scripts/interop.sh uses
/// too: the same tutorial-style programs serve both.
pub fn interop_script(name: &str) -> String {
    concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/interop/").to_string() + name
}

/// `python3 tests/interop/SCRIPT ARGS...`: one of the Python peers written the tutorials'
/// way, printing utf-8 whatever the locale. The test starts with `need!("python3")`.
pub fn python_command(script: &str, args: &[&str]) -> Command {
    // The safety net for a test that forgot its need!: it fails rather than pass unchecked.
    let path = std::env::var_os("PATH").unwrap_or_default();
    if let Some(why) = why_missing("python3", &path) {
        panic!("{why}; a test that runs a Python peer starts with testkit::need!(\"python3\")");
    }
    let mut command = Command::new("python3");
    command
        .arg(interop_script(script))
        .args(args)
        .env("PYTHONIOENCODING", "utf-8");
    command
}

/// Start a tutorial-style Python peer (see [`python_command`]).
pub fn python_peer(script: &str, args: &[&str]) -> Running {
    Running::start(python_command(script, args))
}

/// Start a tutorial-style Python server and read its `listening on ADDR` line.
pub fn python_server(script: &str, args: &[&str]) -> (Running, SocketAddr) {
    Running::server_command(python_command(script, args))
}

/// Run a tutorial-style Python peer to the end with `input` on its stdin.
pub fn run_python(script: &str, args: &[&str], input: &str) -> Finished {
    run_command(python_command(script, args), input)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::TempDir;

    /// A folder holding one file named `program`, runnable or not.
    fn folder_with(program: &str, mode: u32) -> TempDir {
        let folder = TempDir::new("outside");
        let file = folder
            .path()
            .join(format!("{program}{}", std::env::consts::EXE_SUFFIX));
        std::fs::write(&file, "#!/bin/sh\n").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&file, std::fs::Permissions::from_mode(mode)).unwrap();
        }
        #[cfg(not(unix))]
        let _ = mode;
        folder
    }

    #[test]
    fn a_program_in_a_later_folder_of_path_is_found() {
        let empty = TempDir::new("empty");
        let with_nc = folder_with("nc", 0o755);
        let path = std::env::join_paths([empty.path(), with_nc.path()]).unwrap();
        assert_eq!(why_missing("nc", &path), None);
        assert_eq!(
            find_on_path("nc", &path),
            Some(
                with_nc
                    .path()
                    .join(format!("nc{}", std::env::consts::EXE_SUFFIX))
            )
        );
    }

    #[test]
    fn a_missing_program_is_named_with_its_package() {
        let empty = TempDir::new("empty");
        let path = std::env::join_paths([empty.path()]).unwrap();
        assert_eq!(
            why_missing("nc", &path).as_deref(),
            Some("this test needs `nc`: install netcat-openbsd (scripts/check.sh does it for you)")
        );
        assert!(why_missing("strace", OsStr::new("")).is_some());
    }

    #[cfg(unix)]
    #[test]
    fn a_file_that_may_not_be_run_is_not_the_program() {
        let with_nc = folder_with("nc", 0o644);
        let path = std::env::join_paths([with_nc.path()]).unwrap();
        assert!(why_missing("nc", &path).is_some());
    }

    #[test]
    #[should_panic(expected = "testkit does not know")]
    fn a_program_testkit_does_not_know_is_a_mistake_in_the_test() {
        why_missing("wget", OsStr::new(""));
    }
}
