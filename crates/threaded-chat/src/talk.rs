//! # threaded-chat talk: the tutorial's one-to-one chat, a send thread and a receive thread
//!
//! The first tutorial's last TCP program: two people, one connection, and on each side two
//! threads, so that neither has to wait for the other to type. The *send* thread reads
//! the keyboard and sends each line; the *receive* thread prints whatever arrives. One side
//! listens and accepts one peer (`--listen`), the other connects.
//!
//! As in the tutorial, a recv() that returns 0 bytes means the peer has left: this side
//! says so and ends (exit 0). The end of your input (Ctrl-D) closes only your sending half
//! (`shutdown(SHUT_WR)`): the peer sees you have finished, and you still read what it
//! sends until it leaves too.
//!
//! Terminal 1: `cargo run -p threaded-chat -- talk --listen`
//!
//! Terminal 2: `cargo run -p threaded-chat -- talk 7788`
//!
//! What both print is in the book's chapter (docs/src/threaded-chat.md), from a tested run.
//!
//! The tutorial's Python program works as either side, and so does `nc 127.0.0.1 7788`
//! (or `nc -l 127.0.0.1 7788`).

use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::Duration;

use anyhow::Context;
use clap::Args;
use common::cli::{
    ADDR_HELP, BindAddrArg, ClientWords, EncodingArg, NarrationArgs, seconds, usage_with_example,
    with_example,
};
use common::errors::{describe, net_error, tcp_bind_error, usage};
use common::input::Messages;
use common::narrate::Narrator;
use common::ports;

/// A whole command, for `--help` and for an address typed wrong.
const EXAMPLE: &str = "threaded-chat talk 127.0.0.1:7788";

#[derive(Args, Debug)]
#[command(override_usage = usage_with_example(
    "threaded-chat talk [OPTIONS] --listen [ADDR]\n\
     threaded-chat talk [OPTIONS] <ADDR | HOST PORT>",
    EXAMPLE
))]
pub struct TalkArgs {
    /// Wait for the peer to connect, instead of connecting to it
    #[arg(long)]
    pub listen: bool,
    #[arg(value_name = "ADDR", num_args = 0..=2, help = format!(
        "With --listen, where to listen (as a server takes it, 7788 when left out). Else: {ADDR_HELP}"
    ))]
    pub addr: Vec<String>,
    /// Seconds to wait for the connection (when connecting)
    #[arg(long, value_name = "SECS", value_parser = seconds, default_value = "5")]
    pub timeout: Duration,
    #[command(flatten)]
    pub encoding: EncodingArg,
    #[command(flatten)]
    pub narration: NarrationArgs,
}

/// `threaded-chat talk`: get one connection, then a send thread and a receive thread.
pub fn run(args: TalkArgs) -> anyhow::Result<()> {
    let narrator = Narrator::new("talk", &args.narration, args.encoding.encoding);
    let (stream, peer) = match args.listen {
        true => accept_one(&args.addr, &narrator)?,
        false => connect(&args.addr, args.timeout, &narrator)?,
    };
    narrator.step(format!(
        "talking with {peer}; type lines to send, Ctrl-D when you have finished"
    ));
    talk(stream, peer, &narrator)
}

// ANCHOR: accept_one
/// The listening side: bind, listen, accept() one peer; then the listening socket is
/// closed, since this conversation is one to one.
fn accept_one(words: &[String], narrator: &Narrator) -> anyhow::Result<(TcpStream, SocketAddr)> {
    let addr = BindAddrArg {
        addr: words.to_vec(),
    }
    .resolve(ports::THREADED_CHAT)?;
    // socket(), bind(addr), listen(5)
    let listener = TcpListener::bind(addr).map_err(|e| tcp_bind_error(addr, e))?;
    // getsockname(): the address really bound, announced as the first line.
    let local = narrator.listening(&listener)?;
    narrator.step("waiting for one peer in accept()");
    // accept(): blocks until the peer connects.
    let (stream, peer) = listener
        .accept()
        .map_err(|e| net_error("accept a connection on", local, e))?;
    Ok((stream, peer))
}
// ANCHOR_END: accept_one

/// The connecting side: connect() to the peer.
fn connect(
    words: &[String],
    timeout: Duration,
    narrator: &Narrator,
) -> anyhow::Result<(TcpStream, SocketAddr)> {
    let Some((first, rest)) = words.split_first() else {
        let missing = "missing the peer's address: give HOST:PORT, HOST PORT or :PORT, or --listen";
        return Err(with_example(usage(missing), EXAMPLE));
    };
    let words = ClientWords {
        addr: first.clone(),
        messages: rest.to_vec(),
    };
    let (addr, messages) = words.resolve(EXAMPLE)?;
    if !messages.is_empty() {
        return Err(usage(
            "talk takes only the peer's address: type the messages once connected",
        ));
    }
    // socket(), connect(addr)
    let stream =
        TcpStream::connect_timeout(&addr, timeout).map_err(|e| net_error("connect to", addr, e))?;
    narrator.step(format!("connected to {addr}"));
    Ok((stream, addr))
}

// ANCHOR: talk
/// Two threads, as in the tutorial: `send` reads the keyboard and sends, `receive` prints
/// what arrives. The conversation ends when the peer leaves (recv() returns 0 bytes).
fn talk(stream: TcpStream, peer: SocketAddr, narrator: &Narrator) -> anyhow::Result<()> {
    let outgoing = stream.try_clone().context("cannot clone the socket")?;
    let (send_narrator, over) = (narrator.clone(), Arc::new(AtomicBool::new(false)));
    let send_over = Arc::clone(&over);
    thread::Builder::new()
        .name("send".into())
        .spawn(move || send_lines(&outgoing, peer, &send_narrator, &send_over))
        .context("cannot start the send thread")?;
    let receive_narrator = narrator.clone();
    let receive = thread::Builder::new()
        .name("receive".into())
        .spawn(move || receive_lines(&stream, peer, &receive_narrator))
        .context("cannot start the receive thread")?;
    // The main thread waits for the receive thread: when the peer has left, we are done,
    // even if the send thread is still waiting for the keyboard.
    let received = receive.join();
    over.store(true, Ordering::SeqCst);
    match received {
        Ok(Ok(())) => {
            narrator.step(format!("{peer} has left (recv returned 0 bytes); bye"));
            Ok(())
        }
        Ok(Err(e)) => Err(net_error("receive from", peer, e)),
        Err(_) => anyhow::bail!("the receive thread failed"),
    }
}
// ANCHOR_END: talk

// ANCHOR: send_lines
/// The send thread: every line typed goes out with its newline; at the end of input,
/// shutdown(SHUT_WR) tells the peer we have finished, and the receive thread goes on.
/// (Once the conversation is `over`, the end of input has nothing left to close.)
fn send_lines(stream: &TcpStream, peer: SocketAddr, narrator: &Narrator, over: &AtomicBool) {
    for line in Messages::new(Vec::new(), "") {
        let Ok(line) = line else { break };
        let line = format!("{line}\n");
        let Ok(bytes) = narrator.encoding().encode(&line) else {
            narrator.step(format!("cannot send that line in {}", narrator.encoding()));
            continue;
        };
        // sendall(): the whole line, or an error.
        if let Err(e) = narrator.traced(stream, peer).write_all(&bytes) {
            narrator.step(format!("cannot send to {peer}: {}", describe(&e)));
            return;
        }
    }
    if over.load(Ordering::SeqCst) {
        return;
    }
    narrator.step("end of input: closing our sending half (shutdown), still receiving");
    let _ = stream.shutdown(Shutdown::Write);
}
// ANCHOR_END: send_lines

// ANCHOR: receive_lines
/// The receive thread: recv(1024) until the peer closes. Each piece is printed as it
/// came, one line per line in it: the tutorial's peer sends without newlines, and two
/// quick messages may arrive in one piece (lesson 1's sticky packets).
fn receive_lines(stream: &TcpStream, peer: SocketAddr, narrator: &Narrator) -> std::io::Result<()> {
    let mut buf = [0u8; 1024];
    let mut traced = narrator.traced(stream, peer);
    loop {
        // recv(1024): 0 bytes means the peer has closed its side.
        let n = match traced.read(&mut buf) {
            Ok(0) => return Ok(()),
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        let piece = buf[..n].strip_suffix(b"\n").unwrap_or(&buf[..n]);
        for line in piece.split(|&b| b == b'\n') {
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            narrator.plain(format!("{peer}: {}", narrator.show(line)));
        }
    }
}
// ANCHOR_END: receive_lines
