//! # threaded-chat udp: two people, two threads each, no server
//!
//! The tutorials' UDP chat: each side binds a port, one thread receives and prints, the
//! other sends what is typed. Without `--peer`, the program first waits for a datagram and
//! talks to whoever sent it, as the tutorial's main thread does.
//!
//! The classic bug of the tutorial's version: after `byebye` the send thread ends, but the
//! receive thread stays blocked in `recvfrom()` and the program hangs. Here the send side
//! wakes it with a datagram to its own socket.
//!
//! A UDP socket receives from anyone who knows its port. Once it has a peer, this chat
//! shows only the peer's datagrams and ignores everyone else's (saying so once). When the
//! peer says `byebye` it is gone, but UDP cannot know that: this side says so, once, and
//! what you type after that is still sent, to nobody.
//!
//! Terminal 1: `cargo run -p threaded-chat -- udp`
//!
//! Terminal 2: `cargo run -p threaded-chat -- udp --bind 127.0.0.1:7891 --peer 127.0.0.1:7890`
//!
//! What both print is in the book's chapter (docs/src/threaded-chat.md), from a tested run.
//!
//! Python works as a peer too: `s.sendto('hi'.encode(), ('127.0.0.1', 7890))`.

use std::io::ErrorKind;
use std::net::{SocketAddr, UdpSocket};
use std::thread;

use anyhow::Context;
use clap::Args;
use common::cli::{EncodingArg, NarrationArgs, parse_addr};
use common::errors::{net_error, net_error_line};
use common::input::Messages;
use common::narrate::Narrator;
use common::ports;
use common::stop::Stop;

#[derive(Args, Debug)]
pub struct UdpArgs {
    /// Our own address
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:7890")]
    pub bind: String,
    /// Who to talk to; without it, whoever sends us the first datagram
    #[arg(long, value_name = "ADDR")]
    pub peer: Option<String>,
    #[command(flatten)]
    pub encoding: EncodingArg,
    #[command(flatten)]
    pub narration: NarrationArgs,
}

/// `threaded-chat udp`: bind, find the peer, then a receive thread and a send loop.
pub fn run(args: UdpArgs) -> anyhow::Result<()> {
    let bind = parse_addr(&args.bind, ports::UDP_CHAT)?;
    let peer = args
        .peer
        .as_deref()
        .map(|p| parse_addr(p, ports::UDP_CHAT))
        .transpose()?;
    let narrator = Narrator::new("udp", &args.narration, args.encoding.encoding);
    // socket(AF_INET, SOCK_DGRAM) and bind(('127.0.0.1', 7890)).
    let socket = UdpSocket::bind(bind).map_err(|e| net_error("bind", bind, e))?;
    let local = socket.local_addr().context("cannot read our own address")?;
    narrator.step(format!("listening on {local}"));

    let mut buf = vec![0u8; 65_536];
    let peer = match peer {
        Some(peer) => peer,
        // ANCHOR: learn
        None => {
            // As the tutorial's main thread: recvfrom() once, and answer whoever it was.
            narrator.step("waiting for a first datagram to learn who to talk to");
            let (n, from) = socket
                .recv_from(&mut buf)
                .map_err(|e| net_error("receive on", local, e))?;
            narrator.plain(format!("{from}: {}", narrator.show(&buf[..n])));
            from
        } // ANCHOR_END: learn
    };
    narrator.step(format!("talking with {peer}; type lines, byebye to end"));

    // ANCHOR: receive
    let stop = Stop::new();
    let receiver = socket.try_clone().context("cannot clone the socket")?;
    let (printer, stopping) = (narrator.clone(), stop.clone());
    let receive = thread::Builder::new()
        .name("receive".into())
        .spawn(move || receive_loop(&receiver, (local, peer), &printer, &stopping))
        .context("cannot start the receive thread")?;
    // ANCHOR_END: receive

    // ANCHOR: send
    for line in Messages::new(Vec::new(), "") {
        let line = line.context("cannot read stdin")?;
        let bytes = narrator.encoding().encode(&line)?;
        // sendto(data, peer)
        socket
            .send_to(&bytes, peer)
            .map_err(|e| net_error("send to", peer, e))?;
        narrator.trace_sent(peer, &bytes);
        if line.trim() == "byebye" {
            break;
        }
    }
    // Wake the receive thread: it is blocked in recvfrom(), so send it a datagram.
    stop.request();
    let wake = common::addr::reachable(local);
    socket
        .send_to(b"", wake)
        .map_err(|e| net_error("wake ourselves at", wake, e))?;
    let _ = receive.join();
    narrator.step("bye");
    Ok(())
    // ANCHOR_END: send
}

// ANCHOR: receive_loop
/// The receive thread: print every datagram from the peer until the stop flag is set.
fn receive_loop(
    socket: &UdpSocket,
    (local, peer): (SocketAddr, SocketAddr),
    narrator: &Narrator,
    stop: &Stop,
) {
    let mut buf = vec![0u8; 65_536];
    let (mut told_stranger, mut peer_left) = (false, false);
    loop {
        // recvfrom(1024): blocks until a datagram arrives, ours or the wake-up.
        let received = socket.recv_from(&mut buf);
        if stop.requested() {
            return;
        }
        match received {
            Ok((n, from)) if from == peer => {
                narrator.trace_received(from, &buf[..n]);
                let text = narrator.show(&buf[..n]);
                narrator.plain(format!("{from}: {text}"));
                let said_byebye = text.trim() == "byebye";
                if said_byebye && !peer_left {
                    narrator.step(format!(
                        "{peer} has left; what you type is still sent, but nobody reads it (byebye or Ctrl-D ends this side)"
                    ));
                }
                peer_left = said_byebye;
            }
            // Anyone else who knows our port: not shown; said once.
            Ok((_, from)) => {
                if !told_stranger {
                    narrator.step(format!(
                        "ignoring datagrams from {from}: this chat is with {peer} only (said once)"
                    ));
                    told_stranger = true;
                }
            }
            // On some systems an ICMP "port unreachable" from a peer that left shows up here.
            Err(e) if e.kind() == ErrorKind::ConnectionReset => {}
            Err(e) => narrator.step(net_error_line("receive on", local, &e)),
        }
    }
}
// ANCHOR_END: receive_loop
