//! # udp-echo server: every datagram goes back where it came from
//!
//! The tutorials' echo server on port 8080: a loop of `recvfrom()` and `sendto()` that
//! returns each datagram to its sender unchanged. Any bytes, text or not, up to 65507
//! bytes, the most one IPv4 datagram carries.
//!
//! Terminal 1:
//!
//! ```text
//! cargo run -p udp-echo -- server
//! ```
//!
//! Terminal 2:
//!
//! ```text
//! cargo run -p udp-echo -- client 127.0.0.1 8080 hello 你好
//! cargo run -p udp-echo -- ping 127.0.0.1:8080
//! ```
//!
//! The output is in the book's chapter (lesson 3, "Run it"): a line per datagram, none
//! with `--quiet`. `--once` echoes one datagram and stops, like the tutorial's server that
//! replies once.
//!
//! Other clients work too: `nc -u 127.0.0.1 8080` (each line comes back), or Python:
//! `s = socket(AF_INET, SOCK_DGRAM); s.sendto(b'hi', ('127.0.0.1', 8080)); print(s.recvfrom(1024))`.

use std::net::UdpSocket;

use anyhow::Context;
use clap::Args;
use common::cli::{BindAddrArg, EncodingArg, NarrationArgs};
use common::errors::{net_error, net_error_line};
use common::narrate::{Narrator, count};
use common::ports::{self, reach_note};

/// Room for the largest datagram there is (65535 minus the 8-byte UDP header), so
/// nothing is ever cut.
const BUFFER: usize = 65_536;

#[derive(Args, Debug)]
pub struct ServerArgs {
    #[command(flatten)]
    pub addr: BindAddrArg,
    /// Echo the first datagram, then stop, like the tutorial's server that replies once
    #[arg(long)]
    pub once: bool,
    #[command(flatten)]
    pub encoding: EncodingArg,
    #[command(flatten)]
    pub narration: NarrationArgs,
}

/// `udp-echo server`: bind, then echo until stopped.
pub fn run(args: ServerArgs) -> anyhow::Result<()> {
    let addr = args.addr.resolve(ports::UDP_ECHO)?;
    // socket(AF_INET, SOCK_DGRAM) and bind() in one call (lesson 2 makes them one by one).
    let socket = UdpSocket::bind(addr).map_err(|e| net_error("bind", addr, e))?;
    let narrator = Narrator::new("server", &args.narration, args.encoding.encoding);
    serve(&socket, args.once, &narrator)
}

// ANCHOR: serve
/// Echo every datagram that arrives on an already bound socket; with `once`, only the first.
pub fn serve(socket: &UdpSocket, once: bool, narrator: &Narrator) -> anyhow::Result<()> {
    let local = socket
        .local_addr()
        .context("cannot read the bound address")?;
    narrator.step(format!("listening on {local}"));
    narrator.step(reach_note(local));
    let mut buf = vec![0u8; BUFFER];
    loop {
        // recvfrom(65536): one whole datagram, whatever its size, and who sent it.
        let (n, peer) = match socket.recv_from(&mut buf) {
            Ok(got) => got,
            Err(e) => {
                narrator.step(net_error_line("receive on", local, &e));
                continue;
            }
        };
        let datagram = &buf[..n];
        narrator.trace_received(peer, datagram);
        // sendto(data, addr): the same bytes, back to the sender.
        match socket.send_to(datagram, peer) {
            Ok(_) => {
                narrator.trace_sent(peer, datagram);
                narrator.message(format!(
                    "echoed {} to {peer}: {}",
                    count(n, "byte", "bytes"),
                    narrator.show(datagram)
                ));
            }
            Err(e) => narrator.step(net_error_line("echo to", peer, &e)),
        }
        if once {
            // close(): the tutorial's first server answers one datagram, then closes.
            narrator.step("--once: one datagram echoed, closing the socket");
            return Ok(());
        }
    }
}
// ANCHOR_END: serve
