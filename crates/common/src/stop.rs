//! Stopping cleanly on Ctrl-C (SIGINT), SIGTERM or SIGHUP (the terminal closing).
//!
//! Python's servers catch `KeyboardInterrupt`. Here a handler sets a flag that the
//! program's loops check; a loop blocked in a receive must wake up to see it, so servers
//! that stop this way give their sockets a short read timeout, or pass a `wake` function
//! that unblocks them (shutting a socket down, sending a wake-up datagram).

use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::Context;

/// Set once Ctrl-C, SIGTERM or SIGHUP has arrived. Cheap to clone and share between
/// threads.
#[derive(Debug, Clone, Default)]
pub struct Stop(Arc<AtomicBool>);

impl Stop {
    /// A flag that only [`Stop::request`] sets: for code driven by tests.
    pub fn new() -> Stop {
        Stop::default()
    }

    /// Set the flag on Ctrl-C, SIGTERM or SIGHUP, then call `wake`. Once per process.
    pub fn on_signal(wake: impl Fn() + Send + 'static) -> anyhow::Result<Stop> {
        let stop = Stop::new();
        let flag = stop.clone();
        ctrlc::set_handler(move || {
            flag.request();
            wake();
        })
        .context("cannot install the Ctrl-C handler")?;
        Ok(stop)
    }

    /// [`Stop::on_signal`], unless the program was started with one of those signals
    /// ignored, as `nohup` starts it (SIGHUP) and a script's `command &` (SIGINT): the
    /// handler would catch them again, and such a program must go on when its terminal
    /// closes or the script's Ctrl-C comes. None then: nothing is installed, and every
    /// signal keeps what the program inherited.
    pub fn on_signal_unless_ignored(
        wake: impl Fn() + Send + 'static,
    ) -> anyhow::Result<Option<Stop>> {
        match started_ignoring_a_stop_signal() {
            true => Ok(None),
            false => Stop::on_signal(wake).map(Some),
        }
    }

    /// For a TCP server: on Ctrl-C, SIGTERM or SIGHUP set the flag, then connect to
    /// `listener` once, so that a thread blocked in its `accept()` returns and sees the flag.
    pub fn waking_listener(listener: &TcpListener) -> anyhow::Result<Stop> {
        let bound = listener
            .local_addr()
            .context("cannot read the listening address")?;
        let wake = crate::addr::reachable(bound);
        Stop::on_signal(move || {
            let _ = TcpStream::connect_timeout(&wake, Duration::from_secs(1));
        })
    }

    /// Ask everything that watches this flag to stop.
    pub fn request(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    /// Whether a stop was asked for.
    pub fn requested(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }

    /// Sleep for `duration`, waking early when a stop is asked for. Returns whether it was.
    pub fn sleep(&self, duration: Duration) -> bool {
        let deadline = Instant::now() + duration;
        while !self.requested() {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return false;
            }
            thread::sleep(left.min(POLL));
        }
        true
    }
}

/// Whether this process was started with SIGHUP, SIGINT or SIGTERM ignored, as Linux
/// lists it in /proc/self/status.
#[cfg(target_os = "linux")]
fn started_ignoring_a_stop_signal() -> bool {
    std::fs::read_to_string("/proc/self/status").is_ok_and(|status| ignores_a_stop_signal(&status))
}

/// In a /proc/PID/status text, `SigIgn:` is a hexadecimal mask of the ignored signals,
/// bit N - 1 for signal N: SIGHUP is 1, SIGINT 2, SIGTERM 15.
#[cfg(any(target_os = "linux", test))]
fn ignores_a_stop_signal(status: &str) -> bool {
    let bit = |signal: u32| 1u64 << (signal - 1);
    let stop_signals = bit(1) | bit(2) | bit(15);
    status
        .lines()
        .find_map(|line| line.strip_prefix("SigIgn:"))
        .and_then(|mask| u64::from_str_radix(mask.trim(), 16).ok())
        .is_some_and(|mask| mask & stop_signals != 0)
}

/// Elsewhere there is no such list to read.
#[cfg(not(target_os = "linux"))]
fn started_ignoring_a_stop_signal() -> bool {
    false
}

/// How often a waiting loop looks at the flag: short enough that Ctrl-C feels instant.
pub const POLL: Duration = Duration::from_millis(50);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_ignored_sighup_sigint_or_sigterm_is_seen_in_sigign() {
        let status =
            |mask: &str| format!("Name:\tclient\nSigBlk:\t0000000000000000\nSigIgn:\t{mask}\n");
        assert!(
            ignores_a_stop_signal(&status("0000000000000001")),
            "nohup: SIGHUP"
        );
        assert!(
            ignores_a_stop_signal(&status("0000000000000006")),
            "cmd &: SIGINT, SIGQUIT"
        );
        assert!(
            ignores_a_stop_signal(&status("0000000000004000")),
            "SIGTERM"
        );
        assert!(
            !ignores_a_stop_signal(&status("0000000000001000")),
            "SIGPIPE alone"
        );
        assert!(!ignores_a_stop_signal(&status("0000000000000000")));
        assert!(!ignores_a_stop_signal("Name:\tno mask\n"));
    }

    #[test]
    fn a_request_is_seen_by_every_clone() {
        let stop = Stop::new();
        let other = stop.clone();
        assert!(!other.requested());
        stop.request();
        assert!(other.requested());
    }

    #[test]
    fn sleep_ends_early_when_a_stop_is_requested() {
        let stop = Stop::new();
        assert!(
            !stop.sleep(Duration::from_millis(1)),
            "no stop: sleeps the full time"
        );
        let other = stop.clone();
        let waker = thread::spawn(move || {
            thread::sleep(Duration::from_millis(20));
            other.request();
        });
        let started = Instant::now();
        assert!(stop.sleep(Duration::from_secs(30)), "woken by the request");
        assert!(started.elapsed() < Duration::from_secs(30));
        waker.join().expect("the waker ran");
    }
}
