//! # Exercise 6: a UDP pinger that tells lost, late and duplicate replies apart
//!
//! The udp-echo lesson's `ping`, small: probes to an echo server, one at a time, each
//! with its number, and a summary of what came back. Kurose and Ross's pinger lab asks
//! the same of Python's `socket`. Read lesson 3 (udp-echo) first.
//!
//! Your pinger is started with the echo server's address and how many probes to send:
//!
//! ```text
//! pinger 127.0.0.1:40123 8
//! ```
//!
//! Make it
//!
//! 1. bind a UDP socket to `127.0.0.1:0` (any free port);
//! 2. for each number from 1 to the count, in turn: send the probe `ping N` (the bytes of
//!    that text, nothing more) to the server, and wait at most `REPLY_TIMEOUT` for its
//!    echo, `ping N` again; print a line of your own for it (`seq=N time=0.123 ms`, or
//!    `seq=N timeout`), and go on with the next probe;
//! 3. sort out what else comes while it waits: the echo of an earlier probe that already
//!    had its reply is a *duplicate*; the echo of an earlier probe that timed out is
//!    *late*; neither is a reply, and neither ends the wait (anything else is not ours:
//!    ignore it);
//! 4. end with these two lines and exit code 0, the round-trip times (rtt) in
//!    milliseconds, over the replies received only:
//!
//! ```text
//! 8 sent, 6 received, 25.0% loss (late 1, duplicates 2)
//! rtt min/avg/max = 21.345/97.201/176.024 ms
//! ```
//!
//! (with no reply at all, no rtt line). Another error from the receive than the
//! timeout's (a `connect()`ed socket hears "connection refused", `ConnectionReset` on
//! Windows, where no program receives) ends the pinger with one line on stderr and exit
//! code 1; counting the probe as lost and going on is fine too.
//!
//! Check it from the repository's top folder:
//!
//! ```text
//! cargo run -p lab -- check pinger
//! ```
//!
//! Try it by hand, from the same folder, in two terminals:
//!
//! ```text
//! cargo run -p udp-echo -- server 127.0.0.1:9000
//! cargo run --manifest-path exercises/Cargo.toml -p pinger -- 127.0.0.1:9000 5
//! ```

use std::time::Duration;

/// How long to wait for each probe's reply: settimeout(0.3) in Python. A round trip on
/// this machine takes a fraction of a millisecond; across the world, 300 ms.
const REPLY_TIMEOUT: Duration = Duration::from_millis(300);

fn main() {
    // The server's address and the count: sys.argv[1] and int(sys.argv[2]) in Python.
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(server), Some(Ok(count @ 1..))) =
        (args.first(), args.get(1).map(|n| n.parse::<u32>()))
    else {
        eprintln!("usage: pinger ADDRESS COUNT   (for example 127.0.0.1:9000 5)");
        std::process::exit(2);
    };

    // TODO: a UdpSocket bound to 127.0.0.1:0 (connect() it to the server, if you like).
    // TODO: for seq in 1..=count: send `ping {seq}`, then receive until its echo comes or
    //       REPLY_TIMEOUT has passed since the send; count late and duplicate echoes.
    // TODO: the summary's two lines, and exit code 0.
    println!(
        "pinger: I should send {count} probes to {server} and wait {REPLY_TIMEOUT:?} for \
         each echo, but nobody has written that yet"
    );
}
