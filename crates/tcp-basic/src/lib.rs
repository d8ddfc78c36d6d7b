//! Lesson 1: a TCP server and client, one socket call at a time.
//!
//! - [`server`]: `socket()`, `bind()`, `listen()`, then `accept()` and `recv()`/`send()`
//!   with one client after another;
//! - [`client`]: `connect()`, `send()`, `recv()`, `close()`, and the sticky-packet demo;
//! - [`framed`]: the fix for sticky packets, a 4-byte length in front of each message;
//! - [`keyboard`]: lines typed for the client, read while it watches the connection.

pub mod client;
pub mod framed;
pub mod keyboard;
pub mod server;
