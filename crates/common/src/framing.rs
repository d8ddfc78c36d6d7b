//! Message boundaries on a TCP stream: lines.
//!
//! TCP carries a stream of bytes, not messages: three `send(b'hello')` calls may arrive as
//! one `recv` of `hellohellohello` ("sticky packets", 粘包), and one message may arrive in
//! pieces. The receiver can only find messages again if the sender marks them. The mark
//! here is a line end: every message ends with `\n` (what nc, telnet and chat servers
//! use). Lesson 1 (tcp-basic) shows the other classic mark, a length prefix, in its own
//! `framed` module.
//!
//! The reader bounds what it holds, so a peer cannot make us allocate without end; `Until`
//! bounds how long a read may take in all, so a peer cannot hold us by dribbling.

use std::fmt;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

/// One line from a [`LineReader`].
#[derive(Clone, PartialEq, Eq)]
pub enum Line {
    /// The line's bytes, without its `\n` (or `\r\n`).
    Text(Vec<u8>),
    /// A line longer than the limit; its bytes were read and dropped, up to its `\n`.
    TooLong { length: usize },
}

/// Reads `\n`-terminated lines, never holding more than `max_len` bytes of one line.
///
/// Unlike `BufRead::read_line`, a peer that sends a gigabyte without a newline costs
/// `max_len` bytes of memory, not a gigabyte: the over-long line is skipped and reported.
pub struct LineReader<R> {
    inner: BufReader<R>,
    max_len: usize,
}

impl<R: Read> LineReader<R> {
    pub fn new(reader: R, max_len: usize) -> Self {
        LineReader {
            inner: BufReader::new(reader),
            max_len,
        }
    }

    /// The buffered reader underneath, holding any bytes read past the last line.
    pub fn into_inner(self) -> BufReader<R> {
        self.inner
    }

    /// The next line, or `Ok(None)` at end of stream. A last line without `\n` still
    /// counts. An error (a timeout, a reset) loses the part of the line read so far.
    pub fn read_line(&mut self) -> io::Result<Option<Line>> {
        let mut line = Vec::new();
        let mut length = 0;
        let mut saw_anything = false;
        loop {
            let available = match self.inner.fill_buf() {
                Ok(bytes) => bytes,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if available.is_empty() {
                if !saw_anything {
                    return Ok(None);
                }
                break;
            }
            saw_anything = true;
            let newline = available.iter().position(|&b| b == b'\n');
            let chunk = &available[..newline.unwrap_or(available.len())];
            length += chunk.len();
            if length <= self.max_len {
                line.extend_from_slice(chunk);
            } else {
                line = Vec::new(); // over the limit: stop keeping bytes, just count them
            }
            let used = chunk.len() + usize::from(newline.is_some());
            self.inner.consume(used);
            if newline.is_some() {
                break;
            }
        }
        if length > self.max_len {
            return Ok(Some(Line::TooLong { length }));
        }
        if line.last() == Some(&b'\r') {
            line.pop(); // telnet and Windows end lines with \r\n
        }
        Ok(Some(Line::Text(line)))
    }

    /// The reader underneath, to set a timeout or find the peer's address.
    pub fn get_ref(&self) -> &R {
        self.inner.get_ref()
    }
}

impl fmt::Debug for Line {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Line::Text(bytes) => write!(f, "Text({:?})", String::from_utf8_lossy(bytes)),
            Line::TooLong { length } => write!(f, "TooLong({length})"),
        }
    }
}

/// Socket reads and writes that give up at a fixed moment, however the bytes trickle: before
/// each call the timeout is set to the time left, and once it is gone every call fails
/// with `TimedOut`. A read timeout alone restarts with each byte: a peer that sends one byte
/// a second (or reads one) would never meet it. (The stream keeps the last timeout set: set
/// it again before going on without a deadline.)
pub struct Until<'a> {
    pub stream: &'a TcpStream,
    pub deadline: Instant,
}

impl Until<'_> {
    fn left(&self) -> io::Result<Duration> {
        let left = self.deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(io::ErrorKind::TimedOut.into());
        }
        Ok(left)
    }
}

impl Read for Until<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.stream.set_read_timeout(Some(self.left()?))?;
        // recv(): whatever has arrived, or wait at most until the deadline.
        let mut stream = self.stream;
        stream.read(buf)
    }
}

impl Write for Until<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.stream.set_write_timeout(Some(self.left()?))?;
        // send(): as much as fits in the socket's buffer, or wait at most until the deadline.
        let mut stream = self.stream;
        stream.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use testkit::SplitReader;

    fn text(line: &str) -> Line {
        Line::Text(line.as_bytes().to_vec())
    }

    #[test]
    fn lines_come_back_the_same_however_the_bytes_are_split() {
        let wire = b"alice\nhello there\r\n\n\xffbytes\nlast without newline";
        let expected = vec![
            text("alice"),
            text("hello there"),
            text(""),
            Line::Text(b"\xffbytes".to_vec()),
            text("last without newline"),
        ];
        for step in 1..=wire.len() {
            let mut reader = LineReader::new(SplitReader { data: wire, step }, 64);
            let mut got = Vec::new();
            while let Some(line) = reader.read_line().expect("reading a slice cannot fail") {
                got.push(line);
            }
            assert_eq!(got, expected, "split every {step} bytes");
        }
    }

    #[test]
    fn bytes_after_the_last_line_stay_in_the_reader() {
        let wire = b"OK 5\nhello";
        let mut reader = LineReader::new(
            SplitReader {
                data: wire,
                step: 64,
            },
            16,
        );
        assert_eq!(reader.read_line().expect("a line"), Some(text("OK 5")));
        let mut body = Vec::new();
        reader
            .into_inner()
            .read_to_end(&mut body)
            .expect("the rest");
        assert_eq!(body, b"hello");
    }

    #[test]
    fn an_over_long_line_is_skipped_and_reading_goes_on() {
        let wire = b"short\n0123456789ABCDEF\n0123456789\nafter\n";
        for step in 1..=wire.len() {
            let mut reader = LineReader::new(SplitReader { data: wire, step }, 10);
            let mut got = Vec::new();
            while let Some(line) = reader.read_line().expect("reading a slice cannot fail") {
                got.push(line);
            }
            let expected = vec![
                text("short"),
                Line::TooLong { length: 16 },
                text("0123456789"),
                text("after"),
            ];
            assert_eq!(got, expected, "split every {step} bytes");
        }
    }

    /// A connected pair of TCP sockets on loopback: ours, and the peer's.
    fn pair() -> (TcpStream, TcpStream) {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let ours = TcpStream::connect(listener.local_addr().expect("addr")).expect("connect");
        let (peer, _) = listener.accept().expect("accept");
        (ours, peer)
    }

    /// A call through `Until` that failed with a timeout soon after its 300 ms deadline.
    fn ended_by_the_deadline(result: io::Result<()>, started: Instant) {
        let error = result.expect_err("the deadline");
        assert!(crate::errors::is_timeout(&error), "{error:?}");
        let took = started.elapsed();
        assert!(took < Duration::from_secs(2), "{took:?}");
    }

    #[test]
    fn until_ends_a_read_that_a_dribbling_peer_keeps_alive() {
        let (ours, mut peer) = pair();
        let dribble = std::thread::spawn(move || {
            // A byte every 50 ms for 3 s at most, sooner when we hang up.
            for _ in 0..60 {
                if peer.write_all(b"x").is_err() {
                    return;
                }
                std::thread::sleep(Duration::from_millis(50));
            }
        });
        let started = Instant::now();
        let deadline = started + Duration::from_millis(300);
        let mut until = Until {
            stream: &ours,
            deadline,
        };
        ended_by_the_deadline(until.read_to_end(&mut Vec::new()).map(drop), started);
        drop(ours);
        dribble.join().expect("the peer");
    }

    #[test]
    fn until_ends_a_write_that_a_peer_never_reads() {
        let (ours, _peer) = pair();
        let started = Instant::now();
        let deadline = started + Duration::from_millis(300);
        let mut until = Until {
            stream: &ours,
            deadline,
        };
        // More than the two sockets' buffers hold: the write must wait, then give up.
        ended_by_the_deadline(until.write_all(&vec![0u8; 64 << 20]), started);
    }
}
