//! # The tasks: one tokio task per connection, as the tutorial's `gevent.spawn`
//!
//! The tutorial serves many browsers at once with gevent: `monkey.patch_all()`, then
//! `gevent.spawn(handle_client, socket)` for every accepted connection, a coroutine per
//! client. Here each connection gets a tokio task, spawned with `tokio::spawn`: about
//! 1.5 KiB of memory where a thread needs a stack of its own, so ten thousand idle
//! keep-alive connections fit in under 20 MiB, and no one waits for a free worker. Under
//! the tasks, every socket is non-blocking and one `epoll_wait` tells the runtime which
//! task can go on (the book's async chapter shows the system calls).
//!
//! The protocol is the pool's, byte for byte ([`crate::exchange`]); only the way the
//! connections are driven differs. Past `--max-connections` a new connection is answered
//! `503` and closed.
//!
//! Terminal 1: `cargo run -p http-hello -- --model async`
//!
//! (another port: `cargo run -p http-hello -- 127.0.0.1:8081 --model async`)
//!
//! Terminal 2: `curl -i "http://127.0.0.1:8080/hello?name=Ada"`
//!
//! The output to expect is in the book's chapter "From gevent to async Rust". Python's
//! `http.client`, nc and a browser work too.

use std::io::{self, ErrorKind};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;

use anyhow::Context;
use common::closing::Closer;
use common::errors::net_error_line;
use common::narrate::{Narrator, count};
use common::ports::reach_note;
use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore, watch};
use tokio::time::{Duration, sleep, timeout_at};

use crate::connection::Limits;
use crate::exchange::{self, Answer, Protocol, Scan, Step};
use crate::server::ServerArgs;

/// Open files the server needs besides its connections: the listener, epoll, stdio, and
/// the connections its closing thread may hold.
const RESERVED_FILES: u64 = 32 + common::closing::MAX_HELD as u64;

/// What every connection's task reads.
struct Shared {
    narrator: Narrator,
    limits: Limits,
    protocol: Protocol,
    /// The thread that closes a connection after its last answer (see common's closing.rs).
    closer: Closer,
}

// ANCHOR: runtime
/// Run the tasks on an already listening socket until Ctrl-C or SIGTERM.
pub fn serve(
    listener: std::net::TcpListener,
    args: &ServerArgs,
    narrator: &Narrator,
) -> anyhow::Result<()> {
    // The event loop, gevent's hub: one thread that waits in epoll_wait and runs every
    // task that can go on, in turn. Measured on a 2-core machine against wrk on loopback,
    // one thread served as many requests per second as tokio's two-thread runtime (wrk
    // needs the other core), and far more evenly: at 10,000 connections the slowest 1%
    // waited 0.19 s here and 0.84 s with two threads, where tasks that other tasks kept
    // busy were served late. On a machine with many cores, new_multi_thread spreads the
    // tasks over them: measure before you choose.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .enable_time()
        .build()
        .context("cannot start the tokio runtime")?;
    runtime.block_on(accept_loop(listener, args, narrator))
}
// ANCHOR_END: runtime

// ANCHOR: accept_loop
/// Accept connections and spawn a task for each, until a stop is asked for; then wait
/// for every task to finish what it is answering.
async fn accept_loop(
    listener: std::net::TcpListener,
    args: &ServerArgs,
    narrator: &Narrator,
) -> anyhow::Result<()> {
    // setblocking(False): the runtime's sockets never block; epoll says when to go on.
    listener.set_nonblocking(true)?;
    let listener = TcpListener::from_std(listener)?;
    let local = listener.local_addr()?;
    narrator.step(format!("listening on {local}"));
    // As many connections as asked for, and as the open-file limit leaves room for.
    let max = room_for(args.max_connections, narrator);
    narrator.step(format!(
        "one task per connection, at most {}; {}",
        count(max, "connection", "connections"),
        reach_note(local)
    ));
    let stopping = stop_on_signal()?;
    let shared = Arc::new(Shared {
        narrator: narrator.clone(),
        limits: Limits {
            idle: args.idle,
            head: args.head_timeout,
            send: args.send_timeout,
        },
        protocol: Protocol {
            demo_panic: args.demo_panic,
        },
        closer: Closer::start().context("cannot start the closing thread")?,
    });
    // A permit per connection: when none is left, the next one is turned away.
    let permits = Arc::new(Semaphore::new(max as usize));
    let mut stop = stopping.clone();
    loop {
        // accept(), or the stop signal, whichever comes first.
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            _ = stop.changed() => break,
        };
        match accepted {
            Ok((stream, peer)) => match permits.clone().try_acquire_owned() {
                // gevent.spawn(handle_client, socket): a task, not a thread.
                Ok(permit) => {
                    let task = connection(stream, peer, shared.clone(), stopping.clone(), permit);
                    tokio::spawn(task);
                }
                Err(_) => turn_away(stream, peer, max, &shared),
            },
            Err(e) => {
                // Out of open files (EMFILE) most likely: wait for a connection to end.
                narrator.step(net_error_line("accept a connection on", local, &e));
                sleep(Duration::from_millis(100)).await;
            }
        }
    }
    // close() the listener, then wait until every task has given its permit back.
    drop(listener);
    narrator.step("stopping: no new connections, the requests in flight are finished");
    let _all = permits.acquire_many(max).await;
    narrator.step("stopped");
    Ok(())
}
// ANCHOR_END: accept_loop

/// Raise the open-file limit as far as the system lets a program: every connection is
/// one open file. When that is still fewer than `max` connections need, say so, and
/// take fewer: past them a client is answered 503 rather than left unaccepted.
fn room_for(max: u32, narrator: &Narrator) -> u32 {
    let wanted = u64::from(max) + RESERVED_FILES;
    match rlimit::increase_nofile_limit(u64::MAX) {
        Ok(limit) if limit < wanted => {
            let room = limit.saturating_sub(RESERVED_FILES).max(1);
            narrator.step(format!(
                "the system allows {limit} open files, so at most {}, not \
                 {max}: raise the limit first (`ulimit -n {wanted}`, or the hard limit in \
                 /etc/security/limits.conf), or lower --max-connections",
                count(room, "connection", "connections")
            ));
            u32::try_from(room).unwrap_or(max)
        }
        Ok(_) => max,
        Err(e) => {
            narrator.step(format!("cannot raise the open-file limit: {e}"));
            max
        }
    }
}

/// Ctrl-C or SIGTERM: tell every task, through a watch channel, that the server stops.
fn stop_on_signal() -> anyhow::Result<watch::Receiver<bool>> {
    let (tell, stopping) = watch::channel(false);
    #[cfg(unix)]
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        .context("cannot listen for SIGTERM")?;
    tokio::spawn(async move {
        #[cfg(unix)]
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
        #[cfg(not(unix))]
        let _ = tokio::signal::ctrl_c().await;
        let _ = tell.send(true);
    });
    Ok(stopping)
}

/// Answer 503 and close: `--max-connections` are open already. The closing thread, not a
/// task, waits for the client to close: a task would need one of the permits.
fn turn_away(stream: TcpStream, peer: SocketAddr, max: u32, shared: &Shared) {
    // into_std(): out of the runtime's hands, a plain socket again.
    if let Ok(stream) = stream.into_std() {
        shared.closer.turn_away(stream, &exchange::busy());
    }
    shared.narrator.step(format!(
        "{peer} turned away with 503: {} open (--max-connections)",
        count(max, "connection", "connections")
    ));
}

// ANCHOR: connection
/// One connection's task: read a head, answer it, again while the connection is kept
/// alive. The permit goes back to the accept loop when the task ends.
async fn connection(
    mut stream: TcpStream,
    peer: SocketAddr,
    shared: Arc<Shared>,
    mut stopping: watch::Receiver<bool>,
    _permit: OwnedSemaphorePermit,
) {
    let narrator = &shared.narrator;
    let mut received = Vec::new();
    loop {
        let started = Instant::now();
        // recv() until a whole head is here; the protocol parses, routes and answers it.
        let next = next_answer(&stream, peer, &mut received, &shared, &mut stopping);
        let Some(answer) = next.await else {
            return; // closed by the client, idle too long, or the server stops
        };
        // sendall(), with a deadline: a client that never reads cannot hold the task.
        if !send(&mut stream, peer, &answer.bytes, &shared).await {
            return;
        }
        if narrator.messages_on() {
            narrator.message(answer.log_line(peer, started.elapsed()));
        }
        received.drain(..answer.consumed);
        if answer.close {
            // shutdown(SHUT_WR), then close once the client has, on the closing thread:
            // the permit goes back now, and a stop does not wait for this client.
            if let Ok(stream) = stream.into_std() {
                shared.closer.close(stream);
            }
            return;
        }
    }
}
// ANCHOR_END: connection

// ANCHOR: send
/// sendall() with a deadline for the whole response, not for each write: a client that
/// reads a byte now and then still cannot hold this task longer than the limit.
async fn send(stream: &mut TcpStream, peer: SocketAddr, bytes: &[u8], shared: &Shared) -> bool {
    let limit = shared.limits.send;
    let deadline = Instant::now() + limit;
    let mut sent = 0;
    while sent < bytes.len() {
        match timeout_at(deadline.into(), stream.write(&bytes[sent..])).await {
            Ok(Ok(0)) | Ok(Err(_)) => return false,
            Ok(Ok(n)) => sent += n,
            Err(_) => {
                shared.narrator.step(format!(
                    "{peer} did not take its response within {} s ({sent} of {} bytes \
                     sent): connection closed",
                    limit.as_secs_f64(),
                    bytes.len()
                ));
                return false;
            }
        }
    }
    shared.narrator.trace_sent(peer, bytes);
    true
}
// ANCHOR_END: send

// ANCHOR: next_answer
/// Read until the protocol has an answer. The idle wait ends on a stop; once a head has
/// begun it has a total deadline, and then the answer is 408. `None`: nothing to answer.
async fn next_answer(
    stream: &TcpStream,
    peer: SocketAddr,
    received: &mut Vec<u8>,
    shared: &Shared,
    stopping: &mut watch::Receiver<bool>,
) -> Option<Answer> {
    let limits = shared.limits;
    let idle_until = Instant::now() + limits.idle;
    let mut head_until = None;
    let mut scan = Scan::default();
    loop {
        match shared.protocol.step(received, scan, *stopping.borrow()) {
            Step::Answer(answer) => return Some(answer),
            Step::More(more) => scan = more,
        }
        // The head has begun: from now on a slow client has a deadline, idle or not.
        if !received.is_empty() && head_until.is_none() {
            head_until = Some(Instant::now() + limits.head);
        }
        let idle = head_until.is_none();
        if idle && *stopping.borrow() {
            return None;
        }
        let deadline = head_until.unwrap_or(idle_until);
        let read = tokio::select! {
            read = timeout_at(deadline.into(), read_some(stream, received)) => read,
            _ = stopping.changed(), if idle => return None,
        };
        match read {
            Ok(Ok(0)) | Ok(Err(_)) => return None,
            Ok(Ok(n)) => {
                shared
                    .narrator
                    .trace_received(peer, &received[received.len() - n..]);
            }
            Err(_) if idle => return None,
            Err(_) => return Some(shared.protocol.timed_out(received)),
        }
    }
}
// ANCHOR_END: next_answer

// ANCHOR: read_some
/// recv(4096), the async way: wait until epoll says the socket is readable, then read
/// what is there without blocking. The buffer lives only during the read, so an idle
/// connection holds none.
async fn read_some(stream: &TcpStream, received: &mut Vec<u8>) -> io::Result<usize> {
    loop {
        stream.readable().await?;
        let mut chunk = [0u8; 4096];
        match stream.try_read(&mut chunk) {
            Ok(n) => {
                received.extend_from_slice(&chunk[..n]);
                return Ok(n);
            }
            // Readiness can be stale (another reader, a spurious wake-up): wait again.
            Err(e) if e.kind() == ErrorKind::WouldBlock => continue,
            Err(e) => return Err(e),
        }
    }
}
// ANCHOR_END: read_some

#[cfg(test)]
mod tests {
    use super::*;

    /// What one connection costs the async model is the size of its task's state: every
    /// variable that lives across an `.await`. A buffer held across one (a 4 KiB drain
    /// buffer did, once) would show here, in every idle connection.
    #[test]
    fn a_connection_task_stays_small() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        runtime.block_on(async {
            let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
            let addr = listener.local_addr().expect("bound");
            let _client = TcpStream::connect(addr).await.expect("connect");
            let (stream, peer) = listener.accept().await.expect("accept");
            let shared = Arc::new(Shared {
                narrator: Narrator::new("server", &Default::default(), Default::default()),
                limits: Limits {
                    idle: Duration::from_secs(5),
                    head: Duration::from_secs(10),
                    send: Duration::from_secs(10),
                },
                protocol: Protocol { demo_panic: false },
                closer: Closer::start().expect("the closing thread"),
            });
            let (_stop, stopping) = watch::channel(false);
            let permit = Arc::new(Semaphore::new(1))
                .try_acquire_owned()
                .expect("a permit");
            let task = connection(stream, peer, shared, stopping, permit);
            let size = std::mem::size_of_val(&task);
            assert!(size <= 2048, "a connection task holds {size} bytes");
        });
    }
}
