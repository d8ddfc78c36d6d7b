//! # Lines typed for the client, while it watches the connection
//!
//! Python's `input()` blocks: a client waiting there cannot see that the server has
//! closed the connection meanwhile, and learns it only when it sends the next line. Here
//! the lines are read on a thread of their own, and while the client waits for one it
//! looks at its socket every tenth of a second, so it can say at once that the server has
//! gone, before the person types into a dead connection.

use std::io::{self, IsTerminal, Write};
use std::net::TcpStream;
use std::sync::mpsc::{Receiver, RecvTimeoutError, sync_channel};
use std::thread;
use std::time::Duration;

use common::input::Messages;

/// How often the socket is looked at while we wait for a line.
const CHECK_EVERY: Duration = Duration::from_millis(100);

/// Lines from stdin, one at a time, with a prompt when a person is typing.
pub struct Keyboard {
    lines: Receiver<io::Result<String>>,
    prompt: Option<&'static str>,
}

/// What came while the client waited for the next line.
pub enum Typed {
    Line(io::Result<String>),
    /// End of input (Ctrl-D, or the end of a piped file).
    End,
    /// The server closed the connection (or reset it) before a line came.
    ServerClosed,
}

impl Keyboard {
    /// Start the thread that reads stdin; `prompt` is shown only when stdin is a terminal.
    pub fn start(prompt: &'static str) -> io::Result<Keyboard> {
        // A channel of size 0: the thread hands over one line and waits until it is taken.
        let (sender, lines) = sync_channel(0);
        thread::Builder::new()
            .name("keyboard".into())
            .spawn(move || {
                for line in Messages::new(Vec::new(), "") {
                    if sender.send(line).is_err() {
                        break;
                    }
                }
            })?;
        let prompt = io::stdin().is_terminal().then_some(prompt);
        Ok(Keyboard { lines, prompt })
    }

    /// Wait for the next line, noticing meanwhile if the server closes the connection.
    pub fn next(&self, server: &TcpStream) -> Typed {
        if let Some(prompt) = self.prompt {
            let mut stdout = io::stdout().lock();
            let _ = write!(stdout, "{prompt}");
            let _ = stdout.flush();
        }
        loop {
            match self.lines.recv_timeout(CHECK_EVERY) {
                Ok(line) => return Typed::Line(line),
                Err(RecvTimeoutError::Disconnected) => return Typed::End,
                Err(RecvTimeoutError::Timeout) => {
                    if server_closed(server) {
                        if self.prompt.is_some() {
                            // End the prompt's line, so the next line starts on its own.
                            common::say!("");
                        }
                        return Typed::ServerClosed;
                    }
                }
            }
        }
    }
}

// ANCHOR: server_closed
/// Whether the server has closed the connection: a peek that does not wait (MSG_PEEK
/// with the socket non-blocking). 0 bytes means its FIN has arrived; "would block" means
/// the connection is open and quiet; bytes waiting mean it is open too.
fn server_closed(stream: &TcpStream) -> bool {
    if stream.set_nonblocking(true).is_err() {
        return false;
    }
    let peeked = stream.peek(&mut [0u8; 1]);
    // Back to blocking, for the recv of the next reply; if even that fails, the
    // connection is unusable: count it as closed.
    if stream.set_nonblocking(false).is_err() {
        return true;
    }
    match peeked {
        Ok(0) => true,
        Ok(_) => false,
        Err(e) => !matches!(
            e.kind(),
            io::ErrorKind::WouldBlock | io::ErrorKind::Interrupted
        ),
    }
}
// ANCHOR_END: server_closed
