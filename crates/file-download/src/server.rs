//! # file-download server: any file under one folder, and nothing else
//!
//! The tutorial's file server opens whatever path it is sent and writes the bytes back.
//! This one answers a name with `OK SIZE` and exactly that many bytes, or with `ERR REASON`
//! (see [`protocol`](crate::protocol)). It serves regular files beneath `--root` only:
//! `..`, absolute paths and symbolic links that lead outside are refused. Each download
//! runs in its own thread, and the bytes go out with `std::io::copy` from the file to the
//! socket, which on Linux is `sendfile()`: the kernel moves them without copying them
//! through this program, so memory stays flat whatever the file's size.
//!
//! Terminal 1: `cargo run -p file-download -- server --root /tmp/files`
//!
//! Terminal 2: `cargo run -p file-download -- client notes.txt`
//!
//! ```text
//! server: listening on 127.0.0.1:7890
//! server: serving the files under /tmp/files
//! server: sent notes.txt (1234 bytes) to 127.0.0.1:51234 in 0.000 s (30.2 MB/s)
//! ```
//!
//! Try it by hand: `printf 'notes.txt\n' | nc 127.0.0.1 7890` shows the `OK` line and the
//! file.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::Args;
use common::cli::{BindAddrArg, NarrationArgs, seconds};
use common::errors::{describe, net_error, net_error_line};
use common::framing::{Line, LineReader};
use common::narrate::Narrator;
use common::ports::{self, reach_note};
use common::stop::Stop;

use crate::protocol::{Answer, MAX_REQUEST, Request};

#[derive(Args, Debug)]
pub struct ServerArgs {
    #[command(flatten)]
    pub addr: BindAddrArg,
    /// The folder whose files are served
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// Seconds a client may take to send its request, and any one send may be stuck on a
    /// client that stopped reading
    #[arg(long, value_name = "SECS", value_parser = seconds, default_value = "10")]
    pub timeout: Duration,
    #[command(flatten)]
    pub narration: NarrationArgs,
}

/// `file-download server`: check the folder, listen, serve until Ctrl-C or SIGTERM.
pub fn run(args: ServerArgs) -> anyhow::Result<()> {
    let addr = args.addr.resolve(ports::FILE_DOWNLOAD)?;
    // The folder, as an absolute path with every link resolved: what "beneath" is checked against.
    let root = args
        .root
        .canonicalize()
        .ok()
        .filter(|root| root.is_dir())
        .with_context(|| format!("cannot serve {}: no such folder", args.root.display()))?;
    // socket(), bind(), listen(): as in lesson 1, in one call.
    let listener = TcpListener::bind(addr).map_err(|e| net_error("bind", addr, e))?;
    // Ctrl-C or SIGTERM: set the stop flag, and wake accept() by connecting once.
    let stop = Stop::waking_listener(&listener)?;
    let narrator = Narrator::new("server", &args.narration, Default::default());
    serve(listener, root, args.timeout, &narrator, &stop)
}

// ANCHOR: serve
/// Accept downloads on an already listening socket, each in a thread of its own.
pub fn serve(
    listener: TcpListener,
    root: PathBuf,
    timeout: Duration,
    narrator: &Narrator,
    stop: &Stop,
) -> anyhow::Result<()> {
    let local = listener
        .local_addr()
        .context("cannot read the listening address")?;
    narrator.step(format!("listening on {local}"));
    narrator.step(format!(
        "serving the files under {}; {}",
        root.display(),
        reach_note(local)
    ));
    for connection in listener.incoming() {
        if stop.requested() {
            break;
        }
        let stream = match connection {
            Ok(stream) => stream,
            Err(e) => {
                narrator.step(net_error_line("accept a connection on", local, &e));
                thread::sleep(Duration::from_millis(100));
                continue;
            }
        };
        let (root, download_narrator) = (root.clone(), narrator.clone());
        let peer = stream
            .peer_addr()
            .map_or("a client".to_string(), |p| p.to_string());
        let spawned = thread::Builder::new()
            .name(format!("download {peer}"))
            .spawn(move || serve_one(stream, &root, timeout, &download_narrator));
        if let Err(e) = spawned {
            narrator.step(format!("cannot start a thread for {peer}: {e}"));
        }
    }
    narrator.step("stopped");
    Ok(())
}
// ANCHOR_END: serve

/// One download: read the request, answer it, log how it went.
fn serve_one(stream: TcpStream, root: &Path, timeout: Duration, narrator: &Narrator) {
    let Ok(peer) = stream.peer_addr() else { return };
    if let Err(e) = answer(stream, peer, root, timeout, narrator) {
        narrator.step(format!("{peer}: {e:#}"));
    }
}

// ANCHOR: answer
fn answer(
    mut stream: TcpStream,
    peer: SocketAddr,
    root: &Path,
    timeout: Duration,
    narrator: &Narrator,
) -> anyhow::Result<()> {
    // A client that connects and says nothing, or stops reading, must not hold a thread
    // forever.
    stream.set_read_timeout(Some(timeout))?;
    stream.set_write_timeout(Some(timeout))?;
    let mut lines = LineReader::new(narrator.traced(&stream, peer), MAX_REQUEST);
    let request = match lines.read_line() {
        Ok(Some(Line::Text(line))) => Request::parse(&line),
        Ok(Some(Line::TooLong { .. })) => {
            Err(format!("the request is longer than {MAX_REQUEST} bytes"))
        }
        Ok(None) => return Ok(()), // connected and left without asking
        Err(e) => anyhow::bail!("no request: {}", describe(&e)),
    };
    let opened = request.and_then(|request| open(root, &request).map(|found| (request, found)));
    let (request, mut file, size) = match opened {
        Ok((request, (file, size))) => (request, file, size),
        Err(reason) => {
            narrator.step(format!("refused a request from {peer}: {reason}"));
            narrator
                .traced(&stream, peer)
                .write_all(format!("{}\n", Answer::Err(reason)).as_bytes())?;
            return Ok(());
        }
    };
    // `OK SIZE`: the number of bytes that follow, so the client knows when it has them all.
    let left = size - request.offset;
    narrator
        .traced(&stream, peer)
        .write_all(format!("{}\n", Answer::Ok { size: left }).as_bytes())?;
    file.seek(SeekFrom::Start(request.offset))?;
    let started = Instant::now();
    // (--trace shows the request and answer lines; the file's bytes are not dumped.)
    // std::io::copy from a File to a TcpStream is sendfile() on Linux: the kernel sends the
    // file's pages itself, with no copy through this program's memory.
    match io::copy(&mut file.take(left), &mut stream) {
        Ok(sent) => {
            let seconds = started.elapsed().as_secs_f64();
            let from = match request.offset {
                0 => String::new(),
                offset => format!(" from byte {offset}"),
            };
            narrator.step(format!(
                "sent {}{from} ({sent} bytes) to {peer} in {seconds:.3} s ({:.1} MB/s)",
                request.name,
                sent as f64 / seconds.max(1e-9) / 1e6
            ));
        }
        Err(e) => narrator.step(format!(
            "{peer} left during {}: {}",
            request.name,
            describe(&e)
        )),
    }
    Ok(())
}
// ANCHOR_END: answer

// ANCHOR: open
/// The file a request names, opened, and its size; or why it cannot be served.
fn open(root: &Path, request: &Request) -> Result<(File, u64), String> {
    let name = Path::new(&request.name);
    // Only plain names going down: no `/etc/passwd`, no `..`, no `C:\`.
    if !name
        .components()
        .all(|part| matches!(part, Component::Normal(_) | Component::CurDir))
    {
        return Err(format!(
            "{} is not a path beneath the served folder",
            request.name
        ));
    }
    // Resolve every symbolic link, then check that we are still beneath the root.
    let path = root
        .join(name)
        .canonicalize()
        .map_err(|_| format!("no such file: {}", request.name))?;
    if !path.starts_with(root) {
        return Err(format!("{} leads outside the served folder", request.name));
    }
    // Open first, then ask the open file what it is: the answer is about this very file.
    let file =
        File::open(&path).map_err(|e| format!("cannot read {}: {}", request.name, describe(&e)))?;
    let metadata = file
        .metadata()
        .map_err(|e| format!("cannot read {}: {}", request.name, describe(&e)))?;
    if metadata.is_dir() {
        return Err(format!("{} is a folder, not a file", request.name));
    }
    if !metadata.is_file() {
        return Err(format!("{} is not a regular file", request.name));
    }
    if request.offset > metadata.len() {
        return Err(format!(
            "offset {} is past the end of {} ({} bytes)",
            request.offset,
            request.name,
            metadata.len()
        ));
    }
    Ok((file, metadata.len()))
}
// ANCHOR_END: open
