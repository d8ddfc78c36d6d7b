//! The file's bytes onto the socket: `sendfile(2)` on Linux, a copy loop elsewhere.
//!
//! `std::io::copy(&mut file, &mut stream)` looks as if it should be `sendfile()`, and on
//! Linux it is not: std reads 8 KiB into this program and writes them out, again and
//! again (strace shows pairs of `read` and `sendto`). std keeps sendfile for copies whose
//! destination cannot be read back while the copy runs, because sendfile queues
//! *references* to the file's pages on the socket, not copies: if the file changes before
//! those pages leave, the new bytes go out, though `copy` had already returned. A file
//! server that sends files which do not change while they are served wants exactly that,
//! so it asks for `sendfile()` itself (through rustix, a safe wrapper of the call).

use std::fs::File;
use std::io;
use std::net::TcpStream;
use std::time::{Duration, Instant};

/// How long one send may wait for a client that reads nothing, and when the whole
/// response must be out.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub stall: Duration,
    pub deadline: Instant,
}

impl Limits {
    /// The timeout for the next send: `stall`, or less if the deadline comes first.
    fn next_wait(&self) -> io::Result<Duration> {
        let left = self.deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(io::Error::new(
                io::ErrorKind::TimedOut,
                "the download took longer than --max-time",
            ));
        }
        Ok(left.min(self.stall))
    }
}

/// A send that waited `waited` and moved nothing.
fn stalled(waited: Duration) -> io::Error {
    io::Error::new(
        io::ErrorKind::TimedOut,
        format!(
            "the client read nothing for {:.1} s (--timeout)",
            waited.as_secs_f64()
        ),
    )
}

fn shrank() -> io::Error {
    io::Error::new(
        io::ErrorKind::UnexpectedEof,
        "the file became shorter while it was being sent",
    )
}

// ANCHOR: sendfile
/// Send `count` bytes of `file`, from byte `offset`, to `stream`; how many went out, and
/// whether all did.
#[cfg(any(target_os = "linux", target_os = "android"))]
pub fn send_file(
    stream: &TcpStream,
    file: &File,
    mut offset: u64,
    count: u64,
    limits: Limits,
) -> (u64, io::Result<()>) {
    use rustix::io::Errno;
    let mut sent = 0;
    while sent < count {
        // A client that stops reading fills the socket's buffer; the send then waits at
        // most this long (SO_SNDTIMEO) before it gives up.
        let wait = match limits.next_wait() {
            Ok(wait) => wait,
            Err(e) => return (sent, Err(e)),
        };
        if let Err(e) = stream.set_write_timeout(Some(wait)) {
            return (sent, Err(e));
        }
        // One call may send less than asked (a timeout, a signal): loop for the rest.
        let chunk = usize::try_from(count - sent).unwrap_or(usize::MAX);
        // sendfile(): the kernel queues the file's pages on the socket, without copying
        // them through this program; `offset` moves on by what was sent.
        match rustix::fs::sendfile(stream, file, Some(&mut offset), chunk) {
            Ok(0) => return (sent, Err(shrank())),
            Ok(n) => sent += n as u64,
            Err(Errno::INTR) => continue,
            Err(Errno::AGAIN) => return (sent, Err(stalled(wait))),
            // A file system that cannot hand its pages over: copy them instead.
            Err(Errno::INVAL | Errno::NOSYS) if sent == 0 => {
                return copy_loop(stream, file, offset, count, limits);
            }
            Err(e) => return (sent, Err(e.into())),
        }
    }
    (sent, Ok(()))
}
// ANCHOR_END: sendfile

/// Where there is no sendfile(): read a piece of the file, write it out, again.
#[cfg(not(any(target_os = "linux", target_os = "android")))]
pub fn send_file(
    stream: &TcpStream,
    file: &File,
    offset: u64,
    count: u64,
    limits: Limits,
) -> (u64, io::Result<()>) {
    copy_loop(stream, file, offset, count, limits)
}

/// The plain way: `read()` into a buffer, `sendall()` it, until `count` bytes are out.
fn copy_loop(
    mut stream: &TcpStream,
    mut file: &File,
    offset: u64,
    count: u64,
    limits: Limits,
) -> (u64, io::Result<()>) {
    use std::io::{Read, Seek, SeekFrom, Write};
    let mut buffer = vec![0u8; 256 * 1024];
    let mut sent = 0;
    if let Err(e) = file.seek(SeekFrom::Start(offset)) {
        return (0, Err(e));
    }
    while sent < count {
        let want = usize::try_from(count - sent).map_or(buffer.len(), |n| n.min(buffer.len()));
        let n = match file.read(&mut buffer[..want]) {
            Ok(0) => return (sent, Err(shrank())),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return (sent, Err(e)),
        };
        let wait = match limits.next_wait() {
            Ok(wait) => wait,
            Err(e) => return (sent, Err(e)),
        };
        let written = stream
            .set_write_timeout(Some(wait))
            .and_then(|()| stream.write_all(&buffer[..n]));
        match written {
            Ok(()) => sent += n as u64,
            Err(e) if common::errors::is_timeout(&e) => return (sent, Err(stalled(wait))),
            Err(e) => return (sent, Err(e)),
        }
    }
    (sent, Ok(()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};
    use std::net::TcpListener;

    /// Both ways of sending give the same bytes, from any offset.
    #[test]
    fn sendfile_and_the_copy_loop_send_the_same_bytes() {
        let path = std::env::temp_dir().join(format!("body-test-{}", std::process::id()));
        let data: Vec<u8> = (0..700_000u32).map(|i| (i * 7 % 251) as u8).collect();
        std::fs::File::create(&path)
            .and_then(|mut f| f.write_all(&data))
            .expect("a file");
        let file = File::open(&path).expect("open");
        let limits = Limits {
            stall: Duration::from_secs(10),
            deadline: Instant::now() + Duration::from_secs(30),
        };
        for (offset, sender) in [(0u64, 0), (12_345, 0), (0, 1), (99_999, 1)] {
            let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
            let mut reader = TcpStream::connect(listener.local_addr().expect("addr")).expect("c");
            let (stream, _) = listener.accept().expect("accept");
            let count = data.len() as u64 - offset;
            let receiver = std::thread::spawn(move || {
                let mut got = Vec::new();
                reader.read_to_end(&mut got).expect("read");
                got
            });
            let (sent, result) = match sender {
                0 => send_file(&stream, &file, offset, count, limits),
                _ => copy_loop(&stream, &file, offset, count, limits),
            };
            result.expect("sent");
            drop(stream);
            assert_eq!(sent, count);
            let got = receiver.join().expect("receiver");
            assert_eq!(
                got,
                &data[offset as usize..],
                "offset {offset}, sender {sender}"
            );
        }
        let _ = std::fs::remove_file(&path);
    }
}
