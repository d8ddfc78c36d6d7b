//! # tcp-basic client: connect, send, receive, close
//!
//! The client of the Python tutorials: `connect()` to the server, then for each message
//! `send()` it and `recv(1024)` the reply, and `close()`. It also shows what the
//! tutorials warn about: TCP keeps no message boundaries ("sticky packets", 粘包). With
//! `--burst N` it sends N copies without waiting, and the server sees them merged; with
//! `--framed` on both sides every message carries its length and arrives whole.
//!
//! Terminal 1:
//!
//! ```text
//! cargo run -p tcp-basic -- server
//! ```
//!
//! Terminal 2:
//!
//! ```text
//! cargo run -p tcp-basic -- client 127.0.0.1:8888 hello 你好
//! ```
//!
//! The output of both terminals is in the book's chapter (docs/src/tcp-basic.md, "Run
//! it"). The address comes first, always: `127.0.0.1:8888`, `:8888`, `8888`, or host and
//! port as two words (`127.0.0.1 8888`), as the tutorials take them from `sys.argv`.
//!
//! Without messages after the address it reads them from stdin, one per line; an empty
//! line, `byebye` (from either side) or end of input ends it, and a server that closes the
//! connection meanwhile is noticed before the next line is asked for. `--send-only` sends
//! and closes without reading any reply, like the tutorials' first client. Other servers
//! work too: a Python server from the tutorials (`bind`, `listen`, `accept`, `recv(1024)`,
//! `send`), or `nc -l 127.0.0.1 8888`.

use std::net::{Shutdown, SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use clap::Args;
use common::cli::{ClientWords, EncodingArg, NarrationArgs, client_usage, seconds, with_example};
use common::errors::{is_timeout, net_error, usage};
use common::framing::Until;
use common::narrate::{Narrator, count};

use crate::framed;
use crate::keyboard::{Keyboard, Typed};

/// A whole command, for `--help` and for an address typed wrong.
const EXAMPLE: &str = "tcp-basic client 127.0.0.1:8888 hello";

#[derive(Args, Debug)]
#[command(override_usage = client_usage("tcp-basic client", EXAMPLE))]
pub struct ClientArgs {
    #[command(flatten)]
    pub words: ClientWords,
    /// Seconds to wait for the connection, and for each message and its whole reply (with
    /// --burst, for all of them)
    #[arg(long, value_name = "SECS", value_parser = seconds, default_value = "5")]
    pub timeout: Duration,
    /// Send the message N times back to back without waiting: watch them stick together
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub burst: Option<u32>,
    /// Send the messages and close without reading any reply, like the tutorials' first client
    #[arg(long, conflicts_with = "burst")]
    pub send_only: bool,
    /// Messages with a 4-byte length in front (the fix for sticky packets); use on both sides
    #[arg(long)]
    pub framed: bool,
    #[command(flatten)]
    pub encoding: EncodingArg,
    #[command(flatten)]
    pub narration: NarrationArgs,
}

/// `tcp-basic client`: connect, talk, close.
pub fn run(args: ClientArgs) -> anyhow::Result<()> {
    let (addr, messages) = args.words.resolve(EXAMPLE)?;
    if args.burst.is_some() && messages.len() != 1 {
        let one = "--burst sends one message N times: give exactly one MESSAGE after the address";
        let example = "tcp-basic client 127.0.0.1:8888 --burst 5 hello";
        return Err(with_example(usage(one), example));
    }
    let narrator = Narrator::new("client", &args.narration, args.encoding.encoding);

    // ANCHOR: connect
    narrator.step(format!("connecting to {addr}"));
    // socket() and connect(('127.0.0.1', 8888)) in one call: the three-way handshake
    // happens here, and a closed port fails at once with "connection refused".
    let stream = TcpStream::connect_timeout(&addr, args.timeout)
        .map_err(|e| net_error("connect to", addr, e))?;
    // getsockname() and getpeername(): our own address (an ephemeral port the system
    // chose for us) and the server's.
    let local = stream.local_addr().context("cannot read our own address")?;
    let peer = stream
        .peer_addr()
        .context("cannot read the server's address")?;
    narrator.step(format!(
        "connected from {local} (getsockname) to {peer} (getpeername)"
    ));
    // ANCHOR_END: connect

    match args.burst {
        Some(copies) => burst(&stream, peer, &messages[0], copies, &args, &narrator)?,
        None => {
            let mut source = Source::new(messages)?;
            converse(&stream, peer, &mut source, &args, &narrator)?;
        }
    }
    // close(): dropping the stream closes it; the server's recv returns 0 bytes.
    narrator.step("closing the connection");
    Ok(())
}

// ANCHOR: converse
/// Send each message and print the reply to it (with `--send-only`, send and go on).
fn converse(
    stream: &TcpStream,
    peer: SocketAddr,
    source: &mut Source,
    args: &ClientArgs,
    narrator: &Narrator,
) -> anyhow::Result<()> {
    while let Some(message) = source.next(stream, peer, narrator)? {
        if message.is_empty() {
            narrator.step("empty line: done");
            break;
        }
        let bytes = narrator.encoding().encode(&message)?;
        // settimeout(), before each send() and recv(): what is left of --timeout for this
        // message and its reply. A timeout per call alone starts again with every byte: a
        // server that reads or answers a byte a second would hold us for ever.
        let deadline = Instant::now() + args.timeout;
        let mut conn = narrator.traced(Until { stream, deadline }, peer);
        // send(data.encode()): write_all, like sendall(), sends every byte.
        framed::send(&mut conn, &bytes, args.framed)
            .map_err(|e| send_error(peer, e, args.timeout))?;
        let shown = narrator.show(&bytes);
        let sent = count(bytes.len(), "byte", "bytes");
        narrator.message(format!("sent {sent} to {peer}: {shown}"));
        if message.trim() == "byebye" {
            narrator.step("said byebye: the server ends the conversation");
            break;
        }
        if args.send_only {
            continue;
        }
        // recv(1024): the reply, or as much of it as has arrived.
        let reply = framed::receive(&mut conn, args.framed)
            .map_err(|e| reply_error(peer, e, args.timeout, "no whole reply from"))?;
        let Some(reply) = reply else {
            bail!("the server at {peer} closed the connection without replying");
        };
        let shown = narrator.show(&reply);
        let received = count(reply.len(), "byte", "bytes");
        narrator.message(format!("received {received} from {peer}: {shown}"));
        if narrator.encoding().decode(&reply).text.trim() == "byebye" {
            narrator.step("the server said byebye: done");
            break;
        }
    }
    if args.send_only {
        narrator.step("sent everything (--send-only): not reading any reply");
    }
    Ok(())
}
// ANCHOR_END: converse

// ANCHOR: burst
/// Send `copies` copies of one message back to back, then read every reply.
fn burst(
    stream: &TcpStream,
    peer: SocketAddr,
    message: &str,
    copies: u32,
    args: &ClientArgs,
    narrator: &Narrator,
) -> anyhow::Result<()> {
    let bytes = narrator.encoding().encode(message)?;
    // Sending and every reply within --timeout in all: a server that reads or answers a
    // byte at a time, or never closes, cannot hold us.
    let deadline = Instant::now() + args.timeout;
    let mut conn = narrator.traced(Until { stream, deadline }, peer);
    for copy in 1..=copies {
        framed::send(&mut conn, &bytes, args.framed)
            .map_err(|e| send_error(peer, e, args.timeout))?;
        let sent = count(bytes.len(), "byte", "bytes");
        narrator.message(format!("sent copy {copy} of {copies}: {sent}"));
    }
    // shutdown(SHUT_WR): "no more data from us". The server reads to the end, answers, and
    // closes; then we know every reply has arrived.
    stream
        .shutdown(Shutdown::Write)
        .context("cannot shut down our sending side")?;
    narrator.step(format!(
        "sent {} of {} back to back, then shutdown(SHUT_WR)",
        count(copies, "message", "messages"),
        count(bytes.len(), "byte", "bytes")
    ));
    let mut replies = 0;
    let unfinished = "no end to the replies from";
    while let Some(reply) = framed::receive(&mut conn, args.framed)
        .map_err(|e| reply_error(peer, e, args.timeout, unfinished))?
    {
        replies += 1;
        let shown = narrator.show(&reply);
        let received = count(reply.len(), "byte", "bytes");
        narrator.message(format!("received {received} from {peer}: {shown}"));
    }
    narrator.step(format!(
        "{} sent, {} received",
        count(copies, "message", "messages"),
        count(replies, "reply", "replies")
    ));
    Ok(())
}
// ANCHOR_END: burst

/// Why a message could not be sent, as one line.
fn send_error(peer: SocketAddr, error: std::io::Error, timeout: Duration) -> anyhow::Error {
    if is_timeout(&error) {
        let secs = timeout.as_secs_f64();
        anyhow::anyhow!(
            "could not send everything to {peer} within {secs} s: the server reads too \
             slowly, or not at all (raise --timeout to wait longer)"
        )
    } else {
        net_error("send to", peer, error)
    }
}

/// Why no reply could be read, as one line; `late` says what did not happen in time.
fn reply_error(
    peer: SocketAddr,
    error: std::io::Error,
    timeout: Duration,
    late: &str,
) -> anyhow::Error {
    if is_timeout(&error) {
        let secs = timeout.as_secs_f64();
        anyhow::anyhow!(
            "{late} {peer} within {secs} s (--timeout counts the whole wait, however the \
             bytes trickle in; raise it to wait longer)"
        )
    } else if error.kind() == std::io::ErrorKind::InvalidData {
        // A length prefix that makes no sense: the server is not speaking --framed.
        anyhow::anyhow!(
            "cannot read a reply from {peer}: {error} (does the server use --framed too?)"
        )
    } else {
        net_error("receive a reply from", peer, error)
    }
}

/// Where the messages come from: the command line, or else the keyboard (stdin).
enum Source {
    Args(std::vec::IntoIter<String>),
    Keyboard(Keyboard),
}

impl Source {
    fn new(messages: Vec<String>) -> anyhow::Result<Source> {
        Ok(if messages.is_empty() {
            Source::Keyboard(Keyboard::start("message> ").context("cannot read stdin")?)
        } else {
            Source::Args(messages.into_iter())
        })
    }

    /// The next message, or `None` when there are no more. Typing waits for a person, so
    /// meanwhile the server may close: that ends the messages too, and is said.
    fn next(
        &mut self,
        stream: &TcpStream,
        peer: SocketAddr,
        narrator: &Narrator,
    ) -> anyhow::Result<Option<String>> {
        let keyboard = match self {
            Source::Args(messages) => return Ok(messages.next()),
            Source::Keyboard(keyboard) => keyboard,
        };
        match keyboard.next(stream) {
            Typed::Line(line) => Ok(Some(line.context("cannot read a message from stdin")?)),
            Typed::End => Ok(None),
            Typed::ServerClosed => {
                narrator.step(format!(
                    "the server at {peer} closed the connection: no more messages"
                ));
                Ok(None)
            }
        }
    }
}
