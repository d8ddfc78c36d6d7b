//! `lab`: exercises that check themselves.
//!
//! A student edits a small program under `exercises/`; `lab check` builds it, starts it
//! with an address of the checker's choosing, and plays every peer itself over real
//! sockets on 127.0.0.1, stage by stage, saying what was expected and what came.
//!
//! - [`info`]: the exercises folder and its `info.toml`;
//! - [`progress`]: what has passed, in one plain text file;
//! - [`files`]: a folder's `.rs` files, and a file written whole or not at all;
//! - [`compile`]: cargo build, and the program it built;
//! - [`program`]: the student's running program: output kept, stopped with its children;
//! - [`checks`]: one checker per exercise, and the TCP peer they share;
//! - [`report`]: a failure as the student reads it: bytes escaped, a caret, a hint;
//! - [`messages`] and [`lang`]: every sentence in English and Chinese;
//! - [`commands`]: `lab list`, `lab check`, `lab hint`, `lab reset`, `lab solution`;
//! - [`watch`]: `lab watch`, a check again at each saved change.

// A stage's `Err(Failure)` is large (its bytes, commands, hint), and it is made at most
// once per check, on the way out: moving it costs nothing worth a box.
#![allow(clippy::result_large_err)]

pub mod checks;
pub mod commands;
pub mod compile;
pub mod files;
pub mod info;
pub mod lang;
pub mod messages;
pub mod program;
pub mod progress;
pub mod report;
pub mod watch;
