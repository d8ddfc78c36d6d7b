//! The protocol, one line each way.
//!
//! ```text
//! client:  NAME\n                    a path under the server's folder, UTF-8
//!          NAME\tOFFSET\tSHA256\n    to resume: the bytes after OFFSET, if the file's
//!                                    first OFFSET bytes are still the ones held
//! server:  OK SIZE\n                 then exactly SIZE bytes, then it closes
//!          ERR REASON\n              and it closes
//! ```
//!
//! The tutorial's downloader (`--bare` on both sides) sends the name alone, in one
//! `send()`, and gets the file's bare bytes back, ended by the close. Then an empty file and
//! a missing one look the same (nothing arrives), and so do a complete file and one cut
//! short by a failure (the connection closes either way). `OK SIZE` tells the client what
//! to expect, so it can tell.
//!
//! A resume says which bytes it holds, not only how many: the SHA-256 of them, in 64
//! hexadecimal digits. The server hashes its file's first OFFSET bytes and sends the rest
//! only when the two agree; otherwise a file replaced since the download began would be
//! continued from the middle of another one.

use std::fmt;
use std::io::{self, Read};
use std::time::Duration;

use common::framing::{Line, LineReader};

/// The longest name a request may carry.
pub const MAX_NAME: usize = 4096;
/// The longest request line: a name, a tab, an offset (20 digits at most), a tab and a
/// SHA-256 (64 digits).
pub const MAX_REQUEST: usize = MAX_NAME + 86;

/// What the client asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub name: String,
    /// `--resume`: the bytes the client holds already; `None` asks for the whole file.
    pub held: Option<Held>,
}

/// The start of the file that a resuming client holds: how many bytes, and their SHA-256.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Held {
    pub offset: u64,
    pub sha256: [u8; 32],
}

/// Why a resume without its SHA-256 is refused.
const RESUME_FORM: &str = "a resume names what it holds: NAME, OFFSET and the SHA-256 of \
                           the first OFFSET bytes, separated by tabs";

/// What the server answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// `SIZE` bytes follow.
    Ok { size: u64 },
    /// No file; the reason.
    Err(String),
}

impl Request {
    /// The request line, `\n` included.
    pub fn line(&self) -> String {
        match &self.held {
            None => format!("{}\n", self.name),
            Some(held) => format!("{}\t{}\t{}\n", self.name, held.offset, hex(&held.sha256)),
        }
    }

    /// Where the bytes asked for start: 0 for the whole file.
    pub fn offset(&self) -> u64 {
        self.held.as_ref().map_or(0, |held| held.offset)
    }

    /// A request line (without its `\n`), or why it is not one.
    pub fn parse(line: &[u8]) -> Result<Request, String> {
        let text =
            std::str::from_utf8(line).map_err(|_| "the name is not UTF-8 text".to_string())?;
        let mut fields = text.split('\t');
        let name = fields.next().unwrap_or_default();
        check_name(name)?;
        let held = match (fields.next(), fields.next(), fields.next()) {
            (None, _, _) => None,
            (Some(offset), Some(sha256), None) => Some(Held {
                offset: parse_offset(offset)
                    .ok_or_else(|| format!("bad offset {:?}", printable(offset)))?,
                sha256: parse_sha256(sha256).ok_or_else(|| {
                    format!(
                        "bad SHA-256 {:?}: expected 64 hexadecimal digits",
                        printable(sha256)
                    )
                })?,
            }),
            _ => return Err(RESUME_FORM.to_string()),
        };
        Ok(Request {
            name: name.to_string(),
            held,
        })
    }

    /// The tutorial's request (`--bare`): whatever one `recv()` brought is the name. A
    /// newline at its end, as `nc` sends, is not part of it.
    pub fn parse_bare(bytes: &[u8]) -> Result<Request, String> {
        let bytes = bytes.strip_suffix(b"\n").unwrap_or(bytes);
        let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
        let name =
            std::str::from_utf8(bytes).map_err(|_| "the name is not UTF-8 text".to_string())?;
        check_name(name)?;
        Ok(Request {
            name: name.to_string(),
            held: None,
        })
    }
}

/// The SHA-256 of the first `count` bytes that `from` gives: what a resuming client sends
/// of its part, and what the server computes of its file to compare. Fewer than `count`
/// bytes is an error.
pub fn sha256_of_first(from: impl Read, count: u64) -> io::Result<[u8; 32]> {
    use sha2::{Digest, Sha256};
    let mut hasher = Sha256::new();
    let mut reader = io::BufReader::with_capacity(256 * 1024, from.take(count));
    let read = io::copy(&mut reader, &mut hasher)?;
    if read < count {
        return Err(io::Error::new(
            io::ErrorKind::UnexpectedEof,
            format!("only {read} of {count} bytes could be read"),
        ));
    }
    Ok(hasher.finalize().into())
}

/// How much longer than `--timeout` the answer to a resume may take: the server reads and
/// hashes the `held` bytes before it answers, and a slow disk reads 50 MB a second (a fast
/// machine hashes a gigabyte a second).
pub fn time_to_check(held: u64) -> Duration {
    Duration::from_secs(held / 50_000_000)
}

/// Bytes as lowercase hexadecimal digits, two per byte, as `sha256sum` prints them.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// Decimal digits only (`parse` alone would take "+5" too), as a byte offset.
fn parse_offset(text: &str) -> Option<u64> {
    match text.bytes().all(|c| c.is_ascii_digit()) {
        true => text.parse().ok(),
        false => None,
    }
}

/// 64 hexadecimal digits (either case) as 32 bytes.
fn parse_sha256(text: &str) -> Option<[u8; 32]> {
    if text.len() != 64 || !text.bytes().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let mut bytes = [0u8; 32];
    for (i, byte) in bytes.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&text[2 * i..2 * i + 2], 16).ok()?;
    }
    Some(bytes)
}

/// A name the server is willing to look up: not empty, not too long, no control characters.
fn check_name(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("no file name".to_string());
    }
    if name.len() > MAX_NAME {
        return Err(format!("the name is longer than {MAX_NAME} bytes"));
    }
    if name.chars().any(common::text::is_unsafe_to_print) {
        return Err("the name contains control characters".to_string());
    }
    Ok(())
}

fn printable(text: &str) -> String {
    common::text::printable(text)
}

/// Read the request line: `Ok(None)` when the client left without asking, `Ok(Err(..))`
/// when what it sent is not a request (the reason goes back in an `ERR` line).
pub fn read_request<R: Read>(
    lines: &mut LineReader<R>,
) -> io::Result<Option<Result<Request, String>>> {
    Ok(match lines.read_line()? {
        None => None,
        Some(Line::Text(line)) => Some(Request::parse(&line)),
        Some(Line::TooLong { .. }) => Some(Err(format!(
            "the request is longer than {MAX_REQUEST} bytes"
        ))),
    })
}

/// What came back as the answer line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply {
    /// `OK SIZE` or `ERR REASON`, and the line's bytes (for `--trace`).
    Answer(Answer, Vec<u8>),
    /// A line that is not an answer: the peer speaks another protocol.
    NotOurs(Vec<u8>),
    /// The connection closed before a whole line came.
    Closed,
}

/// Read the answer line, at most `MAX_ANSWER` bytes of it.
pub fn read_answer<R: Read>(lines: &mut LineReader<R>) -> io::Result<Reply> {
    Ok(match lines.read_line()? {
        None => Reply::Closed,
        Some(Line::TooLong { .. }) => Reply::NotOurs(b"(a line too long to show)".to_vec()),
        Some(Line::Text(line)) => match Answer::parse(&line) {
            Some(answer) => Reply::Answer(answer, line),
            None => Reply::NotOurs(line),
        },
    })
}

/// The longest answer line a client reads.
pub const MAX_ANSWER: usize = 512;

impl fmt::Display for Answer {
    /// The answer line, without its `\n`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Answer::Ok { size } => write!(f, "OK {size}"),
            Answer::Err(reason) => write!(f, "ERR {reason}"),
        }
    }
}

impl Answer {
    /// An answer line (without its `\n`), or `None` if it is not one.
    pub fn parse(line: &[u8]) -> Option<Answer> {
        let text = std::str::from_utf8(line).ok()?;
        if let Some(size) = text.strip_prefix("OK ") {
            return size.parse().ok().map(|size| Answer::Ok { size });
        }
        text.strip_prefix("ERR ")
            .map(|reason| Answer::Err(reason.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn requests_round_trip() {
        let held = Held {
            offset: 1_048_576,
            sha256: [0xab; 32],
        };
        let resume = format!("big.iso\t1048576\t{}\n", "ab".repeat(32));
        for (name, held, line) in [
            ("notes.txt", None, "notes.txt\n"),
            ("sub dir/数据.bin", None, "sub dir/数据.bin\n"),
            ("big.iso", Some(held), resume.as_str()),
        ] {
            let request = Request {
                name: name.to_string(),
                held,
            };
            assert_eq!(request.line(), line);
            assert_eq!(
                Request::parse(line.trim_end_matches('\n').as_bytes()),
                Ok(request)
            );
        }
    }

    #[test]
    fn bad_requests_say_why() {
        let zeros = "0".repeat(64);
        let table = [
            (String::new(), "no file name".to_string()),
            (
                "a\x07b".to_string(),
                "the name contains control characters".into(),
            ),
            (format!("a\tx\t{zeros}"), "bad offset \"x\"".into()),
            (format!("a\t+5\t{zeros}"), "bad offset \"+5\"".into()),
            (format!("\t5\t{zeros}"), "no file name".into()),
            ("a\t5".to_string(), RESUME_FORM.into()),
            (format!("a\t5\t{zeros}\tmore"), RESUME_FORM.into()),
            (
                "a\t5\t+f".to_string(),
                "bad SHA-256 \"+f\": expected 64 hexadecimal digits".into(),
            ),
            (
                format!("a\t5\t{}", "g".repeat(64)),
                format!(
                    "bad SHA-256 \"{}\": expected 64 hexadecimal digits",
                    "g".repeat(64)
                ),
            ),
        ];
        for (line, why) in table {
            assert_eq!(Request::parse(line.as_bytes()), Err(why), "{line:?}");
        }
        assert_eq!(
            Request::parse(b"\xff\xfe"),
            Err("the name is not UTF-8 text".to_string())
        );
        let long = "x".repeat(MAX_NAME + 1);
        assert!(Request::parse(long.as_bytes()).is_err());
    }

    #[test]
    fn sha256_is_the_one_sha256sum_prints() {
        // `printf abc | sha256sum`, and the first 3 bytes of a longer input.
        let abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        for input in [&b"abc"[..], b"abcdef"] {
            let digest = sha256_of_first(input, 3).expect("3 bytes");
            assert_eq!(hex(&digest), abc);
            assert_eq!(parse_sha256(abc), Some(digest));
            assert_eq!(parse_sha256(&abc.to_uppercase()), Some(digest));
        }
        let short = sha256_of_first(&b"ab"[..], 3).expect_err("only 2 bytes");
        assert_eq!(short.kind(), io::ErrorKind::UnexpectedEof);
    }

    #[test]
    fn answers_round_trip_and_nonsense_is_refused() {
        for answer in [
            Answer::Ok { size: 0 },
            Answer::Ok { size: 1 << 40 },
            Answer::Err("no such file".into()),
        ] {
            assert_eq!(Answer::parse(answer.to_string().as_bytes()), Some(answer));
        }
        for nonsense in [&b"OK"[..], b"OK -1", b"OK 12x", b"HTTP/1.1 200 OK", b"\xff"] {
            assert_eq!(Answer::parse(nonsense), None, "{nonsense:?}");
        }
    }

    /// Hands out `data` in pieces of the given sizes (cycling), as a network might.
    struct Pieces<'a> {
        data: &'a [u8],
        sizes: Vec<usize>,
        next: usize,
    }

    impl Read for Pieces<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let size = self.sizes[self.next % self.sizes.len()];
            self.next += 1;
            let n = size.min(buf.len()).min(self.data.len());
            buf[..n].copy_from_slice(&self.data[..n]);
            self.data = &self.data[n..];
            Ok(n)
        }
    }

    fn lines(data: &[u8], sizes: Vec<usize>) -> LineReader<Pieces<'_>> {
        LineReader::new(
            Pieces {
                data,
                sizes,
                next: 0,
            },
            MAX_REQUEST,
        )
    }

    /// Every request in `data`, read as the server reads them, one line after another.
    fn requests(data: &[u8], sizes: Vec<usize>) -> Vec<Result<Request, String>> {
        let mut reader = lines(data, sizes);
        let mut all = Vec::new();
        while let Some(request) = read_request(&mut reader).expect("no I/O error") {
            all.push(request);
        }
        all
    }

    fn answers(data: &[u8], sizes: Vec<usize>) -> Vec<Reply> {
        let mut reader = lines(data, sizes);
        let mut all = Vec::new();
        loop {
            match read_answer(&mut reader).expect("no I/O error") {
                Reply::Closed => return all,
                reply => all.push(reply),
            }
        }
    }

    /// Bytes that are often the ones the protocol cares about.
    fn wire() -> impl Strategy<Value = Vec<u8>> {
        let byte = prop_oneof![
            any::<u8>(),
            Just(b'\n'),
            Just(b'\t'),
            Just(b'\r'),
            Just(b'0'),
            Just(b'9'),
            Just(b'a'),
        ];
        let words = prop_oneof![
            Just(b"OK ".to_vec()),
            Just(b"ERR ".to_vec()),
            Just(b"notes.txt".to_vec()),
            Just("数据".as_bytes().to_vec()),
            prop::collection::vec(byte, 0..8),
        ];
        prop::collection::vec(words, 0..40).prop_map(|w| w.concat())
    }

    proptest! {
        #[test]
        fn requests_mean_the_same_however_they_are_split(
            data in wire(),
            sizes in prop::collection::vec(1usize..40, 1..10),
        ) {
            prop_assert_eq!(requests(&data, vec![usize::MAX]), requests(&data, sizes));
        }

        #[test]
        fn answers_mean_the_same_however_they_are_split(
            data in wire(),
            sizes in prop::collection::vec(1usize..40, 1..10),
        ) {
            prop_assert_eq!(answers(&data, vec![usize::MAX]), answers(&data, sizes));
        }

        #[test]
        fn no_bytes_make_a_parser_panic(data in wire()) {
            let _ = Request::parse(&data);
            let _ = Request::parse_bare(&data);
            let _ = Answer::parse(&data);
        }

        #[test]
        fn a_request_that_parses_round_trips(
            name in "[^\\p{C}\\p{Zl}\\p{Zp}]{1,40}",
            held in prop::option::of((any::<u64>(), any::<[u8; 32]>())),
        ) {
            let held = held.map(|(offset, sha256)| Held { offset, sha256 });
            let request = Request { name, held };
            let line = request.line();
            prop_assert_eq!(Request::parse(line.trim_end_matches('\n').as_bytes()), Ok(request));
        }
    }
}
