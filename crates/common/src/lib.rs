//! What every lesson shares, written once.
//!
//! A lesson crate shows one idea (a TCP server, a UDP echo, a chat room); everything that
//! is not that idea but that every lesson needs lives here, so it is written and tested
//! once and looks the same in every program:
//!
//! - [`addr`]: what a user types (`127.0.0.1:8888`, `localhost 8888`, `:8888`, `''`) into a
//!   `SocketAddr`;
//! - [`ipv4`]: IPv4 facts as the tutorials teach them (classes A to E, private ranges,
//!   network and broadcast addresses);
//! - [`text`]: bytes to text and back in utf-8 or gbk, never panicking;
//! - [`framing`]: bounded lines on a TCP stream (a length-prefixed framing is lesson 1's own, in tcp-basic);
//! - [`input`]: a client's messages, from its arguments or from stdin;
//! - [`narrate`]: the `role: ...` lines every program prints, and `--trace`;
//! - [`errors`]: one clear line for a failed socket call, with a hint;
//! - [`ports`]: the table of default ports;
//! - [`stop`]: stopping cleanly on Ctrl-C or SIGTERM;
//! - [`closing`]: closing after a last answer without a reset destroying it;
//! - [`cli`]: the clap pieces every lesson's command line is built from;
//! - [`udp`]: a UDP client's wait for its server's answer, strangers set aside.

pub mod addr;
pub mod cli;
pub mod closing;
pub mod errors;
pub mod framing;
pub mod input;
pub mod ipv4;
pub mod narrate;
pub mod ports;
pub mod stop;
pub mod text;
pub mod udp;
