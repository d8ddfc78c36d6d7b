//! # Length-prefixed messages: the fix for sticky packets
//!
//! TCP carries a stream of bytes, not messages: three `send(b'hello')` calls may arrive as
//! one `recv` of `hellohellohello` ("sticky packets", 粘包), and one message may arrive in
//! pieces. The receiver finds the messages again only if the sender marks them. Here the
//! mark is a length in front: 4 bytes, big-endian (network byte order), then the message;
//! in Python `struct.pack('>I', len(data)) + data`. `--framed` on both sides uses it.
//!
//! The reader bounds what it accepts, so a broken or hostile peer cannot make it allocate
//! gigabytes by sending a huge length.

use std::io::{self, Read, Write};

/// The largest message [`read_frame`] accepts: 64 KiB.
pub const MAX_FRAME: usize = 64 * 1024;

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
/// `Ok(None)` when the peer closed cleanly between messages. A message longer than
/// `max_len` is an `InvalidData` error (its bytes are not read); a connection that ends
/// inside a message is an `UnexpectedEof` error saying how much arrived.
pub fn read_frame<R: Read>(reader: &mut R, max_len: usize) -> io::Result<Option<Vec<u8>>> {
    // recv until 4 bytes are in: the length, however TCP cut it.
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
    // struct.unpack('>I', prefix): big-endian, the most significant byte first.
    let length = u32::from_be_bytes(prefix) as usize;
    if length > max_len {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("a message of {length} bytes is over the limit of {max_len} bytes"),
        ));
    }
    // recv until exactly `length` more bytes are in: the message, and nothing of the next.
    let mut payload = Vec::with_capacity(length);
    reader.take(length as u64).read_to_end(&mut payload)?;
    if payload.len() < length {
        return Err(io::Error::new(
            io::ErrorKind::UnexpectedEof,
            format!(
                "connection closed inside a message ({} of {})",
                payload.len(),
                common::narrate::count(length, "byte", "bytes")
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

/// The most one plain `recv` takes, as in the tutorials' `recv(1024)`.
pub const RECV_SIZE: usize = 1024;

// ANCHOR: receive
/// One message out: the bytes as they are, or with `framed` a length prefix and the bytes.
pub fn send(conn: &mut impl Write, bytes: &[u8], framed: bool) -> io::Result<()> {
    if framed {
        write_frame(conn, bytes)
    } else {
        conn.write_all(bytes)
    }
}

/// One message in: whatever one `recv(1024)` returns, or with `framed` one whole message.
/// `None` when the peer has closed the connection.
pub fn receive(conn: &mut impl Read, framed: bool) -> io::Result<Option<Vec<u8>>> {
    if framed {
        return read_frame(conn, MAX_FRAME);
    }
    let mut buf = [0u8; RECV_SIZE];
    let n = conn.read(&mut buf)?;
    Ok((n > 0).then(|| buf[..n].to_vec()))
}
// ANCHOR_END: receive

#[cfg(test)]
mod tests {
    use super::*;

    use testkit::SplitReader;

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
    fn plain_text_read_as_a_frame_is_a_huge_length() {
        // The first four bytes of "hello" read as a length: what a --framed side sees
        // when the other side is not framed.
        let error = read_frame(&mut &b"hello"[..], MAX_FRAME).expect_err("not a frame");
        assert_eq!(
            error.to_string(),
            "a message of 1751477356 bytes is over the limit of 65536 bytes"
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
}
