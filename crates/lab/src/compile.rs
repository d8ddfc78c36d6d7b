//! Building the student's exercise with cargo, its own messages shown as they are, and
//! finding the program it built.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::messages::Msg;

/// `cargo build` for one exercise of the exercises workspace. Cargo's warnings and errors
/// go to the terminal untouched (stderr); its machine-readable messages (stdout) tell
/// where the program is. `Err` when it does not compile, or cargo cannot run.
pub fn build(exercises_dir: &Path, package: &str) -> Result<PathBuf, Msg> {
    // Under `cargo run -p lab`, CARGO is the cargo that runs us: use the same one.
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut child = Command::new(cargo)
        .arg("build")
        .arg("--manifest-path")
        .arg(exercises_dir.join("Cargo.toml"))
        .args(["-p", package, "--message-format", "json-render-diagnostics"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|error| Msg::CannotRunCargo {
            error: error.to_string(),
        })?;
    let mut executable = None;
    if let Some(stdout) = child.stdout.take() {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(path) = executable_in(&line, package) {
                executable = Some(path);
            }
        }
    }
    let status = child.wait().map_err(|error| Msg::CannotRunCargo {
        error: error.to_string(),
    })?;
    match executable {
        Some(path) if status.success() => Ok(path),
        _ => Err(Msg::BuildFailed {
            name: package.to_string(),
        }),
    }
}

/// The program's path, from cargo's `compiler-artifact` message for `package`'s binary.
fn executable_in(line: &str, package: &str) -> Option<PathBuf> {
    let message: serde_json::Value = serde_json::from_str(line).ok()?;
    if message["reason"] != "compiler-artifact" || message["target"]["name"] != package {
        return None;
    }
    message["executable"].as_str().map(PathBuf::from)
}
