//! # tcp-basic server: a TCP server, one call at a time
//!
//! The server of the Python tutorials, step by step: `socket()`, `bind()`, `listen(5)`,
//! then a loop of `accept()`, and with each client `recv(1024)` and `send()` until the
//! client leaves. Clients are served one after another, as in the tutorials: while one is
//! being served, the next waits in the listen queue. So that no client can hold the others
//! up for ever, one that sends nothing (or reads nothing) for 30 s is dropped (`--idle`),
//! and any client after 300 s in all (`--max-time`).
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
//! it"). The tutorials' other servers are flags of this one (the book's "From the
//! tutorials" chapter, docs/src/from-the-tutorials.md, names each tutorial by its title):
//! `--reply over` answers the 4 bytes `over` (tutorial 000, 《TCP、UDP套接字网络协议》),
//! `--silent` prints and never answers (the one-message pair of tutorial 001, 《Python
//! 学习笔记(七)--socket》), `--interactive` lets you type each answer, until either side
//! says `byebye` (001's conversation), and `server :7788 --backlog 128 --encoding gbk
//! --once --reply 'thank you !'` is the server of tutorial 002, 《网络通信之tcp》.
//!
//! Other clients work too: `nc 127.0.0.1 8888` or `telnet 127.0.0.1 8888` (type a line),
//! or a Python client: `s = socket(); s.connect(('127.0.0.1', 8888)); s.send(b'hi');
//! print(s.recv(1024))`.

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::Args;
use common::cli::{BindAddrArg, EncodingArg, NarrationArgs, seconds};
use common::errors::{describe, is_timeout, net_error, net_error_line, tcp_bind_error, usage};
use common::input::Messages;
use common::narrate::{Narrator, count};
use common::ports::{self, reach_note};
use socket2::{Domain, Protocol, Socket, Type};

use crate::framed;

/// How long a client may stay silent before it is dropped (`--idle`).
const IDLE: Duration = Duration::from_secs(30);
/// The same with `--interactive`, where a person types on the other side.
const INTERACTIVE_IDLE: Duration = Duration::from_secs(600);
/// How long one client may be served in all, however it sends (`--max-time`).
const MAX_TIME: Duration = Duration::from_secs(300);
/// The same with `--interactive`.
const INTERACTIVE_MAX_TIME: Duration = Duration::from_secs(3600);

#[derive(Args, Debug)]
pub struct ServerArgs {
    #[command(flatten)]
    pub addr: BindAddrArg,
    /// How many finished connections may wait for accept(): listen(N)
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(i32).range(1..=4096))]
    pub backlog: i32,
    /// Answer each message with exactly TEXT, no newline added (bash: --reply $'over\n' adds one)
    #[arg(long, value_name = "TEXT", conflicts_with_all = ["interactive", "silent"])]
    pub reply: Option<String>,
    /// Type each answer on the server's stdin; byebye from either side ends the conversation
    #[arg(long, conflicts_with_all = ["silent", "quiet"])]
    pub interactive: bool,
    /// Print each message and never answer, like the tutorials' first server
    #[arg(long)]
    pub silent: bool,
    /// Serve one client, then exit, like the tutorials' first server
    #[arg(long)]
    pub once: bool,
    /// Drop a client that sends nothing, or reads nothing we send, for this many seconds [default: 30; 600 with --interactive]
    #[arg(long, value_name = "SECS", value_parser = seconds)]
    pub idle: Option<Duration>,
    /// Drop a client still connected after this many seconds, however it sends [default: 300; 3600 with --interactive]
    #[arg(long, value_name = "SECS", value_parser = seconds)]
    pub max_time: Option<Duration>,
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
    // Where answers come from; --reply is encoded now, before listening, so a character
    // the encoding lacks is an error at once.
    let mut replies = Replies::choose(&args)?;
    let listener = open(addr, args.backlog)?;
    let narrator = Narrator::new("server", &args.narration, args.encoding.encoding);
    serve(listener, &args, &mut replies, &narrator)
}

// ANCHOR: open
/// Create the listening socket the way the tutorials do, one call at a time.
pub fn open(addr: SocketAddr, backlog: i32) -> anyhow::Result<TcpListener> {
    // socket(AF_INET, SOCK_STREAM): a TCP socket, not yet tied to any address.
    let socket = Socket::new(Domain::for_address(addr), Type::STREAM, Some(Protocol::TCP))
        .map_err(|e| net_error("create a socket for", addr, e))?;
    // setsockopt(SOL_SOCKET, SO_REUSEADDR, 1): bind even while connections of an earlier
    // run on this port wait in TIME_WAIT, provided that run set the option too. (On
    // Windows the option lets two servers share a port, so it is set on Unix only.)
    #[cfg(unix)]
    socket
        .set_reuse_address(true)
        .map_err(|e| net_error("set SO_REUSEADDR on", addr, e))?;
    // bind(('127.0.0.1', 8888)): the socket takes the address; port 0 lets the system pick.
    // "Address already in use" says whether a server listens there or TIME_WAIT holds it.
    socket
        .bind(&addr.into())
        .map_err(|e| tcp_bind_error(addr, e))?;
    // listen(5): a passive socket now; the kernel completes handshakes on its own and keeps
    // finished connections waiting for accept() (Linux: up to backlog + 1 of them).
    socket
        .listen(backlog)
        .map_err(|e| net_error("listen on", addr, e))?;
    Ok(socket.into())
}
// ANCHOR_END: open

// ANCHOR: serve
/// Serve clients one after another on an already listening socket.
pub fn serve(
    listener: TcpListener,
    args: &ServerArgs,
    replies: &mut Replies,
    narrator: &Narrator,
) -> anyhow::Result<()> {
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
        let ending = converse(&stream, peer, args, replies, narrator);
        // close(): dropping the stream closes it, sending our FIN to the client.
        drop(stream);
        narrator.step(format!("{ending}; connection closed"));
        if args.once {
            narrator.step("served one client (--once): stopping");
            return Ok(());
        }
        if replies.input_ended() {
            narrator.step("end of input: nobody is left to type answers, stopping");
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
    replies: &mut Replies,
    narrator: &Narrator,
) -> String {
    // A client that goes silent is dropped after --idle, and any client after --max-time,
    // so the next one gets its turn. A person typing (--interactive) gets longer.
    let (idle, max_time) = if args.interactive {
        (INTERACTIVE_IDLE, INTERACTIVE_MAX_TIME)
    } else {
        (IDLE, MAX_TIME)
    };
    let max_time = args.max_time.unwrap_or(max_time);
    let limited = Limited {
        stream,
        idle: args.idle.unwrap_or(idle),
        max_time,
        deadline: Instant::now() + max_time,
    };
    let mut conn = narrator.traced(limited, peer);
    match talk(&mut conn, peer, args.framed, replies, narrator) {
        Ok(ending) => ending,
        // The error says which limit it was: "sent nothing for 30 s (--idle)".
        Err(e) if is_timeout(&e) => format!("{peer} {e}, dropping it"),
        Err(e) if e.kind() == io::ErrorKind::InvalidData => {
            format!("dropping {peer}: {e} (does the client use --framed too?)")
        }
        // A framed message cut short: the error says how much of it arrived.
        Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => format!("lost {peer}: {e}"),
        Err(e) => format!("lost {peer}: {}", describe(&e)),
    }
}

// ANCHOR: talk
/// The conversation: receive one message, answer it, until the client closes or either
/// side says byebye.
fn talk(
    conn: &mut (impl Read + Write),
    peer: SocketAddr,
    framed: bool,
    replies: &mut Replies,
    narrator: &Narrator,
) -> io::Result<String> {
    // With --framed a "message" is one length-prefixed frame; without, one recv(1024).
    let what = if framed { "a message of " } else { "" };
    loop {
        // recv(1024): whatever has arrived, up to 1024 bytes: maybe part of what the
        // client sent, maybe several of its sends stuck together. TCP keeps no boundaries.
        let Some(data) = framed::receive(conn, framed)? else {
            // An empty read is how TCP says the peer closed its side (its FIN arrived).
            return Ok(if framed {
                format!("{peer} closed the connection (between two messages)")
            } else {
                format!("{peer} closed the connection (recv returned 0 bytes)")
            });
        };
        let shown = narrator.show(&data);
        let received = count(data.len(), "byte", "bytes");
        narrator.message(format!("received {what}{received} from {peer}: {shown}"));
        if is_byebye(&data, narrator) {
            return Ok(format!("{peer} said byebye"));
        }
        let reply = match replies.next(data.len(), narrator) {
            Reply::Send(reply) => reply,
            Reply::Nothing => continue,
            Reply::EndOfInput => return Ok(format!("no answer for {peer} (end of input)")),
        };
        // sendall(): write_all loops until every byte is handed to the kernel; a bare
        // write, like Python's send(), may take only part of it.
        framed::send(conn, &reply, framed)?;
        let shown = narrator.show(&reply);
        let sent = count(reply.len(), "byte", "bytes");
        narrator.message(format!("sent {what}{sent} to {peer}: {shown}"));
        if is_byebye(&reply, narrator) {
            return Ok(format!("we said byebye to {peer}"));
        }
    }
}
// ANCHOR_END: talk

/// `byebye` (the tutorials' word) ends a conversation; surrounding blanks are ignored.
fn is_byebye(data: &[u8], narrator: &Narrator) -> bool {
    narrator.encoding().decode(data).text.trim() == "byebye"
}

/// Where the server's answers come from, chosen by the flags.
pub enum Replies {
    /// `received N bytes` and a newline: this project's default, one line per answer.
    Count,
    /// `--reply TEXT`: the same bytes every time, exactly as given.
    Fixed(Vec<u8>),
    /// `--interactive`: typed on the server's stdin, one line per answer, sent without
    /// its newline, as Python's `input()` returns it.
    Typed { lines: Messages, ended: bool },
    /// `--silent`: no answer at all.
    Silent,
}

/// One answer, or why there is none.
pub enum Reply {
    Send(Vec<u8>),
    Nothing,
    EndOfInput,
}

impl Replies {
    /// The answers the flags ask for; `--reply` is checked and encoded here.
    pub fn choose(args: &ServerArgs) -> anyhow::Result<Replies> {
        let encoding = args.encoding.encoding;
        Ok(if let Some(text) = &args.reply {
            if text.is_empty() {
                return Err(usage(
                    "--reply '' would send nothing, and the client would wait for an answer: give some text, or use --silent",
                ));
            }
            let bytes = encoding.encode(text)?.into_owned();
            if args.framed && bytes.len() > framed::MAX_FRAME {
                return Err(usage(format!(
                    "--reply of {} bytes is over the {} bytes a --framed client accepts",
                    bytes.len(),
                    framed::MAX_FRAME
                )));
            }
            Replies::Fixed(bytes)
        } else if args.interactive {
            Replies::Typed {
                lines: Messages::new(Vec::new(), "answer> "),
                ended: false,
            }
        } else if args.silent {
            Replies::Silent
        } else {
            Replies::Count
        })
    }

    /// The answer to a message of `n` bytes.
    fn next(&mut self, n: usize, narrator: &Narrator) -> Reply {
        match self {
            // The protocol's fixed words, which clients (and the lab's checks) parse:
            // "received 1 bytes" too, unlike the narration.
            Replies::Count => Reply::Send(format!("received {n} bytes\n").into_bytes()),
            Replies::Fixed(bytes) => Reply::Send(bytes.clone()),
            Replies::Silent => Reply::Nothing,
            Replies::Typed { lines, ended } => {
                let reply = typed(lines, narrator);
                *ended = matches!(reply, Reply::EndOfInput);
                reply
            }
        }
    }

    /// Whether `--interactive` has reached the end of its input: nobody can answer now.
    pub fn input_ended(&self) -> bool {
        matches!(self, Replies::Typed { ended: true, .. })
    }
}

// ANCHOR: typed
/// `input('answer> ')`: the next answer typed on the server's stdin, asked again after a
/// line that cannot be sent.
fn typed(lines: &mut Messages, narrator: &Narrator) -> Reply {
    loop {
        let line = match lines.next() {
            Some(Ok(line)) => line,
            // A line over the input limit: say so and read the next one.
            Some(Err(e)) if e.kind() == io::ErrorKind::InvalidData => {
                narrator.step(format!("cannot use that answer: {e}"));
                continue;
            }
            Some(Err(_)) | None => return Reply::EndOfInput,
        };
        if line.is_empty() {
            narrator.step("an empty answer sends nothing: type some text, or byebye");
            continue;
        }
        match narrator.encoding().encode(&line) {
            Ok(bytes) => return Reply::Send(bytes.into_owned()),
            Err(e) => narrator.step(format!("cannot send that: {e}")),
        }
    }
}
// ANCHOR_END: typed

// ANCHOR: limited
/// The client's socket, with a limit on every wait: `--idle` for any one recv() or send(),
/// and `--max-time` for the whole conversation. A timeout per recv() alone starts again
/// with every byte: a client sending one byte every 29 s would hold the server forever.
struct Limited<'a> {
    stream: &'a TcpStream,
    idle: Duration,
    max_time: Duration,
    deadline: Instant,
}

impl Limited<'_> {
    /// settimeout(): the shorter of `--idle` and what is left of `--max-time`.
    fn timeout(&self) -> io::Result<Duration> {
        let left = self.deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(self.out_of_time());
        }
        Ok(self.idle.min(left))
    }

    /// Which limit a timed-out wait hit, said as the end of "127.0.0.1:51234 ...".
    fn timed_out(&self, waited_for: &str) -> io::Error {
        if Instant::now() >= self.deadline {
            return self.out_of_time();
        }
        let idle = self.idle.as_secs_f64();
        io::Error::new(
            io::ErrorKind::TimedOut,
            format!("{waited_for} for {idle} s (--idle)"),
        )
    }

    fn out_of_time(&self) -> io::Error {
        let max = self.max_time.as_secs_f64();
        io::Error::new(
            io::ErrorKind::TimedOut,
            format!("is still connected after {max} s (--max-time)"),
        )
    }
}

impl Read for Limited<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.stream.set_read_timeout(Some(self.timeout()?))?;
        // recv(): what has arrived, or a timeout.
        let mut stream = self.stream;
        match stream.read(buf) {
            Err(e) if is_timeout(&e) => Err(self.timed_out("sent nothing")),
            other => other,
        }
    }
}

impl Write for Limited<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.stream.set_write_timeout(Some(self.timeout()?))?;
        // send(): waits only while the client's receive buffer and ours are full.
        let mut stream = self.stream;
        match stream.write(buf) {
            Err(e) if is_timeout(&e) => Err(self.timed_out("read nothing we sent")),
            other => other,
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}
// ANCHOR_END: limited
