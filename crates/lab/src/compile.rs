//! Building the student's exercise with cargo, its own messages shown as they are, and
//! finding the programs it built (one, or one per role).

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::messages::Msg;

/// `cargo build` for one exercise of the exercises workspace. Cargo's warnings and errors
/// go to the terminal untouched (stderr); its machine-readable messages (stdout) tell
/// where the programs are. `Err` when it does not compile, or cargo cannot run.
pub fn build(exercises_dir: &Path, package: &str) -> Result<Vec<Executable>, Msg> {
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
    let mut executables = Vec::new();
    if let Some(stdout) = child.stdout.take() {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            executables.extend(executable_in(&line));
        }
    }
    let status = child.wait().map_err(|error| Msg::CannotRunCargo {
        error: error.to_string(),
    })?;
    match status.success() && !executables.is_empty() {
        true => Ok(executables),
        false => Err(Msg::BuildFailed {
            name: package.to_string(),
        }),
    }
}

/// A program the exercise builds: its name (`tcp-server`, `byebye-client`) and its path.
#[derive(Clone, Debug)]
pub struct Executable {
    pub name: String,
    pub path: PathBuf,
}

/// A program, from cargo's `compiler-artifact` message for a binary: only the exercise's
/// own are built as programs (its dependencies are libraries).
fn executable_in(line: &str) -> Option<Executable> {
    let message: serde_json::Value = serde_json::from_str(line).ok()?;
    if message["reason"] != "compiler-artifact" {
        return None;
    }
    Some(Executable {
        name: message["target"]["name"].as_str()?.to_string(),
        path: PathBuf::from(message["executable"].as_str()?),
    })
}
