//! The book's samples are what the programs really print: each test runs the commands of
//! a chapter section and compares the output with docs/src/transcripts/file-download-*.txt,
//! with the paths, ports and times that vary from run to run written as the book writes
//! them (`/tmp/files`, port 7890, `T s`, `R MB/s`). The strace samples come from a real
//! strace run too, and show what the server and client ask of the kernel.

use std::fs;
use std::net::SocketAddr;
use std::process::Command;
use std::thread;

mod support;

use support::{dying_server, sparse_file};
use testkit::{Finished, Running, TempDir, assert_transcript};

const BIN: &str = env!("CARGO_BIN_EXE_file-download");

/// A served folder with the chapter's `notes.txt` and `data.bin`, and a downloads folder.
struct Book {
    served: TempDir,
    downloads: TempDir,
}

impl Book {
    fn new(label: &str) -> Book {
        let served = TempDir::new(&format!("{label}-files"));
        fs::write(
            served.path().join("notes.txt"),
            "hello from the file server\n",
        )
        .expect("write");
        let data: Vec<u8> = (0..5_000_000u32).map(|i| (i % 251) as u8).collect();
        fs::write(served.path().join("data.bin"), data).expect("write");
        Book {
            served,
            downloads: TempDir::new(&format!("{label}-downloads")),
        }
    }

    fn server(&self, options: &[&str]) -> (Running, SocketAddr) {
        let root = self.served.path().to_str().expect("utf-8 path");
        let mut args = vec!["server", "127.0.0.1:0", "--root", root];
        args.extend_from_slice(options);
        Running::server(BIN, &args)
    }

    /// `file-download client ADDR ARGS...`, `-o` paths written under the downloads folder.
    fn client(&self, addr: SocketAddr, args: &[&str]) -> Finished {
        let mut command = Command::new(BIN);
        command
            .current_dir(self.downloads.path())
            .arg("client")
            .arg(addr.to_string())
            .args(args);
        Running::start(command).finish()
    }

    fn out(&self, name: &str) -> String {
        self.downloads.path().join(name).display().to_string()
    }

    /// What varies, as the book writes it: the folders, the ports, the times.
    fn book_text(&self, text: &str, ports: &[(SocketAddr, &str)]) -> String {
        let mut text = text
            .replace(&self.served.path().display().to_string(), "/tmp/files")
            .replace(&self.downloads.path().display().to_string(), "/tmp");
        for (addr, shown) in ports {
            text = text.replace(&addr.to_string(), shown);
        }
        times(&text)
    }
}

/// Compare with the book; with `BLESS=1` in the environment, write the book's copy first
/// (then read the diff before committing it).
fn transcript(name: &str, printed: &str) {
    if std::env::var_os("BLESS").is_some() {
        let path = format!(
            "{}/../../docs/src/transcripts/{name}",
            env!("CARGO_MANIFEST_DIR")
        );
        fs::write(&path, printed.trim_end().to_string() + "\n").expect("write the transcript");
    }
    assert_transcript(name, printed, &[]);
}

/// `0.004 s` becomes `T s` and `27.0 MB/s` becomes `R MB/s`: they change every run.
fn times(text: &str) -> String {
    let mut words: Vec<String> = Vec::new();
    for word in text.split(' ') {
        let number = words.last().is_some_and(|last| {
            let last = last.trim_start_matches('(');
            !last.is_empty() && last.chars().all(|c| c.is_ascii_digit() || c == '.')
        });
        if number && (word.starts_with("s") || word.starts_with("MB/s")) {
            let last = words.pop().expect("a word");
            let open = if last.starts_with('(') { "(" } else { "" };
            let letter = if word.starts_with("MB/s") { "R" } else { "T" };
            words.push(format!("{open}{letter}"));
        }
        words.push(word.to_string());
    }
    words.join(" ")
}

/// A client's port, from the server's `sent ... to 127.0.0.1:PORT` line.
fn client_port(line: &str) -> SocketAddr {
    let after = line.split(" to ").nth(1).expect("to ADDR");
    after
        .split_whitespace()
        .next()
        .and_then(|a| a.parse().ok())
        .expect("an address")
}

#[test]
fn run_it() {
    let book = Book::new("run-it");
    let (mut server, addr) = book.server(&[]);
    let out = book.client(addr, &["notes.txt", "-o", &book.out("notes-copy.txt")]);
    assert_eq!(out.code, Some(0), "{out:?}");
    let sent = server.expect_line("server: sent notes.txt");
    let ports = [
        (addr, "127.0.0.1:7890"),
        (client_port(&sent), "127.0.0.1:51234"),
    ];
    transcript(
        "file-download-client.txt",
        &book.book_text(&out.stdout, &ports),
    );
    transcript(
        "file-download-server.txt",
        &book.book_text(&server.seen.join("\n"), &ports),
    );
    // The same on another port, as when 7890 is taken on a lab machine.
    let other = [
        (addr, "127.0.0.1:7891"),
        (client_port(&sent), "127.0.0.1:51234"),
    ];
    let two_terminals = format!(
        "{}\n{}",
        server.seen[..2].join("\n"),
        out.stdout.lines().next().expect("a line")
    );
    transcript(
        "file-download-other-port.txt",
        &book.book_text(&two_terminals, &other),
    );
}

#[test]
fn refusals() {
    let book = Book::new("refusals");
    let (_server, addr) = book.server(&[]);
    let mut shown = String::new();
    for name in ["../etc/passwd", "/etc/hostname", "nothing.txt"] {
        let out = book.client(addr, &[name, "-o", &book.out("x")]);
        assert_eq!(out.code, Some(1), "{out:?}");
        shown +=
            &format!("$ cargo run -q -p file-download -- client 127.0.0.1:7890 {name} -o /tmp/x\n");
        shown += &format!("{}\n{}\n", out.stdout, out.stderr);
    }
    transcript(
        "file-download-refused.txt",
        &book.book_text(&shown, &[(addr, "127.0.0.1:7890")]),
    );
}

#[test]
fn cut_and_resumed() {
    let book = Book::new("resume");
    let data = fs::read(book.served.path().join("data.bin")).expect("data");
    let (_server, addr) = book.server(&[]);
    // A server that announces all of data.bin, sends its first 1,234,567 bytes, and dies.
    let dying = dying_server(data.len(), &data[..1_234_567]);
    let out = book.client(dying, &["data.bin"]);
    assert_eq!(out.code, Some(1), "{out:?}");
    let cut = format!("{}\n{}\n", out.stdout, out.stderr);
    let out = book.client(addr, &["data.bin", "--resume"]);
    assert_eq!(out.code, Some(0), "{out:?}");
    assert_eq!(
        fs::read(book.downloads.path().join("data.bin")).expect("copy"),
        data
    );
    let ports = [(dying, "127.0.0.1:7890"), (addr, "127.0.0.1:7890")];
    transcript("file-download-cut.txt", &book.book_text(&cut, &ports));
    transcript(
        "file-download-resume.txt",
        &book.book_text(&out.stdout, &ports),
    );
}

#[test]
fn resumed_after_the_file_changed() {
    let book = Book::new("changed");
    let data = fs::read(book.served.path().join("data.bin")).expect("data");
    // What a cut download of data.bin left behind: its first 1,234,567 bytes.
    fs::write(
        book.downloads.path().join("data.bin.part"),
        &data[..1_234_567],
    )
    .expect("part");
    // Then data.bin is replaced by another file of the same size.
    let other: Vec<u8> = data.iter().map(|byte| byte ^ 0xff).collect();
    fs::write(book.served.path().join("data.bin"), other).expect("the new data.bin");
    let (_server, addr) = book.server(&[]);
    let out = book.client(addr, &["data.bin", "--resume"]);
    assert_eq!(out.code, Some(1), "{out:?}");
    transcript(
        "file-download-changed.txt",
        &book.book_text(
            &format!("{}\n{}\n", out.stdout, out.stderr),
            &[(addr, "127.0.0.1:7890")],
        ),
    );
}

#[test]
fn the_chapters_resume_request_names_the_bytes_held() {
    // The chapter's data.bin (Book::new), and what `head -c 1234567 data.bin | sha256sum`
    // prints for it.
    let data: Vec<u8> = (0..1_234_567u32).map(|i| (i % 251) as u8).collect();
    let sha256 = file_download::protocol::sha256_of_first(&data[..], 1_234_567).expect("hash");
    let hex = file_download::protocol::hex(&sha256);
    let block = chapter_block("To continue a cut download");
    assert!(
        block.contains(&format!("data.bin\\t1234567\\t{hex}\\n")),
        "the chapter's request should carry {hex}:\n{block}"
    );
}

/// The lines of the chapter's code block that follows `intro`.
fn chapter_block(intro: &str) -> String {
    let chapter = include_str!("../../../docs/src/file-download.md");
    let after = &chapter[chapter.find(intro).expect("the chapter has this section")..];
    let block = &after[after.find("```text\n").expect("a code block follows") + 8..];
    block[..block.find("```").expect("the block ends")].to_string()
}

/// "Under attack": the chapter's terminal 2 lines, pasted into bash with real nc, against
/// the server its terminal 1 lines start (in a folder of the test's, on a port of its own).
#[test]
fn under_attack() {
    testkit::need!("nc");
    let server_lines = chapter_block("In terminal 1, a FIFO in the served folder");
    let options = ["--max-clients", "1", "--timeout", "1"];
    assert!(
        server_lines.contains(&format!("server --root /tmp/files {}\n", options.join(" "))),
        "the chapter's server command changed: {server_lines}"
    );
    let book = Book::new("attack");
    let (mut server, addr) = book.server(&options);
    {
        use rustix::fs::{CWD, FileType, Mode, mknodat};
        let fifo = book.served.path().join("pipe");
        mknodat(CWD, &fifo, FileType::Fifo, Mode::from_raw_mode(0o600), 0).expect("mkfifo");
    }
    let pasted = chapter_block("In terminal 2, ask for the FIFO");
    // Bounded: were the server to stop timing out the silent nc, `wait` would wait for ever.
    let out = Command::new("timeout")
        .args(["20", "bash", "-c"])
        .arg(pasted.replace("7890", &addr.port().to_string()))
        .output()
        .expect("timeout and bash run");
    assert!(
        out.status.success(),
        "the pasted lines failed or hung: {out:?}"
    );
    let shown = String::from_utf8_lossy(&out.stdout);
    let fifo_line = server.expect_line("refused a request");
    let turned = server.expect_line("turned");
    let late = server.expect_line("did not arrive in time");
    let log = [fifo_line, turned, late].join("\n");
    let ports = [(addr, "127.0.0.1:7890")];
    let log = book.book_text(&log, &ports);
    // The clients' ports vary: written as 51234, 51236 ...
    let log = log
        .lines()
        .zip([51234, 51236, 51238])
        .map(|(line, port)| {
            let (head, tail) = line.split_at(line.find("127.0.0.1:").expect("a client") + 10);
            let rest = tail.trim_start_matches(|c: char| c.is_ascii_digit());
            format!("{head}{port}{rest}")
        })
        .collect::<Vec<_>>()
        .join("\n");
    transcript("file-download-attack.txt", &book.book_text(&shown, &ports));
    transcript("file-download-attack-server.txt", &format!("{log}\n"));
}

/// The chapter's experiment: Ctrl-C on the server in the middle of a download (the
/// client reads slowly with --limit-rate, so a person has time). With --bare the client
/// saves a short file and exits 0; with the size line it knows the file is cut.
#[cfg(unix)]
#[test]
fn a_server_stopped_halfway() {
    let book = Book::new("halfway");
    // 100 MiB (sparse: it costs no disk), as the chapter's `head -c 100M`.
    sparse_file(&book.served.path().join("big.bin"), 100 << 20);
    let mut shown = String::new();
    for (bare, out) in [(true, "big-bare.bin"), (false, "big.bin")] {
        let (mut server, addr) = book.server(if bare { &["--bare"] } else { &[] });
        let mut args = vec![addr.to_string(), "big.bin".into(), "--limit-rate".into()];
        args.extend(["10M".into(), "-o".into(), book.out(out)]);
        if bare {
            args.insert(2, "--bare".into());
        }
        let mut command = Command::new(BIN);
        command.arg("client").args(&args);
        let client = Running::start(command);
        // The first bytes are in: the download is under way. Ctrl-C on the server.
        let part = book.downloads.path().join(format!("{out}.part"));
        let deadline = std::time::Instant::now() + testkit::WAIT;
        while fs::metadata(&part).map_or(0, |m| m.len()) == 0 {
            assert!(std::time::Instant::now() < deadline, "no byte arrived");
            thread::sleep(std::time::Duration::from_millis(5));
        }
        server.signal(testkit::Signal::INT);
        server.expect_line("server: stopped");
        let finished = client.finish();
        assert_eq!(
            finished.code,
            Some(if bare { 0 } else { 1 }),
            "{finished:?}"
        );
        let command = format!("cargo run -q -p file-download -- client {}", args.join(" "));
        shown += &format!("$ {command}\n{}\n", finished.stdout);
        if !finished.stderr.is_empty() {
            shown += &format!("{}\n", finished.stderr);
        }
        shown += &format!("$ echo $?\n{}\n", finished.code.unwrap_or(-1));
        let text = book.book_text(&shown, &[(addr, "127.0.0.1:7890")]);
        shown = text;
    }
    transcript("file-download-halfway.txt", &counts_as_n(&shown));
}

/// `(12345678 bytes` and `after 12345678 of`: how much arrived varies from run to run.
fn counts_as_n(text: &str) -> String {
    let mut text = text.to_string();
    for (before, after) in [("(", " bytes"), ("after ", " of")] {
        let mut out = String::new();
        let mut rest = text.as_str();
        while let Some(i) = rest.find(before) {
            let (head, tail) = rest.split_at(i + before.len());
            out.push_str(head);
            let digits = tail.len() - tail.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            if digits > 0 && tail[digits..].starts_with(after) {
                out.push('N');
                rest = &tail[digits..];
            } else {
                rest = tail;
            }
        }
        out.push_str(rest);
        text = out;
    }
    text
}

/// strace on the server: the answer line with one `sendto`, then the whole body with
/// `sendfile`, in one call or a handful, and no `read` of the file at all. On the client:
/// the body with `splice` pairs (socket to pipe, pipe to file) and no `recvfrom` of it, and
/// with `--no-splice` the `recvfrom` and `write` pairs of the copy loop instead.
#[cfg(target_os = "linux")]
#[test]
fn strace_shows_sendfile_on_the_server_and_splice_on_the_client() {
    let strace = testkit::need!("strace");
    let book = Book::new("strace");
    let log = book.downloads.path().join("server.strace");
    let root = book.served.path().to_str().expect("utf-8").to_string();
    let log_arg = log.to_str().expect("utf-8").to_string();
    let (mut server, addr) = Running::server(
        &strace,
        &[
            "-f",
            "-o",
            &log_arg,
            "-e",
            "trace=openat2,sendfile,read,sendto,write",
            BIN,
            "server",
            "127.0.0.1:0",
            "--root",
            &root,
        ],
    );
    // The server strace runs: killed if the test fails before it stops.
    let traced = testkit::KillOnDrop::new(testkit::only_child(server.id()));
    // The client twice: splicing, as it does on Linux, and with the copy loop.
    let mut shapes = Vec::new();
    for (name, extra) in [
        ("client.strace", None),
        ("copy.strace", Some("--no-splice")),
    ] {
        let client_log = book.downloads.path().join(name);
        let mut command = Command::new(&strace);
        command
            .current_dir(book.downloads.path())
            .args(["-o", client_log.to_str().expect("utf-8")])
            .args(["-e", &format!("trace={CLIENT_CALLS}")])
            .args([
                BIN,
                "client",
                &addr.to_string(),
                "data.bin",
                "--quiet",
                "--force",
            ])
            .args(extra);
        let out = Running::start(command).finish();
        assert_eq!(out.code, Some(0), "{out:?}");
        assert_eq!(
            fs::read(book.downloads.path().join("data.bin")).expect("the download"),
            fs::read(book.served.path().join("data.bin")).expect("the file"),
            "{name}: the whole file"
        );
        server.expect_line("server: sent data.bin (5000000 bytes)");
        let calls = calls(&fs::read_to_string(&client_log).expect("client strace"));
        let body = &calls[calls
            .iter()
            .position(|c| c.starts_with("fallocate("))
            .expect("the reservation before the body")..];
        let spliced = body.iter().filter(|c| c.starts_with("splice(")).count();
        let received = body.iter().filter(|c| c.starts_with("recvfrom(")).count();
        // Into the file (fd 4) by write: with splice, only the bytes that came with the
        // answer line, when some did.
        let written = body.iter().filter(|c| c.starts_with("write(4,")).count();
        match extra {
            None => assert!(
                spliced >= 2 && received == 0 && written <= 1,
                "the body by splice, none by recvfrom: {calls:#?}"
            ),
            Some(_) => assert!(
                spliced == 0 && received >= 2,
                "--no-splice: the body by recvfrom, none by splice: {calls:#?}"
            ),
        }
        shapes.push(client_shape(&calls).join("\n"));
    }
    // SIGTERM to the server itself (strace's child), which stops; then strace ends too.
    let pid = testkit::only_child(server.id());
    testkit::send_signal(pid, testkit::Signal::TERM).expect("SIGTERM to the server");
    server.finish();
    traced.ended();
    let server_calls = calls(&fs::read_to_string(&log).expect("server strace"));
    let sendfiles: Vec<&String> = server_calls
        .iter()
        .filter(|c| c.starts_with("sendfile("))
        .collect();
    assert!(
        (2..=16).contains(&sendfiles.len()),
        "a handful of sendfile calls for two downloads: {server_calls:#?}"
    );
    let answered = server_calls
        .iter()
        .position(|c| c.starts_with("sendto("))
        .expect("the answer line");
    assert!(
        !server_calls[answered..]
            .iter()
            .any(|c| c.starts_with("read(")),
        "the file's bytes never pass through the server: {server_calls:#?}"
    );
    // The first download's calls: the file opened, the answer line, then the body.
    let opens = |c: &&String| c.starts_with("openat2(3, \"data.bin\"");
    let first: Vec<&String> = server_calls
        .iter()
        .skip_while(|c| !opens(c))
        .enumerate()
        .take_while(|(i, c)| *i == 0 || !opens(c))
        .map(|(_, c)| c)
        .filter(|c| opens(c) || c.starts_with("sendto(") || c.starts_with("sendfile("))
        .collect();
    let Some((open, sends)) = first.split_first() else {
        panic!("the file opened: {server_calls:#?}")
    };
    let (open, opened) = open.rsplit_once(" = ").expect("the file's number");
    // Which number the file gets is a race, and the book explains it: the main thread, back
    // in accept4 waiting for the next client, holds the lowest free number (6) until one
    // comes. The file gets 7, or 6 when the download thread opens it first.
    assert!(
        opened == "6" || opened == "7",
        "the file opened beneath the folder, as number 6 or 7: {server_calls:#?}"
    );
    let mut as_in_the_book = vec![format!("{open} = 7")];
    as_in_the_book.extend(
        sends
            .iter()
            .map(|c| c.replace(&format!("sendfile(5, {opened},"), "sendfile(5, 7,")),
    );
    transcript(
        "file-download-strace-server.txt",
        &as_in_the_book.join("\n"),
    );
    transcript("file-download-strace-client.txt", &shapes[0]);
    transcript("file-download-strace-client-copy.txt", &shapes[1]);
}

/// What strace shows of the client (`-e trace=...`), as the chapter says.
const CLIENT_CALLS: &str =
    "sendto,recvfrom,read,write,statfs,fallocate,pipe2,fcntl,splice,fsync,rename";

/// The system calls in a strace log, without the process ids in front.
fn calls(log: &str) -> Vec<String> {
    log.lines()
        .map(|line| {
            let line = line.trim_start_matches(|c: char| c.is_ascii_digit() || c == ' ');
            line.to_string()
        })
        .filter(|line| line.contains('(') && !line.starts_with("+++") && !line.starts_with("---"))
        .collect()
}

/// The client's calls after it has connected, one of each kind in the order the kinds
/// first appear, with the file's bytes and the counts (which change every run) elided;
/// and how many of each there were, rounded away.
fn client_shape(calls: &[String]) -> Vec<String> {
    let start = calls
        .iter()
        .position(|c| c.starts_with("sendto("))
        .expect("the request");
    let mut shown: Vec<(usize, String)> = Vec::new();
    let order = [
        "sendto",
        "recvfrom",
        "read",
        "statfs",
        "fallocate",
        "pipe2",
        "fcntl",
        "splice",
        "write",
        "fsync",
        "rename",
    ];
    for call in &calls[start..] {
        let kind = call.split('(').next().unwrap_or("");
        // The client's own lines on stdout are writes too; the file's are on fd 4. The
        // socket (fd 3) is never read with `read`; the reads of /proc/self/status (is
        // SIGHUP ignored?) are not part of the story.
        if call.starts_with("write(1,") || call.starts_with("write(2,") {
            continue;
        }
        if kind == "read" && !call.starts_with("read(3,") {
            continue;
        }
        // Beside splice, a write into the file carries the bytes that came with the answer
        // line, in some runs and not in others: the book's text tells of it.
        if kind == "write" && calls.iter().any(|c| c.starts_with("splice(")) {
            continue;
        }
        // fcntl: only the pipe's size (std calls fcntl for other things).
        if kind == "fcntl" && !call.contains("F_SETPIPE_SZ") {
            continue;
        }
        // The reads' sizes show (513: the longest answer line and one byte more); the
        // shorter reads near the end vary from run to run.
        if kind == "recvfrom" && !(call.contains(", 513, ") || call.contains(", 262144, ")) {
            continue;
        }
        let line = elide(call, kind);
        let rank = order.iter().position(|k| *k == kind).unwrap_or(order.len());
        if !shown.iter().any(|(_, seen)| *seen == line) {
            shown.push((rank, line));
        }
    }
    // By kind, and within a kind in the order first seen: the same however the
    // reads and writes interleaved in this run.
    shown.sort_by_key(|(rank, _)| *rank);
    shown.into_iter().map(|(_, line)| line).collect()
}

/// `recvfrom(3, "OK 5000000\n\0\1"..., 8192, 0, NULL, NULL) = 8192` becomes
/// `recvfrom(3, ..., 8192, 0, NULL, NULL) = N`.
fn elide(call: &str, kind: &str) -> String {
    match kind {
        "recvfrom" | "write" | "read" => {
            let (head, rest) = call.split_once(", ").expect("arguments");
            let after_data = match rest.find("..., ").or_else(|| rest.find("\", ")) {
                Some(i) if rest[i..].starts_with("...") => &rest[i + 5..],
                Some(i) => &rest[i + 3..],
                None => rest,
            };
            let (args, _) = after_data.rsplit_once(" = ").unwrap_or((after_data, ""));
            let args = match kind {
                "write" => "N)".to_string(),
                _ => args.to_string(),
            };
            format!("{head}, ..., {args} = N")
        }
        // `splice(3, NULL, 6, NULL, 262144, SPLICE_F_MOVE) = 65536`: the counts vary.
        "splice" => {
            let (fds, _) = call.rsplit_once(", NULL, ").expect("arguments");
            let flags = call.rsplit_once(", ").expect("flags").1;
            let flags = flags.split(')').next().unwrap_or("");
            format!("{fds}, NULL, N, {flags}) = N")
        }
        // `statfs(".", {f_type=..., f_bavail=...}) = 0`: the free space differs on every
        // machine; which folder was asked about is what the book shows.
        "statfs" => {
            let (folder, _) = call.split_once(", {").expect("arguments");
            format!("{folder}, {{...}}) = 0")
        }
        _ => call.to_string(),
    }
}
