//! # file-download client: the whole file, or no file
//!
//! Asks the server for one file and saves it. The bytes go into `OUT.part` first; only
//! when exactly the announced `SIZE` bytes have arrived is it renamed to `OUT`. So `OUT`
//! is never a partial file: after a failure you find either nothing, or an `OUT.part`
//! that `--resume` continues, like `wget -c`.
//!
//! Terminal 1: `cargo run -p file-download -- server --root /tmp/files`
//!
//! Terminal 2: `cargo run -p file-download -- client notes.txt -o copy.txt`
//!
//! ```text
//! client: asking 127.0.0.1:7890 for notes.txt
//! client: the server sends 1234 bytes
//! client: saved copy.txt (1234 bytes in 0.001 s, 1.2 MB/s)
//! ```
//!
//! A progress bar shows bytes, rate and time left when stderr is a terminal.

use std::fs::{self, OpenOptions};
use std::io::{self, IsTerminal, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use clap::Args;
use common::cli::{ClientWords, NarrationArgs, seconds};
use common::errors::{describe, net_error, usage};
use common::framing::{Line, LineReader};
use common::narrate::Narrator;
use indicatif::{ProgressBar, ProgressStyle};

use crate::protocol::{Answer, Request};

/// Read buffer for the body: large reads mean few system calls; 256 KiB of memory.
const BODY_BUFFER: usize = 256 * 1024;

#[derive(Args, Debug)]
pub struct ClientArgs {
    /// [ADDR] NAME: the server (default 127.0.0.1:7890), then the file's name on the server
    #[command(flatten)]
    pub words: ClientWords,
    /// Where to save it [default: the file's own name, in this folder]
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// Replace OUT if it exists
    #[arg(long)]
    pub force: bool,
    /// Continue a cut download from OUT.part
    #[arg(long)]
    pub resume: bool,
    /// Seconds to wait for the connection, and for each read
    #[arg(long, value_name = "SECS", value_parser = seconds, default_value = "10")]
    pub timeout: Duration,
    #[command(flatten)]
    pub narration: NarrationArgs,
}

/// `file-download client`: ask, receive into OUT.part, rename.
pub fn run(args: ClientArgs) -> anyhow::Result<()> {
    let (addr, names) = args.words.resolve()?;
    let [name] = names.as_slice() else {
        return Err(usage(
            "give one file name, after the address: file-download client 127.0.0.1:7890 notes.txt",
        ));
    };
    let out = match &args.output {
        Some(out) => out.clone(),
        None => PathBuf::from(
            Path::new(name)
                .file_name()
                .context("the name has no file part")?,
        ),
    };
    let part = part_path(&out);
    if out.exists() && !args.force {
        bail!("{} exists already: --force replaces it", out.display());
    }
    // --resume: the bytes already in OUT.part are not asked for again.
    let offset = match args.resume {
        true => fs::metadata(&part).map(|m| m.len()).unwrap_or(0),
        false => 0,
    };
    let narrator = Narrator::new("client", &args.narration, Default::default());

    // ANCHOR: request
    let stream = TcpStream::connect_timeout(&addr, args.timeout)
        .map_err(|e| net_error("connect to", addr, e))?;
    stream
        .set_read_timeout(Some(args.timeout))
        .context("cannot set the read timeout")?;
    let request = Request {
        name: name.clone(),
        offset,
    };
    match offset {
        0 => narrator.step(format!("asking {addr} for {name}")),
        _ => narrator.step(format!(
            "asking {addr} for {name} from byte {offset} (--resume)"
        )),
    }
    narrator
        .traced(&stream, addr)
        .write_all(request.line().as_bytes())
        .map_err(|e| net_error("send to", addr, e))?;

    // The answer line: `OK SIZE` or `ERR REASON`.
    let mut lines = LineReader::new(&stream, 512);
    let answer = match lines
        .read_line()
        .map_err(|e| net_error("read the answer from", addr, e))?
    {
        Some(Line::Text(line)) => line,
        _ => bail!("{addr} closed the connection without answering"),
    };
    // (--trace shows the answer line; the file's bytes that follow are not dumped.)
    narrator.trace_received(addr, &answer);
    let size = match Answer::parse(&answer) {
        Some(Answer::Ok { size }) => size,
        Some(Answer::Err(reason)) => bail!("the server refused {name}: {reason}"),
        None => bail!(
            "{addr} does not speak this protocol: it answered {:?}",
            String::from_utf8_lossy(&answer)
        ),
    };
    narrator.step(format!("the server sends {size} bytes"));
    // ANCHOR_END: request

    // ANCHOR: receive
    // Into OUT.part: appended to with --resume, started afresh otherwise.
    let mut file = OpenOptions::new()
        .create(true)
        .write(true)
        .append(offset > 0)
        .truncate(offset == 0)
        .open(&part)
        .with_context(|| format!("cannot write {}", part.display()))?;
    let started = Instant::now();
    let bar = progress_bar(size);
    // The bytes after the answer line: some may already sit in the line reader's buffer.
    // A plain loop rather than std::io::copy: from a socket to a file there is no zero-copy
    // path either way, and the loop counts the bytes for the progress bar and for the error
    // that says how much arrived.
    let mut body = lines.into_inner();
    let mut buf = vec![0u8; BODY_BUFFER];
    let mut received: u64 = 0;
    while received < size {
        let want = usize::try_from(size - received).map_or(buf.len(), |left| left.min(buf.len()));
        // recv(): whatever has arrived, up to the buffer's size.
        let n = match body.read(&mut buf[..want]) {
            Ok(0) => bail!(cut_short(
                &part,
                received,
                size,
                "the server closed the connection"
            )),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => bail!(cut_short(&part, received, size, &describe(&e))),
        };
        file.write_all(&buf[..n])
            .with_context(|| format!("cannot write {}", part.display()))?;
        received += n as u64;
        bar.set_position(received);
    }
    bar.finish_and_clear();
    // Make sure the bytes are on disk before the file takes its real name.
    file.sync_all()
        .with_context(|| format!("cannot write {}", part.display()))?;
    // Exactly SIZE bytes: only now does the file get its real name.
    fs::rename(&part, &out)
        .with_context(|| format!("cannot rename {} to {}", part.display(), out.display()))?;
    // ANCHOR_END: receive
    let seconds = started.elapsed().as_secs_f64();
    narrator.step(format!(
        "saved {} ({} bytes in {seconds:.3} s, {:.1} MB/s)",
        out.display(),
        offset + size,
        size as f64 / seconds.max(1e-9) / 1e6
    ));
    Ok(())
}

/// `OUT.part`, beside OUT.
fn part_path(out: &Path) -> PathBuf {
    let mut name = out.as_os_str().to_owned();
    name.push(".part");
    PathBuf::from(name)
}

/// The error for a transfer that stopped early.
fn cut_short(part: &Path, received: u64, size: u64, why: &str) -> String {
    format!(
        "the download was cut short after {received} of {size} bytes ({why}); what arrived is \
         kept in {}: run again with --resume to continue",
        part.display()
    )
}

/// A progress bar on stderr when a person watches; hidden otherwise.
fn progress_bar(size: u64) -> ProgressBar {
    if !io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(size);
    let style = ProgressStyle::with_template(
        "{bar:40} {bytes}/{total_bytes} {binary_bytes_per_sec} eta {eta}",
    )
    .unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.set_style(style);
    bar
}
