//! One exchange of HTTP/1.1, with no I/O: the bytes a connection has received go in, and
//! either "not a whole request head yet" or the answer to write comes out.
//!
//! Both ways of driving connections call this, so they speak exactly the same protocol,
//! byte for byte: the pool's blocking [`crate::connection`] and the async [`crate::tasks`].
//! A driver only reads, writes, keeps time and closes:
//!
//! ```text
//! let mut scan = Scan::default();
//! loop {
//!     match protocol.step(&received, scan, stopping) {
//!         Step::More(next) => { scan = next; /* read more bytes into `received` */ }
//!         Step::Answer(answer) => {
//!             /* write answer.bytes, then drop answer.consumed bytes from `received` */
//!             scan = Scan::default();
//!             if answer.close { break; }
//!         }
//!     }
//! }
//! ```
//!
//! What a driver does on its own: close quietly when the client closes or stays idle too
//! long; write [`Protocol::timed_out`] when a begun head misses its deadline; write
//! [`busy`] to a connection it has no room for; after an answer that closes, hand the
//! connection to [`common::closing`], which shuts down its sending side and drops what the
//! client still sends for a moment, so that a reset does not destroy the answer.

use std::net::SocketAddr;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::Duration;

use common::text::printable;

use crate::request::{Head, ParseError, Request, Version, find_head};
use crate::response::Response;
use crate::routes::{html_escape, page, route};

pub use crate::request::Scan;

/// The largest request head: 8 KiB, as many servers allow. Larger gets 431.
pub const MAX_HEAD: usize = 8 * 1024;

/// The choices that shape every exchange, the same for every connection.
#[derive(Debug, Default, Clone, Copy)]
pub struct Protocol {
    /// Whether `GET /boom` panics on purpose (`--demo-panic`), to show that a panic costs
    /// one `500` and nothing else. Off by default: no one on the network can make the
    /// server panic unless you ask for it.
    pub demo_panic: bool,
}

/// What to do next with a connection's received bytes.
#[derive(Debug)]
pub enum Step {
    /// No whole head yet: read more bytes, then call again with this scan, so that the
    /// search goes on from where it stopped instead of reading everything again.
    More(Scan),
    /// An answer to write.
    Answer(Answer),
}

/// The answer to one request (or to what could not be one).
#[derive(Debug)]
pub struct Answer {
    /// The whole response, to send in one write.
    pub bytes: Vec<u8>,
    /// How many received bytes this answer used up: drop them, the rest is the next request.
    pub consumed: usize,
    /// Close the connection once the response is out: a refusal, `Connection: close`, a
    /// body this server does not read, or a server that is stopping.
    pub close: bool,
    /// The status code, `200` to `505`.
    pub status: u16,
    /// What was asked, for the log line.
    asked: Asked,
}

/// What the log line names as the request.
#[derive(Debug)]
enum Asked {
    /// A request that parsed.
    Request(Request),
    /// A head refused: its first line, as it came, and why it was refused.
    Refused(String, &'static str),
    /// No head to show (too large, too slow).
    Nothing,
}

impl Protocol {
    // ANCHOR: step
    /// The protocol's one step: find the head in `received` (resuming at `scan`), parse it,
    /// route it, and turn the page into bytes. `stopping` says that the server is shutting
    /// down: the answer then closes the connection.
    pub fn step(&self, received: &[u8], scan: Scan, stopping: bool) -> Step {
        let head = match find_head(received, scan) {
            Head::Whole(head) if head.end > MAX_HEAD => return Step::Answer(too_large(received)),
            Head::Whole(head) => head,
            Head::Partial(_) if received.len() > MAX_HEAD => {
                return Step::Answer(too_large(received));
            }
            Head::Partial(scan) => return Step::More(scan),
            Head::Broken(error) => return Step::Answer(refusal(&error, received)),
        };
        let request = match Request::parse(&received[head.clone()]) {
            Ok(request) => request,
            Err(error) => return Step::Answer(refusal(&error, received)),
        };
        // Keep the connection only for a request that asks for it and has no body (this
        // server reads none, and must not take a body for the next request).
        let close = !request.keep_alive() || request.has_body() || stopping;
        let response = self.answer(&request);
        let head_only = request.method == "HEAD";
        Step::Answer(Answer {
            bytes: response.to_bytes(request.version, !close, head_only),
            consumed: head.end,
            close,
            status: response.status,
            asked: Asked::Request(request),
        })
    }
    // ANCHOR_END: step

    // ANCHOR: answer
    /// Route the request; a handler that panics costs this one response (500), not the
    /// thread or task that serves the connection.
    fn answer(&self, request: &Request) -> Response {
        match catch_unwind(AssertUnwindSafe(|| route(request, self.demo_panic))) {
            Ok(response) => response,
            Err(_) => page(
                500,
                "Internal server error",
                "<p>The page broke while it was being made.</p>",
            ),
        }
    }
    // ANCHOR_END: answer

    /// The answer when a begun head did not arrive in time: 408, and close.
    pub fn timed_out(&self, received: &[u8]) -> Answer {
        let response = page(
            408,
            "Request timeout",
            "<p>The request head came too slowly.</p>",
        );
        closing(response, received.len(), Asked::Nothing)
    }
}

/// The answer to a connection that no worker or task can take: 503, and close.
pub fn busy() -> Vec<u8> {
    let response = page(
        503,
        "Service unavailable",
        "<p>The server is busy. Please try again in a moment.</p>",
    );
    response.to_bytes(Version::Http11, false, false)
}

impl Answer {
    /// The access log's line: who, what, which status, how many bytes, how long.
    /// `server: 127.0.0.1:51234 "GET /hello?name=Ada HTTP/1.1" 200 313 bytes 0.16 ms`
    pub fn log_line(&self, peer: SocketAddr, took: Duration) -> String {
        let millis = took.as_secs_f64() * 1000.0;
        let (status, sent) = (self.status, self.bytes.len());
        match &self.asked {
            Asked::Request(r) => {
                let target = printable(&r.target);
                format!(
                    "{peer} \"{} {target} {}\" {status} {sent} bytes {millis:.2} ms",
                    r.method, r.version
                )
            }
            Asked::Refused(line, why) => {
                format!("{peer} \"{line}\" {status} {sent} bytes {millis:.2} ms: {why}")
            }
            Asked::Nothing => format!("{peer} \"-\" {status} {sent} bytes {millis:.2} ms"),
        }
    }
}

/// A response that ends the connection, with everything received so far used up: after
/// a refusal nothing more on this connection is read as a request.
fn closing(response: Response, consumed: usize, asked: Asked) -> Answer {
    Answer {
        bytes: response.to_bytes(Version::Http11, false, false),
        consumed,
        close: true,
        status: response.status,
        asked,
    }
}

/// 431: no end of the head within [`MAX_HEAD`].
fn too_large(received: &[u8]) -> Answer {
    let response = page(
        431,
        "Request header fields too large",
        "<p>The request head is over 8 KiB.</p>",
    );
    closing(response, received.len(), Asked::Nothing)
}

/// The page for a head that did not parse, showing its first line.
fn refusal(error: &ParseError, received: &[u8]) -> Answer {
    let line = first_line(received);
    let shown = html_escape(&line);
    let response = match error {
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
        ParseError::NotImplemented(what) => page(
            501,
            "Not implemented",
            &format!("<p>{what}: <code>{shown}</code></p>"),
        ),
        ParseError::UnsupportedVersion(version) => page(
            505,
            "HTTP version not supported",
            &format!(
                "<p>{} is not spoken here: use HTTP/1.1 or HTTP/1.0.</p>",
                html_escape(version)
            ),
        ),
    };
    closing(response, received.len(), Asked::Refused(line, why(error)))
}

/// Why a head was refused, in a few words for the log.
fn why(error: &ParseError) -> &'static str {
    match error {
        ParseError::Malformed(why) | ParseError::NotImplemented(why) => why,
        ParseError::TooManyHeaders => "too many header lines",
        ParseError::UnsupportedVersion(_) => "an HTTP version not spoken here",
    }
}

/// The first non-empty line of what was received, control characters escaped, for the
/// log and the error page.
fn first_line(bytes: &[u8]) -> String {
    let line = bytes
        .split(|&b| b == b'\n')
        .find(|line| !line.is_empty() && *line != b"\r")
        .unwrap_or_default();
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    printable(&String::from_utf8_lossy(line))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A driver with no I/O: feed `chunks` one after the other, answer what can be answered,
    /// stop at a close. Each answer as (status, close, response without its Date line).
    fn drive(protocol: Protocol, chunks: &[&[u8]]) -> Vec<(u16, bool, String)> {
        let (mut received, mut scan, mut answers) = (Vec::new(), Scan::default(), Vec::new());
        for chunk in chunks {
            received.extend_from_slice(chunk);
            loop {
                match protocol.step(&received, scan, false) {
                    Step::More(next) => {
                        scan = next;
                        break;
                    }
                    Step::Answer(answer) => {
                        let text = String::from_utf8_lossy(&answer.bytes);
                        let dateless: Vec<&str> = text
                            .split("\r\n")
                            .filter(|l| !l.starts_with("Date: "))
                            .collect();
                        answers.push((answer.status, answer.close, dateless.join("\r\n")));
                        received.drain(..answer.consumed);
                        scan = Scan::default();
                        if answer.close {
                            return answers;
                        }
                    }
                }
            }
        }
        answers
    }

    fn statuses(raw: &[u8]) -> Vec<(u16, bool)> {
        let answers = drive(Protocol::default(), &[raw]);
        answers.into_iter().map(|(s, c, _)| (s, c)).collect()
    }

    #[test]
    fn a_smuggled_request_behind_two_lengths_is_never_answered() {
        let raw = b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nContent-Length: 31\r\n\r\n\
                    GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n";
        assert_eq!(statuses(raw), [(400, true)]);
    }

    #[test]
    fn pipelined_requests_are_answered_one_by_one_and_head_gets_no_body() {
        let raw = b"\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\nHEAD / HTTP/1.1\r\nHost: x\r\n\r\n\
                    GET /nowhere HTTP/1.0\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n";
        let answers = drive(Protocol::default(), &[raw]);
        let got: Vec<(u16, bool)> = answers.iter().map(|(s, c, _)| (*s, *c)).collect();
        assert_eq!(got, [(200, false), (200, false), (404, true)]);
        assert!(answers[1].2.ends_with("Connection: keep-alive\r\n\r\n"));
        assert!(answers[2].2.starts_with("HTTP/1.0 404 Not Found\r\n"));
    }

    #[test]
    fn refusals_close_and_name_their_status() {
        let table: [(&[u8], u16); 6] = [
            (
                b"GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n",
                501,
            ),
            (b"GET / HTTP/1.1\r\nHost: x\rY\r\n\r\n", 400),
            (b"GET / HTTP/2.0\r\nHost: x\r\n\r\n", 505),
            (b"POST / HTTP/1.1\r\nHost: x\r\n\r\n", 405),
            (
                b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc",
                200,
            ),
            (&[b'x'; MAX_HEAD + 1], 431),
        ];
        for (raw, status) in table {
            assert_eq!(statuses(raw), [(status, status != 405)], "{raw:?}");
        }
    }

    #[test]
    fn stopping_closes_and_only_the_demo_flag_lets_boom_panic() {
        let raw = b"GET /boom HTTP/1.1\r\nHost: x\r\n\r\n";
        let Step::Answer(answer) = Protocol::default().step(raw, Scan::default(), true) else {
            panic!("a whole head");
        };
        assert_eq!(
            (answer.status, answer.close, answer.consumed),
            (404, true, raw.len())
        );
        let demo = Protocol { demo_panic: true };
        assert_eq!(drive(demo, &[raw])[0].0, 500);
        assert!(
            demo.timed_out(b"GET")
                .bytes
                .starts_with(b"HTTP/1.1 408 Request Timeout\r\n")
        );
        assert!(busy().starts_with(b"HTTP/1.1 503 Service Unavailable\r\n"));
    }

    #[test]
    fn a_head_that_never_ends_is_refused_once_it_passes_8_kib() {
        let head = [b"GET / HTTP/1.1\r\nX: ".as_slice(), &[b'a'; MAX_HEAD]].concat();
        let chunks: Vec<&[u8]> = head.chunks(100).collect();
        let answers = drive(Protocol::default(), &chunks);
        assert_eq!(answers.len(), 1);
        assert_eq!((answers[0].0, answers[0].1), (431, true));
    }

    #[test]
    fn the_log_says_what_was_asked_and_why_it_was_refused() {
        let peer: SocketAddr = "127.0.0.1:51234".parse().expect("an address");
        let took = Duration::from_micros(160);
        let line = |raw: &[u8]| match Protocol::default().step(raw, Scan::default(), false) {
            Step::Answer(answer) => answer.log_line(peer, took),
            Step::More(_) => panic!("a whole head: {raw:?}"),
        };
        assert_eq!(
            line(b"GET /hello?name=Ada HTTP/1.1\r\nHost: x\r\n\r\n"),
            "127.0.0.1:51234 \"GET /hello?name=Ada HTTP/1.1\" 200 313 bytes 0.16 ms"
        );
        let refused = line(b"GET /\x1b[2J HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n");
        assert!(
            refused.starts_with("127.0.0.1:51234 \"GET /\\u{1b}[2J HTTP/1.1\" 400 "),
            "control characters escaped: {refused}"
        );
        assert!(
            refused.ends_with(" bytes 0.16 ms: the target holds a control character"),
            "{refused}"
        );
    }

    /// Pieces that make requests, broken requests and noise when strung together.
    fn pieces() -> impl Strategy<Value = Vec<u8>> {
        let words = [
            "GET ",
            "HEAD ",
            "POST ",
            "/",
            "/hello?name=a",
            " HTTP/1.1",
            " HTTP/1.0",
            "\r\n",
            "\n",
            "\r",
            " ",
            ":",
            "Host: x",
            "Connection: close",
            "Content-Length: 0",
            "Content-Length: 3",
            "Transfer-Encoding: chunked",
            "\r\n\r\n",
        ];
        prop_oneof![
            3 => proptest::sample::select(words.to_vec()).prop_map(|w| w.as_bytes().to_vec()),
            1 => proptest::collection::vec(any::<u8>(), 0..6),
        ]
    }

    proptest! {
        #[test]
        fn any_bytes_split_anywhere_get_the_same_answers(
            pieces in proptest::collection::vec(pieces(), 0..40),
            cuts in proptest::collection::vec(any::<proptest::sample::Index>(), 0..8),
        ) {
            let raw: Vec<u8> = pieces.concat();
            let _ = Request::parse(&raw);
            let mut at: Vec<usize> = cuts.iter().map(|i| i.index(raw.len() + 1)).collect();
            at.push(0);
            at.push(raw.len());
            at.sort_unstable();
            let chunks: Vec<&[u8]> = at.windows(2).map(|w| &raw[w[0]..w[1]]).collect();
            prop_assert_eq!(drive(Protocol::default(), &chunks), drive(Protocol::default(), &[&raw]));
        }
    }
}
