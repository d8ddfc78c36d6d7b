//! One connection of the pool, on a blocking socket, from its first request to its close:
//! receive until the protocol has a whole head, send its answer, and again while the
//! connection is kept alive. What to answer is decided in [`crate::exchange`], with no I/O;
//! this file only receives, sends, keeps time and closes.

use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use common::closing::Closer;
use common::errors::is_timeout;
use common::narrate::Narrator;
use common::stop::Stop;

use crate::exchange::{Answer, Protocol, Scan, Step};

/// While a connection is idle, wake this often to see whether the server is stopping.
const IDLE_SLICE: Duration = Duration::from_millis(200);

/// The time limits of a connection.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// An idle kept-alive connection is closed after this long.
    pub idle: Duration,
    /// Once a request has begun, its whole head must arrive within this long, or 408.
    pub head: Duration,
    /// A response must be sent within this long; a client that does not read is let go.
    pub send: Duration,
}

/// Why a wait for more bytes ended without any.
enum Silence {
    /// The client closed, the connection broke, it stayed idle too long, or the server is
    /// stopping: close without a word.
    Ended,
    /// A head had begun and did not finish in time: 408.
    TooSlow,
}

/// A connection and the bytes received on it that are not answered yet (pipelining: the
/// next request may already be here).
struct Connection<'a> {
    stream: TcpStream,
    peer: SocketAddr,
    narrator: &'a Narrator,
    received: Vec<u8>,
    read_timeout: Option<Duration>,
    write_timeout: Option<Duration>,
}

// ANCHOR: serve
/// Serve every request on one connection until it closes, goes idle, asks to close, or
/// the server stops.
pub fn serve(
    stream: TcpStream,
    limits: Limits,
    protocol: Protocol,
    narrator: &Narrator,
    stop: &Stop,
    closer: &Closer,
) {
    let Ok(peer) = stream.peer_addr() else { return };
    let mut conn = Connection {
        stream,
        peer,
        narrator,
        received: Vec::new(),
        read_timeout: None,
        write_timeout: None,
    };
    loop {
        // recv() until a whole head is here; the protocol parses, routes and answers it.
        let Some((answer, started)) = conn.next_answer(limits, protocol, stop) else {
            return;
        };
        // sendall(): status line, headers and body in one buffer, within the deadline.
        if !conn.send(&answer.bytes, limits.send) {
            return;
        }
        if narrator.messages_on() {
            narrator.message(answer.log_line(peer, started.elapsed()));
        }
        // Bytes after this request's head are the next request (pipelining): keep them.
        conn.received.drain(..answer.consumed);
        if answer.close {
            // shutdown(SHUT_WR), then close once the client has: a body it still sends
            // would otherwise make our close a reset, which can destroy the answer.
            closer.close(conn.stream);
            return;
        }
    }
}
// ANCHOR_END: serve

impl Connection<'_> {
    // ANCHOR: next_answer
    /// Receive until the protocol has an answer, and when it came. `None` when the
    /// connection ends quietly: closed by the client, idle too long, or the server stops.
    fn next_answer(
        &mut self,
        limits: Limits,
        protocol: Protocol,
        stop: &Stop,
    ) -> Option<(Answer, Instant)> {
        let idle_until = Instant::now() + limits.idle;
        let mut head_until = None;
        let mut scan = Scan::default();
        loop {
            let started = Instant::now();
            match protocol.step(&self.received, scan, stop.requested()) {
                Step::Answer(answer) => return Some((answer, started)),
                Step::More(next) => scan = next,
            }
            // The head has begun: from now on a slow client has a deadline, idle or not.
            if !self.received.is_empty() && head_until.is_none() {
                head_until = Some(Instant::now() + limits.head);
            }
            match self.receive(head_until.unwrap_or(idle_until), head_until.is_some(), stop) {
                Ok(()) => {}
                Err(Silence::TooSlow) => {
                    return Some((protocol.timed_out(&self.received), Instant::now()));
                }
                Err(Silence::Ended) => return None,
            }
        }
    }
    // ANCHOR_END: next_answer

    // ANCHOR: receive
    /// recv(4096): wait until `until` for more bytes, whatever has arrived, maybe more than
    /// one request. While no head has begun, look at the stop flag every [`IDLE_SLICE`].
    fn receive(&mut self, until: Instant, begun: bool, stop: &Stop) -> Result<(), Silence> {
        let mut chunk = [0u8; 4096];
        loop {
            if !begun && stop.requested() {
                return Err(Silence::Ended);
            }
            let left = until.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(if begun {
                    Silence::TooSlow
                } else {
                    Silence::Ended
                });
            }
            self.set_read_timeout(if begun { left } else { left.min(IDLE_SLICE) });
            match self.stream.read(&mut chunk) {
                Ok(0) => return Err(Silence::Ended),
                Ok(n) => {
                    self.narrator.trace_received(self.peer, &chunk[..n]);
                    self.received.extend_from_slice(&chunk[..n]);
                    return Ok(());
                }
                Err(e) if is_timeout(&e) || e.kind() == ErrorKind::Interrupted => {}
                Err(_) => return Err(Silence::Ended),
            }
        }
    }
    // ANCHOR_END: receive

    // ANCHOR: send
    /// sendall() with a deadline for the whole response, not for each write: a client that
    /// reads one byte now and then still cannot hold this worker longer than `limit`.
    fn send(&mut self, bytes: &[u8], limit: Duration) -> bool {
        let deadline = Instant::now() + limit;
        let (mut rest, mut left) = (bytes, limit);
        while !rest.is_empty() && !left.is_zero() {
            self.set_write_timeout(left);
            match self.stream.write(rest) {
                Ok(0) => return false,
                Ok(n) => rest = &rest[n..],
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) if is_timeout(&e) => break,
                Err(_) => return false,
            }
            left = deadline.saturating_duration_since(Instant::now());
        }
        self.sent_all(bytes, rest, limit)
    }
    // ANCHOR_END: send

    /// After a send: trace it if it all went, or say why the connection is given up.
    fn sent_all(&self, bytes: &[u8], rest: &[u8], limit: Duration) -> bool {
        if rest.is_empty() {
            self.narrator.trace_sent(self.peer, bytes);
            return true;
        }
        self.narrator.step(format!(
            "{} did not take its response within {} s ({} of {} bytes sent): connection closed",
            self.peer,
            limit.as_secs_f64(),
            bytes.len() - rest.len(),
            bytes.len()
        ));
        false
    }

    /// Set the read timeout, skipping the system call when it is unchanged.
    fn set_read_timeout(&mut self, timeout: Duration) {
        if self.read_timeout != Some(timeout) && self.stream.set_read_timeout(Some(timeout)).is_ok()
        {
            self.read_timeout = Some(timeout);
        }
    }

    /// Set the write timeout, skipping the system call when it is unchanged.
    fn set_write_timeout(&mut self, timeout: Duration) {
        if self.write_timeout != Some(timeout)
            && self.stream.set_write_timeout(Some(timeout)).is_ok()
        {
            self.write_timeout = Some(timeout);
        }
    }
}
