//! A program under test: started in the background and read line by line ([`Running`]),
//! or run to its end ([`run`]); stopped by a signal as a user's Ctrl-C or `kill` would.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::SocketAddr;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, RecvTimeoutError, unbounded};

use crate::net::listening_addr;
#[cfg(unix)]
use rustix::process::{Pid, Signal, kill_process};

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
        self.signal(Signal::TERM);
    }

    /// Send any signal (`Signal::STOP`, `Signal::INT` ...), as `kill -NAME PID` does, by
    /// the kill(2) call itself rather than the `kill` command (Unix only).
    #[cfg(unix)]
    pub fn signal(&self, signal: Signal) {
        send_signal(self.id(), signal)
            .unwrap_or_else(|e| panic!("kill({}, {signal:?}): {e}", self.id()));
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

    /// Send `signal` and wait at most `wait` for the process to exit, its stdin
    /// still open, as Ctrl-C at a terminal leaves it: a program that stops at the end of
    /// its input must stop for the signal, not for a stdin closed meanwhile (Unix only).
    #[cfg(unix)]
    pub fn stopped_by(mut self, signal: Signal, wait: Duration) -> Finished {
        self.signal(signal);
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

/// Send `signal` to the process `pid`: one the test started, or one such a process started
/// (strace's child). An error when it has already gone. Unix only.
#[cfg(unix)]
pub fn send_signal(pid: u32, signal: Signal) -> std::io::Result<()> {
    let pid = i32::try_from(pid)
        .ok()
        .and_then(Pid::from_raw)
        .ok_or_else(|| std::io::Error::other(format!("{pid} is no process id")))?;
    Ok(kill_process(pid, signal)?)
}

/// The only child of process `pid`: the program that strace (started by the test) runs.
/// Linux only, from /proc/PID/task/PID/children.
#[cfg(target_os = "linux")]
pub fn only_child(pid: u32) -> u32 {
    let children = format!("/proc/{pid}/task/{pid}/children");
    std::fs::read_to_string(&children)
        .ok()
        .and_then(|text| text.split_whitespace().next()?.parse().ok())
        .unwrap_or_else(|| panic!("process {pid} has no child yet ({children})"))
}

/// A process a test did not start itself but must not leave behind (the program strace
/// started): killed when dropped, unless the test has seen it end.
#[cfg(unix)]
pub struct KillOnDrop(Option<u32>);

#[cfg(unix)]
impl KillOnDrop {
    pub fn new(pid: u32) -> KillOnDrop {
        KillOnDrop(Some(pid))
    }

    /// It has ended: its id may belong to another process by now, which must not be killed.
    pub fn ended(mut self) {
        self.0 = None;
    }
}

#[cfg(unix)]
impl Drop for KillOnDrop {
    fn drop(&mut self) {
        if let Some(pid) = self.0.take() {
            let _ = send_signal(pid, Signal::KILL);
        }
    }
}
