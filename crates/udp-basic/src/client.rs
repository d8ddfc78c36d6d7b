//! # udp-basic client: sendto, recvfrom, and a timeout
//!
//! The UDP client of the Python tutorials: no `connect()`; each message goes out with
//! `sendto(data, (HOST, PORT))` and the reply comes back with `recvfrom(1024)`. The
//! server's address comes first, always: `HOST PORT` as two words, as the tutorial takes
//! them from `sys.argv`, or `HOST:PORT`, or `:PORT`. A datagram from anyone but the server
//! is shown as foreign, and is not taken for the reply.
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
//! The output of both is in the book's chapter (lesson 2, "Run it"). Without messages
//! the client reads lines from stdin; an empty line ends it, as in the tutorial. With
//! `--connect` it calls `connect()` first, and then hears the ICMP "port unreachable" that
//! comes back when no program receives on that port (try it with the server stopped).
//! Other servers work too: the tutorials' Python UDP server, or `nc -u -l 127.0.0.1 8888`
//! (type the reply there).

use std::io;
use std::net::{SocketAddr, UdpSocket};
use std::time::Duration;

use anyhow::{Context, bail};
use clap::Args;
use common::addr::any_port_for;
use common::cli::{ClientWords, EncodingArg, NarrationArgs, client_usage, parse_addr, seconds};
use common::errors::net_error;
use common::input::Messages;
use common::narrate::{Narrator, count};
use common::udp::{self, NoAnswer};

/// A receive buffer as large as any datagram (65507 bytes over IPv4, 65527 over IPv6), so
/// a reply is never cut.
const MAX_DATAGRAM: usize = 65_536;

/// A whole command, for `--help` and for an address typed wrong.
const EXAMPLE: &str = "udp-basic client 127.0.0.1 8888 hello";

#[derive(Args, Debug)]
#[command(override_usage = client_usage("udp-basic client", EXAMPLE))]
pub struct ClientArgs {
    #[command(flatten)]
    pub words: ClientWords,
    /// Seconds to wait for each reply
    #[arg(long, value_name = "SECS", value_parser = seconds, default_value = "3")]
    pub timeout: Duration,
    /// Send from this address instead of a new ephemeral port each run, e.g. 127.0.0.1:9000
    #[arg(long, value_name = "ADDR")]
    pub bind: Option<String>,
    /// Call connect() first: the socket then reports an ICMP "port unreachable" answer as
    /// connection refused, instead of waiting for --timeout
    #[arg(long)]
    pub connect: bool,
    #[command(flatten)]
    pub encoding: EncodingArg,
    #[command(flatten)]
    pub narration: NarrationArgs,
}

/// `udp-basic client`: send each message, print each reply.
pub fn run(args: ClientArgs) -> anyhow::Result<()> {
    let (server, messages) = args.words.resolve(EXAMPLE)?;
    let local = match &args.bind {
        Some(text) => parse_addr(text, 0)?,
        None => any_port_for(server),
    };
    let narrator = Narrator::new("client", &args.narration, args.encoding.encoding);

    // ANCHOR: socket
    // socket(AF_INET, SOCK_DGRAM) and bind(): Python binds implicitly at the first sendto(),
    // to port 0, "any free port"; we bind first so that we can say which port we got.
    let socket = UdpSocket::bind(local).map_err(|e| net_error("bind", local, e))?;
    // connect((HOST, PORT)), with --connect: no packet is sent, the socket only
    // remembers its peer; from then on it takes datagrams from that peer alone, and an
    // ICMP "port unreachable" coming back is reported on the next receive.
    if args.connect {
        socket
            .connect(server)
            .map_err(|e| net_error("connect to", server, e))?;
        narrator.step(format!(
            "connected to {server}: no packet sent; the socket now takes datagrams only from \
             there, and reports a refusal"
        ));
    }
    let local = socket.local_addr().context("cannot read our own address")?;
    let port_note = match args.bind {
        Some(_) => "fixed by --bind",
        None => "a new port each run unless --bind fixes it",
    };
    narrator.step(format!("our address is {local} ({port_note})"));
    // ANCHOR_END: socket

    // ANCHOR: exchange
    let mut reply = vec![0u8; MAX_DATAGRAM];
    for message in Messages::new(messages, "message> ").until_empty_line(&narrator) {
        let message = message.context("cannot read a message from stdin")?;
        let bytes = narrator.encoding().encode(&message)?;
        // sendto(data, (HOST, PORT)): one datagram, sent whole or not at all.
        let sent = socket
            .send_to(&bytes, server)
            .map_err(|e| net_error("send to", server, e))?;
        narrator.trace_sent(server, &bytes);
        narrator.message(format!(
            "sent {} to {server}: {}",
            count(sent, "byte", "bytes"),
            narrator.show(&bytes)
        ));
        receive_reply(&socket, server, &mut reply, args.timeout, &narrator)?;
    }
    // ANCHOR_END: exchange
    Ok(())
}

// ANCHOR: receive
/// recvfrom(1024): the server's reply, or a clear error. Anyone may send to our port: a
/// datagram from another address is shown as foreign, and is not the reply.
fn receive_reply(
    socket: &UdpSocket,
    server: SocketAddr,
    reply: &mut [u8],
    timeout: Duration,
    narrator: &Narrator,
) -> anyhow::Result<()> {
    let received = udp::receive_from(socket, server, reply, timeout, |from, datagram| {
        narrator.trace_received(from, datagram);
        narrator.message(udp::foreign_line(from, datagram.len()));
    });
    let n = match received {
        Ok(n) => n,
        Err(NoAnswer::TimedOut { same_port }) => bail!(no_reply(server, timeout, same_port)),
        Err(NoAnswer::Failed(e)) => return Err(receive_error(server, e)),
    };
    narrator.trace_received(server, &reply[..n]);
    narrator.message(format!(
        "from {server} ({}): {}",
        count(n, "byte", "bytes"),
        narrator.show(&reply[..n])
    ));
    Ok(())
}
// ANCHOR_END: receive

/// A failed receive. On a connected socket, "connection refused" is the ICMP "port
/// unreachable" that the server's machine sent back for an earlier datagram.
fn receive_error(server: SocketAddr, error: io::Error) -> anyhow::Error {
    if error.kind() == io::ErrorKind::ConnectionRefused {
        return anyhow::anyhow!(
            "no program receives on {server}: its machine answered our datagram with ICMP \
             \"port unreachable\", which a connected UDP socket reports as connection refused \
             (is the server running, and on that port?)"
        );
    }
    net_error("receive from", server, error)
}

/// The line for a reply that never came.
fn no_reply(server: SocketAddr, timeout: Duration, same_port: Option<SocketAddr>) -> String {
    let lost = "UDP does not retry and reports no loss, so the datagram or its reply was lost, \
                or the server is not running";
    udp::no_answer("reply", server, timeout, same_port, lost)
}
