//! # udp-echo client: what goes out comes back
//!
//! The tutorial's looping UDP client: each message goes to an echo server as one datagram,
//! and the client shows what came back, and whether it is the same. The messages are the
//! words after the address, or else the lines typed on stdin (`while True: input()`),
//! until an empty line or the end of the input. As in every UDP client, an echo that does
//! not come within `--timeout` is reported: nothing else would tell us that a datagram
//! was lost.
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
//! ```
//!
//! The output of both is in the book's chapter (lesson 3, "Run it"). It works with any echo
//! server: `socat UDP4-LISTEN:8080,bind=127.0.0.1,fork PIPE` or a Python loop of `recvfrom`
//! and `sendto`.

use std::net::{SocketAddr, UdpSocket};
use std::time::Duration;

use anyhow::{Context, bail};
use clap::Args;
use common::addr::any_port_for;
use common::cli::{ClientWords, EncodingArg, NarrationArgs, client_usage, seconds};
use common::errors::net_error;
use common::input::Messages;
use common::narrate::{Narrator, count};
use common::udp::{self, NoAnswer};

/// A whole command, for `--help` and for an address typed wrong.
const EXAMPLE: &str = "udp-echo client 127.0.0.1:8080 hello";

#[derive(Args, Debug)]
#[command(override_usage = client_usage("udp-echo client", EXAMPLE))]
pub struct ClientArgs {
    #[command(flatten)]
    pub words: ClientWords,
    /// Seconds to wait for each echo
    #[arg(long, value_name = "SECS", value_parser = seconds, default_value = "3")]
    pub timeout: Duration,
    #[command(flatten)]
    pub encoding: EncodingArg,
    #[command(flatten)]
    pub narration: NarrationArgs,
}

/// `udp-echo client`: send each message (the arguments, else the lines of stdin), show
/// its echo.
pub fn run(args: ClientArgs) -> anyhow::Result<()> {
    let (server, messages) = args.words.resolve(EXAMPLE)?;
    let narrator = Narrator::new("client", &args.narration, args.encoding.encoding);
    // socket(SOCK_DGRAM) on any free port, as the first sendto() would pick.
    let any = any_port_for(server);
    let socket = UdpSocket::bind(any).map_err(|e| net_error("bind", any, e))?;
    // ANCHOR: loop
    // while True: input(), sendto(), recvfrom(): the tutorial's looping client.
    for message in Messages::new(messages, "message> ").until_empty_line(&narrator) {
        let message = message.context("cannot read a message from stdin")?;
        let bytes = narrator.encoding().encode(&message)?;
        echo_one(&socket, server, &bytes, args.timeout, &narrator)?;
    }
    // ANCHOR_END: loop
    Ok(())
}

/// One message out, its echo back, and whether the two are the same.
fn echo_one(
    socket: &UdpSocket,
    server: SocketAddr,
    bytes: &[u8],
    timeout: Duration,
    narrator: &Narrator,
) -> anyhow::Result<()> {
    // sendto(data, (HOST, PORT)): the message as one datagram.
    socket
        .send_to(bytes, server)
        .map_err(|e| net_error("send to", server, e))?;
    narrator.trace_sent(server, bytes);
    narrator.message(format!(
        "sent {} to {server}: {}",
        count(bytes.len(), "byte", "bytes"),
        narrator.show(bytes)
    ));
    // recvfrom(65536): the echo, whole, whatever its size. Anyone may send to our port:
    // a datagram from another address is not the echo, and is shown as foreign.
    // ANCHOR: receive
    let mut echo = vec![0u8; 65_536];
    let received = udp::receive_from(socket, server, &mut echo, timeout, |from, datagram| {
        narrator.trace_received(from, datagram);
        narrator.message(udp::foreign_line(from, datagram.len()));
    });
    let n = match received {
        Ok(n) => n,
        Err(NoAnswer::TimedOut { same_port }) => bail!(no_echo(server, timeout, same_port)),
        Err(NoAnswer::Failed(e)) => return Err(net_error("receive from", server, e)),
    };
    narrator.trace_received(server, &echo[..n]);
    // ANCHOR_END: receive
    let same = if echo[..n] == *bytes {
        ""
    } else {
        " (not what we sent!)"
    };
    narrator.message(format!(
        "echoed {} from {server}: {}{same}",
        count(n, "byte", "bytes"),
        narrator.show(&echo[..n])
    ));
    Ok(())
}

/// The error for a wait that ended without an echo.
fn no_echo(server: SocketAddr, timeout: Duration, same_port: Option<SocketAddr>) -> String {
    let lost = "the datagram or its echo was lost, or no echo server runs there";
    udp::no_answer("echo", server, timeout, same_port, lost)
}
