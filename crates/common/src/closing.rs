//! Closing a connection after a last answer, without destroying the answer.
//!
//! A server that turns a client away (it is full) or ends a connection after an answer
//! (`Connection: close`, a refusal) writes the answer and closes. But when the client's
//! request, or part of it, is still unread at that moment, the kernel does not end the
//! connection with a FIN: it sends a reset (RST), and the client's next `recv` fails with
//! "connection reset by peer" where it expected the end of the answer (on Windows, an
//! answer not yet read is thrown away). Lesson 1's chapter shows it happen.
//!
//! So a [`Closer`] closes gently, as RFC 9112 §9.6 asks of an HTTP server:
//! `shutdown(SHUT_WR)` (the FIN goes out right behind the answer), then it reads and drops
//! whatever the client still sends until the client closes too, for at most [`LINGER`],
//! and only then closes. The waiting happens on one thread, shared by every connection
//! being closed, so the server's own threads go on at once: an accept loop turning away a
//! flood of connections never waits, and a stop never waits for a client that does not
//! close. At most [`MAX_LINGERING`] connections wait at once; past that, a connection is
//! closed at once, as a plain close would.

use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::thread;
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, RecvTimeoutError, Sender, bounded};

/// How long a closed connection waits for its client to close too.
pub const LINGER: Duration = Duration::from_secs(2);

/// How many connections may wait to be closed at once, and how many more may be on their
/// way to the closing thread; a server counts them all among its open files.
pub const MAX_LINGERING: usize = 64;
const ON_THE_WAY: usize = 16;
pub const MAX_HELD: usize = MAX_LINGERING + ON_THE_WAY;

/// How often the waiting connections are looked at: a client that closes right after
/// reading the answer is let go within this long.
const LOOK_EVERY: Duration = Duration::from_millis(10);

/// Hands connections to the closing thread. Cheap to clone and share between threads.
#[derive(Debug, Clone)]
pub struct Closer {
    to_close: Sender<TcpStream>,
}

// ANCHOR: closer
impl Closer {
    /// Start the closing thread. It lives as long as any clone of this `Closer` does.
    pub fn start() -> std::io::Result<Closer> {
        let (to_close, closing) = bounded(ON_THE_WAY);
        thread::Builder::new()
            .name("closer".to_string())
            .spawn(move || linger(&closing))?;
        Ok(Closer { to_close })
    }

    /// Turn a client away: `answer` is written without waiting (a new socket's send buffer
    /// has room for a short answer), then the connection is closed gently.
    pub fn turn_away(&self, stream: TcpStream, answer: &[u8]) {
        if stream.set_nonblocking(true).is_ok() {
            // One send(), never a wait: a part of the answer is all a full buffer takes.
            let _ = (&stream).write(answer);
        }
        self.close(stream);
    }

    /// Close after the last answer: `shutdown(SHUT_WR)` now, the rest on the closing thread.
    pub fn close(&self, stream: TcpStream) {
        let _ = stream.shutdown(Shutdown::Write);
        if stream.set_nonblocking(true).is_err() {
            return; // closed when dropped
        }
        // Too many on their way already, or the thread is gone: the error gives the
        // connection back, and dropping it closes it at once.
        let _ = self.to_close.try_send(stream);
    }
}
// ANCHOR_END: closer

// ANCHOR: linger
/// The closing thread: wait for each connection's client to close, or for its time to
/// run out, then close it.
fn linger(closing: &Receiver<TcpStream>) {
    let mut waiting: Vec<(TcpStream, Instant)> = Vec::new();
    let mut looked = Instant::now();
    loop {
        // Sleep until a connection comes, or, while some are waiting, until the next look.
        let next = match waiting.is_empty() {
            true => closing.recv().map_err(|_| RecvTimeoutError::Disconnected),
            false => closing.recv_deadline(looked + LOOK_EVERY),
        };
        let arrived = match next {
            Ok(stream) => Some(stream),
            Err(RecvTimeoutError::Timeout) => None,
            Err(RecvTimeoutError::Disconnected) => return,
        };
        // It, and every other one already on its way: a flood is taken in at once.
        for stream in arrived.into_iter().chain(closing.try_iter()) {
            if waiting.len() < MAX_LINGERING {
                waiting.push((stream, Instant::now() + LINGER));
            } // else: dropped, closed at once
        }
        // close(): dropping a connection closes it.
        let now = Instant::now();
        if now >= looked + LOOK_EVERY {
            waiting.retain(|(stream, until)| now < *until && client_still_open(stream));
            looked = now;
        }
    }
}

/// recv() on a non-blocking socket until nothing is left: whether the client has not
/// closed yet. What it sent is dropped, up to 1 MiB at each look; a client that never
/// stops sending is looked at again next time, and let go at its deadline.
fn client_still_open(stream: &TcpStream) -> bool {
    let mut chunk = [0u8; 64 * 1024];
    for _ in 0..16 {
        match (&*stream).read(&mut chunk) {
            Ok(0) => return false,
            Ok(_) => {}
            Err(e) if e.kind() == ErrorKind::WouldBlock => return true,
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(_) => return false,
        }
    }
    true
}
// ANCHOR_END: linger

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::TcpListener;
    use testkit::{connect, read_to_clean_end};

    /// A pair of connected sockets: (the server's side, the client's side, with the
    /// tests' timeouts).
    fn pair() -> (TcpStream, TcpStream) {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let client = connect(listener.local_addr().expect("bound"));
        let (server, _) = listener.accept().expect("accept");
        (server, client)
    }

    #[test]
    fn a_client_whose_request_is_unread_gets_the_answer_and_a_clean_end() {
        let closer = Closer::start().expect("the closing thread");
        let (server, mut client) = pair();
        client.write_all(b"a request never read\n").expect("send");
        // The request is in the server's receive buffer before it answers.
        thread::sleep(Duration::from_millis(50));
        closer.turn_away(server, b"busy\n");
        assert_eq!(read_to_clean_end(&mut client), b"busy\n");
    }

    #[test]
    fn a_client_that_never_closes_is_let_go_after_the_linger_time() {
        let closer = Closer::start().expect("the closing thread");
        let (server, mut client) = pair();
        closer.close(server);
        let started = Instant::now();
        let mut byte = [0u8; 1];
        assert_eq!(client.read(&mut byte).expect("the FIN"), 0);
        // The client never closes; it goes on sending, and is read until the deadline.
        while started.elapsed() < LINGER * 3 {
            if client.write(b"more").is_err() {
                break;
            }
            thread::sleep(Duration::from_millis(50));
        }
        let waited = started.elapsed();
        assert!(
            waited >= LINGER && waited < LINGER * 3,
            "let go after {waited:?}, not after about {LINGER:?}"
        );
    }
}
