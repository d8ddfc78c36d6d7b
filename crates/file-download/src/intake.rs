//! The file's bytes off the socket and into OUT: `splice(2)` on Linux, a copy loop elsewhere.
//!
//! The copy loop is what Python's `recv()` and `f.write()` do: each byte is copied from the
//! kernel into this program's buffer, then from the buffer back into the kernel, into the
//! file's pages. `splice()` leaves the program out: the kernel hands the socket's pages to
//! a pipe without copying them, then copies them from the pipe into the file, once. The
//! pipe is there because splice() moves bytes only between a pipe and something else.
//! strace shows the difference: `recvfrom` and `write` pairs, or `splice` pairs.

use std::fs::File;
use std::io::{self, Read, Write};
use std::net::TcpStream;

/// Which side one piece failed on.
#[derive(Debug)]
pub enum Failed {
    /// recv() from the server: a timeout, a reset...
    Socket(io::Error),
    /// write() into OUT: a full disk, a closed pipe...
    Sink(io::Error),
}

/// Moves the body from the server's socket into OUT, one piece at a time.
pub struct Intake<'a> {
    /// Bytes that arrived in the same recv() as the answer line: the body's first ones.
    early: Vec<u8>,
    /// How many of them are in OUT already.
    early_written: usize,
    stream: &'a TcpStream,
    sink: &'a File,
    /// The most one piece moves.
    piece: usize,
    /// The copy loop's buffer; empty while splice() does the work.
    buf: Vec<u8>,
    /// The pipe splice() moves the bytes through; none for the copy loop.
    #[cfg(any(target_os = "linux", target_os = "android"))]
    pipe: Option<Pipe>,
}

impl<'a> Intake<'a> {
    /// Splice where the system can and `splice` is true, else copy through a buffer of
    /// `piece` bytes.
    pub fn new(
        early: Vec<u8>,
        stream: &'a TcpStream,
        sink: &'a File,
        piece: usize,
        splice: bool,
    ) -> Self {
        #[cfg(any(target_os = "linux", target_os = "android"))]
        let pipe = splice.then(|| Pipe::new(piece).ok()).flatten();
        #[cfg(any(target_os = "linux", target_os = "android"))]
        let buf = match pipe {
            Some(_) => Vec::new(),
            None => vec![0; piece],
        };
        #[cfg(not(any(target_os = "linux", target_os = "android")))]
        let buf = {
            let _ = splice;
            vec![0; piece]
        };
        Intake {
            early,
            early_written: 0,
            stream,
            sink,
            piece,
            buf,
            #[cfg(any(target_os = "linux", target_os = "android"))]
            pipe,
        }
    }

    /// Whether splice() moves the bytes, rather than the copy loop.
    pub fn splices(&self) -> bool {
        #[cfg(any(target_os = "linux", target_os = "android"))]
        return self.pipe.is_some();
        #[cfg(not(any(target_os = "linux", target_os = "android")))]
        return false;
    }

    /// Move at most `most` bytes (at least 1) into OUT, and no more than a piece: how many
    /// moved, 0 once the server has closed. A wait for the socket ends after its read
    /// timeout (SO_RCVTIMEO), or when the socket is shut down.
    pub fn piece(&mut self, most: usize) -> Result<usize, Failed> {
        debug_assert!(most > 0, "a piece of nothing would read as the end");
        let most = most.min(self.piece);
        let early = &self.early[self.early_written..];
        if !early.is_empty() {
            let n = early.len().min(most);
            (&*self.sink).write_all(&early[..n]).map_err(Failed::Sink)?;
            self.early_written += n;
            return Ok(n);
        }
        #[cfg(any(target_os = "linux", target_os = "android"))]
        if let Some(pipe) = &self.pipe {
            let held = match pipe.splice(self.stream, self.sink, most) {
                Ok(n) => return Ok(n),
                Err(Spliced::Failed(failed)) => return Err(failed),
                // The socket takes no splice (some sandboxes): nothing has moved.
                Err(Spliced::NotFrom) => 0,
                // OUT takes no splice (a file opened to append, /dev/full): bytes wait in
                // the pipe.
                Err(Spliced::NotInto(held)) => held,
            };
            // From now on the copy loop does the work, starting with what the pipe holds.
            self.buf = vec![0; self.piece];
            let drained = pipe.drain(self.sink, &mut self.buf, held);
            self.pipe = None;
            drained?;
            if held > 0 {
                return Ok(held);
            }
        }
        copy(self.stream, self.sink, &mut self.buf, most)
    }
}

// ANCHOR: copy
/// recv() into our buffer, then write() the buffer out.
fn copy(
    mut stream: &TcpStream,
    mut sink: &File,
    buf: &mut [u8],
    most: usize,
) -> Result<usize, Failed> {
    let n = stream.read(&mut buf[..most]).map_err(Failed::Socket)?;
    sink.write_all(&buf[..n]).map_err(Failed::Sink)?;
    Ok(n)
}
// ANCHOR_END: copy

/// A pipe between the socket and OUT; always empty between pieces.
#[cfg(any(target_os = "linux", target_os = "android"))]
struct Pipe {
    read_end: std::os::fd::OwnedFd,
    write_end: std::os::fd::OwnedFd,
}

/// Why a splice stopped.
#[cfg(any(target_os = "linux", target_os = "android"))]
enum Spliced {
    /// The socket takes no splice; nothing moved.
    NotFrom,
    /// OUT takes no splice; this many bytes wait in the pipe.
    NotInto(usize),
    Failed(Failed),
}

#[cfg(any(target_os = "linux", target_os = "android"))]
impl Pipe {
    /// A pipe that holds a whole piece, or at least 64 KiB; none if the system gives less.
    fn new(piece: usize) -> io::Result<Pipe> {
        use rustix::pipe::{PipeFlags, fcntl_getpipe_size, fcntl_setpipe_size, pipe_with};
        let (read_end, write_end) = pipe_with(PipeFlags::CLOEXEC)?;
        // A pipe holds 64 KiB unless asked for more: a larger one means fewer calls. A user
        // with many pipes open gets less, 8 KiB, and then splice makes more calls than
        // the copy loop's reads would: better to copy.
        let _ = fcntl_setpipe_size(&write_end, piece);
        if fcntl_getpipe_size(&write_end)? < piece.min(64 * 1024) {
            return Err(io::ErrorKind::OutOfMemory.into());
        }
        Ok(Pipe {
            read_end,
            write_end,
        })
    }

    // ANCHOR: splice
    /// splice() from the socket into the pipe, then from the pipe into OUT.
    fn splice(&self, stream: &TcpStream, sink: &File, most: usize) -> Result<usize, Spliced> {
        use rustix::io::Errno;
        use rustix::pipe::{SpliceFlags, splice};
        let no_flags = SpliceFlags::empty();
        // Socket to pipe: the kernel hands the pipe references to the pages the bytes
        // arrived in, usually without copying them. It waits for data as recv() does,
        // and returns 0 when the server has closed.
        let n = loop {
            match splice(stream, None, &self.write_end, None, most, no_flags) {
                Ok(n) => break n,
                Err(Errno::INTR) => continue,
                Err(Errno::INVAL | Errno::NOSYS | Errno::OPNOTSUPP) => {
                    return Err(Spliced::NotFrom);
                }
                Err(e) => return Err(Spliced::Failed(Failed::Socket(e.into()))),
            }
        };
        // Pipe to OUT: the bytes are copied into the file's pages, the only copy. One
        // call may move less than the pipe holds: loop until the pipe is empty again.
        let mut left = n;
        while left > 0 {
            match splice(&self.read_end, None, sink, None, left, no_flags) {
                Ok(0) => {
                    return Err(Spliced::Failed(Failed::Sink(
                        io::ErrorKind::WriteZero.into(),
                    )));
                }
                Ok(moved) => left -= moved,
                Err(Errno::INTR) => continue,
                Err(Errno::INVAL) if left == n => return Err(Spliced::NotInto(n)),
                Err(e) => return Err(Spliced::Failed(Failed::Sink(e.into()))),
            }
        }
        Ok(n)
    }
    // ANCHOR_END: splice

    /// read() the `held` bytes (a piece at most) waiting in the pipe and write() them into OUT.
    fn drain(&self, mut sink: &File, buf: &mut [u8], held: usize) -> Result<(), Failed> {
        let mut read = 0;
        while read < held {
            // The pipe holds them all: each read returns at once.
            match rustix::io::read(&self.read_end, &mut buf[read..held]) {
                Ok(0) => return Err(Failed::Sink(io::ErrorKind::UnexpectedEof.into())),
                Ok(n) => read += n,
                Err(rustix::io::Errno::INTR) => continue,
                Err(e) => return Err(Failed::Sink(e.into())),
            }
        }
        sink.write_all(&buf[..held]).map_err(Failed::Sink)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::TcpListener;

    /// A connection whose far end sends `data` and closes; the near end, for the intake.
    fn sending(data: Vec<u8>) -> TcpStream {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let near = TcpStream::connect(listener.local_addr().expect("addr")).expect("connect");
        let (mut far, _) = listener.accept().expect("accept");
        std::thread::spawn(move || far.write_all(&data));
        near
    }

    /// Every piece until the server closes; the total.
    fn take_all(intake: &mut Intake) -> Result<u64, Failed> {
        let mut total = 0;
        loop {
            match intake.piece(usize::MAX)? {
                0 => return Ok(total),
                n => total += n as u64,
            }
        }
    }

    /// The early bytes first, then the socket's, whole and in order: spliced in pieces of
    /// 256 KiB and of 1 KiB (--limit-rate), copied in pieces of 1 KiB.
    #[test]
    fn the_file_gets_the_early_bytes_then_the_rest() {
        let data: Vec<u8> = (0..3_000_000u32).map(|i| (i * 13 % 251) as u8).collect();
        let path = std::env::temp_dir().join(format!("intake-test-{}", std::process::id()));
        for (piece, splice) in [(256 * 1024, true), (1024, true), (1024, false)] {
            let stream = sending(data[1000..].to_vec());
            let sink = File::create(&path).expect("a file");
            let mut intake = Intake::new(data[..1000].to_vec(), &stream, &sink, piece, splice);
            let spliced = intake.splices();
            assert_eq!(
                spliced,
                splice && cfg!(any(target_os = "linux", target_os = "android")),
                "splice where the system has it, unless told not to"
            );
            assert_eq!(take_all(&mut intake).expect("moved"), data.len() as u64);
            assert_eq!(
                std::fs::read(&path).expect("read back"),
                data,
                "piece {piece}, splice {splice}"
            );
        }
        let _ = std::fs::remove_file(&path);
    }

    /// A file opened to append takes write() but not splice() (EINVAL): the bytes already in
    /// the pipe go out by write(), the copy loop takes over, and nothing is lost.
    #[cfg(any(target_os = "linux", target_os = "android"))]
    #[test]
    fn a_sink_that_takes_no_splice_gets_every_byte_by_write() {
        let data: Vec<u8> = (0..1_000_000u32).map(|i| (i * 7 % 253) as u8).collect();
        let path = std::env::temp_dir().join(format!("intake-append-{}", std::process::id()));
        let _ = std::fs::remove_file(&path);
        let stream = sending(data.clone());
        let sink = File::options()
            .create(true)
            .append(true)
            .open(&path)
            .expect("a file to append to");
        let mut intake = Intake::new(Vec::new(), &stream, &sink, 64 * 1024, true);
        assert!(intake.splices(), "splice first");
        assert_eq!(take_all(&mut intake).expect("moved"), data.len() as u64);
        assert!(!intake.splices(), "the copy loop took over");
        assert_eq!(std::fs::read(&path).expect("read back"), data);
        let _ = std::fs::remove_file(&path);
    }

    /// /dev/full takes no splice either, and fails every write: the error is the sink's own
    /// (ENOSPC), not splice's EINVAL.
    #[cfg(any(target_os = "linux", target_os = "android"))]
    #[test]
    fn a_sink_that_takes_no_splice_reports_its_own_error() {
        let stream = sending(vec![7; 100_000]);
        let sink = File::options()
            .write(true)
            .open("/dev/full")
            .expect("/dev/full");
        let mut intake = Intake::new(Vec::new(), &stream, &sink, 64 * 1024, true);
        match take_all(&mut intake) {
            Err(Failed::Sink(e)) => assert_eq!(e.raw_os_error(), Some(28), "ENOSPC: {e}"),
            other => panic!("the sink's error, not {other:?}"),
        }
    }
}
