//! # threaded-chat server: a chat room, one reader and one writer thread per member
//!
//! The tutorials' two-thread chat lets two people type at the same time. A room lets many.
//! The main thread only accepts connections. Each member gets two threads: a *reader* that
//! turns the member's lines into events for the hub, and a *writer* that sends the member
//! whatever the hub queued for it. The [hub], one thread, owns the list of
//! members and decides who receives what. No socket is shared behind a lock: every socket
//! is read by one thread and written by one thread.
//!
//! The protocol is plain lines, so `nc` and `telnet` are real clients: the first line is
//! your name, then every line is a message. `/who` lists the room, `/nick NAME` renames
//! you, `byebye` leaves.
//!
//! The room holds against unfriendly members too: at most `--max-clients` connections
//! (the next one is told `* the room is full (100 members), try again later` and closed),
//! so threads never grow past twice that; a name must arrive whole within `--join-timeout`,
//! however slowly it is dribbled; a member that stops reading is let go after
//! `--write-timeout`; control characters reach nobody raw.
//!
//! Terminal 1: `cargo run -p threaded-chat -- server`
//!
//! Terminals 2 and 3: `cargo run -p threaded-chat -- client 7788 --name alice` (and `bob`)
//!
//! What both print is in the book's chapter (docs/src/threaded-chat.md), from a tested run.
//!
//! Also try `nc 127.0.0.1 7788`: type your name, then chat.

use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::Args;
use common::cli::{BindAddrArg, EncodingArg, NarrationArgs, seconds};
use common::closing::Closer;
use common::errors::{describe, is_timeout, net_error_line, tcp_bind_error};
use common::framing::LineReader;
use common::narrate::{Narrator, Traced, count};
use common::ports::{self, reach_note};
use common::stop::Stop;
use crossbeam_channel::{Receiver, Sender, bounded};

use crate::hub::{self, Event, MAX_LINE, Why};

/// Lines waiting for one member's writer: enough for a busy room's bursts. A member whose
/// queue is full anyway is too slow to keep up and is disconnected, so that the room never
/// waits for anyone. (The lines themselves are shared by all queues, not copied.)
pub const OUTBOX_LINES: usize = 8192;
/// The most bytes a writer gathers from its queue into one send.
const BATCH_BYTES: usize = 64 * 1024;
/// Events waiting for the hub. A full queue makes readers wait: TCP then slows the senders.
const EVENT_QUEUE: usize = 1024;

#[derive(Args, Debug)]
pub struct ServerArgs {
    #[command(flatten)]
    pub addr: BindAddrArg,
    /// Seconds a new connection has to send its name, in total; then it is closed
    #[arg(long, value_name = "SECS", value_parser = seconds, default_value = "60")]
    pub join_timeout: Duration,
    /// Seconds a member may leave what we send it unread before it is let go
    #[arg(long, value_name = "SECS", value_parser = seconds, default_value = "10")]
    pub write_timeout: Duration,
    /// The most connections at once; the next one is told the room is full
    #[arg(long, value_name = "N", default_value_t = 100,
          value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub max_clients: u32,
    #[command(flatten)]
    pub encoding: EncodingArg,
    #[command(flatten)]
    pub narration: NarrationArgs,
}

/// The room's limits: what one member, or a crowd, may cost the server.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// The whole time a connection has to give its name.
    pub join: Duration,
    /// The whole time one batch of lines may take to reach a member.
    pub write: Duration,
    /// The most connections at once (each holds two threads).
    pub max_clients: usize,
}

/// `threaded-chat server`: listen, then run the room until Ctrl-C or SIGTERM.
pub fn run(args: ServerArgs) -> anyhow::Result<()> {
    let addr = args.addr.resolve(ports::THREADED_CHAT)?;
    // socket(), bind(), listen(): as in lesson 1, in one call.
    let listener = TcpListener::bind(addr).map_err(|e| tcp_bind_error(addr, e))?;
    // Ctrl-C or SIGTERM: set the stop flag, and wake accept() by connecting once.
    let stop = Stop::waking_listener(&listener)?;
    let narrator = Narrator::new("server", &args.narration, args.encoding.encoding);
    let limits = Limits {
        join: args.join_timeout,
        write: args.write_timeout,
        max_clients: args.max_clients as usize,
    };
    serve(listener, limits, &narrator, &stop)
}

// ANCHOR: serve
/// Run the room on an already listening socket until `stop` is requested.
pub fn serve(
    listener: TcpListener,
    limits: Limits,
    narrator: &Narrator,
    stop: &Stop,
) -> anyhow::Result<()> {
    // getsockname(): the address really bound, announced as the first line.
    let local = narrator.listening(&listener)?;
    narrator.step(reach_note(local));

    let (events, inbox) = bounded(EVENT_QUEUE);
    let hub_narrator = narrator.clone();
    let hub = thread::Builder::new()
        .name("hub".into())
        .spawn(move || hub::run(inbox, &hub_narrator))
        .context("cannot start the hub thread")?;

    let seats = Seats::new(limits.max_clients);
    let closer = Closer::start().context("cannot start the closing thread")?;
    let mut next_id = 0;
    // accept(), again and again: each connection gets its own two threads, if a seat is free.
    for connection in listener.incoming() {
        if stop.requested() {
            break;
        }
        match connection {
            Ok(stream) => match seats.take() {
                Some(seat) => {
                    next_id += 1;
                    let member = (stream, next_id, seat);
                    if let Err(e) = start_member(member, limits, &events, narrator) {
                        narrator.step(format!("cannot start a member's threads: {e:#}"));
                    }
                }
                None => turn_away(stream, &closer, limits.max_clients, narrator),
            },
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

// ANCHOR: seats
/// How many connections hold threads now, out of how many may.
struct Seats {
    taken: Arc<AtomicUsize>,
    max: usize,
}

/// One connection's place in the room. Its reader and its writer each hold it; when both
/// threads have ended, the place is free again.
struct Seat(Arc<AtomicUsize>);

impl Seats {
    fn new(max: usize) -> Seats {
        Seats {
            taken: Arc::new(AtomicUsize::new(0)),
            max,
        }
    }

    /// A seat, or None when the room is full. Only the accepting thread takes seats, so
    /// nobody can take the last one between the check and the count.
    fn take(&self) -> Option<Arc<Seat>> {
        if self.taken.load(Ordering::SeqCst) >= self.max {
            return None;
        }
        self.taken.fetch_add(1, Ordering::SeqCst);
        Some(Arc::new(Seat(Arc::clone(&self.taken))))
    }
}

impl Drop for Seat {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// The room is full: say so in one line and close, without a thread of its own. The
/// closing thread waits for the client to close first (see common's closing.rs), so a
/// name it already sent does not turn our close into a reset that overtakes the line.
fn turn_away(stream: TcpStream, closer: &Closer, max: usize, narrator: &Narrator) {
    let peer = stream
        .peer_addr()
        .map_or("a client".to_string(), |p| p.to_string());
    let members = count(max, "member", "members");
    narrator.message(format!("{peer} turned away: the room is full ({members})"));
    let notice = format!("* the room is full ({members}), try again later\n");
    closer.turn_away(stream, notice.as_bytes());
}
// ANCHOR_END: seats

// ANCHOR: start_member
/// Give a new connection its writer thread and its reader thread, and tell the hub.
fn start_member(
    (stream, id, seat): (TcpStream, u64, Arc<Seat>),
    limits: Limits,
    events: &Sender<Event>,
    narrator: &Narrator,
) -> anyhow::Result<()> {
    // A client that connected and reset at once is gone before we get to it: nothing to
    // seat, and nothing wrong with the server (getpeername() says ENOTCONN).
    let Ok(peer) = stream.peer_addr() else {
        narrator.message("a connection was reset before it could be seated");
        return Ok(());
    };
    let (outbox, queue) = bounded(OUTBOX_LINES);
    let to_write = stream.try_clone().context("cannot clone the socket")?;
    to_write
        .set_write_timeout(Some(limits.write))
        .context("cannot set the write timeout")?;
    let (write_events, write_narrator, write_seat) =
        (events.clone(), narrator.clone(), Arc::clone(&seat));
    let writer = thread::Builder::new()
        .name(format!("writer {peer}"))
        .spawn(move || {
            let _seat = write_seat;
            let why = write_lines(&to_write, peer, queue, limits.write, &write_narrator);
            // Tell the hub why, then close: the reader, woken by the close, must not be
            // first to report a plain "left".
            let _ = write_events.send(Event::Gone { id, why });
            let _ = to_write.shutdown(Shutdown::Both);
        })
        .context("cannot start a writer thread")?;
    let hub_handle = stream.try_clone().context("cannot clone the socket")?;
    let named = Arc::new(AtomicBool::new(false));
    // The hub hears of the member before its reader can send it a single line.
    events
        .send(Event::Connected {
            id,
            peer,
            outbox,
            stream: hub_handle,
            writer,
            named: Arc::clone(&named),
        })
        .context("the hub has stopped")?;
    // Until it has a name, a connection has --join-timeout in all to give one; then no
    // limit: members may stay quiet as long as they like.
    let joining = Joining {
        deadline: Instant::now() + limits.join,
        limit: limits.join,
        named,
    };
    let (read_events, read_narrator) = (events.clone(), narrator.clone());
    let spawned = thread::Builder::new()
        .name(format!("reader {peer}"))
        .spawn(move || {
            let _seat = seat;
            let why = read_lines(&stream, peer, id, joining, &read_events, &read_narrator);
            let _ = read_events.send(Event::Gone { id, why });
        });
    if let Err(e) = spawned {
        // The hub knows the member already: let it go, or its writer would wait for ever.
        let why = Why::Lost(format!("cannot start a reader thread: {e}"));
        let _ = events.send(Event::Gone { id, why });
        return Err(e).context("cannot start a reader thread");
    }
    Ok(())
}
// ANCHOR_END: start_member

// ANCHOR: reader
/// The reader thread: every line from the member becomes an event for the hub. Returns
/// why the member's connection ended.
fn read_lines(
    stream: &TcpStream,
    peer: SocketAddr,
    id: u64,
    joining: Joining,
    events: &Sender<Event>,
    narrator: &Narrator,
) -> Why {
    let limit = joining.limit;
    let reads = JoinDeadline {
        stream,
        joining,
        cleared: false,
    };
    let mut lines = LineReader::new(narrator.traced(reads, peer), MAX_LINE);
    loop {
        match lines.read_line() {
            Ok(Some(line)) => {
                if events.send(Event::Line { id, line }).is_err() {
                    return Why::Left; // the hub has stopped
                }
            }
            Ok(None) => return Why::Left,
            Err(e) if is_timeout(&e) => return Why::NoName(limit),
            Err(e) => return Why::Lost(describe(&e)),
        }
    }
}
// ANCHOR_END: reader

/// Until the hub has accepted a name: when the connection must have given one.
struct Joining {
    deadline: Instant,
    limit: Duration,
    /// Set by the hub when the name is accepted.
    named: Arc<AtomicBool>,
}

// ANCHOR: deadline
/// The member's socket as its reader sees it: until the member has a name, every recv()
/// waits only for what is left of one deadline. A per-read timeout alone would restart
/// with every byte, and a name sent one byte every few seconds would hold two threads
/// forever.
struct JoinDeadline<'a> {
    stream: &'a TcpStream,
    joining: Joining,
    /// Whether the timeout has been taken off, once the member was named.
    cleared: bool,
}

impl Read for JoinDeadline<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            if self.joining.named.load(Ordering::SeqCst) {
                if !self.cleared {
                    self.stream.set_read_timeout(None)?;
                    self.cleared = true;
                }
                return (&mut &*self.stream).read(buf);
            }
            let left = self
                .joining
                .deadline
                .saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(io::ErrorKind::TimedOut.into());
            }
            // settimeout(left), then recv().
            self.stream.set_read_timeout(Some(left))?;
            match (&mut &*self.stream).read(buf) {
                // Named in the meantime, or out of time: the loop tells which.
                Err(e) if is_timeout(&e) => continue,
                other => return other,
            }
        }
    }
}
// ANCHOR_END: deadline

// ANCHOR: writer
/// The writer thread: send the member every line the hub queues for it, until the hub
/// drops the queue (the member left, was too slow, or the server stops) or a send fails.
/// Returns why it stopped, for the hub (which ignores it when it let the member go itself).
fn write_lines(
    stream: &TcpStream,
    peer: SocketAddr,
    queue: Receiver<Arc<[u8]>>,
    limit: Duration,
    narrator: &Narrator,
) -> Why {
    let mut traced = narrator.traced(stream, peer);
    let mut batch = Vec::with_capacity(BATCH_BYTES);
    let mut why = Why::Left;
    for line in queue.iter() {
        // Whatever else is already queued goes out in the same send: one system call for
        // many lines when the room is busy.
        batch.extend_from_slice(&line);
        while batch.len() < BATCH_BYTES {
            let Ok(more) = queue.try_recv() else { break };
            batch.extend_from_slice(&more);
        }
        // sendall(), within one deadline: a slow member blocks only this thread, never
        // the room, and this thread no longer than --write-timeout.
        if let Err(e) = send_within(&mut traced, &batch, limit) {
            why = match is_timeout(&e) {
                true => Why::NotReading(limit),
                false => Why::Lost(describe(&e)),
            };
            break;
        }
        batch.clear();
    }
    why
}
// ANCHOR_END: writer

/// `sendall()` with a total deadline. The socket's write timeout (`limit`) bounds each
/// send() call; but a member that reads a byte now and then lets every call succeed a
/// little, so after a partial send the timeout is cut to what is left of the limit (and
/// put back once the batch is out).
fn send_within(
    traced: &mut Traced<'_, &TcpStream>,
    bytes: &[u8],
    limit: Duration,
) -> io::Result<()> {
    let started = Instant::now();
    let mut rest = bytes;
    let mut cut = false;
    while !rest.is_empty() {
        match traced.write(rest) {
            Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
            Ok(n) => rest = &rest[n..],
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
        if !rest.is_empty() {
            let left = limit.saturating_sub(started.elapsed());
            if left.is_zero() {
                return Err(io::ErrorKind::TimedOut.into());
            }
            traced.get_ref().set_write_timeout(Some(left))?;
            cut = true;
        }
    }
    if cut {
        traced.get_ref().set_write_timeout(Some(limit))?;
    }
    Ok(())
}
