//! # threaded-chat server: a chat room, one reader and one writer thread per member
//!
//! The tutorials' two-thread chat lets two people type at the same time. A room lets many.
//! The main thread only accepts connections. Each member gets two threads: a *reader* that
//! turns the member's lines into events for the hub, and a *writer* that sends the member
//! whatever the hub queued for it. The [hub](crate::hub), one thread, owns the list of
//! members and decides who receives what. No socket is shared behind a lock: every socket
//! is read by one thread and written by one thread.
//!
//! The protocol is plain lines, so `nc` and `telnet` are real clients: the first line is
//! your name, then every line is a message. `/who` lists the room, `/nick NAME` renames
//! you, `byebye` leaves.
//!
//! Terminal 1: `cargo run -p threaded-chat -- server`
//!
//! Terminals 2 and 3: `cargo run -p threaded-chat -- client --name alice` (and `bob`)
//!
//! ```text
//! server: listening on 127.0.0.1:7788
//! server: alice joined from 127.0.0.1:51234
//! server: bob joined from 127.0.0.1:51236
//! server: alice: hello
//! ```
//!
//! Also try `nc 127.0.0.1 7788`: type your name, then chat.

use std::io::Write;
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use anyhow::Context;
use clap::Args;
use common::cli::{BindAddrArg, EncodingArg, NarrationArgs, seconds};
use common::errors::{describe, is_timeout, net_error, net_error_line};
use common::framing::LineReader;
use common::narrate::Narrator;
use common::ports::{self, reach_note};
use common::stop::Stop;
use crossbeam_channel::{Receiver, Sender, bounded};

use crate::hub::{self, Event, MAX_LINE};

/// Lines waiting for one member's writer: enough for a busy room's bursts. A member whose
/// queue is full anyway is too slow to keep up and is disconnected, so that the room never
/// waits for anyone. (The lines themselves are shared by all queues, not copied.)
pub const OUTBOX_LINES: usize = 8192;
/// The most bytes a writer gathers from its queue into one send.
const BATCH_BYTES: usize = 64 * 1024;
/// Events waiting for the hub. A full queue makes readers wait: TCP then slows the senders.
const EVENT_QUEUE: usize = 1024;
/// How long a writer may be stuck sending to one member.
const WRITE_TIMEOUT: Duration = Duration::from_secs(5);

#[derive(Args, Debug)]
pub struct ServerArgs {
    #[command(flatten)]
    pub addr: BindAddrArg,
    /// Seconds a new connection has to send its first line (a name); then it is closed
    #[arg(long, value_name = "SECS", value_parser = seconds, default_value = "60")]
    pub join_timeout: Duration,
    #[command(flatten)]
    pub encoding: EncodingArg,
    #[command(flatten)]
    pub narration: NarrationArgs,
}

/// `threaded-chat server`: listen, then run the room until Ctrl-C or SIGTERM.
pub fn run(args: ServerArgs) -> anyhow::Result<()> {
    let addr = args.addr.resolve(ports::THREADED_CHAT)?;
    // socket(), bind(), listen(): as in lesson 1, in one call.
    let listener = TcpListener::bind(addr).map_err(|e| net_error("bind", addr, e))?;
    // Ctrl-C or SIGTERM: set the stop flag, and wake accept() by connecting once.
    let stop = Stop::waking_listener(&listener)?;
    let narrator = Narrator::new("server", &args.narration, args.encoding.encoding);
    serve(listener, args.join_timeout, &narrator, &stop)
}

// ANCHOR: serve
/// Run the room on an already listening socket until `stop` is requested.
pub fn serve(
    listener: TcpListener,
    join_timeout: Duration,
    narrator: &Narrator,
    stop: &Stop,
) -> anyhow::Result<()> {
    let local = listener
        .local_addr()
        .context("cannot read the listening address")?;
    narrator.step(format!("listening on {local}"));
    narrator.step(reach_note(local));

    let (events, inbox) = bounded(EVENT_QUEUE);
    let hub_narrator = narrator.clone();
    let hub = thread::Builder::new()
        .name("hub".into())
        .spawn(move || hub::run(inbox, &hub_narrator))
        .context("cannot start the hub thread")?;

    let mut next_id = 0;
    // accept(), again and again: each connection gets its own two threads.
    for connection in listener.incoming() {
        if stop.requested() {
            break;
        }
        match connection {
            Ok(stream) => {
                next_id += 1;
                if let Err(e) = start_member(stream, next_id, join_timeout, &events, narrator) {
                    narrator.step(format!("cannot start a member's threads: {e:#}"));
                }
            }
            Err(e) => {
                narrator.step(net_error_line("accept a connection on", local, &e));
                thread::sleep(Duration::from_millis(100));
            }
        }
    }
    // Tell the hub; it says goodbye to everyone and waits for their writers.
    let _ = events.send(Event::Stop);
    let _ = hub.join();
    narrator.step("stopped");
    Ok(())
}
// ANCHOR_END: serve

// ANCHOR: start_member
/// Give a new connection its writer thread and its reader thread, and tell the hub.
fn start_member(
    stream: TcpStream,
    id: u64,
    join_timeout: Duration,
    events: &Sender<Event>,
    narrator: &Narrator,
) -> anyhow::Result<()> {
    let peer = stream
        .peer_addr()
        .context("cannot read the peer's address")?;
    let (outbox, queue) = bounded(OUTBOX_LINES);
    let to_write = stream.try_clone().context("cannot clone the socket")?;
    to_write
        .set_write_timeout(Some(WRITE_TIMEOUT))
        .context("cannot set the write timeout")?;
    let write_narrator = narrator.clone();
    let writer = thread::Builder::new()
        .name(format!("writer {peer}"))
        .spawn(move || write_lines(&to_write, peer, queue, &write_narrator))
        .context("cannot start a writer thread")?;
    let hub_handle = stream.try_clone().context("cannot clone the socket")?;
    // Until its first line, a connection has --join-timeout to speak; then none: members
    // may stay quiet as long as they like.
    stream
        .set_read_timeout(Some(join_timeout))
        .context("cannot set the read timeout")?;
    // The hub hears of the member before its reader can send it a single line.
    events
        .send(Event::Connected {
            id,
            peer,
            outbox,
            stream: hub_handle,
            writer,
        })
        .context("the hub has stopped")?;
    let (events, read_narrator) = (events.clone(), narrator.clone());
    thread::Builder::new()
        .name(format!("reader {peer}"))
        .spawn(move || read_lines(&stream, peer, id, &events, &read_narrator))
        .context("cannot start a reader thread")?;
    Ok(())
}
// ANCHOR_END: start_member

// ANCHOR: reader
/// The reader thread: every line from the member becomes an event for the hub.
fn read_lines(
    stream: &TcpStream,
    peer: SocketAddr,
    id: u64,
    events: &Sender<Event>,
    narrator: &Narrator,
) {
    let mut lines = LineReader::new(narrator.traced(stream, peer), MAX_LINE);
    let mut first = true;
    let why = loop {
        match lines.read_line() {
            Ok(Some(line)) => {
                if std::mem::take(&mut first) && stream.set_read_timeout(None).is_err() {
                    break "connection lost: cannot clear its timeout".to_string();
                }
                if events.send(Event::Line { id, line }).is_err() {
                    return; // the hub has stopped
                }
            }
            Ok(None) => break "left".to_string(),
            Err(e) if first && is_timeout(&e) => break "sent nothing in time".to_string(),
            Err(e) => break format!("connection lost: {}", describe(&e)),
        }
    };
    let _ = events.send(Event::Gone { id, why });
}
// ANCHOR_END: reader

// ANCHOR: writer
/// The writer thread: send the member every line the hub queues for it. When the hub
/// drops the queue (the member left, was too slow, or the server stops), close the socket.
fn write_lines(
    stream: &TcpStream,
    peer: SocketAddr,
    queue: Receiver<Arc<[u8]>>,
    narrator: &Narrator,
) {
    let mut traced = narrator.traced(stream, peer);
    let mut batch = Vec::with_capacity(BATCH_BYTES);
    for line in queue.iter() {
        // Whatever else is already queued goes out in the same send: one system call for
        // many lines when the room is busy.
        batch.extend_from_slice(&line);
        while batch.len() < BATCH_BYTES {
            let Ok(more) = queue.try_recv() else { break };
            batch.extend_from_slice(&more);
        }
        // sendall(): a slow member blocks only this thread, never the room.
        if traced.write_all(&batch).is_err() {
            break;
        }
        batch.clear();
    }
    let _ = stream.shutdown(Shutdown::Both);
}
// ANCHOR_END: writer
