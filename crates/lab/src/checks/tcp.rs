//! The checker's side of a TCP conversation. As a client: wait until the student's
//! server listens, connect, read an answer, then wait for the server to close. As a
//! server: listen, wait for the student's client to connect, read its message. Every
//! wait bounded.

use std::io::{ErrorKind, Read};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::ExitStatus;
use std::thread;
use std::time::{Duration, Instant};

use common::errors::is_timeout;

use crate::checks::Ctx;
use crate::messages::Msg;
use crate::program::describe_exit;
use crate::report::Failure;

/// Answers longer than this are cut: what matters is where they go wrong.
const ANSWER_LIMIT: usize = 64 * 1024;

/// How long a client may take to connect.
pub const CONNECT_WAIT: Duration = Duration::from_secs(5);

/// A later client's connect() to the server: it fails when the server has ended, or no
/// longer listens. Then the error, and how the program ended if it did within
/// `exit_wait`.
pub fn connect_later(
    ctx: &mut Ctx,
    addr: SocketAddr,
    exit_wait: Duration,
) -> Result<TcpStream, (std::io::Error, Option<ExitStatus>)> {
    TcpStream::connect_timeout(&addr, Duration::from_secs(3))
        .map_err(|error| (error, ctx.program().exited_within(exit_wait)))
}

/// Connect to `addr` as soon as the program listens there, within `wait`. Tells apart a
/// program that exited, one that listens on another address, one that listens nowhere,
/// and one that listens on every interface (0.0.0.0) rather than the address it was given.
pub fn wait_listening(
    ctx: &mut Ctx,
    addr: SocketAddr,
    wait: Duration,
) -> Result<TcpStream, Failure> {
    let start = Instant::now();
    loop {
        if let Some(status) = ctx.program().exited() {
            return Err(Failure::new(Msg::ExitedBeforeListening {
                status: describe_exit(status, ctx.lang),
                addr: addr.to_string(),
            })
            .hint(Msg::HintKeepRunning));
        }
        if let Ok(stream) = TcpStream::connect_timeout(&addr, Duration::from_millis(200)) {
            return match every_interface(ctx, addr) {
                Some(found) => Err(Failure::new(Msg::ListensOnEveryInterface {
                    addr: addr.to_string(),
                    found: found.to_string(),
                })
                .hint(Msg::HintLoopbackOnly)),
                None => Ok(stream),
            };
        }
        // Listening, but elsewhere: said after a second, rather than at the deadline.
        if start.elapsed() >= Duration::from_secs(1) {
            if let Some(found) = ctx.program().listening_on().first() {
                return Err(Failure::new(Msg::ListensElsewhere {
                    addr: addr.to_string(),
                    found: found.to_string(),
                })
                .hint(Msg::HintReadAddress));
            }
        }
        if start.elapsed() >= wait {
            return Err(Failure::new(Msg::NeverListened {
                addr: addr.to_string(),
                secs: wait.as_secs(),
            })
            .hint(Msg::HintKeepRunning));
        }
        thread::sleep(Duration::from_millis(50));
    }
}

/// The checker's own listening socket, on a free port of 127.0.0.1; nonblocking, so that
/// the wait for the client can end as soon as the program exits.
pub fn listen() -> std::io::Result<(TcpListener, SocketAddr)> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    listener.set_nonblocking(true)?;
    let addr = listener.local_addr()?;
    Ok((listener, addr))
}

/// Take the program's connection to `addr`, where `listener` listens, within `wait`.
/// Tells apart a program that exited (refused elsewhere, or never tried), one that
/// connects to another address, and one that never connects.
pub fn wait_connected(
    ctx: &mut Ctx,
    listener: &TcpListener,
    addr: SocketAddr,
    wait: Duration,
) -> Result<TcpStream, Failure> {
    let start = Instant::now();
    loop {
        // Asked before accept(): a program that connected and then ended is still taken.
        let exited = ctx.program().exited();
        match listener.accept() {
            Ok((stream, _)) => {
                // Blocking, as the checker's reads expect (Windows would keep it nonblocking).
                return match stream.set_nonblocking(false) {
                    Ok(()) => Ok(stream),
                    Err(error) => Err(Failure::cannot_start(&addr, &error)),
                };
            }
            Err(error) if error.kind() == ErrorKind::WouldBlock => {}
            Err(error) => return Err(Failure::cannot_start(&addr, &error)),
        }
        if let Some(status) = exited {
            return Err(Failure::new(Msg::ExitedBeforeConnecting {
                status: describe_exit(status, ctx.lang),
                addr: addr.to_string(),
            })
            .hint(Msg::HintConnect));
        }
        // Connected, but elsewhere: said after a second, rather than at the deadline.
        if start.elapsed() >= Duration::from_secs(1) {
            let elsewhere = ctx
                .program()
                .connected_to()
                .into_iter()
                .find(|&to| to != addr);
            if let Some(found) = elsewhere {
                return Err(Failure::new(Msg::ConnectsElsewhere {
                    addr: addr.to_string(),
                    found: found.to_string(),
                })
                .hint(Msg::HintConnectGivenAddress));
            }
        }
        if start.elapsed() >= wait {
            return Err(Failure::new(Msg::NeverConnected {
                addr: addr.to_string(),
                secs: wait.as_secs(),
            })
            .hint(Msg::HintConnect));
        }
        thread::sleep(Duration::from_millis(20));
    }
}

/// The wildcard address (0.0.0.0 or [::]) the program listens on with `addr`'s port, if
/// it does: reachable from the whole network, where it was given 127.0.0.1.
fn every_interface(ctx: &mut Ctx, addr: SocketAddr) -> Option<SocketAddr> {
    let listening = ctx.program().listening_on();
    listening
        .into_iter()
        .find(|found| found.port() == addr.port() && found.ip().is_unspecified())
}

/// How an answer (or a client's message) ended.
#[derive(Debug, PartialEq, Eq)]
pub enum End {
    /// Its newline came.
    Newline,
    /// The server closed the connection (recv returned 0 bytes).
    Closed,
    /// Nothing more came within the wait.
    Silent,
    /// The connection was reset.
    Reset,
}

/// One line of answer, read up to its newline, the close, a reset, or the end of
/// `wait`: the line, the bytes that came after its newline in the same read, and how it
/// ended.
pub fn read_answer(stream: &mut TcpStream, wait: Duration) -> (Vec<u8>, Vec<u8>, End) {
    let deadline = Instant::now() + wait;
    let mut answer = Vec::new();
    loop {
        match read_before(stream, deadline, &mut answer) {
            Got::Bytes => {
                if let Some(at) = answer.iter().position(|&b| b == b'\n') {
                    let after = answer.split_off(at + 1);
                    return (answer, after, End::Newline);
                }
            }
            Got::Closed => return (answer, Vec::new(), End::Closed),
            Got::Silent => return (answer, Vec::new(), End::Silent),
            Got::Reset => return (answer, Vec::new(), End::Reset),
        }
    }
}

/// A message from a client that sends `len` bytes and then waits for the reply: read
/// until `len` bytes have come (or the close, a reset, the end of `wait`), and then for
/// `quiet` more, so that bytes sent right after the message (a newline, the next message)
/// show too. `End::Silent` once the whole message is in means the client waits, as it
/// should; before, that it stopped sending.
pub fn read_message(
    stream: &mut TcpStream,
    len: usize,
    wait: Duration,
    quiet: Duration,
) -> (Vec<u8>, End) {
    let mut message = Vec::new();
    let deadline = Instant::now() + wait;
    while message.len() < len {
        if let Some(end) = read_before(stream, deadline, &mut message).end() {
            return (message, end);
        }
    }
    let deadline = Instant::now() + quiet;
    loop {
        if let Some(end) = read_before(stream, deadline, &mut message).end() {
            return (message, end);
        }
    }
}

/// What the server did after its answer.
#[derive(Debug, PartialEq, Eq)]
pub enum AfterAnswer {
    /// It closed the connection, as it should.
    Closed,
    /// It sent more bytes (then closed, or not).
    More(Vec<u8>),
    /// It kept the connection open, silent, for the whole wait.
    StillOpen,
}

/// Wait up to `wait` for the server to close the connection after its answer; `already`
/// holds what came after the answer's newline in the same read.
pub fn wait_close(stream: &mut TcpStream, already: Vec<u8>, wait: Duration) -> AfterAnswer {
    let deadline = Instant::now() + wait;
    let mut extra = already;
    let closed = loop {
        match read_before(stream, deadline, &mut extra) {
            Got::Bytes => {}
            // A reset after the answer ends the connection too.
            Got::Closed | Got::Reset => break true,
            Got::Silent => break false,
        }
    };
    match (extra.is_empty(), closed) {
        (false, _) => AfterAnswer::More(extra),
        (true, true) => AfterAnswer::Closed,
        (true, false) => AfterAnswer::StillOpen,
    }
}

/// What one bounded read brought.
enum Got {
    /// Some bytes, appended.
    Bytes,
    /// The peer closed (recv returned 0 bytes).
    Closed,
    /// Nothing until the deadline, or `ANSWER_LIMIT` bytes already: enough either way.
    Silent,
    /// The connection was reset (or the socket failed).
    Reset,
}

impl Got {
    /// How the read ended the message, if it did: anything but more bytes.
    fn end(self) -> Option<End> {
        match self {
            Got::Bytes => None,
            Got::Closed => Some(End::Closed),
            Got::Silent => Some(End::Silent),
            Got::Reset => Some(End::Reset),
        }
    }
}

/// One read(), appending to `got`, that returns by `deadline` whatever happens.
fn read_before(stream: &mut TcpStream, deadline: Instant, got: &mut Vec<u8>) -> Got {
    let mut buffer = [0u8; 4096];
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || got.len() >= ANSWER_LIMIT {
            return Got::Silent;
        }
        if stream.set_read_timeout(Some(left)).is_err() {
            return Got::Reset;
        }
        match stream.read(&mut buffer) {
            Ok(0) => return Got::Closed,
            Ok(n) => {
                got.extend_from_slice(&buffer[..n]);
                return Got::Bytes;
            }
            Err(error) if is_timeout(&error) => return Got::Silent,
            Err(error) if error.kind() == ErrorKind::Interrupted => {}
            Err(_) => return Got::Reset,
        }
    }
}
