//! # tcp-basic server: a TCP server, one call at a time
//!
//! The server of the Python tutorials, step by step: `socket()`, `bind()`, `listen(5)`,
//! then a loop of `accept()`, and with each client `recv(1024)` and `send()` until the
//! client leaves. Clients are served one after another, as in the tutorials: while one is
//! being served, the next waits in the listen queue.
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
//! cargo run -p tcp-basic -- client hello
//! ```
//!
//! Terminal 1 then shows:
//!
//! ```text
//! server: listening on 127.0.0.1:8888
//! server: connection from 127.0.0.1:51234
//! server: received 5 bytes from 127.0.0.1:51234: hello
//! server: sent 17 bytes to 127.0.0.1:51234: received 5 bytes\n
//! server: 127.0.0.1:51234 closed the connection (recv returned 0 bytes)
//! ```
//!
//! Other clients work too: `nc 127.0.0.1 8888` or `telnet 127.0.0.1 8888` (type a line),
//! or a Python client: `s = socket(); s.connect(('127.0.0.1', 8888)); s.send(b'hi');
//! print(s.recv(1024))`.

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::thread;
use std::time::Duration;

use anyhow::Context;
use clap::Args;
use common::cli::{BindAddrArg, EncodingArg, NarrationArgs, seconds};
use common::errors::{describe, is_timeout, net_error, net_error_line};
use common::framing::{DEFAULT_MAX_FRAME, read_frame, write_frame};
use common::narrate::Narrator;
use common::ports::{self, reach_note};
use socket2::{Domain, Protocol, Socket, Type};

/// The most one `recv` takes, as in the tutorials' `recv(1024)`.
const RECV_SIZE: usize = 1024;

#[derive(Args, Debug)]
pub struct ServerArgs {
    #[command(flatten)]
    pub addr: BindAddrArg,
    /// How many finished connections may wait for accept(): listen(N)
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(i32).range(1..=4096))]
    pub backlog: i32,
    /// Answer each read with this text (and a newline) instead of "received N bytes"
    #[arg(long)]
    pub reply: Option<String>,
    /// Serve one client, then exit, like the tutorials' first server
    #[arg(long)]
    pub once: bool,
    /// Drop a client that sends nothing for this many seconds
    #[arg(long, value_name = "SECS", value_parser = seconds, default_value = "30")]
    pub idle: Duration,
    /// Messages with a 4-byte length in front (the fix for sticky packets); use on both sides
    #[arg(long)]
    pub framed: bool,
    #[command(flatten)]
    pub encoding: EncodingArg,
    #[command(flatten)]
    pub narration: NarrationArgs,
}

/// `tcp-basic server`: open the listening socket, then serve clients until stopped.
pub fn run(args: ServerArgs) -> anyhow::Result<()> {
    let addr = args.addr.resolve(ports::TCP_BASIC)?;
    // Encode the reply once, before listening: a character the encoding lacks is an error now.
    if let Some(reply) = &args.reply {
        args.encoding.encoding.encode(reply)?;
    }
    let listener = open(addr, args.backlog)?;
    let narrator = Narrator::new("server", &args.narration, args.encoding.encoding);
    serve(listener, &args, &narrator)
}

// ANCHOR: open
/// Create the listening socket the way the tutorials do, one call at a time.
pub fn open(addr: SocketAddr, backlog: i32) -> anyhow::Result<TcpListener> {
    // socket(AF_INET, SOCK_STREAM): a TCP socket, not yet tied to any address.
    let socket = Socket::new(Domain::for_address(addr), Type::STREAM, Some(Protocol::TCP))
        .map_err(|e| net_error("create a socket for", addr, e))?;
    // setsockopt(SOL_SOCKET, SO_REUSEADDR, 1): a restarted server may bind its port again
    // while the last run's connections still wait in TIME_WAIT. (On Windows the option
    // means something else, letting two servers share a port, so it is Unix only.)
    #[cfg(unix)]
    socket
        .set_reuse_address(true)
        .map_err(|e| net_error("set SO_REUSEADDR on", addr, e))?;
    // bind(('127.0.0.1', 8888)): the socket takes the address; port 0 lets the system pick.
    socket
        .bind(&addr.into())
        .map_err(|e| net_error("bind", addr, e))?;
    // listen(5): a passive socket now; the kernel completes handshakes on its own and keeps
    // up to `backlog` finished connections waiting for accept().
    socket
        .listen(backlog)
        .map_err(|e| net_error("listen on", addr, e))?;
    Ok(socket.into())
}
// ANCHOR_END: open

// ANCHOR: serve
/// Serve clients one after another on an already listening socket.
pub fn serve(listener: TcpListener, args: &ServerArgs, narrator: &Narrator) -> anyhow::Result<()> {
    // getsockname(): the address really bound, with the port the system picked for port 0.
    let local = listener
        .local_addr()
        .context("cannot read the listening address")?;
    narrator.step(format!("listening on {local}"));
    narrator.step(format!(
        "socket(), bind({local}), listen({}): done",
        args.backlog
    ));
    narrator.step(reach_note(local));
    loop {
        narrator.step("waiting for a client in accept()");
        // accept(): blocks until a client has connected; returns a new socket for that one
        // client, while `listener` goes on listening.
        let (stream, peer) = match listener.accept() {
            Ok(pair) => pair,
            Err(e) => {
                // Such as too many open files: say so, pause, and go on serving.
                narrator.step(net_error_line("accept a connection on", local, &e));
                thread::sleep(Duration::from_millis(100));
                continue;
            }
        };
        narrator.step(format!("connection from {peer}"));
        let ending = converse(&stream, peer, args, narrator);
        // close(): dropping the stream closes it, sending our FIN to the client.
        drop(stream);
        narrator.step(format!("{ending}; connection closed"));
        if args.once {
            narrator.step("served one client (--once): stopping");
            return Ok(());
        }
    }
}
// ANCHOR_END: serve

/// Talk with one client until it leaves; returns how the conversation ended.
fn converse(
    stream: &TcpStream,
    peer: SocketAddr,
    args: &ServerArgs,
    narrator: &Narrator,
) -> String {
    // settimeout(): a silent client is dropped after --idle, so the next one gets its turn.
    let timeouts = stream
        .set_read_timeout(Some(args.idle))
        .and_then(|()| stream.set_write_timeout(Some(args.idle)));
    if let Err(e) = timeouts {
        return format!("cannot set a timeout for {peer}: {}", describe(&e));
    }
    let mut conn = narrator.traced(stream, peer);
    let result = if args.framed {
        talk_framed(&mut conn, peer, args, narrator)
    } else {
        talk(&mut conn, peer, args, narrator)
    };
    match result {
        Ok(ending) => ending,
        Err(e) if is_timeout(&e) => {
            format!(
                "{peer} was silent for {} s (--idle), dropping it",
                args.idle.as_secs_f64()
            )
        }
        Err(e) if e.kind() == io::ErrorKind::InvalidData => {
            format!("dropping {peer}: {e} (does the client use --framed too?)")
        }
        // A framed message cut short: the error says how much of it arrived.
        Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => format!("lost {peer}: {e}"),
        Err(e) => format!("lost {peer}: {}", describe(&e)),
    }
}

// ANCHOR: talk
/// The conversation: one `recv(1024)`, one reply, until the client closes or says byebye.
fn talk(
    conn: &mut (impl Read + Write),
    peer: SocketAddr,
    args: &ServerArgs,
    narrator: &Narrator,
) -> io::Result<String> {
    let mut buf = [0u8; RECV_SIZE];
    loop {
        // recv(1024): whatever has arrived, up to 1024 bytes: maybe part of what the
        // client sent, maybe several of its sends stuck together. TCP keeps no boundaries.
        let n = conn.read(&mut buf)?;
        if n == 0 {
            // An empty read is how TCP says the peer closed its side (its FIN arrived).
            return Ok(format!(
                "{peer} closed the connection (recv returned 0 bytes)"
            ));
        }
        let data = &buf[..n];
        narrator.message(format!(
            "received {n} bytes from {peer}: {}",
            narrator.show(data)
        ));
        if is_byebye(data, narrator) {
            return Ok(format!("{peer} said byebye"));
        }
        let reply = reply_for(n, args, narrator);
        // sendall(): write_all loops until every byte is handed to the kernel; a bare
        // write, like Python's send(), may take only part of it.
        conn.write_all(&reply)?;
        narrator.message(format!(
            "sent {} bytes to {peer}: {}",
            reply.len(),
            narrator.show(&reply)
        ));
    }
}
// ANCHOR_END: talk

// ANCHOR: talk_framed
/// The same conversation with `--framed`: each message carries its length, so each read
/// returns exactly one whole message, however TCP cut or merged the bytes.
fn talk_framed(
    conn: &mut (impl Read + Write),
    peer: SocketAddr,
    args: &ServerArgs,
    narrator: &Narrator,
) -> io::Result<String> {
    while let Some(message) = read_frame(conn, DEFAULT_MAX_FRAME)? {
        narrator.message(format!(
            "received a message of {} bytes from {peer}: {}",
            message.len(),
            narrator.show(&message)
        ));
        if is_byebye(&message, narrator) {
            return Ok(format!("{peer} said byebye"));
        }
        let reply = reply_for(message.len(), args, narrator);
        write_frame(conn, &reply)?;
        narrator.message(format!(
            "sent a message of {} bytes to {peer}: {}",
            reply.len(),
            narrator.show(&reply)
        ));
    }
    Ok(format!(
        "{peer} closed the connection (between two messages)"
    ))
}
// ANCHOR_END: talk_framed

/// `byebye` (the tutorials' word) ends a conversation; surrounding blanks are ignored.
fn is_byebye(data: &[u8], narrator: &Narrator) -> bool {
    narrator.encoding().decode(data).text.trim() == "byebye"
}

/// The reply to a read of `n` bytes: `--reply` or "received N bytes", as one line.
fn reply_for(n: usize, args: &ServerArgs, narrator: &Narrator) -> Vec<u8> {
    let text = match &args.reply {
        Some(reply) => format!("{reply}\n"),
        None => format!("received {n} bytes\n"),
    };
    match narrator.encoding().encode(&text) {
        Ok(bytes) => bytes.into_owned(),
        // `run` checked --reply before listening, and "received N bytes" is ASCII.
        Err(_) => text.into_bytes(),
    }
}
