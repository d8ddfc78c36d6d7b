//! Lesson 1: a TCP server and client, one socket call at a time.
//!
//! - [`server`]: `socket()`, `bind()`, `listen()`, then `accept()` and `recv()`/`send()`
//!   with one client after another;
//! - [`client`]: `connect()`, `send()`, `recv()`, `close()`, and the sticky-packet demo.

pub mod client;
pub mod server;
