//! # threaded-chat client: one thread types, one thread listens
//!
//! The tutorials' two-thread chat client. A single thread would have to choose: wait for the
//! keyboard, or wait for the socket. With two, neither waits for the other. Here the
//! *input* thread reads the keyboard, the *receive* thread reads the socket and prints what
//! arrives, and the main thread sends what was typed and notices when either side is done.
//!
//! It tells a goodbye from a vanished server: the room's last line before it closes is
//! `* bye` (you said byebye) or `* the server is stopping, goodbye`. A connection that ends
//! without one (the server was killed, or let us go) ends the client with exit status 1.
//!
//! Terminal 1: `cargo run -p threaded-chat -- server`
//!
//! Terminal 2: `cargo run -p threaded-chat -- client 7788 --name alice`
//!
//! What it prints is in the book's chapter (docs/src/threaded-chat.md), from a tested run.
//!
//! `nc 127.0.0.1 7788` is a client too.

use std::io::Write;
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::thread;
use std::time::Duration;

use anyhow::Context;
use clap::Args;
use common::cli::{ClientWords, EncodingArg, NarrationArgs, client_usage, seconds};
use common::errors::{describe, net_error};
use common::framing::{Line, LineReader};
use common::input::Messages;
use common::narrate::Narrator;
use crossbeam_channel::{Receiver, bounded, select};

use crate::hub::{BYE, MAX_LINE, STOPPING};

/// How long to wait for the server to close after we said byebye or ran out of input.
const GOODBYE_WAIT: Duration = Duration::from_secs(2);

/// A whole command, for `--help` and for an address typed wrong.
const EXAMPLE: &str = "threaded-chat client 127.0.0.1:7788 --name alice";

#[derive(Args, Debug)]
#[command(override_usage = client_usage("threaded-chat client", EXAMPLE))]
pub struct ClientArgs {
    #[command(flatten)]
    pub words: ClientWords,
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

/// How the server's side of the connection ended, as the receive thread saw it.
enum Ending {
    /// Closed right after one of the room's goodbyes.
    Goodbye,
    /// Closed with no goodbye: the server was killed, or cut us off.
    Vanished,
    /// The connection broke: the reason.
    Lost(String),
}

/// `threaded-chat client`: connect, start the two threads, send what is typed.
pub fn run(args: ClientArgs) -> anyhow::Result<()> {
    let (addr, messages) = args.words.resolve(EXAMPLE)?;
    let narrator = Narrator::new("client", &args.narration, args.encoding.encoding);
    // socket(), connect((host, port)): with a timeout, so a silent address does not hang us.
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
            for line in Messages::new(messages, "") {
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
                    return wait_for_close(&server_closed, addr, &narrator);
                };
                let leaving = line.trim() == "byebye";
                if leaving {
                    narrator.step("you said byebye: leaving");
                }
                send_line(&stream, addr, &line, &narrator)?;
                if leaving {
                    return wait_for_close(&server_closed, addr, &narrator);
                }
            }
            recv(server_closed) -> ending => {
                return ended(ending.unwrap_or(Ending::Vanished), addr, &narrator);
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

// ANCHOR: print_lines
/// The receive thread's work: print lines until the server closes. Returns how it ended:
/// recv() returning 0 bytes looks the same whether the server said goodbye or was killed
/// (the kernel closes a dead process's sockets for it), so the last line tells them apart.
fn print_lines(stream: &TcpStream, server: SocketAddr, narrator: &Narrator) -> Ending {
    let mut lines = LineReader::new(narrator.traced(stream, server), MAX_LINE * 2);
    let mut said_goodbye = false;
    loop {
        match lines.read_line() {
            Ok(Some(Line::Text(bytes))) => {
                let shown = narrator.show(&bytes);
                said_goodbye = shown == BYE || shown == STOPPING;
                narrator.plain(shown);
            }
            Ok(Some(Line::TooLong { length })) => {
                narrator.step(format!("(a line of {length} bytes was skipped)"))
            }
            Ok(None) if said_goodbye => return Ending::Goodbye,
            Ok(None) => return Ending::Vanished,
            Err(e) => return Ending::Lost(describe(&e)),
        }
    }
}
// ANCHOR_END: print_lines

/// Say how the connection ended: exit status 0 after a goodbye, 1 otherwise.
fn ended(ending: Ending, server: SocketAddr, narrator: &Narrator) -> anyhow::Result<()> {
    match ending {
        Ending::Goodbye => {
            narrator.step("the server closed the connection after saying goodbye");
            Ok(())
        }
        Ending::Vanished => anyhow::bail!(
            "the server at {server} closed the connection without a goodbye (was it stopped with kill -9, or did it let us go?)"
        ),
        Ending::Lost(why) => anyhow::bail!("lost the connection to {server}: {why}"),
    }
}

/// After we leave, the server closes its side; wait for that a little, not forever.
fn wait_for_close(
    server_closed: &Receiver<Ending>,
    server: SocketAddr,
    narrator: &Narrator,
) -> anyhow::Result<()> {
    match server_closed.recv_timeout(GOODBYE_WAIT) {
        Ok(ending) => ended(ending, server, narrator),
        Err(_) => {
            narrator.step("the server did not close the connection; closing it ourselves");
            Ok(())
        }
    }
}
