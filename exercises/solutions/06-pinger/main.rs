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

use std::io::ErrorKind;
use std::net::UdpSocket;
use std::time::{Duration, Instant};

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

    // socket(AF_INET, SOCK_DGRAM) on any free port; connect() keeps the server's address,
    // and the system drops datagrams from anyone else.
    let socket = UdpSocket::bind("127.0.0.1:0").unwrap_or_else(|error| fail("cannot bind", error));
    if let Err(error) = socket.connect(server) {
        fail(&format!("cannot use the address {server}"), error);
    }

    // What came back, probe by probe: answered[N - 1] once probe N had its reply.
    let mut answered = vec![false; count as usize];
    let mut rtts: Vec<Duration> = Vec::new();
    let (mut late, mut duplicates) = (0u32, 0u32);
    let mut buffer = [0u8; 1024];
    for seq in 1..=count {
        // sendto(b'ping N', server), and the time it left.
        let sent_at = Instant::now();
        if let Err(error) = socket.send(format!("ping {seq}").as_bytes()) {
            fail(&format!("cannot send to {server}"), error);
        }
        // recvfrom() until this probe's echo, or until REPLY_TIMEOUT after the send:
        // whatever else comes meanwhile only uses up part of the wait.
        let deadline = sent_at + REPLY_TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                println!("seq={seq} timeout");
                break;
            }
            if let Err(error) = socket.set_read_timeout(Some(left)) {
                fail("cannot set the timeout", error);
            }
            let n = match socket.recv(&mut buffer) {
                Ok(n) => n,
                // WouldBlock on Linux and macOS, TimedOut on Windows: the time is up.
                Err(error)
                    if matches!(error.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) =>
                {
                    println!("seq={seq} timeout");
                    break;
                }
                Err(error) => fail(&format!("cannot receive from {server}"), error),
            };
            match echoed_seq(&buffer[..n]) {
                Some(got) if got == seq => {
                    let rtt = sent_at.elapsed();
                    println!("seq={seq} time={:.3} ms", millis(rtt));
                    answered[seq as usize - 1] = true;
                    rtts.push(rtt);
                    break;
                }
                Some(got) if (1..seq).contains(&got) && answered[got as usize - 1] => {
                    println!("seq={got} duplicate reply, not counted");
                    duplicates += 1;
                }
                Some(got) if (1..seq).contains(&got) => {
                    println!("seq={got} late reply, not counted");
                    late += 1;
                }
                // Not the echo of a probe sent so far: not ours.
                _ => {}
            }
        }
    }

    // The summary, like ping's: loss over the probes sent, times over the replies.
    let received = rtts.len() as u32;
    let loss = 100.0 * f64::from(count - received) / f64::from(count);
    println!(
        "{count} sent, {received} received, {loss:.1}% loss (late {late}, duplicates {duplicates})"
    );
    if let (Some(min), Some(max)) = (rtts.iter().min(), rtts.iter().max()) {
        let avg = rtts.iter().sum::<Duration>() / received;
        println!(
            "rtt min/avg/max = {:.3}/{:.3}/{:.3} ms",
            millis(*min),
            millis(avg),
            millis(*max)
        );
    }
}

/// The number N of an echoed probe, `ping N`; None for any other datagram.
fn echoed_seq(datagram: &[u8]) -> Option<u32> {
    let text = std::str::from_utf8(datagram).ok()?;
    text.strip_prefix("ping ")?.parse().ok()
}

fn millis(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

/// One line on stderr, and exit code 1.
fn fail(what: &str, error: std::io::Error) -> ! {
    eprintln!("pinger: {what} ({error})");
    std::process::exit(1);
}
