//! udp-echo, run as a student runs it: the real binary and real datagrams on loopback.

use std::net::SocketAddr;
use std::process::Command;
use std::thread;

use testkit::{Running, assert_transcript, pairs, python_server, run, run_python, udp_socket};

const BIN: &str = env!("CARGO_BIN_EXE_udp-echo");

fn server(extra: &[&str]) -> (Running, SocketAddr) {
    let mut args = vec!["server", "127.0.0.1:0"];
    args.extend_from_slice(extra);
    Running::server(BIN, &args)
}

#[test]
fn every_datagram_comes_back_byte_for_byte() {
    let (mut server, addr) = server(&[]);
    let client = udp_socket();
    let me = client.local_addr().expect("addr");
    let mut buf = vec![0u8; 65_536];
    let largest: Vec<u8> = (0..65_507u32).map(|i| (i % 251) as u8).collect();
    let datagrams: [&[u8]; 5] = [
        b"hello",
        &[0xff, 0x00, 0xfe],
        b"",
        "你好".as_bytes(),
        &largest,
    ];
    for datagram in datagrams {
        client.send_to(datagram, addr).expect("send");
        let (n, from) = client.recv_from(&mut buf).expect("echo");
        assert_eq!(from, addr);
        assert_eq!(&buf[..n], datagram, "{} bytes", datagram.len());
    }
    server.expect_line(&format!("server: echoed 5 bytes to {me}: hello"));
    server.expect_line(&format!("server: echoed 3 bytes to {me}: "));
    server.expect_line(&format!("server: echoed 0 bytes to {me}: "));
    server.expect_line(&format!("server: echoed 6 bytes to {me}: 你好"));
    server.expect_line(&format!("server: echoed 65507 bytes to {me}: "));
}

#[cfg(unix)]
#[test]
fn quiet_prints_no_line_per_datagram() {
    let (mut server, addr) = server(&["--quiet"]);
    let client = udp_socket();
    let mut buf = [0u8; 16];
    for message in [&b"hush"[..], b"after"] {
        client.send_to(message, addr).expect("send");
        let (n, _) = client.recv_from(&mut buf).expect("echo");
        assert_eq!(&buf[..n], message);
    }
    // The second echo came back, so the server had long finished with the first: any
    // line about it is already in the pipe. Stop the server and read everything it said.
    server.next_line();
    server.terminate();
    let out = server.finish();
    assert_eq!(
        out.stdout,
        format!(
            "server: listening on {addr}\n\
             server: loopback only: just this machine can reach it (bind 0.0.0.0 to open it to your network)"
        ),
        "--quiet: no line per datagram"
    );
}

#[test]
fn the_client_shows_what_came_back() {
    let (_server, addr) = server(&[]);
    let out = run(BIN, &["client", &addr.to_string(), "hello", "你好"], "");
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(
        out.stdout
            .contains(&format!("client: echoed 5 bytes from {addr}: hello")),
        "{out:?}"
    );
    assert!(
        out.stdout
            .contains(&format!("client: echoed 6 bytes from {addr}: 你好")),
        "{out:?}"
    );
    assert!(!out.stdout.contains("not what we sent"), "{out:?}");
}

#[test]
fn the_client_loops_over_stdin_like_the_tutorials_client_against_a_python_echo_server() {
    testkit::need!("python3");
    let (_server, addr) = python_server("udp_echo_server.py", &[]);
    let port = addr.port().to_string();
    // The tutorial's client: host and port, then a line typed, sent, echoed, in a loop.
    let out = run(BIN, &["client", "127.0.0.1", &port], "hello\n你好\n");
    assert_eq!(out.code, Some(0), "end of input ends it: {out:?}");
    assert_eq!(
        out.stdout,
        format!(
            "client: sent 5 bytes to {addr}: hello\n\
             client: echoed 5 bytes from {addr}: hello\n\
             client: sent 6 bytes to {addr}: 你好\n\
             client: echoed 6 bytes from {addr}: 你好"
        )
    );
    let out = run(BIN, &["client", &addr.to_string()], "one\n\ntwo\n");
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(out.stdout.ends_with("client: empty line: done"), "{out:?}");
    assert!(!out.stdout.contains("two"), "{out:?}");
}

#[test]
fn the_tutorials_server_that_replies_once() {
    testkit::need!("python3");
    let (server, addr) = server(&["--once"]);
    let port = addr.port().to_string();
    let out = run_python("udp_client.py", &["127.0.0.1", &port], "only once\n");
    assert_eq!(out.code, Some(0), "{out:?}");
    assert_eq!(out.stdout, "reply: only once");
    let server = server.finish();
    assert_eq!(server.code, Some(0), "{server:?}");
    let lines: Vec<&str> = server.stdout.lines().collect();
    assert_eq!(lines.len(), 4, "{server:?}");
    assert!(
        lines[2].starts_with("server: echoed 9 bytes to 127.0.0.1:")
            && lines[2].ends_with(": only once"),
        "{server:?}"
    );
    assert_eq!(
        lines[3],
        "server: --once: one datagram echoed, closing the socket"
    );
}

#[test]
fn the_client_needs_its_address_first() {
    for (args, expected) in [
        (
            vec!["client"],
            "error: the following required arguments were not provided",
        ),
        (
            vec!["client", "127.0.0.1", "hello"],
            "error: expected a port after host \"127.0.0.1\", got \"hello\"",
        ),
        (
            vec!["client", "localhost"],
            "error: missing the port after host \"localhost\"",
        ),
    ] {
        let out = run(BIN, &args, "");
        assert_eq!(out.code, Some(2), "{args:?}: {out:?}");
        assert!(out.stderr.starts_with(expected), "{args:?}: {out:?}");
    }
}

#[test]
fn the_client_times_out_clearly_without_a_server() {
    let silent = udp_socket();
    let addr = silent.local_addr().expect("addr");
    let out = run(
        BIN,
        &["client", &addr.to_string(), "--timeout", "0.2", "x"],
        "",
    );
    assert_eq!(out.code, Some(1), "{out:?}");
    assert!(
        out.stderr
            .starts_with(&format!("error: no echo from {addr} within 0.2 s")),
        "{out:?}"
    );
}

#[test]
fn ping_reports_each_probe_and_a_summary() {
    let (_server, addr) = server(&["--quiet"]);
    let out = run(
        BIN,
        &[
            "ping",
            &addr.to_string(),
            "--count",
            "3",
            "--interval",
            "0.05",
        ],
        "",
    );
    assert_eq!(out.code, Some(0), "{out:?}");
    for seq in 0..3 {
        assert!(
            out.stdout
                .contains(&format!("ping: seq={seq} bytes=56 time=")),
            "{out:?}"
        );
    }
    assert!(
        out.stdout
            .contains("ping: 3 sent, 3 received, 0.0% loss (late 0, duplicates 0, foreign 0)"),
        "{out:?}"
    );
    assert!(
        out.stdout.contains("ping: rtt min/avg/max/p99 = "),
        "{out:?}"
    );
    assert!(
        !out.stdout.contains("round trips per second"),
        "only with --interval 0: {out:?}"
    );
}

#[test]
fn ping_with_no_interval_reports_round_trips_per_second() {
    let (_server, addr) = server(&["--quiet"]);
    let out = run(
        BIN,
        &[
            "ping",
            &addr.to_string(),
            "--count",
            "200",
            "--interval",
            "0",
            "--size",
            "20",
            "--quiet",
        ],
        "",
    );
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(
        out.stdout.contains("200 sent, 200 received, 0.0% loss"),
        "{out:?}"
    );
    assert!(out.stdout.contains(" round trips per second"), "{out:?}");
    assert!(
        !out.stdout.contains("seq="),
        "--quiet drops the per-probe lines: {out:?}"
    );
}

#[test]
fn ping_without_a_server_counts_every_probe_lost() {
    let silent = udp_socket();
    let addr = silent.local_addr().expect("addr");
    let out = run(
        BIN,
        &[
            "ping",
            &addr.to_string(),
            "--count",
            "2",
            "--interval",
            "0",
            "--timeout",
            "0.2",
        ],
        "",
    );
    assert_eq!(out.code, Some(1), "{out:?}");
    assert!(out.stdout.contains("ping: seq=0 timeout"), "{out:?}");
    assert!(out.stdout.contains("ping: seq=1 timeout"), "{out:?}");
    assert!(
        out.stdout.contains("2 sent, 0 received, 100.0% loss"),
        "{out:?}"
    );
    assert_eq!(
        out.stderr,
        format!("error: no replies from {addr}: is an echo server running there?")
    );
}

#[test]
fn ping_labels_late_duplicate_and_foreign_replies_and_does_not_count_them() {
    // An echo server that misbehaves in every way UDP allows.
    let tricky = udp_socket();
    let addr = tricky.local_addr().expect("addr");
    let stranger = udp_socket();
    let handle = thread::spawn(move || {
        let mut buf = [0u8; 128];
        let mut held = Vec::new();
        for probe in 0..3 {
            let (n, pinger) = tricky.recv_from(&mut buf).expect("a probe");
            match probe {
                0 => {
                    stranger
                        .send_to(b"from someone else", pinger)
                        .expect("send");
                    tricky.send_to(b"not a probe", pinger).expect("send");
                    tricky.send_to(&buf[..n], pinger).expect("send");
                    tricky.send_to(&buf[..n], pinger).expect("send a duplicate");
                }
                // Probe 1 is held back: ping sends probe 2 only once probe 1 timed out.
                1 => held = buf[..n].to_vec(),
                _ => {
                    tricky.send_to(&held, pinger).expect("send probe 1 late");
                    tricky.send_to(&buf[..n], pinger).expect("send");
                }
            }
        }
    });
    let out = run(
        BIN,
        &[
            "ping",
            &addr.to_string(),
            "--count",
            "3",
            "--interval",
            "0",
            "--timeout",
            "1",
        ],
        "",
    );
    handle.join().expect("the tricky server ran");
    assert_eq!(out.code, Some(0), "{out:?}");
    for expected in [
        "ping: foreign datagram from 127.0.0.1:",
        "ping: seq=0 bytes=56 time=",
        "ping: seq=0 duplicate reply, not counted",
        "ping: seq=1 timeout",
        "ping: seq=1 late reply (time=",
        "ping: seq=2 bytes=56 time=",
        "ping: 3 sent, 2 received, 33.3% loss (late 1, duplicates 1, foreign 2)",
    ] {
        assert!(
            out.stdout.contains(expected),
            "missing {expected:?} in {out:?}"
        );
    }
}

#[cfg(unix)]
#[test]
fn ping_stopped_by_sigterm_still_prints_its_summary() {
    let (_server, addr) = server(&["--quiet"]);
    let mut command = Command::new(BIN);
    command.args([
        "ping",
        &addr.to_string(),
        "--count",
        "1000",
        "--interval",
        "0.05",
    ]);
    let mut ping = Running::start(command);
    ping.expect_line("ping: seq=2 bytes=56");
    ping.terminate();
    let out = ping.finish();
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(out.stdout.contains(" received, "), "{out:?}");
    assert!(!out.stdout.contains("1000 sent"), "stopped early: {out:?}");
}

/// ping takes its address as every client does: a host alone is no address, whatever
/// port a server of this lesson listens on by default.
#[test]
fn ping_needs_a_port_after_a_host_like_every_client() {
    for (args, expected) in [
        (
            vec!["ping", "127.0.0.1"],
            "error: missing the port after host \"127.0.0.1\": write 127.0.0.1:PORT or 127.0.0.1 PORT (example: udp-echo ping 127.0.0.1:8080 --count 3)",
        ),
        (
            vec!["ping", "localhost", "echo"],
            "error: expected a port after host \"localhost\", got \"echo\"",
        ),
    ] {
        let out = run(BIN, &args, "");
        assert_eq!(out.code, Some(2), "{args:?}: {out:?}");
        assert!(out.stderr.starts_with(expected), "{args:?}: {out:?}");
    }
}

#[test]
fn ping_refuses_a_size_too_small_for_its_header() {
    let out = run(BIN, &["ping", "127.0.0.1:9", "--size", "10"], "");
    assert_eq!(out.code, Some(2), "{out:?}");
    assert_eq!(
        out.stderr,
        "error: --size 10 is out of range: a probe holds 20 to 65507 bytes"
    );
}

#[test]
fn a_python_client_gets_its_datagram_back() {
    testkit::need!("python3");
    let (_server, addr) = server(&[]);
    let port = addr.port().to_string();
    let out = run_python("udp_client.py", &["127.0.0.1", &port], "echo me\n");
    assert_eq!(out.code, Some(0), "{out:?}");
    assert_eq!(out.stdout, "reply: echo me");
}

/// Start a ping with these arguments after the address; it is killed when dropped.
#[cfg(unix)]
fn start_ping(addr: SocketAddr, extra: &[&str]) -> Running {
    let mut command = Command::new(BIN);
    command.arg("ping").arg(addr.to_string()).args(extra);
    Running::start(command)
}

#[cfg(unix)]
#[test]
fn ctrl_c_while_waiting_for_a_reply_ends_ping_at_once_with_its_summary() {
    // An echo server that answers three probes, then falls silent, as if stopped.
    let server = udp_socket();
    let addr = server.local_addr().expect("addr");
    let ping = start_ping(
        addr,
        &["--count", "100", "--interval", "0.01", "--timeout", "60"],
    );
    let mut buf = [0u8; 128];
    for _ in 0..3 {
        let (n, pinger) = server.recv_from(&mut buf).expect("a probe");
        server.send_to(&buf[..n], pinger).expect("echo");
    }
    server
        .recv_from(&mut buf)
        .expect("the fourth probe, never answered");
    // The ping now waits up to 60 s for that reply; Ctrl-C must end the wait, not sit it out.
    ping.signal(testkit::Signal::INT);
    let out = ping.finish();
    assert_eq!(
        out.code,
        Some(0),
        "some replies came, as ping exits: {out:?}"
    );
    assert!(
        out.stdout.ends_with(&format!(
            "ping: 4 sent, 3 received, 25.0% loss (late 0, duplicates 0, foreign 0)\n\
             ping: rtt min/avg/max/p99 = {}",
            out.stdout
                .rsplit("rtt min/avg/max/p99 = ")
                .next()
                .expect("an rtt line")
        )),
        "{out:?}"
    );
    assert!(!out.stdout.contains("seq=3"), "{out:?}");
}

#[cfg(unix)]
#[test]
fn ctrl_c_during_the_interval_ends_ping_without_waiting_it_out() {
    let (_server, addr) = server(&["--quiet"]);
    let mut ping = start_ping(addr, &["--count", "3", "--interval", "60"]);
    ping.expect_line("ping: seq=0 bytes=56 time=");
    ping.signal(testkit::Signal::INT); // the next probe is due in 60 s
    let out = ping.finish();
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(
        out.stdout
            .contains("ping: 1 sent, 1 received, 0.0% loss (late 0, duplicates 0, foreign 0)"),
        "{out:?}"
    );
}

#[test]
fn ping_trace_shows_each_probe_and_its_echo() {
    let (_server, addr) = server(&["--quiet"]);
    let out = run(
        BIN,
        &["ping", &addr.to_string(), "--count", "1", "--trace"],
        "",
    );
    assert_eq!(out.code, Some(0), "{out:?}");
    let lines: Vec<&str> = out.stdout.lines().collect();
    let first = format!("ping: {addr} from ");
    assert!(
        lines[0].starts_with(&first) && lines[0].ends_with(": 1 probe of 56 bytes"),
        "{out:?}"
    );
    let sent = format!("ping: trace: sent 56 bytes to {addr}");
    let received = format!("ping: trace: received 56 bytes from {addr}");
    let at = |line: &str| lines.iter().position(|l| *l == line);
    let (Some(sent_at), Some(received_at)) = (at(&sent), at(&received)) else {
        panic!("no trace of the probe and its echo: {out:?}");
    };
    assert!(sent_at < received_at, "{out:?}");
    for start in [sent_at, received_at] {
        assert!(
            lines[start + 1].starts_with("ping: trace:   0000  55 50 4e 47 "),
            "UPNG first: {out:?}"
        );
    }
    assert_eq!(
        lines[sent_at + 1..sent_at + 6],
        lines[received_at + 1..received_at + 6],
        "the echo is the probe, byte for byte"
    );
}

/// The book's transcripts of lesson 3, from real runs: ports written as the defaults, and
/// round-trip times (which differ every run) as the book's sample figures.
#[test]
fn the_book_shows_what_the_programs_really_print() {
    let (mut server, addr) = server(&[]);
    let port = addr.port().to_string();
    let client = run(BIN, &["client", "127.0.0.1", &port, "hello", "你好"], "");
    assert_eq!(client.code, Some(0), "{client:?}");
    let echoed = server.expect_line("echoed 6 bytes to ");
    let me = echoed
        .split(" to ")
        .nth(1)
        .and_then(|rest| rest.split(':').nth(1))
        .expect("the client's port")
        .to_string();
    let ports = [
        (addr.to_string(), "127.0.0.1:8080".to_string()),
        (format!("127.0.0.1:{me}"), "127.0.0.1:40123".to_string()),
    ];
    let ports = pairs(&ports);
    assert_transcript("udp-echo-client.txt", &client.stdout, &ports);
    assert_transcript("udp-echo-server.txt", &server.seen.join("\n"), &ports);

    let (_quiet, addr) = self::server(&["--quiet"]);
    let ping = run(
        BIN,
        &[
            "ping",
            &addr.to_string(),
            "--count",
            "3",
            "--interval",
            "0.2",
        ],
        "",
    );
    assert_eq!(ping.code, Some(0), "{ping:?}");
    let printed = sample_times(&ping.stdout);
    let me = ping_port(&printed);
    let ports = [
        (addr.to_string(), "127.0.0.1:8080".to_string()),
        (format!("0.0.0.0:{me}"), "0.0.0.0:40123".to_string()),
    ];
    let ports = pairs(&ports);
    assert_transcript("udp-echo-ping.txt", &printed, &ports);

    let trace = run(
        BIN,
        &["ping", &addr.to_string(), "--count", "1", "--trace"],
        "",
    );
    assert_eq!(trace.code, Some(0), "{trace:?}");
    let printed = sample_probe(&sample_times(&trace.stdout));
    let me = ping_port(&printed);
    let ports = [
        (addr.to_string(), "127.0.0.1:8080".to_string()),
        (format!("0.0.0.0:{me}"), "0.0.0.0:40123".to_string()),
    ];
    let ports = pairs(&ports);
    assert_transcript("udp-echo-ping-trace.txt", &printed, &ports);
}

/// The port in ping's first line, `ping: ADDR from 0.0.0.0:PORT: ...`.
fn ping_port(stdout: &str) -> String {
    stdout
        .split(" from 0.0.0.0:")
        .nth(1)
        .and_then(|rest| rest.split(':').next())
        .expect("ping names its own address")
        .to_string()
}

/// Round-trip times as the book's sample figures: `time=` in the order they come, and the
/// rtt line's four figures.
fn sample_times(stdout: &str) -> String {
    let mut samples = ["0.081", "0.064", "0.059"].iter();
    let lines: Vec<String> = stdout
        .lines()
        .map(|line| {
            if let Some((head, tail)) = line.split_once("time=") {
                let (_, rest) = tail.split_once(" ms").expect("time=N ms");
                let sample = samples.next().expect("at most three probes");
                format!("{head}time={sample} ms{rest}")
            } else if let Some((head, _)) = line.split_once("p99 = ") {
                let one = stdout.matches("time=").count() == 1;
                let rtt = if one {
                    "0.081/0.081/0.081/0.081"
                } else {
                    "0.059/0.068/0.081/0.081"
                };
                format!("{head}p99 = {rtt} ms")
            } else {
                line.to_string()
            }
        })
        .collect();
    lines.join("\n")
}

/// A probe's session number and send time differ every run: write them as the book's
/// sample values (session 1a2b3c4d, sent 41 µs after the start), in the hex rows and in
/// the text they are shown as. The rows are first checked to be the probe's bytes as
/// the trace shows them, so the book's rows are what the program would print for these.
fn sample_probe(stdout: &str) -> String {
    const ROW: &str = "ping: trace:   0000  ";
    const HEX: usize = 16 * 3 - 1;
    let mut lines: Vec<String> = stdout.lines().map(str::to_string).collect();
    let starts: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].starts_with(ROW))
        .collect();
    assert_eq!(starts.len(), 2, "two dumps, probe and echo: {stdout}");
    for start in starts {
        let mut bytes = Vec::new();
        for line in &lines[start..start + 4] {
            let hex = &line[ROW.len()..ROW.len() + HEX];
            bytes.extend(
                hex.split_whitespace()
                    .map(|b| u8::from_str_radix(b, 16).expect("hex")),
            );
        }
        assert_eq!(bytes.len(), 56, "{stdout}");
        assert_eq!(
            dump(&bytes),
            lines[start..start + 5],
            "the trace's own rows"
        );
        bytes[4..8].copy_from_slice(&0x1a2b_3c4d_u32.to_be_bytes());
        bytes[12..20].copy_from_slice(&41_000_u64.to_be_bytes());
        lines.splice(start..start + 5, dump(&bytes));
    }
    lines.join("\n")
}

/// A trace dump's rows as `Narrator` prints them: offset, hex, text; then the bytes as
/// utf-8 text.
fn dump(bytes: &[u8]) -> Vec<String> {
    let mut rows: Vec<String> = common::narrate::hex_rows(bytes)
        .into_iter()
        .map(|row| format!("ping: trace:   {row}"))
        .collect();
    let decoded = common::text::Encoding::Utf8.decode(bytes);
    let mut text = common::text::printable(&decoded.text);
    if decoded.replaced {
        text.push_str(" (bytes that are not valid utf-8 are shown as \u{fffd})");
    }
    rows.push(format!("ping: trace:   as utf-8: {text}"));
    rows
}

/// Text from the network never reaches the terminal raw: terminal escapes, a bell, a
/// carriage return and a bidi override are echoed byte for byte, and printed escaped on
/// both sides.
#[test]
fn control_characters_are_echoed_as_they_are_and_printed_escaped() {
    let hostile = "\u{1b}[2J\u{1b}]0;pwned\u{7}\r\u{202e}txt.exe";
    let escaped = r"\u{1b}[2J\u{1b}]0;pwned\u{7}\r\u{202e}txt.exe";
    let (mut server, addr) = server(&[]);
    let client = udp_socket();
    let me = client.local_addr().expect("addr");
    client.send_to(hostile.as_bytes(), addr).expect("send");
    let mut buf = [0u8; 64];
    let (n, _) = client.recv_from(&mut buf).expect("the echo");
    assert_eq!(&buf[..n], hostile.as_bytes());
    server.expect_line(&format!("server: echoed 25 bytes to {me}: {escaped}"));

    let out = run(BIN, &["client", &addr.to_string(), hostile], "");
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(
        out.stdout
            .ends_with(&format!("client: echoed 25 bytes from {addr}: {escaped}")),
        "{out:?}"
    );
    assert!(!out.stdout.contains('\u{1b}'), "{out:?}");
}

/// A flood of datagrams costs the server no thread: it echoes them one after another on
/// its one socket (what the kernel's receive buffer cannot hold is dropped, which UDP
/// allows), and the next client still gets its echo.
#[cfg(target_os = "linux")]
#[test]
fn a_flood_of_datagrams_leaves_one_thread_echoing() {
    let (server, addr) = server(&["--quiet"]);
    let flood = udp_socket();
    for i in 0..10_000u32 {
        flood.send_to(&i.to_be_bytes(), addr).expect("send");
    }
    assert_eq!(testkit::thread_count(server.id()), 1);
    // Wait until the server has worked through the flood: a marker sent after it comes
    // back (asked again if the full buffer dropped it), every echo before it skipped.
    flood
        .set_read_timeout(Some(std::time::Duration::from_millis(200)))
        .expect("timeout");
    let mut buf = [0u8; 16];
    let drained = (0..50).any(|_| {
        flood.send_to(b"marker", addr).expect("send");
        while let Ok((n, _)) = flood.recv_from(&mut buf) {
            if &buf[..n] == b"marker" {
                return true;
            }
        }
        false
    });
    assert!(drained, "the server never echoed the marker");
    let out = run(BIN, &["client", &addr.to_string(), "after the flood"], "");
    assert_eq!(out.code, Some(0), "{out:?}");
    assert!(out.stdout.contains("echoed 15 bytes from"), "{out:?}");
}
