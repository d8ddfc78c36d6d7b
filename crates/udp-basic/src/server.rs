//! # udp-basic server: datagrams in, replies out
//!
//! The UDP server of the Python tutorials: `socket(AF_INET, SOCK_DGRAM)`, `bind()`, then a
//! loop of `recvfrom(1024)` and `sendto(b'Receive', addr)`. There is no `listen()` and no
//! `accept()`: UDP has no connections. Every datagram arrives whole, on its own, with its
//! sender's address, and the reply goes back to that address.
//!
//! Terminal 1:
//!
//! ```text
//! cargo run -p udp-basic -- server
//! ```
//!
//! Terminal 2:
//!
//! ```text
//! cargo run -p udp-basic -- client 127.0.0.1 8888 hello 你好
//! ```
//!
//! The output of both is in the book's chapter (lesson 2, "Run it"). `--buffer 16` shows
//! a datagram cut by a small `recvfrom()`; `--once` stops after the first datagram, like
//! the tutorial's receive-once program (`server :7788 --encoding gbk --once`).
//!
//! Other clients work too: `nc -u 127.0.0.1 8888` (type a line), or the tutorials' Python
//! client: `s = socket(AF_INET, SOCK_DGRAM); s.sendto(b'hi', ('127.0.0.1', 8888));
//! print(s.recvfrom(1024))`.

use std::io;
use std::net::{SocketAddr, UdpSocket};

use anyhow::Context;
use clap::Args;
use common::cli::{BindAddrArg, EncodingArg, NarrationArgs};
use common::errors::{net_error, net_error_line};
use common::narrate::{Narrator, count};
use common::ports::{self, reach_note};
use socket2::{Domain, Protocol, Socket, Type};

/// The largest payload a UDP datagram can carry over IPv4: 65535 - 8 (UDP) - 20 (IP).
const MAX_DATAGRAM: usize = 65_507;

#[derive(Args, Debug)]
pub struct ServerArgs {
    #[command(flatten)]
    pub addr: BindAddrArg,
    /// Answer every datagram with this text, as the tutorial answers `Receive`
    #[arg(long, default_value = "Receive")]
    pub reply: String,
    /// Receive into a buffer of this many bytes: recvfrom(BYTES). A longer datagram is cut
    #[arg(long, value_name = "BYTES", default_value_t = 1024,
          value_parser = clap::value_parser!(u32).range(1..=MAX_DATAGRAM as i64))]
    pub buffer: u32,
    /// Stop after the first datagram, like the tutorial's receive-once program
    #[arg(long)]
    pub once: bool,
    #[command(flatten)]
    pub encoding: EncodingArg,
    #[command(flatten)]
    pub narration: NarrationArgs,
}

/// How the server answers, from its options.
#[derive(Debug, Clone)]
pub struct Setup {
    /// The reply's bytes, in the chosen encoding.
    pub reply: Vec<u8>,
    /// The receive buffer's size: recvfrom(buffer).
    pub buffer: usize,
    /// Stop after the first datagram.
    pub once: bool,
}

/// `udp-basic server`: bind, then answer datagrams until stopped (or once, with `--once`).
pub fn run(args: ServerArgs) -> anyhow::Result<()> {
    let addr = args.addr.resolve(ports::UDP_BASIC)?;
    let setup = Setup {
        reply: args.encoding.encoding.encode(&args.reply)?.into_owned(),
        buffer: args.buffer as usize,
        once: args.once,
    };
    let socket = open(addr)?;
    let narrator = Narrator::new("server", &args.narration, args.encoding.encoding);
    serve(&socket, &setup, &narrator)
}

// ANCHOR: open
/// Create the UDP socket and bind it: two calls, and the server is ready.
pub fn open(addr: SocketAddr) -> anyhow::Result<UdpSocket> {
    // socket(AF_INET, SOCK_DGRAM): a datagram socket.
    let socket = Socket::new(Domain::for_address(addr), Type::DGRAM, Some(Protocol::UDP))
        .map_err(|e| net_error("create a socket for", addr, e))?;
    // bind(('127.0.0.1', 8888)): datagrams sent to this address now come to us.
    socket
        .bind(&addr.into())
        .map_err(|e| net_error("bind", addr, e))?;
    Ok(socket.into())
}
// ANCHOR_END: open

// ANCHOR: serve
/// Answer every datagram that arrives on an already bound socket; with `once`, only the
/// first, as the tutorial's receive-once program does.
pub fn serve(socket: &UdpSocket, setup: &Setup, narrator: &Narrator) -> anyhow::Result<()> {
    let local = socket
        .local_addr()
        .context("cannot read the bound address")?;
    narrator.step(format!("listening on {local}"));
    narrator.step(format!(
        "socket(SOCK_DGRAM), bind({local}): done; {}",
        reach_note(local)
    ));
    narrator
        .step("no listen() or accept(): UDP has no connections, each datagram names its sender");
    // Room for any UDP payload: 65507 bytes over IPv4, up to 65527 over IPv6.
    let mut whole = vec![0u8; 65_536];
    let mut buf = vec![0u8; setup.buffer];
    loop {
        let sender = match receive(socket, &mut whole, &mut buf, narrator) {
            Ok(sender) => sender,
            Err(e) => {
                narrator.step(net_error_line("receive on", local, &e));
                continue;
            }
        };
        // sendto(b'Receive', addr): the reply goes to whoever sent this datagram.
        match socket.send_to(&setup.reply, sender) {
            Ok(sent) => {
                narrator.trace_sent(sender, &setup.reply[..sent]);
                narrator.message(format!(
                    "sent {} to {sender}: {}",
                    count(sent, "byte", "bytes"),
                    narrator.show(&setup.reply)
                ));
            }
            Err(e) => narrator.step(net_error_line("send to", sender, &e)),
        }
        if setup.once {
            // close(): the tutorial's program receives once, then closes its socket.
            narrator.step("--once: one datagram received, closing the socket");
            return Ok(());
        }
    }
}
// ANCHOR_END: serve

// ANCHOR: receive
/// Take one datagram into `buf`, say what it held and what was cut; its sender's address.
fn receive(
    socket: &UdpSocket,
    whole: &mut [u8],
    buf: &mut [u8],
    narrator: &Narrator,
) -> io::Result<SocketAddr> {
    // peek_from(): look at the next datagram without taking it, only to learn its full
    // size; recvfrom() alone would not tell us what it had to cut.
    let (size, _) = socket.peek_from(whole)?;
    // recvfrom(1024): one whole datagram and its sender's address. What does not fit in
    // the buffer is thrown away by the kernel: UDP never splits a datagram in two.
    let (n, sender) = socket.recv_from(buf)?;
    narrator.trace_received(sender, &buf[..n]);
    narrator.message(format!(
        "from {sender} ({}): {}",
        count(n, "byte", "bytes"),
        narrator.show(&buf[..n])
    ));
    if size > n {
        let lost = match size - n {
            1 => "the last byte is lost".to_string(),
            lost => format!("the other {lost} are lost"),
        };
        narrator.message(format!(
            "the datagram had {size} bytes; recvfrom({}) kept {n}, {lost}",
            buf.len()
        ));
    }
    Ok(sender)
}
// ANCHOR_END: receive
