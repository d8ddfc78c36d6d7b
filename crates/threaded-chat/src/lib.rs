//! Lesson 5: threads free a conversation from taking turns.
//!
//! - [`server`]: a chat room: a reader and a writer thread per member, accepting in the
//!   main thread;
//! - [`hub`]: the one thread that owns the member list and passes every line on;
//! - [`client`]: two threads, one reading the keyboard and one the socket, as in the
//!   tutorials;
//! - [`udp`]: a peer-to-peer UDP chat, a receive thread and a send thread;
//! - [`talk`]: the tutorial's one-to-one TCP chat, a send thread and a receive thread on
//!   each side.

pub mod client;
pub mod hub;
pub mod server;
pub mod talk;
pub mod udp;
