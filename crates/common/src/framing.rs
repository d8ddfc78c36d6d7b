//! Message boundaries on a TCP stream.
//!
//! TCP carries a stream of bytes, not messages: three `send(b'hello')` calls may arrive as
//! one `recv` of `hellohellohello` ("sticky packets", 粘包), and one message may arrive in
//! pieces. The receiver can only find messages again if the sender marks them. Two
//! classic marks, both here:
//!
//! - a length prefix: 4 bytes, big-endian, the payload's length, then the payload
//!   (Python: `struct.pack('>I', len(data)) + data`);
//! - a line end: every message ends with `\n` (what nc, telnet and chat servers use).
//!
//! Both readers bound what they hold, so a peer cannot make us allocate without end.

use std::fmt;
use std::io::{self, BufRead, BufReader, Read, Write};

/// The largest frame [`read_frame`] accepts unless told otherwise: 64 KiB.
pub const DEFAULT_MAX_FRAME: usize = 64 * 1024;

// ANCHOR: write_frame
/// Send one length-prefixed message: `sendall(struct.pack('>I', n) + data)`.
pub fn write_frame<W: Write>(writer: &mut W, payload: &[u8]) -> io::Result<()> {
    let length = u32::try_from(payload.len()).map_err(|_| {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "a message of {} bytes does not fit a 4-byte length",
                payload.len()
            ),
        )
    })?;
    // One buffer, one write_all: prefix and payload leave together, rather than as two
    // small segments that Nagle's algorithm and delayed ACKs would hold back.
    let mut frame = Vec::with_capacity(4 + payload.len());
    frame.extend_from_slice(&length.to_be_bytes());
    frame.extend_from_slice(payload);
    writer.write_all(&frame)
}
// ANCHOR_END: write_frame

// ANCHOR: read_frame
/// Receive one length-prefixed message.
///
/// `Ok(None)` when the peer closed cleanly between messages. A frame longer than
/// `max_len` is an `InvalidData` error (its bytes are not read); a connection that ends
/// inside a frame is an `UnexpectedEof` error saying how much arrived.
pub fn read_frame<R: Read>(reader: &mut R, max_len: usize) -> io::Result<Option<Vec<u8>>> {
    let mut prefix = [0u8; 4];
    let got = read_full(reader, &mut prefix)?;
    if got == 0 {
        return Ok(None);
    }
    if got < prefix.len() {
        return Err(io::Error::new(
            io::ErrorKind::UnexpectedEof,
            format!("connection closed inside a length prefix ({got} of 4 bytes)"),
        ));
    }
    let length = u32::from_be_bytes(prefix) as usize;
    if length > max_len {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("a message of {length} bytes is over the limit of {max_len} bytes"),
        ));
    }
    let mut payload = Vec::with_capacity(length);
    reader.take(length as u64).read_to_end(&mut payload)?;
    if payload.len() < length {
        return Err(io::Error::new(
            io::ErrorKind::UnexpectedEof,
            format!(
                "connection closed inside a message ({} of {length} bytes)",
                payload.len()
            ),
        ));
    }
    Ok(Some(payload))
}
// ANCHOR_END: read_frame

/// Fill `buf` as far as the stream allows: the count read, short only at end of stream.
fn read_full<R: Read>(reader: &mut R, buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match reader.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

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

#[cfg(test)]
mod tests {
    use super::*;

    /// Hands out `data` at most `step` bytes per read, as a slow network might.
    struct SplitReader<'a> {
        data: &'a [u8],
        step: usize,
    }

    impl Read for SplitReader<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = self.step.min(buf.len()).min(self.data.len());
            buf[..n].copy_from_slice(&self.data[..n]);
            self.data = &self.data[n..];
            Ok(n)
        }
    }

    fn frames(messages: &[&[u8]]) -> Vec<u8> {
        let mut wire = Vec::new();
        for message in messages {
            write_frame(&mut wire, message).expect("writing to a Vec cannot fail");
        }
        wire
    }

    #[test]
    fn write_frame_puts_a_big_endian_length_first() {
        assert_eq!(frames(&[b"hi"]), [0, 0, 0, 2, b'h', b'i']);
        assert_eq!(frames(&[b""]), [0, 0, 0, 0]);
        assert_eq!(frames(&[&[7u8; 258]])[..4], [0, 0, 1, 2]);
    }

    #[test]
    fn frames_come_back_the_same_however_the_bytes_are_split() {
        let messages: Vec<&[u8]> = vec![b"hello", b"", "你好".as_bytes(), &[0xff; 300], b"x"];
        let wire = frames(&messages);
        for step in 1..=wire.len() {
            let mut reader = SplitReader { data: &wire, step };
            let mut got = Vec::new();
            while let Some(frame) = read_frame(&mut reader, 1000).expect("valid frames") {
                got.push(frame);
            }
            assert_eq!(got, messages, "split every {step} bytes");
        }
    }

    #[test]
    fn a_frame_over_the_limit_is_refused() {
        let wire = frames(&[&[1u8; 101]]);
        let error = read_frame(&mut &wire[..], 100).expect_err("over the limit");
        assert_eq!(error.kind(), io::ErrorKind::InvalidData);
        assert_eq!(
            error.to_string(),
            "a message of 101 bytes is over the limit of 100 bytes"
        );
        assert!(
            read_frame(&mut &wire[..], 101)
                .expect("at the limit")
                .is_some()
        );
    }

    #[test]
    fn a_stream_cut_inside_a_frame_says_how_much_arrived() {
        let wire = frames(&[b"hello"]);
        let table = [
            (2, "connection closed inside a length prefix (2 of 4 bytes)"),
            (6, "connection closed inside a message (2 of 5 bytes)"),
        ];
        for (cut, message) in table {
            let error = read_frame(&mut &wire[..cut], 100).expect_err("cut short");
            assert_eq!(error.kind(), io::ErrorKind::UnexpectedEof);
            assert_eq!(error.to_string(), message);
        }
        assert_eq!(read_frame(&mut &wire[..0], 100).expect("clean end"), None);
    }

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
}
