//! # threaded-chat client: one thread types, one thread listens
//!
//! The tutorials' two-thread chat client. A single thread would have to choose: wait for the
//! keyboard, or wait for the socket. With two, neither waits for the other. Here the
//! *input* thread reads the keyboard, the *receive* thread reads the socket and prints what
//! arrives, and the main thread sends what was typed and notices when either side is done.
//!
//! Terminal 1: `cargo run -p threaded-chat -- server`
//!
//! Terminal 2: `cargo run -p threaded-chat -- client --name alice`
//!
//! ```text
//! client: connected to 127.0.0.1:7788; type lines to chat, byebye to leave
//! * welcome to the chat room. What is your name?
//! * hello alice; 0 others here. /who lists them, byebye leaves
//! ```
//!
//! `nc 127.0.0.1 7788` is a client too.

use std::io::Write;
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::thread;
use std::time::Duration;

use anyhow::Context;
use clap::Args;
use common::cli::{EncodingArg, NarrationArgs, parse_addr, seconds};
use common::errors::{describe, net_error};
use common::framing::{Line, LineReader};
use common::input::Messages;
use common::narrate::Narrator;
use common::ports;
use crossbeam_channel::{Receiver, bounded, select};

use crate::hub::MAX_LINE;

/// How long to wait for the server to close after we said byebye or ran out of input.
const GOODBYE_WAIT: Duration = Duration::from_secs(2);

#[derive(Args, Debug)]
pub struct ClientArgs {
    /// The chat server: HOST:PORT, :PORT or PORT [default: 127.0.0.1:7788]
    #[arg(value_name = "ADDR")]
    pub addr: Option<String>,
    /// Your name in the room; without it, the server asks for it
    #[arg(long)]
    pub name: Option<String>,
    /// Seconds to wait for the connection
    #[arg(long, value_name = "SECS", value_parser = seconds, default_value = "5")]
    pub timeout: Duration,
    #[command(flatten)]
    pub encoding: EncodingArg,
    #[command(flatten)]
    pub narration: NarrationArgs,
}

/// `threaded-chat client`: connect, start the two threads, send what is typed.
pub fn run(args: ClientArgs) -> anyhow::Result<()> {
    let addr = match &args.addr {
        Some(text) => parse_addr(text, ports::THREADED_CHAT)?,
        None => SocketAddr::new(ports::DEFAULT_HOST, ports::THREADED_CHAT),
    };
    let narrator = Narrator::new("client", &args.narration, args.encoding.encoding);
    let stream = TcpStream::connect_timeout(&addr, args.timeout)
        .map_err(|e| net_error("connect to", addr, e))?;
    narrator.step(format!(
        "connected to {addr}; type lines to chat, byebye to leave"
    ));

    // ANCHOR: threads
    // The receive thread: print every line from the server; report how the connection ended.
    let (closed, server_closed) = bounded(1);
    let incoming = stream.try_clone().context("cannot clone the socket")?;
    let printer = narrator.clone();
    thread::Builder::new()
        .name("receive".into())
        .spawn(move || {
            let why = print_lines(&incoming, addr, &printer);
            let _ = closed.send(why);
        })
        .context("cannot start the receive thread")?;

    // The input thread: every line typed goes into a channel; end of input closes it.
    let (typed, lines) = bounded(16);
    thread::Builder::new()
        .name("input".into())
        .spawn(move || {
            for line in Messages::new(Vec::new(), "") {
                let Ok(line) = line else { break };
                if typed.send(line).is_err() {
                    break;
                }
            }
        })
        .context("cannot start the input thread")?;
    // ANCHOR_END: threads

    if let Some(name) = &args.name {
        send_line(&stream, addr, name, &narrator)?;
    }
    // ANCHOR: select
    // The main thread waits for whichever comes first: a typed line, or the server leaving.
    loop {
        select! {
            recv(lines) -> line => {
                let Ok(line) = line else {
                    narrator.step("end of input: leaving");
                    let _ = stream.shutdown(Shutdown::Write);
                    return wait_for_close(&server_closed, &narrator);
                };
                send_line(&stream, addr, &line, &narrator)?;
                if line.trim() == "byebye" {
                    narrator.step("you said byebye: leaving");
                    return wait_for_close(&server_closed, &narrator);
                }
            }
            recv(server_closed) -> why => {
                let why = why.unwrap_or_else(|_| "the receive thread stopped".into());
                narrator.step(format!("the server closed the connection ({why})"));
                return Ok(());
            }
        }
    }
    // ANCHOR_END: select
}

/// Send one line, ending in a newline, in the chosen encoding.
fn send_line(
    stream: &TcpStream,
    server: SocketAddr,
    line: &str,
    narrator: &Narrator,
) -> anyhow::Result<()> {
    let line = format!("{line}\n");
    let bytes = narrator.encoding().encode(&line)?;
    // sendall(): the whole line, or an error.
    narrator
        .traced(stream, server)
        .write_all(&bytes)
        .map_err(|e| net_error("send to", server, e))
}

/// The receive thread's work: print lines until the server closes. Returns why it ended.
fn print_lines(stream: &TcpStream, server: SocketAddr, narrator: &Narrator) -> String {
    let mut lines = LineReader::new(narrator.traced(stream, server), MAX_LINE * 2);
    loop {
        match lines.read_line() {
            Ok(Some(Line::Text(bytes))) => narrator.plain(narrator.show(&bytes)),
            Ok(Some(Line::TooLong { length })) => {
                narrator.step(format!("(a line of {length} bytes was skipped)"))
            }
            Ok(None) => return "it said goodbye".to_string(),
            Err(e) => return describe(&e),
        }
    }
}

/// After we leave, the server closes its side; wait for that a little, not forever.
fn wait_for_close(server_closed: &Receiver<String>, narrator: &Narrator) -> anyhow::Result<()> {
    if server_closed.recv_timeout(GOODBYE_WAIT).is_err() {
        narrator.step("the server did not close the connection; closing it ourselves");
    }
    Ok(())
}
