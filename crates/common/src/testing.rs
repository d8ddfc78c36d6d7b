//! Helpers for the lessons' integration tests (feature `testing`).
//!
//! A test runs the real binary, reads what it prints and talks to it over real sockets.
//! Everything here is bounded: every wait ends after [`WAIT`], and a [`Running`] process
//! is killed when it is dropped, so a failing test fails fast and leaves nothing behind.
#![allow(clippy::unwrap_used, clippy::missing_panics_doc)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, RecvTimeoutError, unbounded};

/// How long any single wait in a test may last before the test fails.
pub const WAIT: Duration = Duration::from_secs(10);

/// A child process whose stdout lines arrive on a channel; killed when dropped.
pub struct Running {
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: Receiver<String>,
    stderr: Receiver<String>,
    /// Every stdout line read so far, for assertions and failure messages.
    pub seen: Vec<String>,
}

/// How a process ended, and everything it printed.
#[derive(Debug)]
pub struct Finished {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Running {
    /// Start `command` with stdin, stdout and stderr piped.
    pub fn start(command: Command) -> Running {
        Running::spawn(command, true)
    }

    /// The same with nobody reading its stdout: the pipe's only reading end is closed at
    /// once, so that each write to it fails (EPIPE), as in `program | head -1` once head
    /// has exited. Nothing of its stdout is kept.
    pub fn start_unread(command: Command) -> Running {
        Running::spawn(command, false)
    }

    fn spawn(mut command: Command, read_stdout: bool) -> Running {
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {command:?}: {e}"));
        let pipe = child.stdout.take().unwrap();
        let stdout = match read_stdout {
            true => lines_of(pipe),
            // A channel with no sender: no line, and nothing to wait for.
            false => unbounded().1,
        };
        let stderr = lines_of(child.stderr.take().unwrap());
        Running {
            stdin: child.stdin.take(),
            child,
            stdout,
            stderr,
            seen: Vec::new(),
        }
    }

    /// Start a server and read the address from its first line, `... listening on ADDR`.
    pub fn server(program: &str, args: &[&str]) -> (Running, SocketAddr) {
        let mut command = Command::new(program);
        command.args(args);
        Running::server_command(command)
    }

    /// Like [`Running::server`], for a command already built (its folder, its environment).
    pub fn server_command(command: Command) -> (Running, SocketAddr) {
        let mut server = Running::start(command);
        let first = server.next_line();
        let addr = listening_addr(&first)
            .unwrap_or_else(|| panic!("first line should say `listening on ADDR`, got {first:?}"));
        (server, addr)
    }

    /// The next stdout line, waiting at most [`WAIT`].
    pub fn next_line(&mut self) -> String {
        match self.stdout.recv_timeout(WAIT) {
            Ok(line) => {
                self.seen.push(line.clone());
                line
            }
            Err(e) => self.fail(&format!("no stdout line ({e:?})")),
        }
    }

    /// Wait for a stdout line containing `needle`; returns it.
    pub fn expect_line(&mut self, needle: &str) -> String {
        self.expect_line_within(needle, WAIT)
    }

    /// The same, waiting at most `wait`: for a line that comes after a build.
    pub fn expect_line_within(&mut self, needle: &str, wait: Duration) -> String {
        let deadline = Instant::now() + wait;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.stdout.recv_timeout(left) {
                Ok(line) => {
                    self.seen.push(line.clone());
                    if line.contains(needle) {
                        return line;
                    }
                }
                Err(e) => self.fail(&format!("no line containing {needle:?} ({e:?})")),
            }
        }
    }

    /// Type a line into the process's stdin.
    pub fn send_line(&mut self, line: &str) {
        let stdin = self.stdin.as_mut().expect("stdin is still open");
        writeln!(stdin, "{line}").unwrap();
        stdin.flush().unwrap();
    }

    /// Close stdin: the process sees end of input.
    pub fn close_stdin(&mut self) {
        self.stdin = None;
    }

    /// The process id, for signals.
    pub fn id(&self) -> u32 {
        self.child.id()
    }

    /// Send SIGTERM, as `kill PID` does (Unix only).
    #[cfg(unix)]
    pub fn terminate(&self) {
        self.signal("TERM");
    }

    /// Send any signal by name (`STOP`, `CONT`, `INT` ...), as `kill -NAME PID` does (Unix only).
    #[cfg(unix)]
    pub fn signal(&self, name: &str) {
        let status = Command::new("kill")
            .args([&format!("-{name}"), &self.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success(), "kill -{name} failed");
    }

    /// Kill the process at once (SIGKILL).
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Wait at most [`WAIT`] for the process to exit; collect what it printed.
    pub fn finish(self) -> Finished {
        self.finish_within(WAIT)
    }

    /// Wait at most `wait` for the process to exit; collect what it printed. For a
    /// program that builds something first (`lab check` runs cargo), which [`WAIT`] alone
    /// would not leave room for on a loaded machine.
    pub fn finish_within(mut self, wait: Duration) -> Finished {
        self.stdin = None;
        self.exit_within(wait)
    }

    /// Send the signal `name` and wait at most `wait` for the process to exit, its stdin
    /// still open, as Ctrl-C at a terminal leaves it: a program that stops at the end of
    /// its input must stop for the signal, not for a stdin closed meanwhile (Unix only).
    #[cfg(unix)]
    pub fn stopped_by(mut self, name: &str, wait: Duration) -> Finished {
        self.signal(name);
        self.exit_within(wait)
    }

    /// Wait at most `wait` for the process to exit; collect what it printed.
    fn exit_within(&mut self, wait: Duration) -> Finished {
        let deadline = Instant::now() + wait;
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            if Instant::now() > deadline {
                self.fail("the process did not exit");
            }
            thread::sleep(Duration::from_millis(10));
        };
        let mut stdout = self.seen.join("\n");
        for line in drain(&self.stdout) {
            stdout.push('\n');
            stdout.push_str(&line);
        }
        Finished {
            code: status.code(),
            stdout: stdout.trim_start_matches('\n').to_string(),
            stderr: drain(&self.stderr).join("\n"),
        }
    }

    fn fail(&mut self, what: &str) -> ! {
        self.kill();
        let stderr = drain(&self.stderr).join("\n");
        panic!(
            "{what}\n--- stdout so far ---\n{}\n--- stderr ---\n{stderr}",
            self.seen.join("\n")
        );
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.kill();
    }
}

impl Finished {
    /// Assert that the program failed with exit status `code` and an error line on stderr
    /// that starts with `start`.
    pub fn assert_error(&self, code: i32, start: &str) {
        assert_eq!(self.code, Some(code), "{self:?}");
        assert!(
            self.stderr.starts_with(start),
            "stderr should start with {start:?}: {self:?}"
        );
    }
}

/// Run a program to the end with `input` on its stdin.
pub fn run(program: &str, args: &[&str], input: &str) -> Finished {
    let mut command = Command::new(program);
    command.args(args);
    run_command(command, input)
}

/// Run a command already built to the end with `input` on its stdin.
pub fn run_command(command: Command, input: &str) -> Finished {
    run_command_within(command, input, WAIT)
}

/// The same, waiting at most `wait` for it to end.
pub fn run_command_within(command: Command, input: &str, wait: Duration) -> Finished {
    let mut running = Running::start(command);
    if let Some(stdin) = running.stdin.as_mut() {
        // A program may exit before reading its input; that is not the test's failure.
        let _ = stdin.write_all(input.as_bytes());
    }
    running.finish_within(wait)
}

/// The address after `listening on ` in a line.
pub fn listening_addr(line: &str) -> Option<SocketAddr> {
    let (_, rest) = line.split_once("listening on ")?;
    rest.split_whitespace().next()?.parse().ok()
}

/// A TCP connection with read and write timeouts of [`WAIT`].
pub fn connect(addr: SocketAddr) -> TcpStream {
    let stream = TcpStream::connect_timeout(&addr, WAIT).unwrap();
    stream.set_read_timeout(Some(WAIT)).unwrap();
    stream.set_write_timeout(Some(WAIT)).unwrap();
    stream
}

/// Close a connection with a reset (RST) instead of a goodbye (FIN), as a crashed or
/// unplugged peer would appear: SO_LINGER with a zero timeout, then close.
pub fn reset(stream: TcpStream) {
    socket2::SockRef::from(&stream)
        .set_linger(Some(Duration::ZERO))
        .unwrap();
    drop(stream);
}

/// A UDP socket on a free loopback port, with a receive timeout of [`WAIT`].
pub fn udp_socket() -> std::net::UdpSocket {
    let socket = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
    socket.set_read_timeout(Some(WAIT)).unwrap();
    socket
}

/// The next datagram on a test socket that plays a server: its bytes, and who sent it.
pub fn next_datagram(socket: &std::net::UdpSocket) -> (Vec<u8>, SocketAddr) {
    let mut buf = [0u8; 65_536];
    let (n, from) = socket.recv_from(&mut buf).expect("a datagram");
    (buf[..n].to_vec(), from)
}

/// A stranger: a socket of its own that sends `noise` to `to` every 100 ms, until dropped
/// (or for [`WAIT`] at most).
pub struct Noise {
    done: std::sync::Arc<std::sync::atomic::AtomicBool>,
    thread: Option<thread::JoinHandle<()>>,
}

impl Noise {
    pub fn start(to: SocketAddr) -> Noise {
        use std::sync::atomic::Ordering;
        let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let stop = std::sync::Arc::clone(&done);
        let thread = thread::spawn(move || {
            let stranger = udp_socket();
            let started = Instant::now();
            while !stop.load(Ordering::SeqCst) && started.elapsed() < WAIT {
                if stranger.send_to(b"noise", to).is_err() {
                    return;
                }
                thread::sleep(Duration::from_millis(100));
            }
        });
        Noise {
            done,
            thread: Some(thread),
        }
    }
}

impl Drop for Noise {
    fn drop(&mut self) {
        self.done.store(true, std::sync::atomic::Ordering::SeqCst);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Read until the peer closes; everything that arrived. A peer that goes silent instead
/// of closing fails the test after [`WAIT`]: a hang must never pass for a close. A reset
/// (RST) counts as a close, since the peer did end the connection.
pub fn read_to_close(stream: &mut TcpStream) -> Vec<u8> {
    let mut got = Vec::new();
    let mut buffer = [0u8; 4096];
    loop {
        match stream.read(&mut buffer) {
            Ok(0) => return got,
            Ok(n) => got.extend_from_slice(&buffer[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => return got,
            Err(e) => panic!(
                "the peer did not close the connection ({e}); it had sent {:?}",
                String::from_utf8_lossy(&got)
            ),
        }
    }
}

/// Read until the peer closes, and require that it closed cleanly (a FIN): a reset (RST)
/// where the end of the answer was due fails the test, as does a peer that goes silent
/// for [`WAIT`].
pub fn read_to_clean_end(stream: &mut TcpStream) -> Vec<u8> {
    stream.set_read_timeout(Some(WAIT)).unwrap();
    let mut got = Vec::new();
    if let Err(e) = stream.read_to_end(&mut got) {
        panic!(
            "no clean end after {:?}: {e} (a reset, RST, where a FIN was due?)",
            String::from_utf8_lossy(&got)
        );
    }
    got
}

/// How many threads a running process has now, from /proc/PID/status (Linux only).
#[cfg(target_os = "linux")]
pub fn thread_count(pid: u32) -> usize {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|line| line.strip_prefix("Threads:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no Threads: line in /proc/{pid}/status"))
}

/// Check a transcript the book shows (`docs/src/transcripts/NAME`) against what a program
/// really printed. `replacements` turn what varies from run to run (ports) into the values
/// the book uses.
pub fn assert_transcript(name: &str, printed: &str, replacements: &[(&str, &str)]) {
    let path =
        concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/src/transcripts/").to_string() + name;
    let mut printed = printed.trim_end().to_string() + "\n";
    for (from, to) in replacements {
        printed = printed.replace(from, to);
    }
    // `BLESS_TRANSCRIPTS=1 cargo test` writes what was printed instead of comparing: for a
    // new sample, or after a deliberate change; `git diff` then shows what changed.
    if std::env::var_os("BLESS_TRANSCRIPTS").is_some() {
        std::fs::write(&path, &printed).unwrap_or_else(|e| panic!("cannot write {path}: {e}"));
        return;
    }
    let book = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
    assert_eq!(
        printed, book,
        "the book's {name} differs from what the program printed"
    );
}

/// Owned replacements (`(format!(":{port}"), ":8888".to_string())`) as the pairs of
/// `&str` [`assert_transcript`] takes.
pub fn pairs(owned: &[(String, String)]) -> Vec<(&str, &str)> {
    owned
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect()
}

/// A folder of its own for one test, removed when dropped.
pub struct TempDir(pub std::path::PathBuf);

impl TempDir {
    pub fn new(label: &str) -> TempDir {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::SeqCst);
        let path =
            std::env::temp_dir().join(format!("sockets-test-{}-{n}-{label}", std::process::id()));
        std::fs::create_dir_all(&path).unwrap();
        TempDir(path)
    }

    pub fn path(&self) -> &std::path::Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The path of one of the Python peers in `tests/interop/`, which scripts/interop.sh uses
/// too: the same tutorial-style programs serve both.
pub fn interop_script(name: &str) -> String {
    concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/interop/").to_string() + name
}

/// `python3 tests/interop/SCRIPT ARGS...`: one of the Python peers written the tutorials'
/// way, printing utf-8 whatever the locale.
pub fn python_command(script: &str, args: &[&str]) -> Command {
    let mut command = Command::new(require_program("python3", "python3"));
    command
        .arg(interop_script(script))
        .args(args)
        .env("PYTHONIOENCODING", "utf-8");
    command
}

/// Start a tutorial-style Python peer (see [`python_command`]).
pub fn python_peer(script: &str, args: &[&str]) -> Running {
    Running::start(python_command(script, args))
}

/// Start a tutorial-style Python server and read its `listening on ADDR` line.
pub fn python_server(script: &str, args: &[&str]) -> (Running, SocketAddr) {
    Running::server_command(python_command(script, args))
}

/// Run a tutorial-style Python peer to the end with `input` on its stdin.
pub fn run_python(script: &str, args: &[&str], input: &str) -> Finished {
    run_command(python_command(script, args), input)
}

/// A process by name from PATH, or a test failure saying how to install it.
pub fn require_program(name: &str, package: &str) -> String {
    let found = Command::new("sh")
        .args(["-c", &format!("command -v {name}")])
        .output()
        .unwrap();
    assert!(
        found.status.success(),
        "this test needs `{name}`: install {package} (scripts/check.sh does it for you)"
    );
    name.to_string()
}

fn lines_of(pipe: impl Read + Send + 'static) -> Receiver<String> {
    let (sender, receiver) = unbounded();
    thread::spawn(move || {
        for line in BufReader::new(pipe).lines() {
            let Ok(line) = line else { break };
            if sender.send(line).is_err() {
                break;
            }
        }
    });
    receiver
}

/// Everything left on a channel, waiting at most [`WAIT`] for its writer to finish.
fn drain(receiver: &Receiver<String>) -> Vec<String> {
    let deadline = Instant::now() + WAIT;
    let mut lines = Vec::new();
    loop {
        match receiver.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            Ok(line) => lines.push(line),
            Err(RecvTimeoutError::Disconnected | RecvTimeoutError::Timeout) => return lines,
        }
    }
}

/// Hands out `data` at most `step` bytes per read, as a slow network might: for tests that
/// feed a reader the same bytes split at every possible point.
pub struct SplitReader<'a> {
    pub data: &'a [u8],
    pub step: usize,
}

impl Read for SplitReader<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.step.min(buf.len()).min(self.data.len());
        buf[..n].copy_from_slice(&self.data[..n]);
        self.data = &self.data[n..];
        Ok(n)
    }
}
