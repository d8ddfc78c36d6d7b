//! # nonblocking: the event loop under gevent and tokio, written out by hand
//!
//! One thread serves many connections without waiting on any of them: every socket is
//! non-blocking (Python's `setblocking(False)`), so `accept()` and `recv()` return at
//! once, with "would block" when there is nothing yet; and one `epoll_wait` call sleeps
//! until some socket is ready. gevent's hub (libev) and tokio (mio) run this same loop
//! for you; here it is in the open, answering each request with one line of text.
//!
//! Terminal 1: `cargo run -p http-hello --example nonblocking`
//!
//! Terminal 2: `curl http://127.0.0.1:8081/` (twice, or from two terminals at once)
//!
//! Under `strace -f -e trace=accept4,recvfrom,sendto,epoll_pwait` you see the calls
//! themselves, `EAGAIN` included; the book's async chapter shows a run. Linux only
//! (epoll is Linux's readiness call; BSD and macOS have kqueue).

use std::process::ExitCode;

fn main() -> ExitCode {
    common::cli::run(linux::run)
}

#[cfg(not(target_os = "linux"))]
mod linux {
    pub fn run() -> anyhow::Result<()> {
        anyhow::bail!("this example uses epoll, which only Linux has")
    }
}

#[cfg(target_os = "linux")]
mod linux {
    use std::collections::HashMap;
    use std::io::{ErrorKind, Read, Write};
    use std::net::{TcpListener, TcpStream};

    use clap::Parser;
    use common::cli::BindAddrArg;
    use common::errors::net_error;
    use common::say;
    use rustix::buffer::spare_capacity;
    use rustix::event::epoll;

    /// The key under which epoll reports the listening socket; connections get 1, 2, ...
    const LISTENER: u64 = 0;

    /// An event loop by hand: non-blocking sockets and epoll
    #[derive(Parser)]
    struct Args {
        #[command(flatten)]
        addr: BindAddrArg,
        /// Stop once this many connections are done (0: never)
        #[arg(long, default_value_t = 0)]
        connections: u64,
    }

    /// A connection the loop is serving, and what it has sent so far.
    struct Client {
        stream: TcpStream,
        received: Vec<u8>,
    }

    // ANCHOR: setup
    pub fn run() -> anyhow::Result<()> {
        let args = Args::parse();
        let addr = args.addr.resolve(common::ports::HTTP_HELLO + 1)?;
        // socket(), bind(), listen(), then setblocking(False).
        let listener = TcpListener::bind(addr).map_err(|e| net_error("bind", addr, e))?;
        listener.set_nonblocking(true)?;
        say!("nonblocking: listening on {}", listener.local_addr()?);
        // accept() now returns at once: with nobody waiting, it "would block".
        if let Err(e) = listener.accept() {
            if e.kind() == ErrorKind::WouldBlock {
                say!("nonblocking: accept() with nobody waiting: would block (EAGAIN)");
            }
        }
        // epoll_create1(), then epoll_ctl(ADD): "wake me when the listener is readable".
        let epoll = epoll::create(epoll::CreateFlags::CLOEXEC)?;
        let key = epoll::EventData::new_u64(LISTENER);
        epoll::add(&epoll, &listener, key, epoll::EventFlags::IN)?;
        event_loop(&epoll, &listener, args.connections)
    }
    // ANCHOR_END: setup

    // ANCHOR: event_loop
    /// Sleep in epoll_wait until sockets are ready, then do what each one allows
    /// without waiting, and sleep again.
    fn event_loop(
        epoll: &rustix::fd::OwnedFd,
        listener: &TcpListener,
        stop_after: u64,
    ) -> anyhow::Result<()> {
        let mut clients: HashMap<u64, Client> = HashMap::new();
        let (mut next_key, mut done) = (LISTENER + 1, 0);
        let mut ready = Vec::with_capacity(64);
        while stop_after == 0 || done < stop_after {
            // epoll_wait(): the one place this thread sleeps.
            epoll::wait(epoll, spare_capacity(&mut ready), None)?;
            say!("nonblocking: epoll_wait: {} socket(s) ready", ready.len());
            for event in ready.drain(..) {
                let key = event.data.u64();
                if key == LISTENER {
                    accept_all(epoll, listener, &mut clients, &mut next_key)?;
                } else if let Some(client) = clients.get_mut(&key) {
                    if read_some(key, client) {
                        answer(key, client);
                        if let Some(client) = clients.remove(&key) {
                            epoll::delete(epoll, &client.stream)?; // then close()
                            done += 1;
                        }
                    }
                }
            }
        }
        say!("nonblocking: {done} connection(s) done, stopping");
        Ok(())
    }
    // ANCHOR_END: event_loop

    // ANCHOR: accept_all
    /// accept() until it would block: every connection that is waiting, and no more.
    fn accept_all(
        epoll: &rustix::fd::OwnedFd,
        listener: &TcpListener,
        clients: &mut HashMap<u64, Client>,
        next_key: &mut u64,
    ) -> anyhow::Result<()> {
        loop {
            match listener.accept() {
                Ok((stream, peer)) => {
                    stream.set_nonblocking(true)?; // setblocking(False) for this one too
                    let key = *next_key;
                    *next_key += 1;
                    let data = epoll::EventData::new_u64(key);
                    epoll::add(epoll, &stream, data, epoll::EventFlags::IN)?;
                    say!("nonblocking: accept(): connection {key} from {peer}");
                    let received = Vec::new();
                    clients.insert(key, Client { stream, received });
                }
                Err(e) if e.kind() == ErrorKind::WouldBlock => {
                    say!("nonblocking: accept(): would block, back to epoll_wait");
                    return Ok(());
                }
                Err(e) => return Err(e.into()),
            }
        }
    }
    // ANCHOR_END: accept_all

    // ANCHOR: read_some
    /// recv() until it would block. Whether this connection is done: its head has
    /// arrived, it closed, or it failed.
    fn read_some(key: u64, client: &mut Client) -> bool {
        let mut chunk = [0u8; 4096];
        loop {
            match client.stream.read(&mut chunk) {
                Ok(0) => return true, // the peer closed
                Ok(n) => {
                    let got = common::narrate::count(n, "byte", "bytes");
                    say!("nonblocking: recv(): {got} from connection {key}");
                    client.received.extend_from_slice(&chunk[..n]);
                    if client.received.windows(4).any(|w| w == b"\r\n\r\n") {
                        return true;
                    }
                }
                Err(e) if e.kind() == ErrorKind::WouldBlock => {
                    say!("nonblocking: recv(): would block, the rest is not here yet");
                    return false;
                }
                Err(_) => return true,
            }
        }
    }
    // ANCHOR_END: read_some

    /// Answer a whole request head with one line of text.
    fn answer(key: u64, client: &mut Client) {
        if !client.received.windows(4).any(|w| w == b"\r\n\r\n") {
            return say!("nonblocking: connection {key} closed before its request ended");
        }
        let body = format!("hello from an event loop, connection {key}\n");
        let response = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {}\r\n\
             Connection: close\r\n\r\n{body}",
            body.len()
        );
        // send(): a short answer fits in the socket's send buffer. A large one could
        // "would block" here too, and a real loop would wait for EPOLLOUT to go on.
        match client.stream.write_all(response.as_bytes()) {
            Ok(()) => say!("nonblocking: send(): answered connection {key}, closing it"),
            Err(e) => say!("nonblocking: send() to connection {key} failed: {e}"),
        }
    }
}
