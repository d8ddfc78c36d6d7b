//! # The pool: a fixed number of worker threads and a bounded queue
//!
//! The tutorial serves many browsers at once with gevent coroutines, one per connection
//! (`--model async` is their Rust counterpart; the book's chapter "From gevent to async
//! Rust" compares the two). The Rust Book's last chapter builds its web server on a thread
//! pool instead, and lists what it leaves out: keep-alive, reading the whole request head,
//! time limits, surviving a panic. This one has them all, still in a few small files.
//!
//! The main thread accepts connections and puts them in a bounded queue; a fixed number of
//! worker threads take them out and serve every request on them. When the queue is full,
//! the new connection is answered `503` at once, rather than left waiting without end.
//!
//! This is `--model pool`, the default.
//!
//! Terminal 1: `cargo run -p http-hello` (another port: `cargo run -p http-hello --
//! 127.0.0.1:8081`)
//!
//! Terminal 2: `curl -i "http://127.0.0.1:8080/hello?name=Ada"`
//!
//! The output to expect is in the book's chapter (lesson 7). Python's `http.client`, nc
//! with a request typed by hand, and a browser work too.

use std::io::Write;
use std::net::{TcpListener, TcpStream};
use std::thread;
use std::time::Duration;

use anyhow::Context;
use common::closing::Closer;
use common::errors::net_error_line;
use common::narrate::{Narrator, count};
use common::ports::reach_note;
use common::stop::Stop;
use crossbeam_channel::{Receiver, TrySendError, bounded};

use crate::connection::{self, Limits};
use crate::exchange::{self, Protocol};
use crate::server::ServerArgs;

/// Worker threads are small: a handler needs little stack.
const WORKER_STACK: usize = 256 * 1024;

// ANCHOR: serve
/// Run the pool on an already listening socket until `stop` is requested.
pub fn serve(
    listener: TcpListener,
    args: &ServerArgs,
    narrator: &Narrator,
    stop: &Stop,
) -> anyhow::Result<()> {
    // getsockname(): the address really bound, announced as the first line.
    let local = narrator.listening(&listener)?;
    narrator.step(format!(
        "{}, a queue of {}; {}",
        count(args.threads, "worker", "workers"),
        count(args.queue, "connection", "connections"),
        reach_note(local)
    ));
    let limits = Limits {
        idle: args.idle,
        head: args.head_timeout,
        send: args.send_timeout,
    };
    let protocol = Protocol {
        demo_panic: args.demo_panic,
    };

    // One thread closes the connections that had their last answer, for every worker
    // and for the accept loop: see common's closing.rs.
    let closer = Closer::start().context("cannot start the closing thread")?;
    // The pool: every worker takes connections from the same queue.
    let (queue, waiting) = bounded::<TcpStream>(args.queue as usize);
    let workers = (0..args.threads)
        .map(|n| {
            let (waiting, narrator, stop) = (waiting.clone(), narrator.clone(), stop.clone());
            let closer = closer.clone();
            thread::Builder::new()
                .name(format!("worker {n}"))
                .stack_size(WORKER_STACK)
                .spawn(move || work(&waiting, limits, protocol, &narrator, &stop, &closer))
        })
        .collect::<Result<Vec<_>, _>>()
        .context("cannot start the worker threads")?;

    for connection in listener.incoming() {
        if stop.requested() {
            break;
        }
        match connection {
            // A full queue: say so at once, rather than let the client wait without end.
            Ok(stream) => match queue.try_send(stream) {
                Ok(()) => {}
                Err(TrySendError::Full(stream)) => turn_away(stream, &closer, args, narrator),
                Err(TrySendError::Disconnected(_)) => break,
            },
            Err(e) => {
                narrator.step(net_error_line("accept a connection on", local, &e));
                thread::sleep(Duration::from_millis(100));
            }
        }
    }
    // Stop accepting (close the listening socket); the workers finish what they have,
    // then find the queue closed.
    drop(listener);
    narrator.step("stopping: no new connections, the requests in flight are finished");
    drop(queue);
    for worker in workers {
        let _ = worker.join();
    }
    narrator.step("stopped");
    Ok(())
}
// ANCHOR_END: serve

// ANCHOR: work
/// A worker: serve one connection after another, until the queue closes.
fn work(
    waiting: &Receiver<TcpStream>,
    limits: Limits,
    protocol: Protocol,
    narrator: &Narrator,
    stop: &Stop,
    closer: &Closer,
) {
    for stream in waiting.iter() {
        connection::serve(stream, limits, protocol, narrator, stop, closer);
    }
}
// ANCHOR_END: work

/// A panic in a handler is a bug in the page, not in the server: report it in one line
/// (which thread, what, where) instead of a backtrace; the request gets a 500.
pub fn quiet_panics() {
    std::panic::set_hook(Box::new(|info| {
        let what = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic".to_string());
        let place = info
            .location()
            .map_or(String::new(), |l| format!(" at {}:{}", l.file(), l.line()));
        let thread = thread::current().name().unwrap_or("a thread").to_string();
        let _ = writeln!(
            std::io::stderr(),
            "server: {thread} panicked{place}: {what}; that request gets a 500, the server goes on"
        );
    }));
}

/// Answer 503 and close: every worker is busy and the queue is full. The accept loop does
/// not wait: the closing thread waits for the client to close.
fn turn_away(stream: TcpStream, closer: &Closer, args: &ServerArgs, narrator: &Narrator) {
    let peer = stream
        .peer_addr()
        .map_or("a client".to_string(), |p| p.to_string());
    closer.turn_away(stream, &exchange::busy());
    narrator.step(format!(
        "{peer} turned away with 503: {} busy, {} waiting",
        count(args.threads, "worker", "workers"),
        count(args.queue, "connection", "connections"),
    ));
}
