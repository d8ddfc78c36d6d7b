//! Checking a resume: are the bytes a client holds still the first bytes of the file?
//!
//! The server reads its file's first OFFSET bytes and hashes them (SHA-256), as the client
//! hashed its `OUT.part`. That is a read of up to the whole file, asked for by a request
//! of a hundred bytes, so the checks take turns: one at a time, whoever asks, each within
//! the time its client waits for the answer. A flood of resumes then keeps at most one
//! core busy, and downloads go on beside it.

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

/// A check's turn, given back when dropped, however the check ends.
pub struct Turn<'a>(&'a Sender<()>);

impl Checks {
    pub fn new() -> Checks {
        // A channel that holds one token: taking it is taking the turn.
        let (give_back, take) = bounded(1);
        let _ = give_back.send(());
        Checks { give_back, take }
    }

    /// Wait for the turn, until `deadline` at most.
    pub fn turn(&self, deadline: Instant) -> Result<Turn<'_>, String> {
        match self.take.recv_deadline(deadline) {
            Ok(()) => Ok(Turn(&self.give_back)),
            Err(_) => Err("busy: another resume is being checked, try again later".to_string()),
        }
    }
}

impl Default for Checks {
    fn default() -> Checks {
        Checks::new()
    }
}

impl Drop for Turn<'_> {
    fn drop(&mut self) {
        let _ = self.0.send(());
    }
}

// ANCHOR: same_start
/// Whether the `held` bytes a resuming client has are the first bytes of the file as it
/// is now: our SHA-256 of them against the client's. A file replaced since the download
/// began fails here, whatever its size. Done by `deadline`, or refused.
pub fn same_start(
    held: &Held,
    name: &str,
    served: &Served,
    deadline: Instant,
) -> Result<(), String> {
    // read() the file's first OFFSET bytes (it was just opened: from its start), looking
    // at the clock before each piece.
    let file = InTime {
        file: &served.file,
        deadline,
    };
    match sha256_of_first(file, held.offset) {
        Ok(ours) if ours == held.sha256 => Ok(()),
        Ok(_) => Err(format!(
            "{name} has changed: its first {} you hold; ask for the whole file",
            match held.offset {
                1 => "byte is not the one".to_string(),
                n => format!("{n} bytes are not the ones"),
            }
        )),
        Err(e) => Err(match e.kind() {
            io::ErrorKind::TimedOut => format!(
                "busy: no time left to check the {} you hold, try again later",
                common::narrate::count(held.offset, "byte", "bytes")
            ),
            io::ErrorKind::UnexpectedEof => {
                format!("{name} became shorter while it was being checked")
            }
            _ => format!("cannot read {name}: {}", describe(&e)),
        }),
    }
}
// ANCHOR_END: same_start

/// The file, read for a check: each read fails once `deadline` has passed (sha256_of_first
/// reads 256 KiB at a time). Whether the client is still there cannot be seen: one that
/// has closed its side looks the same as one that has only shut down its sending half
/// (as `nc -N` does) and waits for its answer.
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
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    /// A served file holding `bytes`, as confine.rs hands it over.
    fn served(bytes: &[u8]) -> Served {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::SeqCst);
        let path = std::env::temp_dir().join(format!("resume-test-{}-{n}", std::process::id()));
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
        let file = served(b"hello, world");
        let check = |bytes: &[u8]| same_start(&held(bytes), "f", &file, soon());
        assert_eq!(check(b"hello"), Ok(()));
        assert_eq!(check(b""), Ok(()));
        assert_eq!(
            check(b"HELLO"),
            Err(
                "f has changed: its first 5 bytes are not the ones you hold; ask for the whole \
                 file"
                    .to_string()
            )
        );
        assert_eq!(
            check(b"hello, world!"),
            Err("f became shorter while it was being checked".to_string())
        );
    }

    #[test]
    fn checks_take_turns_and_give_them_back() {
        let checks = Checks::new();
        let turn = checks.turn(soon()).expect("the turn is free");
        let deadline = Instant::now() + Duration::from_millis(50);
        assert_eq!(
            checks.turn(deadline).err(),
            Some("busy: another resume is being checked, try again later".to_string())
        );
        drop(turn);
        assert!(checks.turn(soon()).is_ok(), "given back");
    }

    #[test]
    fn a_check_that_runs_out_of_time_stops_reading() {
        let file = served(b"hello");
        assert_eq!(
            same_start(&held(b"he"), "f", &file, Instant::now()),
            Err("busy: no time left to check the 2 bytes you hold, try again later".to_string())
        );
    }
}
