//! Lesson 2: UDP, datagrams without a connection.
//!
//! - [`server`]: `socket(SOCK_DGRAM)`, `bind()`, then `recvfrom()` and `sendto()` in a loop:
//!   no `listen()`, no `accept()`;
//! - [`client`]: `sendto()` a datagram, `recvfrom()` the reply, with a timeout because
//!   nothing tells a UDP client that its datagram was lost;
//! - [`menu`]: the tutorial's chat tool, one socket and a menu (1 send, 2 receive), whose
//!   blocking receive is why the threaded chat exists.

pub mod client;
pub mod menu;
pub mod server;
