//! Checking a resume: are the bytes a client holds still the first bytes of the file?
//!
//! The server reads its file's first OFFSET bytes and hashes them (SHA-256), as the client
//! hashed its `OUT.part`. That is a read of up to the whole file, asked for by a request
//! of a hundred bytes, so the checks take turns: one at a time, whoever asks, and each
//! within the time its client waits for the answer. A flood of resumes then keeps at most
//! one core busy, and downloads go on beside it.

use std::fs::File;
use std::io::{self, Read};
use std::time::Instant;

use common::errors::describe;
use crossbeam_channel::{Receiver, Sender, bounded};

use crate::confine::Served;
use crate::protocol::{Held, sha256_of_first};

/// The one turn to check a resume, passed from check to check.
#[derive(Debug)]
pub struct Checks {
    give_back: Sender<()>,
    take: Receiver<()>,
}

impl Checks {
    pub fn new() -> Checks {
        // A channel that holds one token: taking it is taking the turn.
        let (give_back, take) = bounded(1);
        let _ = give_back.send(());
        Checks { give_back, take }
    }

    // ANCHOR: same_start
    /// Whether the `held` bytes a resuming client has are the first bytes of the file as
    /// it is now: our SHA-256 of them against the client's. A file replaced since the
    /// download began fails here, whatever its size. Done by `deadline`, or refused.
    pub fn same_start(
        &self,
        held: &Held,
        name: &str,
        served: &Served,
        deadline: Instant,
    ) -> Result<(), String> {
        if held.offset > served.size {
            return Err(format!(
                "offset {} is past the end of {name} ({} bytes)",
                held.offset, served.size
            ));
        }
        // Wait for the turn, at most until the client stops waiting for its answer.
        if self.take.recv_deadline(deadline).is_err() {
            return Err("busy: another resume is being checked, try again later".to_string());
        }
        let _turn = Turn(&self.give_back);
        // read() the file's first OFFSET bytes (it was just opened: from its start).
        let file = InTime {
            file: &served.file,
            deadline,
        };
        match sha256_of_first(file, held.offset) {
            Ok(ours) if ours == held.sha256 => Ok(()),
            Ok(_) => Err(format!(
                "{name} has changed: its first {} bytes are not the ones you hold; ask for \
                 the whole file",
                held.offset
            )),
            Err(e) => Err(match e.kind() {
                io::ErrorKind::TimedOut => format!(
                    "busy: no time left to check the {} bytes you hold, try again later",
                    held.offset
                ),
                io::ErrorKind::UnexpectedEof => {
                    format!("{name} became shorter while it was being checked")
                }
                _ => format!("cannot read {name}: {}", describe(&e)),
            }),
        }
    }
    // ANCHOR_END: same_start
}

impl Default for Checks {
    fn default() -> Checks {
        Checks::new()
    }
}

/// The turn, given back when the check ends, however it ends.
struct Turn<'a>(&'a Sender<()>);

impl Drop for Turn<'_> {
    fn drop(&mut self) {
        let _ = self.0.send(());
    }
}

/// A file read that fails once `deadline` has passed: the check stops when its client
/// has stopped waiting.
struct InTime<'a> {
    file: &'a File,
    deadline: Instant,
}

impl Read for InTime<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if Instant::now() >= self.deadline {
            return Err(io::ErrorKind::TimedOut.into());
        }
        (&mut &*self.file).read(buf)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    /// A served file holding `bytes`, as confine.rs hands it over.
    fn served(bytes: &[u8]) -> Served {
        let path = std::env::temp_dir().join(format!(
            "resume-test-{}-{}",
            std::process::id(),
            bytes.len()
        ));
        std::fs::write(&path, bytes).expect("a file");
        let file = File::open(&path).expect("open");
        let _ = std::fs::remove_file(&path);
        Served {
            file,
            size: bytes.len() as u64,
        }
    }

    fn held(bytes: &[u8]) -> Held {
        Held {
            offset: bytes.len() as u64,
            sha256: sha256_of_first(bytes, bytes.len() as u64).expect("hash"),
        }
    }

    fn soon() -> Instant {
        Instant::now() + Duration::from_secs(5)
    }

    #[test]
    fn the_same_first_bytes_pass_and_others_are_named() {
        let checks = Checks::new();
        let file = served(b"hello, world");
        assert_eq!(
            checks.same_start(&held(b"hello"), "f", &file, soon()),
            Ok(())
        );
        assert_eq!(
            checks.same_start(&held(b"HELLO"), "f", &file, soon()),
            Err(
                "f has changed: its first 5 bytes are not the ones you hold; ask for the whole \
                 file"
                    .to_string()
            )
        );
        assert_eq!(
            checks.same_start(&held(b"hello, world!"), "f", &file, soon()),
            Err("offset 13 is past the end of f (12 bytes)".to_string())
        );
        // Each check gave the turn back: a fourth one still gets it.
        assert_eq!(checks.same_start(&held(b""), "f", &file, soon()), Ok(()));
    }

    #[test]
    fn a_check_waits_for_its_turn_only_until_its_deadline() {
        let checks = Checks::new();
        let file = served(b"hello");
        // Another check holds the turn.
        checks.take.recv().expect("the turn");
        let deadline = Instant::now() + Duration::from_millis(50);
        assert_eq!(
            checks.same_start(&held(b"he"), "f", &file, deadline),
            Err("busy: another resume is being checked, try again later".to_string())
        );
    }

    #[test]
    fn a_check_that_runs_out_of_time_stops_reading() {
        let checks = Checks::new();
        let file = served(b"hello");
        // The turn is free, but the client has stopped waiting already.
        assert_eq!(
            checks.same_start(&held(b"he"), "f", &file, Instant::now()),
            Err("busy: no time left to check the 2 bytes you hold, try again later".to_string())
        );
    }
}
