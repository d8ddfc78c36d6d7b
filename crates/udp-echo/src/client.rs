//! # udp-echo client: what goes out comes back
//!
//! Sends each message as one datagram to an echo server and shows what came back, and
//! whether it is the same. As in every UDP client, a reply that does not come within
//! `--timeout` is reported: nothing else would tell us that a datagram was lost.
//!
//! Terminal 1: `cargo run -p udp-echo -- server`
//!
//! Terminal 2: `cargo run -p udp-echo -- client 127.0.0.1:8080 hello world`
//!
//! ```text
//! client: sent 5 bytes to 127.0.0.1:8080: hello
//! client: echoed 5 bytes from 127.0.0.1:8080: hello
//! ```
//!
//! It works with any echo server: `socat UDP-LISTEN:8080,fork EXEC:cat` or a Python loop of
//! `recvfrom` and `sendto`.

use std::net::UdpSocket;
use std::time::Duration;

use anyhow::{Context, bail};
use clap::Args;
use common::addr::any_port_for;
use common::cli::{EncodingArg, NarrationArgs, parse_addr, seconds};
use common::errors::{is_timeout, net_error};
use common::narrate::Narrator;
use common::ports;

#[derive(Args, Debug)]
pub struct ClientArgs {
    /// The echo server: HOST:PORT (the messages follow)
    #[arg(value_name = "ADDR")]
    pub server: String,
    /// Messages to send, each as one datagram
    #[arg(value_name = "MESSAGE", required = true)]
    pub messages: Vec<String>,
    /// Seconds to wait for each echo
    #[arg(long, value_name = "SECS", value_parser = seconds, default_value = "3")]
    pub timeout: Duration,
    #[command(flatten)]
    pub encoding: EncodingArg,
    #[command(flatten)]
    pub narration: NarrationArgs,
}

/// `udp-echo client`: send each message, show its echo.
pub fn run(args: ClientArgs) -> anyhow::Result<()> {
    let server = parse_addr(&args.server, ports::UDP_ECHO)?;
    let narrator = Narrator::new("client", &args.narration, args.encoding.encoding);
    // socket(SOCK_DGRAM) on any free port, as the first sendto() would pick.
    let any = any_port_for(server);
    let socket = UdpSocket::bind(any).map_err(|e| net_error("bind", any, e))?;
    socket
        .set_read_timeout(Some(args.timeout))
        .context("cannot set the receive timeout")?;

    let mut echo = vec![0u8; 65_536];
    for message in &args.messages {
        let bytes = narrator.encoding().encode(message)?;
        socket
            .send_to(&bytes, server)
            .map_err(|e| net_error("send to", server, e))?;
        narrator.trace_sent(server, &bytes);
        narrator.message(format!(
            "sent {} bytes to {server}: {}",
            bytes.len(),
            narrator.show(&bytes)
        ));
        let (n, from) = match socket.recv_from(&mut echo) {
            Ok(got) => got,
            Err(e) if is_timeout(&e) => bail!(
                "no echo from {server} within {} s: the datagram or its echo was lost, or no \
                 echo server runs there",
                args.timeout.as_secs_f64()
            ),
            Err(e) => return Err(net_error("receive from", server, e)),
        };
        narrator.trace_received(from, &echo[..n]);
        let same = if echo[..n] == *bytes {
            ""
        } else {
            " (not what we sent!)"
        };
        narrator.message(format!(
            "echoed {n} bytes from {from}: {}{same}",
            narrator.show(&echo[..n])
        ));
    }
    Ok(())
}
