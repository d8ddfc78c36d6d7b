//! The student's program while the checker talks to it: started with its arguments, its
//! stdin empty or typed into by the checker, its output captured (the last lines kept, each one capped), asked whether it has exited,
//! and stopped with its children at the end: terminate, then kill after a grace period.

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use crate::lang::Lang;

/// How many of the program's last output lines are kept, and how long one may be.
const KEPT_LINES: usize = 12;
const LINE_LIMIT: usize = 300;
/// How many of its first stdout (and stderr) lines are kept whole, for a check of what it
/// printed, and how long one may be there.
const WHOLE_LINES: usize = 1000;
const WHOLE_LINE_LIMIT: usize = 8192;
/// How long a stopped program has to exit on its own before it is killed.
const GRACE: Duration = Duration::from_millis(500);

/// The process id of the program running now (0: none), for the Ctrl-C handler.
static RUNNING: AtomicU32 = AtomicU32::new(0);
/// Set by the Ctrl-C handler: from then on no program is started.
static STOPPING: AtomicBool = AtomicBool::new(false);
/// Held while a program is started and entered in RUNNING, and by the Ctrl-C handler
/// from its first step: a program that has started but is not in RUNNING yet would
/// otherwise be missed by the handler, and outlive lab.
static STARTING: Mutex<()> = Mutex::new(());

/// On Ctrl-C or SIGTERM, stop the student's program and its children before `lab` ends:
/// in a process group of its own, it would not hear the terminal's Ctrl-C, and would go on
/// holding its port. Exit code 130, as a shell gives a program ended by Ctrl-C.
pub fn stop_on_interrupt() {
    let installed = ctrlc::set_handler(|| {
        // Holding stdout, so that the check, seeing its program end, reports nothing more.
        let _quiet = std::io::stdout().lock();
        // Waits for a program being started to be in RUNNING; held until lab exits, so
        // the check, which goes on meanwhile, starts no other.
        let _no_more = STARTING
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        STOPPING.store(true, Ordering::SeqCst);
        let pid = RUNNING.load(Ordering::SeqCst);
        if pid != 0 {
            signal_group(pid, false);
            thread::sleep(GRACE);
            signal_group(pid, true);
        }
        std::process::exit(130);
    });
    // Without the handler, Ctrl-C still ends lab; only the program may outlive it.
    drop(installed);
}

/// What the program's stdin is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Input {
    /// Empty: a read of it returns 0 bytes at once.
    Empty,
    /// A pipe the checker types lines into, as a user at the keyboard would.
    Typed,
}

pub struct Program {
    child: Child,
    stdin: Option<ChildStdin>,
    output: Arc<Mutex<VecDeque<String>>>,
    stdout: Arc<Mutex<Vec<String>>>,
    stderr: Arc<Mutex<Vec<String>>>,
    readers: Vec<thread::JoinHandle<()>>,
    exit: Option<ExitStatus>,
}

impl Program {
    /// Start `path` with `args` and `input` as its stdin; stdout and stderr are captured.
    pub fn start(path: &Path, args: &[String], input: Input) -> std::io::Result<Program> {
        let mut command = Command::new(path);
        command
            .args(args)
            .stdin(match input {
                Input::Empty => Stdio::null(),
                Input::Typed => Stdio::piped(),
            })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            // A panic's own lines, not a backtrace that would push them out of the report.
            .env_remove("RUST_BACKTRACE");
        // A process group of its own, so that stopping it stops whatever it started.
        #[cfg(unix)]
        std::os::unix::process::CommandExt::process_group(&mut command, 0);
        let mut child = {
            let _starting = STARTING
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            if STOPPING.load(Ordering::SeqCst) {
                // Ctrl-C came: lab is ending, and starts nothing more.
                return Err(std::io::ErrorKind::Interrupted.into());
            }
            let child = command.spawn()?;
            RUNNING.store(child.id(), Ordering::SeqCst);
            child
        };
        let output = Arc::new(Mutex::new(VecDeque::new()));
        let stdout = Arc::new(Mutex::new(Vec::new()));
        let stderr = Arc::new(Mutex::new(Vec::new()));
        let mut readers = Vec::new();
        if let Some(pipe) = child.stdout.take() {
            readers.extend(keep_lines(pipe, Arc::clone(&output), Arc::clone(&stdout)));
        }
        if let Some(pipe) = child.stderr.take() {
            readers.extend(keep_lines(pipe, Arc::clone(&output), Arc::clone(&stderr)));
        }
        Ok(Program {
            stdin: child.stdin.take(),
            child,
            output,
            stdout,
            stderr,
            readers,
            exit: None,
        })
    }

    /// Type `line` and Enter on its stdin. An error when it no longer reads it (it
    /// exited), or was started without [`Input::Typed`].
    pub fn type_line(&mut self, line: &str) -> std::io::Result<()> {
        let Some(stdin) = self.stdin.as_mut() else {
            return Err(std::io::ErrorKind::BrokenPipe.into());
        };
        stdin.write_all(format!("{line}\n").as_bytes())?;
        stdin.flush()
    }

    /// End its input, as Ctrl-D at a terminal does: its next read of stdin returns 0.
    pub fn end_input(&mut self) {
        self.stdin = None;
    }

    /// How it exited, if it has.
    pub fn exited(&mut self) -> Option<ExitStatus> {
        if self.exit.is_none() {
            self.exit = self.child.try_wait().ok().flatten();
            if self.exit.is_some() {
                // Reaped: its process id may be given to another process from now on.
                RUNNING.store(0, Ordering::SeqCst);
            }
        }
        self.exit
    }

    /// How it exited, waiting up to `wait` for it to: a program that closes a connection
    /// and then ends does the two a moment apart.
    pub fn exited_within(&mut self, wait: Duration) -> Option<ExitStatus> {
        self.exited_within_unless(wait, |_| false)
    }

    /// How it exited, if it did within `wait`; the wait ends early once it holds `port`
    /// (listens on it, or has a UDP socket bound to it), which shows the port was free.
    /// Linux only sees the port (/proc): elsewhere the whole wait runs.
    pub fn exited_unless_bound(&mut self, port: u16, wait: Duration) -> Option<ExitStatus> {
        let holds = |addrs: Vec<SocketAddr>| addrs.iter().any(|addr| addr.port() == port);
        self.exited_within_unless(wait, |program| {
            holds(program.listening_on()) || holds(program.bound_udp())
        })
    }

    /// How it exited, waiting up to `wait`, or until `enough` says there is no need.
    fn exited_within_unless(
        &mut self,
        wait: Duration,
        enough: impl Fn(&Program) -> bool,
    ) -> Option<ExitStatus> {
        let deadline = Instant::now() + wait;
        loop {
            if let Some(status) = self.exited() {
                return Some(status);
            }
            if enough(self) || Instant::now() >= deadline {
                return None;
            }
            thread::sleep(Duration::from_millis(10));
        }
    }

    /// The TCP addresses it listens on, from the kernel's socket tables: how the checker
    /// tells "listens on another address" from "listens nowhere", and sees 0.0.0.0.
    /// Linux only (/proc); empty elsewhere, where a failure says less.
    pub fn listening_on(&self) -> Vec<SocketAddr> {
        #[cfg(target_os = "linux")]
        {
            linux::listening_on(self.child.id())
        }
        #[cfg(not(target_os = "linux"))]
        {
            Vec::new()
        }
    }

    /// The local addresses of its UDP sockets, connected or not: where a UDP server
    /// receives. Linux only (/proc); empty elsewhere.
    pub fn bound_udp(&self) -> Vec<SocketAddr> {
        #[cfg(target_os = "linux")]
        {
            linux::bound_udp(self.child.id())
        }
        #[cfg(not(target_os = "linux"))]
        {
            Vec::new()
        }
    }

    /// The TCP addresses it is connected or connecting to (the far end of its sockets):
    /// how the checker tells a client that connects elsewhere from one that never
    /// connects. Linux only (/proc); empty elsewhere.
    pub fn connected_to(&self) -> Vec<SocketAddr> {
        #[cfg(target_os = "linux")]
        {
            linux::connected_to(self.child.id())
        }
        #[cfg(not(target_os = "linux"))]
        {
            Vec::new()
        }
    }

    /// Its last lines of output, stdout and stderr as they came.
    pub fn last_lines(&self) -> Vec<String> {
        self.wait_for_last_words();
        match self.output.lock() {
            Ok(lines) => lines.iter().cloned().collect(),
            Err(_) => Vec::new(),
        }
    }

    /// What it printed on stdout, line by line, without the line ends: what a check of
    /// its printed results reads, best once it has exited.
    pub fn stdout_lines(&self) -> Vec<String> {
        self.wait_for_last_words();
        self.stdout
            .lock()
            .map(|lines| lines.clone())
            .unwrap_or_default()
    }

    /// How many lines it has printed on stdout so far (of those kept).
    pub fn stdout_count(&self) -> usize {
        self.stdout.lock().map(|lines| lines.len()).unwrap_or(0)
    }

    /// Whether it has printed a line with `text` in it on stdout, after its first `seen`
    /// lines: what a check of a conversation asks as it goes, many times a second.
    pub fn printed_since(&self, seen: usize, text: &str) -> bool {
        self.stdout
            .lock()
            .is_ok_and(|lines| lines.iter().skip(seen).any(|line| line.contains(text)))
    }

    /// Whether it has printed a line that ends with `text`, or with `text` in its debug
    /// form (`{:?}`, quoted), after its first `seen` lines: a label before it is fine,
    /// nothing after it but spaces, not the zeros of a buffer printed whole.
    pub fn printed_at_line_end_since(&self, seen: usize, text: &str) -> bool {
        let debug = format!("{text:?}");
        let text = text.trim_end();
        self.stdout.lock().is_ok_and(|lines| {
            lines.iter().skip(seen).any(|line| {
                let line = line.trim_end();
                line.ends_with(text) || line.ends_with(&debug)
            })
        })
    }

    /// The same for stderr: where a program says why it failed.
    pub fn stderr_lines(&self) -> Vec<String> {
        self.wait_for_last_words();
        self.stderr
            .lock()
            .map(|lines| lines.clone())
            .unwrap_or_default()
    }

    /// Once it has exited, its last words (a panic's message, its last results) may still
    /// be in the pipes: they are waited for, a little, unless a child it left holds the
    /// pipes open.
    fn wait_for_last_words(&self) {
        if self.exit.is_some() {
            let deadline = Instant::now() + GRACE;
            while self.readers.iter().any(|r| !r.is_finished()) && Instant::now() < deadline {
                thread::sleep(Duration::from_millis(10));
            }
        }
    }

    /// Stop it and everything it started: SIGTERM to its process group, then SIGKILL to
    /// the group after a grace period (on Windows, TerminateProcess at once).
    pub fn stop(&mut self) {
        let pid = self.child.id();
        if self.exited().is_none() {
            signal_group(pid, false);
            if self.exited_within(GRACE).is_none() {
                let _ = self.child.kill();
            }
        }
        // Its children may outlive it in the group: they go too.
        signal_group(pid, true);
        let _ = self.child.wait();
        RUNNING.store(0, Ordering::SeqCst);
    }
}

/// SIGTERM (or SIGKILL) to the process group `pid` leads. ESRCH, nobody left in the group,
/// is what a clean exit looks like.
#[cfg(unix)]
fn signal_group(pid: u32, kill: bool) {
    use rustix::process::{Pid, Signal, kill_process_group};
    let signal = if kill { Signal::KILL } else { Signal::TERM };
    if let Some(group) = i32::try_from(pid).ok().and_then(Pid::from_raw) {
        let _ = kill_process_group(group, signal);
    }
}

/// Windows has no process groups to signal: `Child::kill` ends the program itself.
#[cfg(not(unix))]
fn signal_group(_pid: u32, _kill: bool) {}

impl Drop for Program {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Describe how a program exited: `exit code 1`, or `signal 9` on Unix.
pub fn describe_exit(status: ExitStatus, lang: Lang) -> String {
    let (code, signal) = match lang {
        Lang::En => ("exit code", "signal"),
        Lang::Zh => ("退出码", "信号"),
    };
    if let Some(number) = status.code() {
        return format!("{code} {number}");
    }
    #[cfg(unix)]
    if let Some(number) = std::os::unix::process::ExitStatusExt::signal(&status) {
        return format!("{signal} {number}");
    }
    let _ = signal;
    status.to_string()
}

/// Read `pipe` line by line on a thread of its own, keeping the last lines (of stdout and
/// stderr together), each one cut to a length a terminal can show, and the pipe's own
/// first lines nearly whole, in `all`. Bytes that are not utf-8 become U+FFFD.
fn keep_lines(
    pipe: impl Read + Send + 'static,
    kept: Arc<Mutex<VecDeque<String>>>,
    all: Arc<Mutex<Vec<String>>>,
) -> Option<thread::JoinHandle<()>> {
    thread::Builder::new()
        .name("program-output".into())
        .spawn(move || {
            let mut reader = BufReader::new(pipe);
            let mut line = Vec::new();
            // Each line is read through a bounded window, so an endless line costs nothing.
            while let Ok(n) = (&mut reader).take(64 * 1024).read_until(b'\n', &mut line) {
                if n == 0 {
                    break;
                }
                let text = String::from_utf8_lossy(&line);
                let text = text.trim_end_matches(['\n', '\r']);
                if let Ok(mut all) = all.lock() {
                    if all.len() < WHOLE_LINES {
                        all.push(text.chars().take(WHOLE_LINE_LIMIT).collect());
                    }
                }
                let text: String = text.trim_end().chars().take(LINE_LIMIT).collect();
                line.clear();
                let Ok(mut lines) = kept.lock() else { break };
                if lines.len() == KEPT_LINES {
                    lines.pop_front();
                }
                lines.push_back(text);
            }
        })
        // Without the thread the output is not shown; the check itself goes on.
        .ok()
}

#[cfg(target_os = "linux")]
mod linux {
    use std::collections::HashSet;
    use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

    /// The local addresses of the listening TCP sockets that process `pid` holds open,
    /// as `ss -ltnp` shows them.
    pub fn listening_on(pid: u32) -> Vec<SocketAddr> {
        sockets(pid, TCP, &["0A"], 1)
    }

    /// The local addresses of its UDP sockets: `07` (unconnected; the kernel's "close"
    /// state) or `01` (connected), as `ss -lunp` and `ss -unp` show them.
    pub fn bound_udp(pid: u32) -> Vec<SocketAddr> {
        sockets(pid, UDP, &["07", "01"], 1)
    }

    const TCP: [&str; 2] = ["tcp", "tcp6"];
    const UDP: [&str; 2] = ["udp", "udp6"];

    /// The far ends of its TCP sockets that are connected (`01`, ESTABLISHED) or
    /// connecting (`02`, SYN_SENT), as `ss -tnp` shows them.
    pub fn connected_to(pid: u32) -> Vec<SocketAddr> {
        sockets(pid, TCP, &["01", "02"], 2)
    }

    /// One address column (1: local, 2: remote) of the sockets of process `pid` in one
    /// of `states`: its `/proc/PID/fd` entries name sockets by inode (`socket:[1234]`),
    /// and `/proc/PID/net/tcp` and `tcp6` (or `udp`, `udp6`) list every socket with its
    /// local and remote addresses, its state (`0A` is LISTEN) and its inode.
    fn sockets(pid: u32, tables: [&str; 2], states: &[&str], column: usize) -> Vec<SocketAddr> {
        let Ok(fds) = std::fs::read_dir(format!("/proc/{pid}/fd")) else {
            return Vec::new();
        };
        let inodes: HashSet<String> = fds
            .filter_map(|entry| std::fs::read_link(entry.ok()?.path()).ok())
            .filter_map(|target| {
                let target = target.to_string_lossy().into_owned();
                Some(
                    target
                        .strip_prefix("socket:[")?
                        .strip_suffix(']')?
                        .to_string(),
                )
            })
            .collect();
        let mut found = Vec::new();
        for table in tables {
            let path = format!("/proc/{pid}/net/{table}");
            for row in std::fs::read_to_string(path)
                .unwrap_or_default()
                .lines()
                .skip(1)
            {
                let fields: Vec<&str> = row.split_whitespace().collect();
                let (Some(address), Some(state), Some(inode)) =
                    (fields.get(column), fields.get(3), fields.get(9))
                else {
                    continue;
                };
                if states.contains(state) && inodes.contains(*inode) {
                    found.extend(parse_address(address));
                }
            }
        }
        found.sort_unstable();
        found.dedup();
        found
    }

    /// `0100007F:1F90` is 127.0.0.1:8080: the address as the kernel's 32-bit words, each
    /// printed in the machine's byte order, then the port in hex.
    fn parse_address(text: &str) -> Option<SocketAddr> {
        let (address, port) = text.split_once(':')?;
        let port = u16::from_str_radix(port, 16).ok()?;
        let mut bytes = Vec::new();
        for word in 0..address.len() / 8 {
            let word = u32::from_str_radix(address.get(word * 8..word * 8 + 8)?, 16).ok()?;
            bytes.extend(word.to_ne_bytes());
        }
        let ip = match bytes.len() {
            4 => IpAddr::V4(Ipv4Addr::new(bytes[0], bytes[1], bytes[2], bytes[3])),
            16 => IpAddr::V6(Ipv6Addr::from(<[u8; 16]>::try_from(bytes).ok()?)),
            _ => return None,
        };
        Some(SocketAddr::new(ip, port))
    }

    #[cfg(test)]
    mod tests {
        #[test]
        fn kernel_addresses_read_as_the_machine_wrote_them() {
            let local = if cfg!(target_endian = "little") {
                "0100007F:1F90"
            } else {
                "7F000001:1F90"
            };
            assert_eq!(super::parse_address(local), "127.0.0.1:8080".parse().ok());
            let any6 = "00000000000000000000000000000000:0050";
            assert_eq!(super::parse_address(any6), "[::]:80".parse().ok());
        }
    }
}
