//! The lessons' test tooling, a dev-dependency only: a lesson's own build never compiles it.
//!
//! A test runs the real binary, reads what it prints and talks to it over real sockets.
//! Everything here is bounded: every wait ends after [`WAIT`], and a [`Running`] process
//! is killed when it is dropped, so a failing test fails fast and leaves nothing behind.
//!
//! - [`process`]: a program started in the background ([`Running`]) or run to its end
//!   ([`run`]), its lines, its stop by a signal;
//! - [`net`]: a test's own sockets: connect, reset, read to the end, a stranger's noise;
//! - [`outside`]: the programs a test borrows (python3, nc, curl, strace, ss): found on
//!   PATH, or the test is skipped with a line saying which, and fails under `CI=true`
//!   ([`need!`]);
//! - [`book`]: the book's transcripts, compared with what a program printed;
//! - [`fixtures`]: a folder of a test's own, a reader that splits its bytes.
#![allow(clippy::unwrap_used, clippy::missing_panics_doc)]

pub mod book;
pub mod fixtures;
pub mod net;
pub mod outside;
pub mod process;

pub use book::{assert_transcript, pairs};
pub use fixtures::{SplitReader, TempDir};
pub use net::{
    Noise, connect, listening_addr, next_datagram, read_to_clean_end, read_to_close, reset,
    udp_socket,
};
pub use outside::{
    interop_script, outside_program, python_command, python_peer, python_server, run_python, skip,
};
pub use process::{Finished, Running, WAIT, run, run_command, run_command_within};
#[cfg(unix)]
pub use process::{KillOnDrop, send_signal};
#[cfg(target_os = "linux")]
pub use process::{only_child, thread_count};
#[cfg(unix)]
pub use rustix::process::Signal;
