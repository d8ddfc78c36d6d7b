//! # file-download server: any file under one folder, and nothing else
//!
//! The tutorial's file server opens whatever path it is sent and writes the bytes back.
//! This one answers a name with `OK SIZE` and exactly that many bytes, or with `ERR REASON`
//! (see [`protocol`](crate::protocol)). It serves regular files beneath `--root` only:
//! `..`, absolute paths and symbolic links that lead outside are refused, and the check
//! and the open are one system call, so a link swapped in between cannot lead out (see
//! [`confine`](crate::confine)). Each download runs in a thread of its own, at most
//! `--max-clients` at once, and the bytes go out with `sendfile()`: the kernel moves them
//! from its page cache to the socket without copying them through this program (see
//! [`body`]).
//!
//! Terminal 1: `cargo run -p file-download -- server --root /tmp/files`
//!
//! Terminal 2: `cargo run -p file-download -- client 127.0.0.1:7890 notes.txt -o /tmp/notes-copy.txt`
//!
//! What both terminals print is in the book's chapter (docs/src/file-download.md).
//! `--bare` speaks the tutorial's protocol instead: the name alone, the bytes back, close.
//!
//! Try it by hand: `printf 'notes.txt\n' | nc -N 127.0.0.1 7890` shows the `OK` line and
//! the file.

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::Args;
use common::cli::{BindAddrArg, NarrationArgs, seconds};
use common::closing::Closer;
use common::errors::{describe, net_error_line, tcp_bind_error};
use common::framing::{LineReader, Until};
use common::narrate::Narrator;
use common::ports::{self, reach_note};
use common::stop::Stop;

use crate::body::{self, Limits};
use crate::confine::{Root, Served};
use crate::protocol::{Answer, Held, MAX_NAME, MAX_REQUEST, Request, read_request, time_to_check};
use crate::resume::{self, Checks};

#[derive(Args, Debug)]
pub struct ServerArgs {
    #[command(flatten)]
    pub addr: BindAddrArg,
    /// The folder whose files are served
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// Seconds a client may take to send its whole request, and any one send may wait
    /// on a client that reads nothing
    #[arg(long, value_name = "SECS", value_parser = seconds, default_value = "10")]
    pub timeout: Duration,
    /// Seconds one whole download may take, however slowly the client reads
    #[arg(long, value_name = "SECS", value_parser = seconds, default_value = "3600")]
    pub max_time: Duration,
    /// Downloads served at once; one more is answered `ERR busy` and closed
    #[arg(long, value_name = "N", default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..))]
    pub max_clients: u32,
    /// The tutorial's protocol: the name alone, then the file's bytes with no size line
    #[arg(long)]
    pub bare: bool,
    #[command(flatten)]
    pub narration: NarrationArgs,
}

/// What every download thread needs to know: the folder, the limits, how to speak, and
/// who closes a connection that was refused.
#[derive(Debug)]
pub struct Settings {
    pub root: Root,
    pub timeout: Duration,
    pub max_time: Duration,
    pub max_clients: usize,
    pub bare: bool,
    pub closer: Closer,
    /// Resumes are checked one at a time: see resume.rs.
    pub checks: Checks,
}

/// `file-download server`: check the folder, listen, serve until Ctrl-C or SIGTERM.
pub fn run(args: ServerArgs) -> anyhow::Result<()> {
    let addr = args.addr.resolve(ports::FILE_DOWNLOAD)?;
    // The folder, held open: every name is looked up beneath it.
    let root = Root::new(&args.root)
        .with_context(|| format!("cannot serve {}: no such folder", args.root.display()))?;
    // socket(), bind(), listen(): as in lesson 1, in one call.
    let listener = TcpListener::bind(addr).map_err(|e| tcp_bind_error(addr, e))?;
    // Ctrl-C or SIGTERM: set the stop flag, and wake accept() by connecting once.
    let stop = Stop::waking_listener(&listener)?;
    let narrator = Narrator::new("server", &args.narration, Default::default());
    let settings = Settings {
        root,
        timeout: args.timeout,
        max_time: args.max_time,
        max_clients: args.max_clients as usize,
        bare: args.bare,
        // One thread closes every refused connection gently: see common's closing.rs.
        closer: Closer::start().context("cannot start the closing thread")?,
        checks: Checks::new(),
    };
    serve(listener, Arc::new(settings), &narrator, &stop)
}

// ANCHOR: serve
/// Accept downloads on an already listening socket, each in a thread of its own, at most
/// `max_clients` at once.
pub fn serve(
    listener: TcpListener,
    settings: Arc<Settings>,
    narrator: &Narrator,
    stop: &Stop,
) -> anyhow::Result<()> {
    // getsockname(): the address really bound, announced as the first line.
    let local = narrator.listening(&listener)?;
    narrator.step(format!(
        "serving the files under {}{}; {}",
        settings.root.path().display(),
        if settings.bare {
            " (--bare: the tutorial's protocol)"
        } else {
            ""
        },
        reach_note(local)
    ));
    let busy = Arc::new(AtomicUsize::new(0));
    for connection in listener.incoming() {
        if stop.requested() {
            break;
        }
        // accept(): a new socket for this one client.
        let stream = match connection {
            Ok(stream) => stream,
            Err(e) => {
                narrator.step(net_error_line("accept a connection on", local, &e));
                thread::sleep(Duration::from_millis(100));
                continue;
            }
        };
        // One more than --max-clients: told so in one line, and closed.
        let Some(slot) = Slot::take(&busy, settings.max_clients) else {
            turn_away(stream, &settings, narrator);
            continue;
        };
        let (settings, download_narrator) = (Arc::clone(&settings), narrator.clone());
        let spawned = thread::Builder::new()
            .name("download".to_string())
            .spawn(move || serve_one(stream, &settings, slot, &download_narrator));
        if let Err(e) = spawned {
            narrator.step(format!("cannot start a thread for a download: {e}"));
        }
    }
    narrator.step("stopped");
    Ok(())
}
// ANCHOR_END: serve

/// One of the `--max-clients` places; given back when dropped, however the thread ends.
struct Slot(Arc<AtomicUsize>);

impl Slot {
    fn take(busy: &Arc<AtomicUsize>, max: usize) -> Option<Slot> {
        busy.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| {
            (n < max).then_some(n + 1)
        })
        .ok()
        .map(|_| Slot(Arc::clone(busy)))
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// `ERR busy`, written without waiting (a new socket's buffer is empty), then closed by
/// the closing thread, which waits for the client to close first: the accept loop goes on.
fn turn_away(stream: TcpStream, settings: &Settings, narrator: &Narrator) {
    let max = settings.max_clients;
    let peer = stream
        .peer_addr()
        .map_or("a client".to_string(), |p| p.to_string());
    narrator.message(format!(
        "turned {peer} away: no free place (--max-clients {max})"
    ));
    let line = format!(
        "{}\n",
        Answer::Err(format!(
            "busy: no free place (--max-clients {max}), try again later"
        ))
    );
    settings.closer.turn_away(stream, line.as_bytes());
}

/// One download: read the request, answer it, log how it went.
fn serve_one(stream: TcpStream, settings: &Settings, slot: Slot, narrator: &Narrator) {
    let Ok(peer) = stream.peer_addr() else { return };
    let outcome = answer(stream, peer, settings, narrator);
    // The place is free before the last line is printed: whoever reads it may come back.
    drop(slot);
    if let Some(line) = outcome {
        narrator.step(line);
    }
}

// ANCHOR: answer
/// Read the request, answer it; the line to log about how it went.
fn answer(
    stream: TcpStream,
    peer: SocketAddr,
    settings: &Settings,
    narrator: &Narrator,
) -> Option<String> {
    // The whole request must arrive within --timeout: a byte now and then does not
    // keep the connection, as a per-read timeout alone would.
    let asked_by = Instant::now() + settings.timeout;
    let request = match settings.bare {
        false => read_line_request(&stream, peer, asked_by, narrator),
        true => read_bare_request(&stream, peer, asked_by, narrator),
    };
    let request = match request {
        Asked::Request(request) => request,
        Asked::Left => return Some(format!("{peer} left without asking for a file")),
        Asked::Refused(reason) => return refuse(stream, peer, &reason, settings, narrator),
    };
    let served = match settings.root.open(&request.name) {
        Ok(served) => served,
        Err(reason) => return refuse(stream, peer, &reason, settings, narrator),
    };
    // A resume: the bytes the client holds must be this file's first bytes, or what
    // follows would be saved after the start of another file.
    if let Some(held) = &request.held {
        if let Err(reason) = check_resume(peer, held, &request.name, &served, settings, narrator) {
            return refuse(stream, peer, &reason, settings, narrator);
        }
    }
    // sendall(`OK SIZE`): the number of bytes that follow, so the client knows when it
    // has them all.
    let left = served.size - request.offset();
    if !settings.bare {
        let ok = format!("{}\n", Answer::Ok { size: left });
        let sent = stream
            .set_write_timeout(Some(settings.timeout))
            .and_then(|()| narrator.traced(&stream, peer).write_all(ok.as_bytes()));
        if let Err(e) = sent {
            return Some(format!("{peer} left before the answer: {}", describe(&e)));
        }
    }
    Some(send_body(&stream, peer, &request, &served, left, settings))
    // close(): the stream is dropped here, and the client sees the end of the connection.
}
// ANCHOR_END: answer

/// A resume: past the end, or else its turn, then the check (resume.rs).
fn check_resume(
    peer: SocketAddr,
    held: &Held,
    name: &str,
    served: &Served,
    settings: &Settings,
    narrator: &Narrator,
) -> Result<(), String> {
    if held.offset > served.size {
        return Err(format!(
            "offset {} is past the end of {name} ({})",
            held.offset,
            common::narrate::count(served.size, "byte", "bytes")
        ));
    }
    // The client waits --timeout and time_to_check for its answer. The check keeps half
    // of --timeout in hand, so that a refusal reaches the client while it still listens:
    // it waits for its turn half of --timeout at most (abandoned checks do not pile up),
    // and reads until half of --timeout and time_to_check (never past --max-time).
    let now = Instant::now();
    let spare = settings.timeout / 2;
    let answer_by = now + (spare + time_to_check(held.offset)).min(settings.max_time);
    let _turn = settings.checks.turn(answer_by.min(now + spare))?;
    narrator.step(format!(
        "checking the {} of {name} that {peer} holds",
        common::narrate::count(held.offset, "byte", "bytes")
    ));
    resume::same_start(held, name, served, answer_by)
}

/// The file's bytes, then the line for the log.
fn send_body(
    stream: &TcpStream,
    peer: SocketAddr,
    request: &Request,
    served: &Served,
    count: u64,
    settings: &Settings,
) -> String {
    let started = Instant::now();
    let limits = Limits {
        stall: settings.timeout,
        deadline: started + settings.max_time,
    };
    // (--trace shows the request and answer lines; the file's bytes are not dumped.)
    let offset = request.offset();
    let (sent, result) = body::send_file(stream, &served.file, offset, count, limits);
    let from = match offset {
        0 => String::new(),
        offset => format!(" from byte {offset}"),
    };
    match result {
        Ok(()) => {
            let seconds = started.elapsed().as_secs_f64();
            format!(
                "sent {}{from} ({}) to {peer} in {seconds:.3} s ({:.1} MB/s)",
                request.name,
                common::narrate::count(sent, "byte", "bytes"),
                sent as f64 / seconds.max(1e-9) / 1e6
            )
        }
        Err(e) => format!(
            "{peer} did not get all of {}: {} after {sent} of {}",
            request.name,
            why(&e),
            common::narrate::count(count, "byte", "bytes")
        ),
    }
}

/// What a client asked.
enum Asked {
    Request(Request),
    Refused(String),
    Left,
}

/// This protocol's request: one line, `NAME` or `NAME\tOFFSET\tSHA256`.
fn read_line_request(
    stream: &TcpStream,
    peer: SocketAddr,
    deadline: Instant,
    narrator: &Narrator,
) -> Asked {
    // At most one request's bytes (and its newline) are read: a line that runs on past
    // them is refused at once, not when its sender ends it or the deadline comes.
    let one_request = Until { stream, deadline }.take(MAX_REQUEST as u64 + 1);
    let reader = narrator.traced(one_request, peer);
    match read_request(&mut LineReader::new(reader, MAX_REQUEST)) {
        Ok(Some(Ok(request))) => Asked::Request(request),
        Ok(Some(Err(reason))) => Asked::Refused(reason),
        Ok(None) => Asked::Left,
        Err(e) => Asked::Refused(late(&e)),
    }
}

/// The tutorial's request: what one `recv(1024)` returns is the name.
fn read_bare_request(
    stream: &TcpStream,
    peer: SocketAddr,
    deadline: Instant,
    narrator: &Narrator,
) -> Asked {
    // One recv(), as the tutorial's server does: a name that TCP happened to split in two
    // segments would be cut here. A newline at the end, as our protocol has, avoids that.
    let mut name = vec![0u8; MAX_NAME];
    let mut reader = narrator.traced(Until { stream, deadline }, peer);
    match reader.read(&mut name) {
        Ok(0) => Asked::Left,
        Ok(n) => match Request::parse_bare(&name[..n]) {
            Ok(request) => Asked::Request(request),
            Err(reason) => Asked::Refused(reason),
        },
        Err(e) => Asked::Refused(late(&e)),
    }
}

/// Why no request came: the deadline, or the connection broke.
fn late(error: &io::Error) -> String {
    match common::errors::is_timeout(error) {
        true => "the request did not arrive in time (--timeout)".to_string(),
        false => format!("no request: {}", describe(error)),
    }
}

/// `ERR REASON` to the client (the bare protocol has no words for it: the connection just
/// closes), closed by the closing thread: a request line cut at its limit leaves bytes
/// unread, and a plain close would answer them with a reset. The line for the log.
fn refuse(
    stream: TcpStream,
    peer: SocketAddr,
    reason: &str,
    settings: &Settings,
    narrator: &Narrator,
) -> Option<String> {
    if !settings.bare {
        let line = format!("{}\n", Answer::Err(reason.to_string()));
        let _ = stream
            .set_write_timeout(Some(settings.timeout))
            .and_then(|()| narrator.traced(&stream, peer).write_all(line.as_bytes()));
    }
    settings.closer.close(stream);
    Some(format!("refused a request from {peer}: {reason}"))
}

/// An error in words: ours when we wrote them, the system's in plain words otherwise.
fn why(error: &io::Error) -> String {
    match error.get_ref() {
        Some(inner) => inner.to_string(),
        None => describe(error),
    }
}
