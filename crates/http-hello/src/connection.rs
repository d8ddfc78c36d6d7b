//! One connection, from its first request to its close: read a head, answer it, and
//! again while the connection is kept alive.

use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, Instant};

use common::narrate::Narrator;
use common::stop::Stop;
use common::text::printable;

use crate::request::{ParseError, Request, Version};
use crate::response::Response;
use crate::routes::{html_escape, page, route};

/// The largest request head: 8 KiB, as many servers allow. Larger gets 431.
pub const MAX_HEAD: usize = 8 * 1024;
/// While a connection is idle, wake this often to see whether the server is stopping.
const IDLE_SLICE: Duration = Duration::from_millis(200);
/// How long one response may take to leave.
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);

/// The time limits of a connection.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// An idle kept-alive connection is closed after this long.
    pub idle: Duration,
    /// Once a request has begun, its whole head must arrive within this long, or 408.
    pub head: Duration,
}

/// Why no head could be read.
enum HeadError {
    /// Over [`MAX_HEAD`] without a blank line: 431.
    TooLarge,
    /// Begun but not finished in time: 408.
    TooSlow,
}

/// A connection and the bytes read from it that are not answered yet (pipelining: the
/// next request may already be here).
struct Connection<'a> {
    stream: TcpStream,
    peer: SocketAddr,
    narrator: &'a Narrator,
    pending: Vec<u8>,
    timeout: Option<Duration>,
}

// ANCHOR: serve
/// Serve every request on one connection until it closes, goes idle, asks to close, or
/// the server stops.
pub fn serve(stream: TcpStream, limits: Limits, narrator: &Narrator, stop: &Stop) {
    let Ok(peer) = stream.peer_addr() else { return };
    if stream.set_write_timeout(Some(WRITE_TIMEOUT)).is_err() {
        return;
    }
    let mut conn = Connection {
        stream,
        peer,
        narrator,
        pending: Vec::new(),
        timeout: None,
    };
    loop {
        let started = Instant::now();
        // The answer, and for a head that did not parse its first line, for the log.
        let (request, response, refused) = match conn.read_head(limits, stop) {
            Ok(Some(head)) => match Request::parse(&head) {
                Ok(request) => {
                    let response = answer(&request);
                    (Some(request), response, None)
                }
                Err(error) => (None, refusal(&error, &head), Some(first_line(&head))),
            },
            Ok(None) => return, // closed by the client, idle too long, or stopping
            Err(HeadError::TooLarge) => {
                let response = page(
                    431,
                    "Request header fields too large",
                    "<p>The request head is over 8 KiB.</p>",
                );
                (None, response, None)
            }
            Err(HeadError::TooSlow) => {
                let response = page(
                    408,
                    "Request timeout",
                    "<p>The request head came too slowly.</p>",
                );
                (None, response, None)
            }
        };
        // Keep the connection only for a request that parsed, asks for it, and has no body.
        let keep_alive = request
            .as_ref()
            .is_some_and(|r| r.keep_alive() && !r.has_body())
            && !stop.requested();
        let version = request.as_ref().map_or(Version::Http11, |r| r.version);
        let head_only = request.as_ref().is_some_and(|r| r.method == "HEAD");
        let bytes = response.to_bytes(version, keep_alive, head_only);
        // sendall(): status line, headers and body in one buffer, one write.
        if conn.stream.write_all(&bytes).is_err() {
            return;
        }
        narrator.trace_sent(peer, &bytes);
        // The access log: who, what, which status, how many bytes, how long.
        if narrator.messages_on() {
            let what = match (&request, refused) {
                (Some(r), _) => format!("{} {} {}", r.method, printable(&r.target), r.version),
                (None, Some(line)) => printable(&line),
                (None, None) => "-".to_string(),
            };
            let millis = started.elapsed().as_secs_f64() * 1000.0;
            narrator.message(format!(
                "{peer} \"{what}\" {} {} bytes {millis:.2} ms",
                response.status,
                bytes.len()
            ));
        }
        if !keep_alive {
            return;
        }
    }
}
// ANCHOR_END: serve

// ANCHOR: answer
/// Route the request; a handler that panics costs this one response (500), not the
/// worker thread.
fn answer(request: &Request) -> Response {
    match catch_unwind(AssertUnwindSafe(|| route(request))) {
        Ok(response) => response,
        Err(_) => page(
            500,
            "Internal server error",
            "<p>The page broke while it was being made.</p>",
        ),
    }
}
// ANCHOR_END: answer

/// The page for a head that did not parse.
fn refusal(error: &ParseError, head: &[u8]) -> Response {
    let first_line =
        String::from_utf8_lossy(head.split(|&b| b == b'\n').next().unwrap_or_default());
    let shown = html_escape(&printable(first_line.trim_end()));
    match error {
        ParseError::Malformed(why) => page(
            400,
            "Bad request",
            &format!("<p>{why}: <code>{shown}</code></p>"),
        ),
        ParseError::TooManyHeaders => page(
            431,
            "Request header fields too large",
            "<p>Too many header lines.</p>",
        ),
        ParseError::UnsupportedVersion(version) => page(
            505,
            "HTTP version not supported",
            &format!(
                "<p>{} is not spoken here: use HTTP/1.1 or HTTP/1.0.</p>",
                html_escape(version)
            ),
        ),
    }
}

/// The first line of a head, for the log and for error pages.
fn first_line(head: &[u8]) -> String {
    let line = head.split(|&b| b == b'\n').next().unwrap_or_default();
    String::from_utf8_lossy(line).trim_end().to_string()
}

impl Connection<'_> {
    // ANCHOR: read_head
    /// Read until a blank line ends a request head. `Ok(None)` when the connection ends
    /// quietly: closed by the client, idle for too long, or the server is stopping.
    fn read_head(&mut self, limits: Limits, stop: &Stop) -> Result<Option<Vec<u8>>, HeadError> {
        let idle_until = Instant::now() + limits.idle;
        let mut head_until = None;
        let mut chunk = [0u8; 4096];
        loop {
            match head_end(&self.pending) {
                Some(end) if end <= MAX_HEAD => {
                    return Ok(Some(self.pending.drain(..end).collect()));
                }
                Some(_) => return Err(HeadError::TooLarge),
                None if self.pending.len() > MAX_HEAD => return Err(HeadError::TooLarge),
                None => {}
            }
            // The head has begun: from now on a slow client has a deadline, idle or not.
            if !self.pending.is_empty() && head_until.is_none() {
                head_until = Some(Instant::now() + limits.head);
            }
            let waiting_idle = head_until.is_none();
            if waiting_idle && stop.requested() {
                return Ok(None);
            }
            let left = head_until
                .unwrap_or(idle_until)
                .saturating_duration_since(Instant::now());
            if left.is_zero() {
                return if waiting_idle {
                    Ok(None)
                } else {
                    Err(HeadError::TooSlow)
                };
            }
            self.set_timeout(if waiting_idle {
                left.min(IDLE_SLICE)
            } else {
                left
            });
            // recv(4096): whatever has arrived of the head, maybe more than one request.
            match self.stream.read(&mut chunk) {
                Ok(0) => return Ok(None),
                Ok(n) => {
                    self.narrator.trace_received(self.peer, &chunk[..n]);
                    self.pending.extend_from_slice(&chunk[..n]);
                }
                Err(e)
                    if matches!(
                        e.kind(),
                        ErrorKind::WouldBlock | ErrorKind::TimedOut | ErrorKind::Interrupted
                    ) => {}
                Err(_) => return Ok(None),
            }
        }
    }
    // ANCHOR_END: read_head

    /// Set the read timeout, skipping the system call when it is unchanged.
    fn set_timeout(&mut self, timeout: Duration) {
        if self.timeout != Some(timeout) && self.stream.set_read_timeout(Some(timeout)).is_ok() {
            self.timeout = Some(timeout);
        }
    }
}

/// Where the head ends: just after the first blank line (`\r\n\r\n`, or `\n\n`).
fn head_end(bytes: &[u8]) -> Option<usize> {
    let crlf = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|i| i + 4);
    let lf = bytes.windows(2).position(|w| w == b"\n\n").map(|i| i + 2);
    match (crlf, lf) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_head_ends_at_the_first_blank_line() {
        assert_eq!(
            head_end(b"GET / HTTP/1.1\r\nHost: x\r\n\r\nGET /next"),
            Some(27)
        );
        assert_eq!(head_end(b"GET / HTTP/1.0\n\n"), Some(16));
        assert_eq!(head_end(b"GET / HTTP/1.1\r\nHost: x\r\n"), None);
        assert_eq!(head_end(b""), None);
    }
}
