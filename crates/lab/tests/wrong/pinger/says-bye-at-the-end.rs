//! Wrong on purpose: ends with a "bye" datagram to the server, as if it were a TCP
//! conversation to close. Nobody is listening for it: an echo server echoes it, and the
//! checker counts it as a probe too many.

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

    let _ = socket.send(b"bye");

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
