//! The lines a program prints about what it does, and `--trace`.
//!
//! Every line starts with the role (`server: `, `client: `), so two terminals side by side
//! stay readable. Three levels:
//!
//! - [`Narrator::step`]: always printed: listening, a connection, a peer leaving;
//! - [`Narrator::message`]: one line per message, turned off by `--quiet`;
//! - [`Narrator::trace_sent`] / [`Narrator::trace_received`]: with `--trace`, every
//!   single send and receive call as it happened, with its byte count and a hex and text
//!   dump, so that partial reads and sticky packets can be seen.
//!
//! Narration goes to stdout and never panics: if nobody reads stdout any more (the
//! terminal closed, a pipe ended), the lines are dropped and the program goes on.

use std::fmt::{Display, Write as _};
use std::io::{self, Read, Write};
use std::net::SocketAddr;

use crate::cli::NarrationArgs;
use crate::text::{Encoding, printable};

/// Print one line on stdout, like `println!`, but never panic: if nobody reads stdout any
/// more (`| head` has exited, the terminal closed), the line is dropped.
pub fn print_line(line: impl Display) {
    write_stdout(&format!("{line}\n"));
}

/// A count and its noun, singular for exactly one: `count(1, "byte", "bytes")` is
/// `1 byte`, `count(5, "byte", "bytes")` is `5 bytes`.
pub fn count<N: Display + PartialEq + From<u8>>(n: N, one: &str, many: &str) -> String {
    let noun = if n == N::from(1) { one } else { many };
    format!("{n} {noun}")
}

/// Whole lines to stdout in one write, so that lines from several threads never
/// interleave; errors (nobody reading any more) are dropped.
fn write_stdout(text: &str) {
    let mut stdout = io::stdout().lock();
    let _ = stdout.write_all(text.as_bytes());
    let _ = stdout.flush();
}

/// `println!` for programs that must not panic when stdout is closed early.
#[macro_export]
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::narrate::print_line(format_args!($($arg)*))
    };
}

/// Bytes per row of a trace dump.
const DUMP_WIDTH: usize = 16;

/// Prints a program's narration. Cheap to clone; one per thread is fine.
#[derive(Debug, Clone)]
pub struct Narrator {
    role: String,
    quiet: bool,
    trace: bool,
    encoding: Encoding,
}

impl Narrator {
    pub fn new(role: &str, args: &NarrationArgs, encoding: Encoding) -> Self {
        Narrator {
            role: role.to_string(),
            quiet: args.quiet,
            trace: args.trace,
            encoding,
        }
    }

    /// The encoding used to show received bytes as text.
    pub fn encoding(&self) -> Encoding {
        self.encoding
    }

    /// A step of the program's life; always printed.
    pub fn step(&self, line: impl Display) {
        self.print(&format!("{}: {line}\n", self.role));
    }

    /// A server's first line, `listening on ADDR`: the address its socket really has
    /// (`getsockname()`, so port 0 shows the port the system picked). Tests and scripts
    /// read this line. Returns the address.
    pub fn listening(&self, listener: &std::net::TcpListener) -> io::Result<SocketAddr> {
        let local = listener.local_addr()?;
        self.step(format!("listening on {local}"));
        Ok(local)
    }

    /// A line of content as it is, without the role in front (a chat line, say).
    pub fn plain(&self, line: impl Display) {
        self.print(&format!("{line}\n"));
    }

    /// Whether per-message lines are printed (not `--quiet`): skip building them if not.
    pub fn messages_on(&self) -> bool {
        !self.quiet
    }

    /// A line about one message; not printed with `--quiet`.
    pub fn message(&self, line: impl Display) {
        if !self.quiet {
            self.step(line);
        }
    }

    /// Received bytes as one line of text: decoded with `--encoding`, control characters
    /// escaped, and a note when some bytes were not valid text.
    pub fn show(&self, bytes: &[u8]) -> String {
        let decoded = self.encoding.decode(bytes);
        let mut shown = printable(&decoded.text);
        if decoded.replaced {
            let _ = write!(
                shown,
                " (bytes that are not valid {} are shown as \u{fffd})",
                self.encoding
            );
        }
        shown
    }

    /// With `--trace`: one send call and the bytes it sent.
    pub fn trace_sent(&self, peer: SocketAddr, bytes: &[u8]) {
        if self.trace {
            let sent = count(bytes.len(), "byte", "bytes");
            self.dump(&format!("sent {sent} to {peer}"), bytes);
        }
    }

    /// With `--trace`: one receive call and the bytes it returned.
    pub fn trace_received(&self, peer: SocketAddr, bytes: &[u8]) {
        if self.trace {
            let received = count(bytes.len(), "byte", "bytes");
            self.dump(&format!("received {received} from {peer}"), bytes);
        }
    }

    /// Wrap a stream so that with `--trace` each read and write call is dumped.
    pub fn traced<S>(&self, stream: S, peer: SocketAddr) -> Traced<'_, S> {
        Traced {
            stream,
            peer,
            narrator: self,
        }
    }

    fn dump(&self, heading: &str, bytes: &[u8]) {
        let mut out = format!("{}: trace: {heading}\n", self.role);
        for row in hex_rows(bytes) {
            let _ = writeln!(out, "{}: trace:   {row}", self.role);
        }
        if !bytes.is_empty() {
            let _ = writeln!(
                out,
                "{}: trace:   as {}: {}",
                self.role,
                self.encoding,
                self.show(bytes)
            );
        }
        self.print(&out);
    }

    fn print(&self, text: &str) {
        write_stdout(text);
    }
}

/// The rows of a `--trace` dump: offset, 16 bytes in hex, and the printable ones as ASCII,
/// like `hexdump -C`: `0000  41 42                                            |AB|`.
pub fn hex_rows(bytes: &[u8]) -> Vec<String> {
    bytes
        .chunks(DUMP_WIDTH)
        .enumerate()
        .map(|(row, chunk)| {
            let hex: Vec<String> = chunk.iter().map(|b| format!("{b:02x}")).collect();
            let text: String = chunk
                .iter()
                .map(|&b| {
                    if b.is_ascii_graphic() || b == b' ' {
                        b as char
                    } else {
                        '.'
                    }
                })
                .collect();
            format!(
                "{:04x}  {:<width$}  |{text}|",
                row * DUMP_WIDTH,
                hex.join(" "),
                width = DUMP_WIDTH * 3 - 1
            )
        })
        .collect()
}

/// A stream whose every `read` and `write` call is shown by `--trace`.
pub struct Traced<'a, S> {
    stream: S,
    peer: SocketAddr,
    narrator: &'a Narrator,
}

impl<S> Traced<'_, S> {
    /// The stream underneath.
    pub fn get_ref(&self) -> &S {
        &self.stream
    }
}

impl<S: Read> Read for Traced<'_, S> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.stream.read(buf)?;
        self.narrator.trace_received(self.peer, &buf[..n]);
        Ok(n)
    }
}

impl<S: Write> Write for Traced<'_, S> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.stream.write(buf)?;
        self.narrator.trace_sent(self.peer, &buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.stream.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn narrator(encoding: Encoding) -> Narrator {
        let args = NarrationArgs {
            quiet: false,
            trace: true,
        };
        Narrator::new("server", &args, encoding)
    }

    #[test]
    fn count_is_singular_for_exactly_one() {
        assert_eq!(count(0usize, "byte", "bytes"), "0 bytes");
        assert_eq!(count(1usize, "byte", "bytes"), "1 byte");
        assert_eq!(count(2u64, "reply", "replies"), "2 replies");
        assert_eq!(count(1u32, "probe", "probes"), "1 probe");
    }

    #[test]
    fn show_decodes_escapes_and_flags_bad_bytes() {
        let utf8 = narrator(Encoding::Utf8);
        assert_eq!(utf8.show(b"hello\n"), "hello\\n");
        assert_eq!(utf8.show("你好".as_bytes()), "你好");
        assert_eq!(
            utf8.show(&[0xc4, 0xe3]),
            "\u{fffd}\u{fffd} (bytes that are not valid utf-8 are shown as \u{fffd})"
        );
        assert_eq!(narrator(Encoding::Gbk).show(&[0xc4, 0xe3]), "你");
    }

    #[test]
    fn traced_stream_passes_bytes_through_unchanged() {
        // Tracing off here: the dump would go to the test's real stdout.
        let narrator = Narrator::new("server", &NarrationArgs::default(), Encoding::Utf8);
        let mut sink = Vec::new();
        let peer: SocketAddr = "127.0.0.1:1".parse().expect("literal");
        narrator
            .traced(&mut sink, peer)
            .write_all(b"abc")
            .expect("a Vec accepts everything");
        assert_eq!(sink, b"abc");
        let mut got = String::new();
        narrator
            .traced(&b"xyz"[..], peer)
            .read_to_string(&mut got)
            .expect("a slice reads");
        assert_eq!(got, "xyz");
    }
}
