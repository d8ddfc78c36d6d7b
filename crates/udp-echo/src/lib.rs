//! Lesson 3: a UDP echo server, its client, and a ping that measures round trips.
//!
//! - [`server`]: sends every datagram back to its sender, byte for byte;
//! - [`client`]: sends messages and shows what came back;
//! - [`ping`]: numbered, timed probes, like `ping`: loss, round-trip times, and replies
//!   that come late, twice, or from someone else.

pub mod client;
pub mod ping;
pub mod server;
