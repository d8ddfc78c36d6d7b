//! Lesson 4: UDP broadcast and multicast, one sender and many listeners.
//!
//! - [`listen`]: a UDP socket on a shared port that hears broadcasts (and, with
//!   `--group`, a multicast group);
//! - [`send`]: datagrams to a broadcast address or a multicast group, every second;
//! - [`interfaces`]: this machine's IPv4 interfaces with their broadcast addresses.

pub mod interfaces;
pub mod listen;
pub mod send;
