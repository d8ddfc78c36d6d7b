//! The protocol, one line each way.
//!
//! ```text
//! client:  NAME\n                  a path under the server's folder, UTF-8
//!          NAME\tOFFSET\n          the same, from byte OFFSET on (to resume)
//! server:  OK SIZE\n               then exactly SIZE bytes, then it closes
//!          ERR REASON\n            and it closes
//! ```
//!
//! The tutorial's downloader (`--bare` on both sides) sends the name alone, in one
//! `send()`, and gets the file's bare bytes back, ended by the close. Then an empty file and
//! a missing one look the same (nothing arrives), and so do a complete file and one cut
//! short by a failure (the connection closes either way). `OK SIZE` tells the client what
//! to expect, so it can tell.

use std::fmt;
use std::io::{self, Read};

use common::framing::{Line, LineReader};

/// The longest name a request may carry.
pub const MAX_NAME: usize = 4096;
/// The longest request line: a name, a tab and an offset.
pub const MAX_REQUEST: usize = MAX_NAME + 32;

/// What the client asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub name: String,
    /// Start here, for `--resume`; 0 for the whole file.
    pub offset: u64,
}

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
        match self.offset {
            0 => format!("{}\n", self.name),
            offset => format!("{}\t{offset}\n", self.name),
        }
    }

    /// A request line (without its `\n`), or why it is not one.
    pub fn parse(line: &[u8]) -> Result<Request, String> {
        let text =
            std::str::from_utf8(line).map_err(|_| "the name is not UTF-8 text".to_string())?;
        let (name, offset) = match text.split_once('\t') {
            None => (text, 0),
            Some((name, offset)) => {
                let offset = offset
                    .parse()
                    .map_err(|_| format!("bad offset {:?}", printable(offset)))?;
                (name, offset)
            }
        };
        check_name(name)?;
        Ok(Request {
            name: name.to_string(),
            offset,
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
            offset: 0,
        })
    }
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
        for (name, offset, line) in [
            ("notes.txt", 0, "notes.txt\n"),
            ("sub dir/数据.bin", 0, "sub dir/数据.bin\n"),
            ("big.iso", 1_048_576, "big.iso\t1048576\n"),
        ] {
            let request = Request {
                name: name.to_string(),
                offset,
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
        let table: [(&[u8], &str); 5] = [
            (b"", "no file name"),
            (b"\xff\xfe", "the name is not UTF-8 text"),
            (b"a\x07b", "the name contains control characters"),
            (b"a\tx", "bad offset \"x\""),
            (b"\t5", "no file name"),
        ];
        for (line, why) in table {
            assert_eq!(Request::parse(line), Err(why.to_string()), "{line:?}");
        }
        let long = "x".repeat(MAX_NAME + 1);
        assert!(Request::parse(long.as_bytes()).is_err());
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
        fn a_request_that_parses_round_trips(name in "[^\\p{C}\\p{Zl}\\p{Zp}]{1,40}", offset in any::<u64>()) {
            let request = Request { name, offset };
            let line = request.line();
            prop_assert_eq!(Request::parse(line.trim_end_matches('\n').as_bytes()), Ok(request));
        }
    }
}
