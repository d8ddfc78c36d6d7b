//! Lesson 2: UDP, datagrams without a connection.
//!
//! - [`server`]: `socket(SOCK_DGRAM)`, `bind()`, then `recvfrom()` and `sendto()` in a loop:
//!   no `listen()`, no `accept()`;
//! - [`client`]: `sendto()` a datagram, `recvfrom()` the reply, with a timeout because
//!   nothing tells a UDP client that its datagram was lost.

pub mod client;
pub mod server;
