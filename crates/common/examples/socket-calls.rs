//! The calls of the tutorials' socket table that no lesson needs, each shown once on
//! loopback: `connect_ex`, `setblocking`, `settimeout`/`gettimeout`, `getsockopt`,
//! `fileno`, `send` beside `sendall`, and `makefile`. The book's cheat sheet includes this code.
//!
//! ```text
//! cargo run -p common --example socket-calls
//! ```

use std::io::{BufWriter, ErrorKind, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::process::ExitCode;
use std::time::Duration;

use common::errors::describe;
use common::framing::{Line, LineReader};
use socket2::SockRef;

fn main() -> ExitCode {
    common::cli::run(show_calls)
}

fn show_calls() -> anyhow::Result<()> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let addr = listener.local_addr()?;
    common::say!("listening on {addr}");

    // ANCHOR: connect_ex
    // connect_ex(): Python returns an error number instead of raising an exception.
    // Rust's connect returns a Result either way; raw_os_error() is that number.
    let closed = TcpListener::bind("127.0.0.1:0")?.local_addr()?; // closed again at once
    match TcpStream::connect(closed) {
        Ok(_) => common::say!("connect_ex({closed}) = 0"),
        Err(e) => common::say!(
            "connect_ex({closed}) = {} ({})",
            e.raw_os_error().unwrap_or(-1),
            describe(&e)
        ),
    }
    // ANCHOR_END: connect_ex

    // ANCHOR: setblocking
    // setblocking(False): calls return at once instead of waiting; "would block" means
    // "nothing yet". setblocking(True) waits again.
    listener.set_nonblocking(true)?;
    match listener.accept() {
        Err(e) if e.kind() == ErrorKind::WouldBlock => {
            common::say!("accept() without a client, non-blocking: would block")
        }
        Err(e) => common::say!("accept() failed: {}", describe(&e)),
        Ok(_) => common::say!("accept() found a client already"),
    }
    listener.set_nonblocking(false)?;
    // ANCHOR_END: setblocking

    let client = TcpStream::connect(addr)?;
    let (server_side, _) = listener.accept()?;

    // ANCHOR: timeouts
    // settimeout(2.5) and gettimeout(): None means "wait forever".
    common::say!("gettimeout() before = {:?}", client.read_timeout()?);
    client.set_read_timeout(Some(Duration::from_millis(2500)))?;
    common::say!(
        "gettimeout() after settimeout(2.5) = {:?}",
        client.read_timeout()?
    );
    // ANCHOR_END: timeouts

    // ANCHOR: getsockopt
    // getsockopt(): read an option back. std has a few (nodelay, ttl); socket2 has them all.
    common::say!(
        "getsockopt(IPPROTO_TCP, TCP_NODELAY) = {}",
        client.nodelay()?
    );
    common::say!("getsockopt(IPPROTO_IP, IP_TTL) = {}", client.ttl()?);
    common::say!(
        "getsockopt(SOL_SOCKET, SO_RCVBUF) = {} bytes",
        SockRef::from(&client).recv_buffer_size()?
    );
    // ANCHOR_END: getsockopt

    // ANCHOR: fileno
    // fileno(): the operating system's number for the socket (Unix; Windows has a SOCKET).
    #[cfg(unix)]
    {
        use std::os::fd::AsRawFd;
        common::say!("fileno() = {}", client.as_raw_fd());
    }
    // ANCHOR_END: fileno

    // ANCHOR: send
    // send() versus sendall(): send() takes what fits in the socket's send buffer and
    // returns how much it took. Here the peer (server_side) never reads, so the buffers
    // fill up: a non-blocking send (or one with a timeout) then takes a part, and the rest
    // is not lost but still ours to send; once the buffer is full it takes nothing at all.
    // sendall() (write_all) calls send() until every byte is taken.
    let big = vec![b'x'; 50_000_000];
    client.set_nonblocking(true)?;
    for attempt in ["send()", "send() again"] {
        match (&client).write(&big) {
            Ok(taken) => common::say!("{attempt} of {} bytes: took {taken}", big.len()),
            Err(e) if e.kind() == ErrorKind::WouldBlock => {
                common::say!("{attempt}: would block, the buffer is full (EAGAIN); took 0")
            }
            Err(e) => common::say!("{attempt} failed: {}", describe(&e)),
        }
    }
    client.set_nonblocking(false)?;
    // ANCHOR_END: send

    // ANCHOR: makefile
    // makefile('w') and makefile('r'): the socket as a buffered file. Writes gather in the
    // buffer until flush(); reads come a line at a time (bounded here, unlike readline()).
    let mut file = BufWriter::new(&server_side);
    writeln!(file, "first line")?;
    writeln!(file, "second line")?;
    file.flush()?;
    drop(file);
    server_side.shutdown(Shutdown::Write)?;
    let mut lines = LineReader::new(&client, 1024);
    while let Some(Line::Text(line)) = lines.read_line()? {
        common::say!("readline() = {:?}", String::from_utf8_lossy(&line));
    }
    // ANCHOR_END: makefile
    Ok(())
}
