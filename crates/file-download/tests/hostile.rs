//! file-download against peers and folders that mean harm. The server meets a FIFO where a
//! file should be, a request dribbled a byte at a time, a flood of connections, a reader
//! that never reads, a symbolic link swapped back and forth while files are asked for. The
//! client meets a planted `OUT.part` link, a download aimed at something that is not a
//! regular file, and servers that lie: about sizes, with answer lines that never end, with
//! bytes that dribble or never come. Every case is bounded in time: each wait fails the
//! test after testkit::WAIT.
#![cfg(unix)]

use std::fs;
use std::io::{Read, Write};
use std::net::SocketAddr;
use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::Duration;

mod support;

use support::{fake_server, sparse_file};
use testkit::{
    Finished, Running, TempDir, connect, read_to_clean_end, read_to_close, thread_count,
};

const BIN: &str = env!("CARGO_BIN_EXE_file-download");

/// A FIFO at `path`, as `mkfifo` makes one.
fn mkfifo(path: &Path) {
    use rustix::fs::{CWD, FileType, Mode, mknodat};
    mknodat(CWD, path, FileType::Fifo, Mode::from_raw_mode(0o600), 0).expect("mkfifo");
}

/// A server on `root` with more options.
fn server(root: &Path, options: &[&str]) -> (Running, SocketAddr) {
    let root = root.to_str().expect("utf-8 path");
    let mut args = vec!["server", "127.0.0.1:0", "--root", root];
    args.extend_from_slice(options);
    Running::server(BIN, &args)
}

/// Ask for `name` by hand; everything the server sent before it closed.
fn ask(addr: SocketAddr, name: &str) -> String {
    let mut stream = connect(addr);
    stream
        .write_all(format!("{name}\n").as_bytes())
        .expect("request");
    String::from_utf8_lossy(&read_to_close(&mut stream)).into_owned()
}

fn client(cwd: &Path, args: &[&str]) -> Finished {
    let mut command = Command::new(BIN);
    command.current_dir(cwd).arg("client").args(args);
    Running::start(command).finish()
}

#[test]
fn a_fifo_is_answered_err_at_once_and_the_server_goes_on() {
    let served = TempDir::new("fifo");
    mkfifo(&served.path().join("pipe"));
    fs::write(served.path().join("note.txt"), "hi\n").expect("write");
    let (mut server, addr) = server(served.path(), &[]);
    // Before: open() of a FIFO waited for a writer, and this thread never came back.
    assert_eq!(
        ask(addr, "pipe"),
        "ERR pipe is not a regular file (a FIFO, a device or a socket)\n"
    );
    server.expect_line("refused a request from 127.0.0.1:");
    assert_eq!(ask(addr, "note.txt"), "OK 3\nhi\n");
}

#[test]
fn a_request_dribbled_a_byte_at_a_time_is_cut_at_its_deadline() {
    let served = TempDir::new("dribble");
    let (mut server, addr) = server(served.path(), &["--timeout", "1"]);
    let mut stream = connect(addr);
    stream
        .set_read_timeout(Some(Duration::from_millis(50)))
        .expect("timeout");
    // 200 bytes, one every 50 ms: each within the per-read timeout of 1 s, 10 s in all.
    let mut answer = Vec::new();
    let mut dribbled = 0;
    while dribbled < 200 {
        if stream.write_all(b"x").is_err() {
            break;
        }
        dribbled += 1;
        // This read also plays the slow client's pause between two bytes.
        let mut buf = [0u8; 256];
        match stream.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => answer.extend_from_slice(&buf[..n]),
            Err(_) => {} // nothing yet: dribble on
        }
    }
    assert!(
        dribbled < 200,
        "the server waited for all 200 bytes: no total deadline"
    );
    stream
        .set_read_timeout(Some(testkit::WAIT))
        .expect("timeout");
    answer.extend(read_to_close(&mut stream));
    assert_eq!(
        String::from_utf8_lossy(&answer),
        "ERR the request did not arrive in time (--timeout)\n"
    );
    server.expect_line("the request did not arrive in time");
}

#[test]
fn a_client_turned_away_reads_err_busy_and_then_a_clean_end() {
    let served = TempDir::new("turned-away");
    fs::write(served.path().join("note.txt"), "hi\n").expect("write");
    let (mut server, addr) = server(served.path(), &["--max-clients", "1", "--timeout", "30"]);
    // One connection that says nothing holds the one place.
    let _held = connect(addr);
    // Each client sends its request before it reads, so the request is unread when the
    // server turns it away: a plain close would then be a reset (RST), not the end (FIN).
    for attempt in 0..20 {
        let mut stream = connect(addr);
        stream.write_all(b"note.txt\n").expect("send");
        assert_eq!(
            String::from_utf8_lossy(&read_to_clean_end(&mut stream)),
            "ERR busy: no free place (--max-clients 1), try again later\n",
            "attempt {attempt}"
        );
    }
    server.expect_line("turned 127.0.0.1:");
}

#[test]
fn a_request_line_that_never_ends_is_refused_once_it_is_too_long() {
    let served = TempDir::new("endless");
    // A deadline far beyond the test's waits: only the length can end this request.
    let (mut server, addr) = server(served.path(), &["--timeout", "3600"]);
    let mut stream = connect(addr);
    // 64 KiB of name and no newline, and the connection left open. The server stops
    // reading at the limit, answers, and drops the rest until this client closes: the
    // whole send goes through, and the end is clean (a FIN, not a reset).
    stream
        .write_all(&[b'x'; 64 * 1024])
        .expect("the rest is read and dropped");
    assert_eq!(
        String::from_utf8_lossy(&read_to_clean_end(&mut stream)),
        "ERR the request is longer than 4182 bytes\n"
    );
    server.expect_line("the request is longer than 4182 bytes");
}

#[cfg(target_os = "linux")]
#[test]
fn a_flood_past_max_clients_is_turned_away_and_threads_stay_bounded() {
    let served = TempDir::new("flood");
    fs::write(served.path().join("note.txt"), "hi\n").expect("write");
    let (mut server, addr) = server(served.path(), &["--max-clients", "5", "--timeout", "30"]);
    let before = thread_count(server.id());
    // Five connections that say nothing hold the five places.
    let held: Vec<_> = (0..5).map(|_| connect(addr)).collect();
    // Forty more: each is told in one line and closed.
    for i in 0..40 {
        let mut extra = connect(addr);
        let told = String::from_utf8_lossy(&read_to_close(&mut extra)).into_owned();
        assert_eq!(
            told, "ERR busy: no free place (--max-clients 5), try again later\n",
            "connection {i}"
        );
        let threads = thread_count(server.id());
        assert!(
            threads <= before + 5,
            "{threads} threads, {before} before the flood: more than one per place"
        );
    }
    // The held ones leave; their places are free again.
    drop(held);
    for _ in 0..5 {
        server.expect_line("left without asking for a file");
    }
    assert_eq!(ask(addr, "note.txt"), "OK 3\nhi\n");
}

#[test]
fn a_client_that_never_reads_is_let_go_after_the_timeout() {
    let served = TempDir::new("never-reads");
    sparse_file(&served.path().join("big.bin"), 256 << 20);
    let (mut server, addr) = server(served.path(), &["--timeout", "0.5"]);
    let mut stream = connect(addr);
    stream.write_all(b"big.bin\n").expect("request");
    // Reads nothing: the socket buffers fill, the server's send waits, then gives up.
    let line = server.expect_line("did not get all of big.bin");
    assert!(
        line.contains("the client read nothing for 0.5 s (--timeout) after "),
        "{line}"
    );
    drop(stream);
}

#[cfg(target_os = "linux")]
#[test]
fn a_symlink_swapped_back_and_forth_never_leads_outside() {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    let served = TempDir::new("swap-root");
    let outside = TempDir::new("swap-outside");
    fs::create_dir(served.path().join("sub")).expect("mkdir");
    fs::write(served.path().join("sub/file.txt"), "inside\n").expect("write");
    fs::write(outside.path().join("file.txt"), "SECRET\n").expect("write");
    std::os::unix::fs::symlink(outside.path(), served.path().join("swap")).expect("symlink");
    let (_server, addr) = server(served.path(), &[]);
    // A thread swaps `sub` (a folder inside) and `swap` (a link outside), atomically,
    // again and again, while the requests below ask for sub/file.txt.
    let stop = Arc::new(AtomicBool::new(false));
    let flipper = {
        let (stop, sub, swap) = (
            Arc::clone(&stop),
            served.path().join("sub"),
            served.path().join("swap"),
        );
        thread::spawn(move || {
            let mut flips = 0u64;
            while !stop.load(Ordering::SeqCst) && flips < 50_000_000 {
                renameat_with(CWD, &sub, CWD, &swap, RenameFlags::EXCHANGE).expect("exchange");
                flips += 1;
            }
            flips
        })
    };
    let (mut served_inside, mut refused) = (0, 0);
    for _ in 0..300 {
        let answer = ask(addr, "sub/file.txt");
        assert!(
            !answer.contains("SECRET"),
            "a file outside the root was served"
        );
        match answer.as_str() {
            "OK 7\ninside\n" => served_inside += 1,
            _ => refused += 1,
        }
    }
    stop.store(true, Ordering::SeqCst);
    let flips = flipper.join().expect("flipper");
    assert!(flips > 300, "the link was swapped {flips} times only");
    assert!(
        served_inside > 0,
        "{refused} refusals and nothing served: the race was never run"
    );
}

#[test]
fn a_planted_part_link_is_left_alone() {
    let served = TempDir::new("planted-served");
    fs::write(served.path().join("note.txt"), "hi\n").expect("write");
    let downloads = TempDir::new("planted-downloads");
    let victim = downloads.path().join("victim.txt");
    fs::write(&victim, "precious").expect("write");
    let part = downloads.path().join("note.txt.part");
    std::os::unix::fs::symlink(&victim, &part).expect("symlink");
    let (_server, addr) = server(served.path(), &[]);
    for extra in [&[][..], &["--resume"], &["--force"]] {
        let mut args = vec![addr.to_string(), "note.txt".to_string()];
        args.extend(extra.iter().map(|s| s.to_string()));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = client(downloads.path(), &args);
        assert_eq!(out.code, Some(1), "{out:?}");
        assert_eq!(
            out.stderr,
            "error: note.txt.part is not a regular file (a symbolic link, a FIFO?): left \
             alone; remove it or choose another -o"
        );
        assert_eq!(fs::read_to_string(&victim).expect("victim"), "precious");
        assert!(fs::symlink_metadata(&part).expect("link").is_symlink());
        assert!(!downloads.path().join("note.txt").exists());
    }
}

#[test]
fn an_out_that_is_not_a_regular_file_is_written_into_never_replaced() {
    use std::os::unix::fs::FileTypeExt;
    let served = TempDir::new("special-served");
    fs::write(served.path().join("note.txt"), "你好\n").expect("write");
    let downloads = TempDir::new("special-downloads");
    // A FIFO stands for a device such as /dev/null: it exists and is not a regular file.
    let sink = downloads.path().join("sink");
    mkfifo(&sink);
    let (_server, addr) = server(served.path(), &[]);
    for force in [false, true] {
        let reader = Running::start({
            let mut cat = Command::new("cat");
            cat.arg(&sink);
            cat
        });
        let mut args = vec![addr.to_string(), "note.txt".into(), "-o".into()];
        args.push(sink.to_str().expect("utf-8").to_string());
        if force {
            args.push("--force".into());
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = client(downloads.path(), &args);
        assert_eq!(out.code, Some(0), "{out:?}");
        assert!(
            out.stdout
                .contains(&format!("client: wrote 7 bytes into {}", sink.display())),
            "{out:?}"
        );
        assert_eq!(
            reader.finish().stdout,
            "你好",
            "the bytes went through the FIFO"
        );
        let kind = fs::symlink_metadata(&sink).expect("sink").file_type();
        assert!(
            kind.is_fifo(),
            "the FIFO is still a FIFO, not replaced by a file"
        );
        assert!(!downloads.path().join("sink.part").exists());
    }
}

#[test]
fn dash_o_dash_writes_the_file_to_stdout_and_the_lines_to_stderr() {
    let served = TempDir::new("stdout-served");
    fs::write(served.path().join("note.txt"), "你好\n").expect("write");
    let downloads = TempDir::new("stdout-downloads");
    let (_server, addr) = server(served.path(), &[]);
    let out = client(
        downloads.path(),
        &[&addr.to_string(), "note.txt", "-o", "-"],
    );
    assert_eq!(out.code, Some(0), "{out:?}");
    assert_eq!(out.stdout, "你好");
    assert!(
        out.stderr.contains("client: wrote 7 bytes into stdout"),
        "{out:?}"
    );
    assert_eq!(fs::read_dir(downloads.path()).expect("dir").count(), 0);
}

#[test]
fn a_servers_err_reason_is_shown_escaped() {
    let addr = fake_server(
        "ERR no\x1b[2J\u{202e}way\n".as_bytes(),
        vec![],
        Duration::ZERO,
    );
    let downloads = TempDir::new("escaped");
    let out = client(downloads.path(), &[&addr.to_string(), "x"]);
    assert_eq!(out.code, Some(1), "{out:?}");
    assert_eq!(
        out.stderr,
        "error: the server refused x: no\\u{1b}[2J\\u{202e}way"
    );
}

#[test]
fn a_server_announcing_more_than_it_sends_leaves_no_reserved_disk_behind() {
    use std::os::unix::fs::MetadataExt;
    const ANNOUNCED: u64 = 64 << 20;
    let answer = format!("OK {ANNOUNCED}\n");
    let addr = fake_server(answer.as_bytes(), vec![b"abc".to_vec()], Duration::ZERO);
    let downloads = TempDir::new("announced");
    let out = client(downloads.path(), &[&addr.to_string(), "x.bin"]);
    assert_eq!(out.code, Some(1), "{out:?}");
    assert!(
        out.stderr.contains("cut short after 3 of 67108864 bytes"),
        "{out:?}"
    );
    // The client reserved room for 64 MiB (fallocate); the cut gave it back.
    let part = fs::metadata(downloads.path().join("x.bin.part")).expect("the part file");
    assert_eq!(part.len(), 3);
    assert!(
        part.blocks() * 512 < 1 << 20,
        "{} bytes of disk held by a 3-byte OUT.part",
        part.blocks() * 512
    );
}

#[test]
fn an_answer_that_is_not_ours_is_shown_escaped_once() {
    let addr = fake_server(b"HTTP/1.1 400 \x1b[2JBad\n", vec![], Duration::ZERO);
    let downloads = TempDir::new("not-ours");
    let out = client(downloads.path(), &[&addr.to_string(), "x"]);
    assert_eq!(out.code, Some(1), "{out:?}");
    assert_eq!(
        out.stderr,
        format!(
            "error: {addr} does not speak this protocol: it answered \"HTTP/1.1 400 \\u{{1b}}[2JBad\""
        )
    );
}

#[test]
fn a_size_that_does_not_fit_after_the_bytes_held_is_one_clear_error() {
    let downloads = TempDir::new("huge-resume");
    fs::write(downloads.path().join("x.bin.part"), b"12345").expect("a part file");
    let answer = format!("OK {}\n", u64::MAX);
    let addr = fake_server(answer.as_bytes(), vec![b"67".to_vec()], Duration::ZERO);
    let out = client(downloads.path(), &[&addr.to_string(), "x.bin", "--resume"]);
    out.assert_error(
        1,
        "error: the server announced 18446744073709551615 bytes after the 5 we hold: more \
         than a file can hold",
    );
    // Nothing was written: the 5 bytes held are as they were.
    let part = fs::read(downloads.path().join("x.bin.part")).expect("the part file");
    assert_eq!(part, b"12345");
}

#[test]
fn a_server_that_dribbles_is_cut_off_below_the_speed_limit() {
    // 1,000,000 bytes announced, one byte every 100 ms (10 bytes/s): each read comes well
    // within --timeout, so only the speed limit can end it.
    let dribble = vec![b"x".to_vec(); 1000];
    let addr = fake_server(b"OK 1000000\n", dribble, Duration::from_millis(100));
    let downloads = TempDir::new("dribble");
    let args = [
        &addr.to_string(),
        "x.bin",
        "--speed-limit",
        "1K",
        "--speed-time",
        "2",
    ];
    let started = std::time::Instant::now();
    let out = client(downloads.path(), &args);
    let took = started.elapsed();
    assert_eq!(out.code, Some(1), "{out:?}");
    assert!(
        out.stderr
            .starts_with("error: the download was cut short after ")
            && out.stderr.contains(
                " of 1000000 bytes (slower than 1024 bytes/s for 2 s: --speed-limit and \
                 --speed-time set the least a download may do)"
            ),
        "{out:?}"
    );
    assert!(took < Duration::from_secs(8), "the client took {took:?}");
}

#[test]
fn a_download_slowed_by_limit_rate_is_not_cut_for_being_slow() {
    // --limit-rate 2K reads 2 KiB a second, below --speed-limit 4K: the client then asks
    // of the server at most half its own rate, 1 KiB a second, and the download goes on.
    let files = TempDir::new("slowed-files");
    fs::write(files.path().join("x.bin"), vec![7u8; 4096]).expect("a file");
    let (_server, addr) = server(files.path(), &[]);
    let downloads = TempDir::new("slowed");
    let args = [&addr.to_string(), "x.bin", "--limit-rate", "2K"];
    let speed = ["--speed-limit", "4K", "--speed-time", "1"];
    let out = client(downloads.path(), &[&args[..], &speed[..]].concat());
    assert_eq!(out.code, Some(0), "{out:?}");
    let saved = fs::read(downloads.path().join("x.bin")).expect("the file");
    assert_eq!(saved, vec![7u8; 4096]);
}

#[test]
fn a_server_that_answers_then_sends_nothing_is_cut_at_the_timeout() {
    // Nothing after the answer, and the connection open for 5 s (an empty piece, then
    // the pause): far longer than the client's --timeout.
    let addr = fake_server(b"OK 100\n", vec![vec![]], Duration::from_secs(5));
    let downloads = TempDir::new("silent");
    let out = client(
        downloads.path(),
        &[&addr.to_string(), "x.bin", "--timeout", "1"],
    );
    out.assert_error(
        1,
        "error: the download was cut short after 0 of 100 bytes (timed out)",
    );
}

#[test]
fn an_answer_line_without_end_is_cut_fast_or_slow() {
    // Fast: a megabyte without a newline is not an answer line; the client reads no more
    // of it than an answer may hold.
    let addr = fake_server(b"", vec![vec![b'x'; 1 << 20]], Duration::ZERO);
    let downloads = TempDir::new("endless");
    let out = client(downloads.path(), &[&addr.to_string(), "x.bin"]);
    out.assert_error(
        1,
        &format!(
            "error: {addr} does not speak this protocol: it answered \"(a line too long to show)\""
        ),
    );
    // Slow: one byte every 100 ms, each within --timeout; the line must come whole in time.
    let addr = fake_server(b"", vec![b"O".to_vec(); 100], Duration::from_millis(100));
    let started = std::time::Instant::now();
    let out = client(
        downloads.path(),
        &[&addr.to_string(), "x.bin", "--timeout", "1"],
    );
    out.assert_error(
        1,
        &format!("error: {addr} sent no whole answer line in time (--timeout)"),
    );
    let took = started.elapsed();
    assert!(took < Duration::from_secs(5), "the client took {took:?}");
}

/// A file system of a few MiB that a test may fill: a tmpfs mounted on a fresh folder in a
/// mount namespace of its own (`unshare --mount`, as root, or with `--map-root-user` as
/// anyone where user namespaces are allowed), kept alive by a `sleep` in that folder. The
/// machine's disk is never touched. The client joins it with `nsenter`; the test looks in
/// through `/proc/PID/root`, the namespace's view of the files.
#[cfg(target_os = "linux")]
struct SmallDisk {
    holder: Running,
    folder: std::path::PathBuf,
    as_user: bool,
    _empty_outside: TempDir,
}

#[cfg(target_os = "linux")]
impl SmallDisk {
    /// The shell that mounts the tmpfs (`$1` bytes) on `$0`, moves into it, and stays.
    const MOUNT: &str = "mount -t tmpfs -o size=\"$1\" small \"$0\" && cd \"$0\" && echo mounted \
                         && exec sleep 60";

    /// A tmpfs of `size` bytes; None, with a line saying why, where no namespace may mount
    /// one (not root, and user namespaces switched off).
    fn new(label: &str, size: u64) -> Option<SmallDisk> {
        let outside = TempDir::new(label);
        let folder = outside.path().to_path_buf();
        let unshare = |as_user: bool, script: &str| {
            let mut command = Command::new("unshare");
            command.arg("--mount");
            if as_user {
                command.arg("--map-root-user");
            }
            command
                .args(["sh", "-c", script])
                .arg(&folder)
                .arg(size.to_string());
            command
        };
        // The same mount, tried once to its end: `exit` in place of the sleep.
        let probe = Self::MOUNT.replace("exec sleep 60", "exit 0");
        let can_mount = |as_user: bool| {
            let tried = unshare(as_user, &probe).output();
            tried.is_ok_and(|out| out.status.success())
        };
        let Some(as_user) = [true, false]
            .into_iter()
            .find(|&as_user| can_mount(as_user))
        else {
            testkit::skip("no mount namespace may mount a tmpfs here (run as root)");
            return None;
        };
        if !env_sets_default_signals() {
            return None;
        }
        let mut holder = Running::start(unshare(as_user, Self::MOUNT));
        holder.expect_line("mounted");
        Some(SmallDisk {
            holder,
            folder,
            as_user,
            _empty_outside: outside,
        })
    }

    /// `name` on the small disk, as this process can reach it.
    fn path(&self, name: &str) -> std::path::PathBuf {
        let inside = self.folder.join(name);
        let inside = inside.strip_prefix("/").expect("an absolute path");
        Path::new(&format!("/proc/{}/root", self.holder.id())).join(inside)
    }

    /// Bytes free for an ordinary program (statvfs's f_bavail), as `df` shows them.
    fn free(&self) -> u64 {
        let stats = rustix::fs::statvfs(self.path("")).expect("statvfs");
        stats.f_bavail * stats.f_frsize
    }

    /// The client, started in the small disk's folder (`--wd`: the holder's), with every
    /// signal at its default whatever this test inherited (`env --default-signal`).
    fn client(&self, args: &[&str]) -> Running {
        let mut program = vec![BIN, "client"];
        program.extend_from_slice(args);
        self.run(&program)
    }

    /// `program` and its arguments, started as [`SmallDisk::client`] is.
    fn run(&self, program: &[&str]) -> Running {
        let mut command = Command::new("nsenter");
        command.args(["--target", &self.holder.id().to_string(), "--mount", "--wd"]);
        if self.as_user {
            command.args(["--user", "--preserve-credentials"]);
        }
        command.args(["env", "--default-signal"]).args(program);
        Running::start(command)
    }

    /// The client downloading x.bin from a server that announces `size` bytes, sends 10,
    /// and then waits 5 s: returned once the 10 bytes are in x.bin.part.
    fn stalled_download(&self, size: u64) -> Running {
        let held = vec![b"0123456789".to_vec(), vec![]];
        let answer = format!("OK {size}\n");
        let addr = fake_server(answer.as_bytes(), held, Duration::from_secs(5));
        let mut client = self.client(&[&addr.to_string(), "x.bin"]);
        client.expect_line(&format!("the server sends {size} bytes"));
        self.wait_for_len("x.bin.part", 10);
        client
    }

    /// Wait until `name` holds `len` bytes: the client has written them.
    fn wait_for_len(&self, name: &str, len: u64) {
        wait_for_len(&self.path(name), len);
    }
}

/// Whether `env --default-signal` works (coreutils 8.31 and later): a client started
/// through it has every signal at its default, whatever this test inherited (a test run
/// started with `&` from a script ignores SIGINT). Says so where it does not.
#[cfg(target_os = "linux")]
fn env_sets_default_signals() -> bool {
    let tried = Command::new("env")
        .args(["--default-signal", "true"])
        .output();
    let works = tried.is_ok_and(|out| out.status.success());
    if !works {
        testkit::skip("`env --default-signal` needs coreutils 8.31 or later");
    }
    works
}

/// Wait until the file at `path` holds `len` bytes.
fn wait_for_len(path: &Path, len: u64) {
    let deadline = std::time::Instant::now() + testkit::WAIT;
    while fs::metadata(path).ok().map(|found| found.len()) != Some(len) {
        assert!(
            std::time::Instant::now() < deadline,
            "{} never held {len} bytes",
            path.display()
        );
        thread::sleep(Duration::from_millis(10));
    }
}

const MIB: u64 = 1 << 20;

#[cfg(target_os = "linux")]
#[test]
fn a_size_beyond_the_free_space_is_refused_before_anything_is_written() {
    let Some(disk) = SmallDisk::new("no-room", 8 * MIB) else {
        return;
    };
    let addr = fake_server(
        b"OK 1099511627776\n",
        vec![b"0123456789".to_vec()],
        Duration::ZERO,
    );
    let out = disk.client(&[&addr.to_string(), "x.bin"]).finish();
    out.assert_error(
        1,
        "error: the server announced 1099511627776 bytes, but only 8388608 bytes are free in \
         the current folder: nothing was written",
    );
    assert!(!disk.path("x.bin.part").exists(), "{out:?}");
    assert_eq!(disk.free(), 8 * MIB);
}

#[cfg(target_os = "linux")]
#[test]
fn the_room_an_old_part_file_holds_counts_as_free() {
    let Some(disk) = SmallDisk::new("old-part", 8 * MIB) else {
        return;
    };
    // 5 MiB of an old download, 3 MiB free: 6 MiB fit once the old OUT.part is cut to 0.
    fs::write(disk.path("x.bin.part"), vec![b'o'; 5 * MIB as usize]).expect("an old part");
    let file = vec![b'n'; 6 * MIB as usize];
    let addr = fake_server(b"OK 6291456\n", vec![file.clone()], Duration::ZERO);
    let out = disk.client(&[&addr.to_string(), "x.bin"]).finish();
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(fs::read(disk.path("x.bin")).expect("saved") == file);
}

#[cfg(target_os = "linux")]
#[test]
fn a_reservation_never_takes_the_last_of_the_disk() {
    let Some(disk) = SmallDisk::new("last-of-disk", 8 * MIB) else {
        return;
    };
    // 6 MiB fits in the 8 free, but reserving it would leave other programs 2: more than
    // half of what is free is not reserved, only written as it comes.
    let client = disk.stalled_download(6291456);
    let free = disk.free();
    assert!(
        free > 8 * MIB - 64 * 1024,
        "the client holds {} bytes of an 8 MiB disk for 10 bytes",
        8 * MIB - free
    );
    let out = client.stopped_by(testkit::Signal::TERM, Duration::from_secs(2));
    out.assert_error(
        1,
        "error: the download was cut short after 10 of 6291456 bytes (stopped by Ctrl-C, \
         SIGTERM or SIGHUP)",
    );
}

#[cfg(target_os = "linux")]
#[test]
fn ctrl_c_gives_the_reservation_back() {
    use std::os::unix::fs::MetadataExt;
    let Some(disk) = SmallDisk::new("ctrl-c", 8 * MIB) else {
        return;
    };
    let client = disk.stalled_download(2097152);
    // 2 MiB is at most half of what is free: reserved in one go (fallocate).
    assert!(disk.free() <= 6 * MIB, "{} bytes free", disk.free());
    let out = client.stopped_by(testkit::Signal::INT, Duration::from_secs(2));
    out.assert_error(
        1,
        "error: the download was cut short after 10 of 2097152 bytes (stopped by Ctrl-C, \
         SIGTERM or SIGHUP); what arrived is kept in x.bin.part",
    );
    let part = fs::metadata(disk.path("x.bin.part")).expect("the part file");
    assert_eq!(part.len(), 10);
    assert!(
        part.blocks() * 512 < 64 * 1024,
        "{} bytes held",
        part.blocks() * 512
    );
    assert!(
        disk.free() > 8 * MIB - 64 * 1024,
        "{} bytes free",
        disk.free()
    );
}

#[cfg(target_os = "linux")]
#[test]
fn a_download_started_with_nohup_goes_on_after_sighup_and_reserves_nothing() {
    let Some(disk) = SmallDisk::new("nohup", 8 * MIB) else {
        return;
    };
    // 2 MiB: 10 bytes now, the rest a second later. SIGHUP comes in between, as when the
    // terminal that started `nohup file-download client ...` closes.
    let file: Vec<u8> = (0..2 * MIB).map(|i| (i % 251) as u8).collect();
    let pieces = vec![file[..10].to_vec(), file[10..].to_vec()];
    let addr = fake_server(b"OK 2097152\n", pieces, Duration::from_secs(1));
    let client = disk.run(&["nohup", BIN, "client", &addr.to_string(), "x.bin"]);
    disk.wait_for_len("x.bin.part", 10);
    // The signals are as nohup left them, so no stop could give a reservation back: none
    // is made (2 MiB would be, without nohup: see ctrl_c_gives_the_reservation_back).
    assert!(
        disk.free() > 8 * MIB - 64 * 1024,
        "{} bytes free",
        disk.free()
    );
    client.signal(testkit::Signal::HUP);
    let out = client.finish();
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(fs::read(disk.path("x.bin")).expect("saved") == file);
}

#[test]
fn a_bare_download_cut_short_does_not_offer_resume() {
    // The tutorial's protocol: no size line, so --resume (refused with --bare) cannot help.
    let addr = fake_server(b"0123456789", vec![vec![]], Duration::from_secs(3));
    let downloads = TempDir::new("bare-cut");
    let out = client(
        downloads.path(),
        &[&addr.to_string(), "x.bin", "--bare", "--timeout", "1"],
    );
    assert_eq!(out.code, Some(1), "{out:?}");
    assert!(
        out.stderr
            .ends_with("(timed out); what arrived is kept in x.bin.part"),
        "{out:?}"
    );
}

/// `printf hello | sha256sum`: what a client holding the first 5 bytes of "hello, world\n"
/// sends with its resume.
const HELLO_SHA256: &str = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";

/// Bytes in a pattern that starts with `seed`: two seeds, two different files of one size.
fn pattern(seed: u32, len: u32) -> Vec<u8> {
    (0..len)
        .map(|i| (i.wrapping_add(seed).wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect()
}

#[test]
fn a_resume_after_the_file_was_replaced_mixes_nothing() {
    let served = TempDir::new("replaced-served");
    let downloads = TempDir::new("replaced-downloads");
    let old = pattern(1, 300_000);
    let new = pattern(2, 300_000);
    // A download of the old file cut after 100,000 bytes (what a cut leaves behind)...
    fs::write(downloads.path().join("x.bin.part"), &old[..100_000]).expect("a part file");
    // ...then the file is replaced by another of the same size.
    fs::write(served.path().join("x.bin"), &new).expect("the new file");
    let (mut server, addr) = server(served.path(), &[]);
    let out = client(downloads.path(), &[&addr.to_string(), "x.bin", "--resume"]);
    // Before: the client saved the old file's first 100,000 bytes and the new file's
    // rest, and said "saved".
    out.assert_error(
        1,
        "error: the server refused x.bin: x.bin has changed: its first 100000 bytes are not \
         the ones you hold; ask for the whole file",
    );
    server.expect_line("refused a request from 127.0.0.1:");
    assert!(!downloads.path().join("x.bin").exists(), "no mix saved");
    let part = fs::read(downloads.path().join("x.bin.part")).expect("the part file");
    assert_eq!(part, &old[..100_000], "the part is left as it was");
    // Without --resume, the download starts over and saves the new file whole.
    let out = client(downloads.path(), &[&addr.to_string(), "x.bin"]);
    assert_eq!(out.code, Some(0), "{out:?}");
    assert_eq!(
        fs::read(downloads.path().join("x.bin")).expect("saved"),
        new
    );
}

#[test]
fn a_file_that_only_grew_since_the_cut_is_continued() {
    // A log that the server's owner appends to: the bytes held are still its first ones.
    let served = TempDir::new("grew-served");
    let downloads = TempDir::new("grew-downloads");
    let file = pattern(3, 300_000);
    fs::write(downloads.path().join("x.log.part"), &file[..100_000]).expect("a part file");
    fs::write(served.path().join("x.log"), &file).expect("the grown file");
    let (_server, addr) = server(served.path(), &[]);
    let out = client(downloads.path(), &[&addr.to_string(), "x.log", "--resume"]);
    assert_eq!(out.code, Some(0), "{out:?}");
    assert_eq!(
        fs::read(downloads.path().join("x.log")).expect("saved"),
        file
    );
}

#[test]
fn a_resume_that_does_not_say_what_it_holds_is_refused() {
    // NAME\tOFFSET alone: the server cannot tell whether the bytes held are this file's.
    let served = TempDir::new("unproven");
    fs::write(served.path().join("x.bin"), pattern(4, 1000)).expect("a file");
    let (_server, addr) = server(served.path(), &[]);
    assert_eq!(
        ask(addr, "x.bin\t10"),
        "ERR a resume names what it holds: NAME, OFFSET and the SHA-256 of the first OFFSET \
         bytes, separated by tabs\n"
    );
    let past = format!("x.bin\t1001\t{}", "0".repeat(64));
    assert_eq!(
        ask(addr, &past),
        "ERR offset 1001 is past the end of x.bin (1000 bytes)\n"
    );
    let wrong = format!("x.bin\t10\t{}", "0".repeat(64));
    assert_eq!(
        ask(addr, &wrong),
        "ERR x.bin has changed: its first 10 bytes are not the ones you hold; ask for the \
         whole file\n"
    );
}

#[test]
fn a_resume_waits_while_the_server_checks_the_bytes_held() {
    // 100,000,000 bytes held (a sparse part: no disk used): the server reads them all
    // before it answers, and may take 2 s more than --timeout for it. This one answers
    // after 1.5 s.
    let downloads = TempDir::new("slow-check");
    sparse_file(&downloads.path().join("x.bin.part"), 100_000_000);
    let pieces = vec![vec![], b"OK 1\nx".to_vec()];
    let addr = fake_server(b"", pieces, Duration::from_millis(1500));
    let args = [&addr.to_string(), "x.bin", "--resume", "--timeout", "1"];
    let out = client(downloads.path(), &args);
    // Before: `sent no whole answer line in time (--timeout)`.
    assert_eq!(out.code, Some(0), "{out:?}");
    assert_eq!(
        fs::metadata(downloads.path().join("x.bin"))
            .map(|m| m.len())
            .ok(),
        Some(100_000_001)
    );
}

#[test]
fn a_resume_from_a_client_that_shut_down_its_sending_half_is_answered() {
    // As `printf 'NAME\tOFFSET\tSHA256\n' | nc -N` does: the request, then shutdown(SHUT_WR),
    // and the answer read. A server that took the end of the client's stream for its
    // leaving refused every such resume.
    let served = TempDir::new("half-closed");
    fs::write(served.path().join("small.txt"), b"hello, world\n").expect("a file");
    let (_server, addr) = server(served.path(), &[]);
    let mut stream = connect(addr);
    stream
        .write_all(format!("small.txt\t5\t{HELLO_SHA256}\n").as_bytes())
        .expect("the resume");
    stream
        .shutdown(std::net::Shutdown::Write)
        .expect("shutdown");
    assert_eq!(read_to_close(&mut stream), b"OK 8\n, world\n");
}

#[test]
fn a_silent_server_holds_a_resume_for_its_check_time_only() {
    // 100,000,000 bytes held: --timeout (1 s) and 2 s for the server's check, then a
    // line that says why the wait was longer than --timeout.
    let downloads = TempDir::new("silent-check");
    sparse_file(&downloads.path().join("x.bin.part"), 100_000_000);
    let addr = fake_server(b"", vec![vec![]], Duration::from_secs(10));
    let args = [&addr.to_string(), "x.bin", "--resume", "--timeout", "1"];
    let out = client(downloads.path(), &args);
    out.assert_error(
        1,
        &format!(
            "error: {addr} sent no whole answer line in time (--timeout, and 1 s for each 50 MB \
             held: the server checks them first)"
        ),
    );
}

#[test]
fn resumes_are_checked_one_at_a_time() {
    // A flood of resumes, a hundred bytes each, must not keep every core hashing: while
    // one (of a sparse 64 GiB file) is checked, another waits its turn, at most until its
    // client stops waiting (--timeout here: it holds only 5 bytes), and is told so.
    let served = TempDir::new("one-check");
    sparse_file(&served.path().join("huge.bin"), 64 << 30);
    fs::write(served.path().join("small.txt"), b"hello, world\n").expect("a file");
    let (mut server, addr) = server(served.path(), &["--timeout", "1"]);
    let zeros = "0".repeat(64);
    let mut first = connect(addr);
    first
        .write_all(format!("huge.bin\t{}\t{zeros}\n", 64u64 << 30).as_bytes())
        .expect("the first resume");
    // The server has taken the turn, and is hashing 64 GiB.
    server.expect_line("server: checking the 68719476736 bytes of huge.bin");
    let answer = ask(addr, &format!("small.txt\t5\t{HELLO_SHA256}"));
    // Before: the second resume was checked at once, beside the first, and answered OK.
    assert_eq!(
        answer,
        "ERR busy: another resume is being checked, try again later\n"
    );
    // Our client, waiting as long as the server does (--timeout 1), hears the refusal:
    // the server gives up on the turn half of its --timeout before the client would.
    let downloads = TempDir::new("one-check-client");
    fs::write(downloads.path().join("small.txt.part"), b"hello").expect("a part file");
    let args = [&addr.to_string(), "small.txt", "--resume", "--timeout", "1"];
    client(downloads.path(), &args).assert_error(
        1,
        "error: the server refused small.txt: busy: another resume is being checked, try \
         again later",
    );
}
