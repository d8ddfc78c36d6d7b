//! Stopping cleanly on Ctrl-C (SIGINT) or SIGTERM.
//!
//! Python's servers catch `KeyboardInterrupt`. Here a handler sets a flag that the
//! program's loops check; a loop blocked in a receive must wake up to see it, so servers
//! that stop this way give their sockets a short read timeout, or pass a `wake` function
//! that unblocks them (shutting a socket down, sending a wake-up datagram).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::Context;

/// Set once Ctrl-C or SIGTERM has arrived. Cheap to clone and share between threads.
#[derive(Debug, Clone, Default)]
pub struct Stop(Arc<AtomicBool>);

impl Stop {
    /// A flag that only [`Stop::request`] sets: for code driven by tests.
    pub fn new() -> Stop {
        Stop::default()
    }

    /// Set the flag on Ctrl-C or SIGTERM, then call `wake`. Once per process.
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

    /// Ask everything that watches this flag to stop.
    pub fn request(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    /// Whether a stop was asked for.
    pub fn requested(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_is_seen_by_every_clone() {
        let stop = Stop::new();
        let other = stop.clone();
        assert!(!other.requested());
        stop.request();
        assert!(other.requested());
    }
}
