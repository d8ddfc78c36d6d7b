//! # file-download client: the whole file, or no file
//!
//! Asks the server for one file and saves it. The bytes go into `OUT.part` first; only
//! when exactly the announced `SIZE` bytes have arrived is it renamed to `OUT`. So `OUT`
//! is never a partial file: after a failure you find either nothing, or an `OUT.part`
//! that `--resume` continues, like `wget -c`. `OUT.part` is never a symbolic link that
//! someone planted: such a link is left alone and the download refused. A size that does
//! not fit on the disk is refused before anything is written; Ctrl-C ends the download as
//! any cut does, `OUT.part` kept.
//!
//! The body goes from the socket into the file with `splice()` on Linux, a `recv()` and
//! `write()` loop elsewhere (see intake.rs).
//!
//! When OUT already exists and is not a regular file (a device such as `/dev/null`, a
//! FIFO), the bytes are written straight into it: no `.part`, no rename, as curl and wget
//! do. `-o -` writes the file to stdout, and the client's own lines go to stderr.
//!
//! Terminal 1: `cargo run -p file-download -- server --root /tmp/files`
//!
//! Terminal 2: `cargo run -p file-download -- client 127.0.0.1:7890 notes.txt -o /tmp/notes-copy.txt`
//!
//! What both terminals print is in the book's chapter (docs/src/file-download.md).
//! A progress bar shows bytes, rate and time left when stderr is a terminal. `--bare`
//! speaks the tutorial's protocol: the name alone, then whatever arrives until the close.

use std::fmt::Display;
use std::fs::{self, File, OpenOptions};
use std::io::{self, IsTerminal, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use clap::Args;
use common::addr::{AddrError, split_client};
use common::cli::{ADDR_HELP, NarrationArgs, seconds, with_example};
use common::errors::{describe, is_timeout, net_error, usage};
use common::framing::{LineReader, Until};
use common::narrate::{Narrator, count};
use common::stop::Stop;
use common::text::printable;
use indicatif::{ProgressBar, ProgressStyle};

use crate::intake::{Failed, Intake};
use crate::protocol::{
    Answer, Held, MAX_ANSWER, Reply, Request, read_answer, sha256_of_first, time_to_check,
};

/// The most one piece of the body moves: the copy loop's buffer, or the pipe splice() goes
/// through (in the kernel). Large pieces mean few system calls.
const BODY_BUFFER: usize = 256 * 1024;

/// A whole command, for `--help` and for an address or name typed wrong.
pub const EXAMPLE: &str = "file-download client 127.0.0.1:7890 notes.txt";

#[derive(Args, Debug)]
pub struct ClientArgs {
    #[arg(value_name = "ADDR", required = true, help = ADDR_HELP)]
    pub addr: String,
    /// The file's name on the server, a path beneath its folder
    #[arg(value_name = "NAME")]
    pub name: Vec<String>,
    /// Where to save it: a file, a folder to save into, or - for stdout
    /// [default: NAME's last part, in this folder]
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// Replace OUT if it is a file that exists
    #[arg(long)]
    pub force: bool,
    /// Continue a cut download from OUT.part
    #[arg(long, conflicts_with = "bare")]
    pub resume: bool,
    /// The tutorial's protocol: send the name alone, save whatever arrives until the close
    #[arg(long)]
    pub bare: bool,
    /// Seconds to wait for the connection, and for each read
    #[arg(long, value_name = "SECS", value_parser = seconds, default_value = "10")]
    pub timeout: Duration,
    /// Read at most this many bytes per second (like curl's --limit-rate): 500K, 10M ...
    #[arg(long, value_name = "RATE", value_parser = bytes_per_second)]
    pub limit_rate: Option<u64>,
    /// The least a download may do: slower than RATE over --speed-time, it is cut (like
    /// curl's --speed-limit; with --limit-rate, at most half of --limit-rate)
    #[arg(long, value_name = "RATE", value_parser = bytes_per_second, default_value = "1K")]
    pub speed_limit: u64,
    /// Seconds over which --speed-limit is measured, at least 1
    #[arg(long, value_name = "SECS", value_parser = at_least_a_second, default_value = "30")]
    pub speed_time: Duration,
    /// Receive with recv() and write() even where splice() can move the bytes (Linux): to
    /// compare the two with strace or time
    #[arg(long)]
    pub no_splice: bool,
    #[command(flatten)]
    pub narration: NarrationArgs,
}

/// `file-download client`: ask, receive into OUT.part, rename.
pub fn run(args: ClientArgs) -> anyhow::Result<()> {
    let (addr, name) = address_and_name(&args)?;
    let target = Target::choose(&args, &name)?;
    let say = Say::new(&args, &target);
    // --resume: which bytes OUT.part holds, so that the server can tell whether they are
    // still its file's first bytes.
    let held = target.held()?;
    // ANCHOR: request
    // socket(), connect(): with a timeout, so a silent address does not hang us.
    let stream = TcpStream::connect_timeout(&addr, args.timeout)
        .map_err(|e| net_error("connect to", addr, e))?;
    stream
        .set_read_timeout(Some(args.timeout))
        .context("cannot set the read timeout")?;
    let request = Request {
        name: name.clone(),
        held,
    };
    ask(&stream, addr, &request, args.bare, &say)?;
    // The answer line: `OK SIZE` or `ERR REASON` (the bare protocol has none). It must come
    // whole within --timeout and MAX_ANSWER bytes: a server that sends a line without end,
    // fast or a byte at a time, cannot hold us before the file even starts. A resume
    // waits longer: the server reads the bytes we hold before it answers.
    let deadline = Instant::now() + args.timeout + time_to_check(target.offset());
    let answer = Until {
        stream: &stream,
        deadline,
    }
    .take(MAX_ANSWER as u64 + 1);
    let mut lines = LineReader::new(answer, MAX_ANSWER);
    let size = match args.bare {
        true => None,
        false => Some(read_size(&mut lines, addr, &name, target.offset(), &say)?),
    };
    // ANCHOR_END: request
    // The file: the bytes that came in the same recv() as the answer line, then the
    // socket's, each read waiting at most --timeout again.
    let early = lines.into_inner().buffer().to_vec();
    // Shared with the Ctrl-C handler below, which holds it weakly.
    let stream = Arc::new(stream);
    stream
        .set_read_timeout(Some(args.timeout))
        .context("cannot set the read timeout")?;
    // Before anything is written: the announced size must fit where OUT.part goes, and is
    // reserved in one go only when that leaves most of the disk to everyone else.
    let reserve = match (&target, size) {
        (Target::File { part, offset, .. }, Some(size)) => room_for(part, *offset, size)?,
        _ => false,
    };
    let sink = target.open()?;
    // ANCHOR: ctrl_c
    // Ctrl-C, SIGTERM or SIGHUP while OUT.part is written: shut the socket down, so that
    // the read under way returns at once and the loop below ends as any cut download
    // does, giving back what was reserved. The handler holds the socket weakly: once we
    // drop it, it closes, and the handler finds nothing to shut down.
    let stop = match target {
        Target::File { .. } => {
            let socket = Arc::downgrade(&stream);
            Stop::on_signal_unless_ignored(move || {
                if let Some(stream) = socket.upgrade() {
                    let _ = stream.shutdown(Shutdown::Both);
                }
            })?
        }
        // Into stdout or a FIFO nothing is reserved, and a write there may block where no
        // shutdown wakes it: the signal's default action ends the program at once.
        _ => None,
    };
    // Reserve only what a stop can give back: not when signals were left as inherited
    // (nohup, a script's `&`), since their default action ends us without a word.
    if let (true, Some(size), Some(_)) = (reserve, size, &stop) {
        preallocate(&sink, target.offset(), size);
    }
    let stop = stop.unwrap_or_default();
    // ANCHOR_END: ctrl_c
    let started = Instant::now();
    // Reading slowly on purpose (--limit-rate) must not count as a crawling server.
    let least = args
        .limit_rate
        .map_or(args.speed_limit, |rate| args.speed_limit.min(rate / 2));
    let least = LeastSpeed::new(least, args.speed_time);
    // With --limit-rate, small pieces, so that the pace is even.
    let piece = args.limit_rate.map_or(BODY_BUFFER, |rate| {
        (rate / 20).clamp(1024, BODY_BUFFER as u64) as usize
    });
    let intake = Intake::new(early, &stream, &sink, piece, !args.no_splice);
    let received = match receive(intake, size, &target, args.limit_rate, least, &stop) {
        Ok(received) => received,
        Err(e) => {
            if let Target::File { .. } = target {
                unreserve(&sink);
            }
            return Err(e);
        }
    };
    // close(): done with the connection.
    drop(stream);
    target.finish(sink, received, args.bare)?;
    say.step(target.saved(received, started.elapsed(), args.bare));
    Ok(())
}

/// `ADDR NAME` (or `HOST PORT NAME`): where the server is, and which file to ask for.
fn address_and_name(args: &ClientArgs) -> anyhow::Result<(SocketAddr, String)> {
    let words: Vec<&String> = std::iter::once(&args.addr).chain(&args.name).collect();
    let (addr, rest) = match split_client(&words, common::ports::DEFAULT_HOST) {
        Ok(split) => split,
        Err(AddrError::MissingPort { .. }) if words.len() == 1 => {
            return Err(usage(format!(
                "give the server's address, then the file's name: {EXAMPLE}"
            )));
        }
        Err(e) if e.is_usage() => return Err(with_example(usage(e), EXAMPLE)),
        Err(e) => return Err(e.into()),
    };
    match rest {
        [name] => Ok((addr, name.to_string())),
        [] => Err(usage(format!(
            "which file? give its name after the address: {EXAMPLE}"
        ))),
        _ => Err(usage(format!(
            "one file at a time: give one NAME after the address: {EXAMPLE}"
        ))),
    }
}

/// send(): the request, `NAME\n` (or `NAME\tOFFSET\tSHA256\n`); with --bare, the name alone.
fn ask(
    stream: &TcpStream,
    addr: SocketAddr,
    request: &Request,
    bare: bool,
    say: &Say,
) -> anyhow::Result<()> {
    match request.offset() {
        0 => say.step(format!("asking {addr} for {}", request.name)),
        offset => say.step(format!(
            "asking {addr} for {} from byte {offset} (--resume)",
            request.name
        )),
    }
    let bytes = match bare {
        true => request.name.clone().into_bytes(),
        false => request.line().into_bytes(),
    };
    say.narrator
        .traced(stream, addr)
        .write_all(&bytes)
        .map_err(|e| net_error("send to", addr, e))
}

/// recv() the answer line; the size it announces, or the server's refusal as an error.
/// `held` bytes are in OUT.part already (--resume): the size is what comes after them.
fn read_size(
    lines: &mut LineReader<impl Read>,
    addr: SocketAddr,
    name: &str,
    held: u64,
    say: &Say,
) -> anyhow::Result<u64> {
    let reply = match read_answer(lines) {
        Ok(reply) => reply,
        Err(e) if is_timeout(&e) => match held {
            0 => bail!("{addr} sent no whole answer line in time (--timeout)"),
            _ => bail!(
                "{addr} sent no whole answer line in time (--timeout, and 1 s for each 50 MB \
                 held: the server checks them first)"
            ),
        },
        Err(e) => return Err(net_error("read the answer from", addr, e)),
    };
    let size = match reply {
        Reply::Answer(Answer::Ok { size }, line) => {
            // (--trace shows the answer line; the file's bytes that follow are not dumped.)
            say.narrator.trace_received(addr, &line);
            size
        }
        // The reason is the server's text: shown with control characters escaped.
        Reply::Answer(Answer::Err(reason), _) => {
            bail!("the server refused {name}: {}", printable(&reason))
        }
        Reply::NotOurs(line) => bail!(
            "{addr} does not speak this protocol: it answered \"{}\"",
            printable(&String::from_utf8_lossy(&line))
        ),
        Reply::Closed => bail!("{addr} closed the connection without answering"),
    };
    // The whole file is the bytes held and the bytes announced: a sum that must fit in a
    // file's length (a signed 64-bit number, off_t), checked before anything is written.
    if held
        .checked_add(size)
        .is_none_or(|whole| whole > i64::MAX as u64)
    {
        match held {
            0 => bail!("the server announced {size} bytes: more than a file can hold"),
            _ => bail!(
                "the server announced {size} bytes after the {held} we hold: more than a file \
                 can hold"
            ),
        }
    }
    say.step(format!("the server sends {}", count(size, "byte", "bytes")));
    Ok(size)
}

// ANCHOR: receive
/// Take the body in pieces until `size` bytes have arrived (or, with no size, until the
/// server closes), each piece written out as it comes; how many bytes arrived.
fn receive(
    mut intake: Intake,
    size: Option<u64>,
    target: &Target,
    limit_rate: Option<u64>,
    mut least: LeastSpeed,
    stop: &Stop,
) -> anyhow::Result<u64> {
    let bar = progress_bar(size);
    let started = Instant::now();
    let mut received: u64 = 0;
    while size.is_none_or(|size| received < size) {
        let left = size.map_or(u64::MAX, |size| size - received);
        let most = usize::try_from(left).unwrap_or(usize::MAX);
        // recv() and write(), or splice(): whatever has arrived, up to a piece; 0 when the
        // server closed. A piece is in the file once it returns, even if we were stopped.
        let moved = intake.piece(most);
        if stop.requested() {
            let written = moved.as_ref().map_or(0, |n| *n as u64);
            bail!(target.cut_short(received + written, size, STOPPED));
        }
        let n = match moved {
            Ok(0) if size.is_none() => break, // the bare protocol: the close ends the file
            Ok(0) => bail!(target.cut_short(received, size, "the server closed the connection")),
            Ok(n) => n,
            Err(Failed::Socket(e)) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(Failed::Socket(e)) => bail!(target.cut_short(received, size, &describe(&e))),
            Err(Failed::Sink(e)) => {
                return Err(e).with_context(|| format!("cannot write {}", target.written()));
            }
        };
        received += n as u64;
        bar.set_position(received);
        if let Err(why) = least.count(n as u64) {
            bail!(target.cut_short(received, size, &why));
        }
        if let Some(rate) = limit_rate {
            // Play a slow reader: wait until this many bytes are due at that rate. The
            // socket's buffer fills meanwhile, and TCP slows the server down to match.
            let due = Duration::from_secs_f64(received as f64 / rate as f64);
            stop.sleep(due.saturating_sub(started.elapsed()));
        }
    }
    bar.finish_and_clear();
    Ok(received)
}
// ANCHOR_END: receive

/// Why a download stopped when its user asked it to.
const STOPPED: &str = "stopped by Ctrl-C, SIGTERM or SIGHUP";

// ANCHOR: least_speed
/// The least a download must do: `rate` bytes per second, measured over each `window`
/// (curl's --speed-limit and --speed-time). The read timeout alone cannot see a server
/// that sends one byte a second: each read succeeds, and a million bytes take 11 days.
struct LeastSpeed {
    rate: u64,
    window: Duration,
    since: Instant,
    bytes: u64,
}

impl LeastSpeed {
    fn new(rate: u64, window: Duration) -> LeastSpeed {
        let since = Instant::now();
        LeastSpeed {
            rate,
            window,
            since,
            bytes: 0,
        }
    }

    /// Count `n` more bytes; once a window has gone by, why it was too slow, if it was.
    fn count(&mut self, n: u64) -> Result<(), String> {
        self.bytes += n;
        let elapsed = self.since.elapsed();
        if elapsed < self.window {
            return Ok(());
        }
        if (self.bytes as f64) < self.rate as f64 * elapsed.as_secs_f64() {
            return Err(format!(
                "slower than {} bytes/s for {} s: --speed-limit and --speed-time set the \
                 least a download may do",
                self.rate,
                self.window.as_secs_f64()
            ));
        }
        *self = LeastSpeed::new(self.rate, self.window);
        Ok(())
    }
}
// ANCHOR_END: least_speed

/// Where the bytes go.
#[derive(Debug)]
enum Target {
    /// `-o -`: stdout, as curl and wget do.
    Stdout,
    /// OUT exists and is not a regular file (a device, a FIFO): written into as it is.
    Special(PathBuf),
    /// A regular file: the bytes go to `part`, renamed to `out` once complete; `offset`
    /// bytes are in `part` already (--resume).
    File {
        out: PathBuf,
        part: PathBuf,
        offset: u64,
    },
}

impl Target {
    // ANCHOR: choose
    /// Work out where the file goes from `-o`, `--force` and `--resume`.
    fn choose(args: &ClientArgs, name: &str) -> anyhow::Result<Target> {
        let own_name = || Path::new(name).file_name().map(PathBuf::from);
        let mut out = match &args.output {
            Some(out) if out.as_os_str() == "-" => return Target::stdout(args),
            Some(out) => out.clone(),
            None => own_name().context("the name has no file part: give -o OUT")?,
        };
        if out.is_dir() {
            out = out.join(own_name().context("the name has no file part: give -o OUT/NAME")?);
        }
        match fs::metadata(&out) {
            Ok(found) if !found.is_file() && !found.is_dir() => {
                if args.resume {
                    return Err(usage(format!(
                        "--resume continues a file, and {} is not a regular file",
                        out.display()
                    )));
                }
                return Ok(Target::Special(out));
            }
            Ok(_) if !args.force => bail!("{} exists already: --force replaces it", out.display()),
            _ => {}
        }
        let part = part_path(&out);
        // --resume: the bytes already in OUT.part are not asked for again.
        let offset = match fs::symlink_metadata(&part) {
            Ok(found) if args.resume && found.is_file() => found.len(),
            _ => 0,
        };
        Ok(Target::File { out, part, offset })
    }

    // ANCHOR_END: choose

    fn stdout(args: &ClientArgs) -> anyhow::Result<Target> {
        if args.resume {
            return Err(usage(
                "--resume continues OUT.part: it cannot continue stdout",
            ));
        }
        if args.narration.trace {
            return Err(usage(
                "--trace prints on stdout, where -o - writes the file: choose one",
            ));
        }
        Ok(Target::Stdout)
    }

    fn offset(&self) -> u64 {
        match self {
            Target::File { offset, .. } => *offset,
            _ => 0,
        }
    }

    /// --resume: the bytes OUT.part holds, named by their SHA-256 (read through once).
    fn held(&self) -> anyhow::Result<Option<Held>> {
        let Target::File { part, offset, .. } = self else {
            return Ok(None);
        };
        if *offset == 0 {
            return Ok(None);
        }
        let sha256 = File::open(part)
            .and_then(|file| sha256_of_first(file, *offset))
            .with_context(|| format!("cannot read {}", part.display()))?;
        Ok(Some(Held {
            offset: *offset,
            sha256,
        }))
    }

    /// What the bytes are written into, for messages.
    fn written(&self) -> String {
        match self {
            Target::Stdout => "stdout".to_string(),
            Target::Special(out) => out.display().to_string(),
            Target::File { part, .. } => part.display().to_string(),
        }
    }

    /// Open what the bytes go into.
    fn open(&self) -> anyhow::Result<File> {
        match self {
            Target::Stdout => stdout_file(),
            // open(OUT, O_WRONLY): no O_CREAT, no O_TRUNC; a device stays a device.
            Target::Special(out) => OpenOptions::new()
                .write(true)
                .open(out)
                .with_context(|| format!("cannot write {}", out.display())),
            Target::File { part, offset, .. } => open_part(part, *offset),
        }
    }

    /// Make the file whole: on disk, under its real name.
    fn finish(&self, mut sink: File, received: u64, bare: bool) -> anyhow::Result<()> {
        let Target::File { out, part, .. } = self else {
            return sink
                .flush()
                .with_context(|| format!("cannot write {}", self.written()));
        };
        if bare && received == 0 {
            // The tutorial's client saves nothing when nothing arrived; so do we.
            let _ = fs::remove_file(part);
            bail!("nothing arrived: with --bare a missing file and an empty one look the same");
        }
        // Make sure the bytes are on disk before the file takes its real name.
        sink.sync_all()
            .with_context(|| format!("cannot write {}", part.display()))?;
        // Exactly SIZE bytes: only now does the file get its real name.
        fs::rename(part, out)
            .with_context(|| format!("cannot rename {} to {}", part.display(), out.display()))
    }

    /// The last line: how much, how fast, and which part the time is for.
    fn saved(&self, received: u64, took: Duration, bare: bool) -> String {
        let seconds = took.as_secs_f64();
        let rate = format!("{:.1} MB/s", received as f64 / seconds.max(1e-9) / 1e6);
        let note = match bare {
            true => "; --bare: no size was announced, so a cut download would look the same",
            false => "",
        };
        match self {
            Target::File { out, offset: 0, .. } => format!(
                "saved {} ({} in {seconds:.3} s, {rate}){note}",
                out.display(),
                count(received, "byte", "bytes")
            ),
            Target::File { out, offset, .. } => format!(
                "saved {} ({}: the {received} after byte {offset} arrived now, in \
                 {seconds:.3} s, {rate})",
                out.display(),
                count(offset + received, "byte", "bytes")
            ),
            Target::Stdout | Target::Special(_) => format!(
                "wrote {} into {} in {seconds:.3} s ({rate}){note}",
                count(received, "byte", "bytes"),
                self.written()
            ),
        }
    }

    /// The error for a transfer that stopped early.
    fn cut_short(&self, received: u64, size: Option<u64>, why: &str) -> String {
        // The noun follows the last number: `after 1 byte`, `after 0 of 1 byte`.
        let got = self.offset() + received;
        let amount = match size {
            Some(size) => format!("{got} of {}", count(self.offset() + size, "byte", "bytes")),
            None => count(got, "byte", "bytes"),
        };
        let kept = match (self, size) {
            (Target::File { part, .. }, Some(_)) => format!(
                "; what arrived is kept in {}: run again with --resume to continue",
                part.display()
            ),
            // --bare announces no size, so --resume could not tell what is missing.
            (Target::File { part, .. }, None) => {
                format!("; what arrived is kept in {}", part.display())
            }
            _ => String::new(),
        };
        format!("the download was cut short after {amount} ({why}){kept}")
    }
}

/// clap value parser for `--limit-rate` and `--speed-limit`: bytes per second, with K, M or
/// G (1024s).
fn bytes_per_second(text: &str) -> Result<u64, String> {
    let expected = "expected bytes per second above 0, like 500K, 10M or 1G";
    let text = text.trim();
    let (digits, unit) = match text.char_indices().last() {
        Some((i, c)) if c.is_ascii_alphabetic() => (&text[..i], c.to_ascii_uppercase()),
        _ => (text, 'B'),
    };
    let scale: u64 = match unit {
        'B' => 1,
        'K' => 1 << 10,
        'M' => 1 << 20,
        'G' => 1 << 30,
        _ => return Err(expected.to_string()),
    };
    match digits
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(scale))
    {
        Some(rate) if rate > 0 => Ok(rate),
        _ => Err(expected.to_string()),
    }
}

/// clap value parser for `--speed-time`: seconds, at least 1. Over less, one read that comes
/// a little late would look like a crawling server.
fn at_least_a_second(text: &str) -> Result<Duration, String> {
    match seconds(text)? {
        time if time >= Duration::from_secs(1) => Ok(time),
        _ => Err("expected at least 1 second, like 1 or 30".to_string()),
    }
}

/// `OUT.part`, beside OUT.
fn part_path(out: &Path) -> PathBuf {
    let mut name = out.as_os_str().to_owned();
    name.push(".part");
    PathBuf::from(name)
}

// ANCHOR: open_part
/// Open OUT.part for writing, never through a symbolic link someone left in its place,
/// and never a FIFO or device: only a regular file of our own, cut to `offset` bytes.
#[cfg(unix)]
fn open_part(part: &Path, offset: u64) -> anyhow::Result<File> {
    use io::{Seek, SeekFrom};
    use rustix::fs::{Mode, OFlags};
    use rustix::io::Errno;
    let refused = || {
        anyhow::anyhow!(
            "{} is not a regular file (a symbolic link, a FIFO?): left alone; remove it or \
             choose another -o",
            part.display()
        )
    };
    // open(O_CREAT | O_NOFOLLOW | O_NONBLOCK): a link is refused (ELOOP), a FIFO does
    // not make us wait for a reader.
    let flags = OFlags::WRONLY | OFlags::CREATE | OFlags::NOFOLLOW | OFlags::NONBLOCK;
    let fd = match rustix::fs::open(part, flags | OFlags::CLOEXEC, Mode::from_raw_mode(0o666)) {
        Ok(fd) => fd,
        Err(Errno::LOOP | Errno::NXIO) => return Err(refused()),
        Err(e) => {
            let e = io::Error::from(e);
            bail!("cannot write {}: {}", part.display(), describe(&e))
        }
    };
    let mut file = File::from(fd);
    if !file.metadata().is_ok_and(|m| m.is_file()) {
        return Err(refused());
    }
    file.set_len(offset)
        .and_then(|()| file.seek(SeekFrom::Start(offset)))
        .with_context(|| format!("cannot write {}", part.display()))?;
    Ok(file)
}
// ANCHOR_END: open_part

#[cfg(not(unix))]
fn open_part(part: &Path, offset: u64) -> anyhow::Result<File> {
    use io::{Seek, SeekFrom};
    let mut file = OpenOptions::new()
        .create(true)
        .write(true)
        .truncate(false)
        .open(part)
        .with_context(|| format!("cannot write {}", part.display()))?;
    file.set_len(offset)
        .and_then(|()| file.seek(SeekFrom::Start(offset)))
        .with_context(|| format!("cannot write {}", part.display()))?;
    Ok(file)
}

// ANCHOR: room
/// Check, before anything is written, that `size` more bytes fit in `part`'s folder; and
/// say whether to reserve them at once. A reservation takes at most half of what is free,
/// so that a server that announces a size and then sends little cannot leave the disk
/// full for every other program while the client waits (a cut download gives the blocks
/// back: [`unreserve`]).
fn room_for(part: &Path, offset: u64, size: u64) -> anyhow::Result<bool> {
    let folder = match part.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => folder,
        _ => Path::new("."),
    };
    let Some(free) = free_space(folder, part, offset) else {
        return Ok(false);
    };
    if size > free {
        let place = match folder == Path::new(".") {
            true => "the current folder".to_string(),
            false => folder.display().to_string(),
        };
        bail!(
            "the server announced {size} bytes, but only {free} bytes are free in {place}: \
             nothing was written (make room, or save elsewhere with -o)"
        );
    }
    Ok(size <= free / 2)
}
// ANCHOR_END: room

/// statvfs(): the bytes an ordinary program may still write in `folder`, as `df` shows
/// them. An OUT.part there already is cut to `offset` bytes when it is opened: what it
/// holds beyond them (an old download, a reservation a killed client left) is room too.
#[cfg(unix)]
fn free_space(folder: &Path, part: &Path, offset: u64) -> Option<u64> {
    use std::os::unix::fs::MetadataExt;
    let stats = rustix::fs::statvfs(folder).ok()?;
    let free = stats.f_bavail.checked_mul(stats.f_frsize)?;
    let held = fs::symlink_metadata(part)
        .ok()
        .filter(|found| found.is_file())
        .map_or(0, |found| (found.blocks() * 512).saturating_sub(offset));
    free.checked_add(held)
}

/// Elsewhere the size is not checked ahead; a full disk fails the write that meets it.
#[cfg(not(unix))]
fn free_space(_folder: &Path, _part: &Path, _offset: u64) -> Option<u64> {
    None
}

/// fallocate(): reserve the disk blocks for the bytes to come in one go, rather than
/// block by block as each write arrives (measured: about a third less CPU for the client
/// on a 512 MiB download). KEEP_SIZE leaves the file's length alone, so a cut download's
/// OUT.part still ends where the last byte arrived, for --resume. A file system that
/// cannot do it simply allocates as it goes.
#[cfg(target_os = "linux")]
fn preallocate(file: &File, offset: u64, size: u64) {
    use rustix::fs::{FallocateFlags, fallocate};
    if size > 0 && fallocate(file, FallocateFlags::KEEP_SIZE, offset, size).is_err() {
        // Some file systems (ext4) keep the blocks found before the one that failed.
        unreserve(file);
    }
}

#[cfg(not(target_os = "linux"))]
fn preallocate(_file: &File, _offset: u64, _size: u64) {}

/// A cut download: give back the disk blocks reserved for bytes that never came.
/// ftruncate() to the length the file already has frees what fallocate() reserved past
/// its end, so a server that announces a huge size and sends a few bytes cannot fill the
/// disk with one OUT.part.
fn unreserve(file: &File) {
    use std::io::Seek;
    if let Ok(end) = (&mut &*file).stream_position() {
        let _ = file.set_len(end);
    }
}

/// Stdout as a file of its own, so that large writes go out as they are.
#[cfg(unix)]
fn stdout_file() -> anyhow::Result<File> {
    use std::os::fd::AsFd;
    let fd = io::stdout()
        .as_fd()
        .try_clone_to_owned()
        .context("cannot write stdout")?;
    Ok(File::from(fd))
}

#[cfg(windows)]
fn stdout_file() -> anyhow::Result<File> {
    use std::os::windows::io::AsHandle;
    let handle = io::stdout()
        .as_handle()
        .try_clone_to_owned()
        .context("cannot write stdout")?;
    Ok(File::from(handle))
}

/// The client's own lines: on stdout, unless the file itself goes there (`-o -`).
struct Say {
    narrator: Narrator,
    to_stderr: bool,
}

impl Say {
    fn new(args: &ClientArgs, target: &Target) -> Say {
        Say {
            narrator: Narrator::new("client", &args.narration, Default::default()),
            to_stderr: matches!(target, Target::Stdout),
        }
    }

    fn step(&self, line: impl Display) {
        match self.to_stderr {
            true => {
                let _ = writeln!(io::stderr(), "client: {line}");
            }
            false => self.narrator.step(line),
        }
    }
}

/// A progress bar on stderr when a person watches; hidden otherwise.
fn progress_bar(size: Option<u64>) -> ProgressBar {
    if !io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let (bar, template) = match size {
        Some(size) => (
            ProgressBar::new(size),
            "{bar:40} {bytes}/{total_bytes} {binary_bytes_per_sec} eta {eta}",
        ),
        None => (ProgressBar::no_length(), "{bytes} {binary_bytes_per_sec}"),
    };
    let style =
        ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.set_style(style);
    bar
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_take_k_m_and_g() {
        assert_eq!(bytes_per_second("500"), Ok(500));
        assert_eq!(bytes_per_second("500K"), Ok(500 * 1024));
        assert_eq!(bytes_per_second("10m"), Ok(10 << 20));
        assert_eq!(bytes_per_second("1G"), Ok(1 << 30));
        for bad in ["", "0", "K", "-5", "10X", "1.5M", "99999999999999999999G"] {
            assert!(bytes_per_second(bad).is_err(), "{bad:?}");
        }
    }
}
